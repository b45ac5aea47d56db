// The per-object ledger: what happened to each object version, kept for LEDGER_RETENTION — far longer
// than BullMQ keeps completed jobs — so a notification re-delivered days later yields nothing new.
// Skipped versions (gone, superseded, stale) are kept only LEDGER_SKIPPED_RETENTION: anyone can send
// notifications for objects that do not exist, and re-checking one later costs a single S3 request.
// Keys share the queue prefix's hash tag, so the service's keys live together on Redis Cluster.
import type { RedisConnection } from '../queue/redis-connection.js';
import { keyVersionsKey, ledgerEntryKey } from '../queue/redis-keys.js';

/** `deleted`: a removal that retracted the key's published articles (its entry is the removal job's). */
const STATES = ['received', 'fetched', 'parsed', 'published', 'quarantined', 'skipped', 'deleted'] as const;
export type LedgerState = (typeof STATES)[number];

export const FINAL_STATES: ReadonlySet<LedgerState> = new Set([
  'published',
  'quarantined',
  'skipped',
  'deleted',
]);

export interface LedgerExtra {
  reason?: string;
  eventIds?: string[];
  /** Creation time of the BullMQ job that reached this state (tells a retry of that job from a new one). */
  jobTimestamp?: number;
  /** Container items that were not articles, per reason ("too-short 3, no-body 1"). */
  rejected?: string;
  /** The version that was read (known from the fetch on). */
  versionId?: string | undefined;
  etag?: string | undefined;
}

export interface LedgerEntry extends LedgerExtra {
  state: LedgerState;
  at: string;
  /** When each state this version went through was (last) reached. */
  times?: Partial<Record<LedgerState, string>>;
}

/** One version in a key's index: its job id and when it was first fetched. */
export interface IndexedVersion {
  jobId: string;
  firstSeen: string;
}

/** Versions remembered per key (the most recent ones): the index cannot grow with re-uploads. */
export const MAX_VERSIONS_PER_KEY = 50;

export interface Ledger {
  get(jobId: string): Promise<LedgerEntry | null>;
  /** Each job id's current state, or null when the ledger has not seen it (one pipelined HGET each). */
  states(jobIds: string[]): Promise<Array<LedgerState | null>>;
  /** Records a state under one job id, or under a job id and its aliases (other ids of the same version). */
  mark(jobIds: string | string[], state: LedgerState, extra?: LedgerExtra): Promise<void>;
  forget(jobId: string): Promise<void>;
  /** Adds a fetched version to its key's index (bounded to MAX_VERSIONS_PER_KEY, kept LEDGER_RETENTION). */
  indexVersion(bucket: string, key: string, jobId: string): Promise<void>;
  /** The key's indexed versions, oldest first. */
  versionsOf(bucket: string, key: string): Promise<IndexedVersion[]>;
}

/** Default of LEDGER_SKIPPED_RETENTION. */
export const DEFAULT_SKIPPED_RETENTION_MS = 3_600_000;

/**
 * KEYS: ledger entries; ARGV: retention ms, "1" to write only entries that do not exist yet, then
 * field/value pairs. "received" is written only-if-absent: a worker that already settled the version
 * (its job can run before the enqueuer's mark) keeps its state and retention.
 */
const WRITE_SCRIPT = `
local written = 0
for i = 1, #KEYS do
  if ARGV[2] ~= '1' or redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('HSET', KEYS[i], unpack(ARGV, 3))
    redis.call('PEXPIRE', KEYS[i], ARGV[1])
    written = written + 1
  end
end
return written`;

