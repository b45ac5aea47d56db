// Where the reconciling scan remembers each settled chunk's digest: one Redis hash per scanned prefix,
// one field per chunk (bounded: fields of chunks no longer listed are dropped at the end of a pass that
// changed anything), kept for the ledger's retention so it never outlives the entries it stands for.
import type { RedisConnection } from '../queue/redis-connection.js';

export interface ScanDigestStore {
  /** The stored digest of each chunk id, or null (one command for all of them). */
  get(chunkIds: string[]): Promise<Array<string | null>>;
  /** Stores digests of chunks the pass confirmed settled. */
  put(digests: Map<string, string>): Promise<void>;
  /** Drops the fields of chunks not in this set (the listing no longer has them). */
  retainOnly(chunkIds: ReadonlySet<string>): Promise<void>;
}

export function createRedisScanDigestStore(
  redis: RedisConnection,
  hashKey: string,
  retentionMs: number,
): ScanDigestStore {
  return {
    async get(chunkIds) {
      if (chunkIds.length === 0) return [];
      return redis.hmget(hashKey, ...chunkIds);
    },
    async put(digests) {
      if (digests.size === 0) return;
      await redis.multi().hset(hashKey, digests).pexpire(hashKey, retentionMs).exec();
    },
    async retainOnly(chunkIds) {
      const stale = (await redis.hkeys(hashKey)).filter((field) => !chunkIds.has(field));
      if (stale.length > 0) await redis.hdel(hashKey, ...stale);
    },
  };
}

export function createMemoryScanDigestStore(): ScanDigestStore & { fields: Map<string, string> } {
  const fields = new Map<string, string>();
  return {
    fields,
    get: async (chunkIds) => chunkIds.map((id) => fields.get(id) ?? null),
    put: async (digests) => {
      for (const [id, digest] of digests) fields.set(id, digest);
    },
    retainOnly: async (chunkIds) => {
      for (const id of fields.keys()) if (!chunkIds.has(id)) fields.delete(id);
    },
  };
}