interface LedgerCommands {
  niLedgerWrite(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
}

/** The ledger as the configuration sets it up: the one place that maps config to ledger settings. */
export function createConfiguredLedger(
  redis: RedisConnection,
  config: {
    queues: { prefix: string };
    worker: { ledgerRetentionMs: number; ledgerSkippedRetentionMs: number };
  },
): Ledger {
  return createRedisLedger(
    redis,
    config.queues.prefix,
    config.worker.ledgerRetentionMs,
    config.worker.ledgerSkippedRetentionMs,
  );
}

export function createRedisLedger(
  redis: RedisConnection,
  keyPrefix: string,
  retentionMs: number,
  skippedRetentionMs = Math.min(retentionMs, DEFAULT_SKIPPED_RETENTION_MS),
): Ledger {
  // defineCommand sends EVALSHA and falls back to EVAL per node (Redis Cluster included).
  if (!('niLedgerWrite' in redis)) redis.defineCommand('niLedgerWrite', { lua: WRITE_SCRIPT });
  const entryKey = (jobId: string) => ledgerEntryKey(keyPrefix, jobId);
  const versionsKey = (bucket: string, key: string) => keyVersionsKey(keyPrefix, bucket, key);
  const write = async (ids: string[], state: LedgerState, extra: LedgerExtra = {}) => {
    const at = new Date().toISOString();
    const fields: Record<string, string> = { state, at, [`${state}At`]: at };
    if (extra.versionId) fields.versionId = extra.versionId;
    if (extra.etag) fields.etag = extra.etag;
    if (extra.reason) fields.reason = extra.reason;
    if (extra.eventIds) fields.eventIds = extra.eventIds.join(',');
    if (extra.jobTimestamp !== undefined) fields.jobTimestamp = String(extra.jobTimestamp);
    if (extra.rejected) fields.rejected = extra.rejected;
    // One script call per write (instead of MULTI + HSET + PEXPIRE per key + EXEC): the ledger is on
    // every object's path, and client-side command handling dominates the worker's event loop.
    await (redis as unknown as LedgerCommands).niLedgerWrite(
      ids.length,
      ...ids.map(entryKey),
      String(state === 'skipped' ? skippedRetentionMs : retentionMs),
      state === 'received' ? '1' : '0',
      ...Object.entries(fields).flat(),
    );
  };
  return {
    async get(jobId) {
      const h = await redis.hgetall(entryKey(jobId));
      if (!h.state) return null;
      const times: Partial<Record<LedgerState, string>> = {};
      for (const s of STATES) if (h[`${s}At`]) times[s] = h[`${s}At`];
      return {
        state: h.state as LedgerState,
        at: h.at ?? '',
        times,
        ...(h.versionId ? { versionId: h.versionId } : {}),
        ...(h.etag ? { etag: h.etag } : {}),
        ...(h.reason ? { reason: h.reason } : {}),
        ...(h.eventIds ? { eventIds: h.eventIds.split(',') } : {}),
        ...(h.jobTimestamp ? { jobTimestamp: Number(h.jobTimestamp) } : {}),
        ...(h.rejected ? { rejected: h.rejected } : {}),
      };
    },
    async states(jobIds) {
      if (jobIds.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of jobIds) pipeline.hget(entryKey(id), 'state');
      const results = (await pipeline.exec()) ?? [];
      return results.map(([error, state]) => {
        if (error) throw error;
        return typeof state === 'string' && STATES.includes(state as LedgerState)
          ? (state as LedgerState)
          : null;
      });
    },
    mark: (jobIds, state, extra) =>
      write(typeof jobIds === 'string' ? [jobIds] : [...new Set(jobIds)], state, extra),
    async forget(jobId) {
      await redis.del(entryKey(jobId));
    },
    async indexVersion(bucket, key, jobId) {
      const index = versionsKey(bucket, key);
      await redis
        .multi()
        .zadd(index, 'NX', Date.now(), jobId)
        .zremrangebyrank(index, 0, -(MAX_VERSIONS_PER_KEY + 1))
        .pexpire(index, retentionMs)
        .exec();
    },
    async versionsOf(bucket, key) {
      const flat = await redis.zrange(versionsKey(bucket, key), 0, -1, 'WITHSCORES');
      const versions: IndexedVersion[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2)
        versions.push({ jobId: flat[i]!, firstSeen: new Date(Number(flat[i + 1])).toISOString() });
      return versions;
    },
  };
}
