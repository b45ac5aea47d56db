// The archive's intake in Redis: published events wait in one stream until the archiver has written them
// to object storage. A stream rather than a BullMQ queue: the archiver takes a batch in one XRANGE and
// drops it in one XTRIM, where a queue would run three scripts per event.
//
//   <prefix>:archive:pending         stream of {at: processedAt, e: event JSON}, oldest first
//   <prefix>:archive:seen:<eventId>  "1" for EVENT_DEDUP_TTL: an event id enters the stream once
//   <prefix>:archive:batch           the batch being written {batchId, lastId} (the manifest)
//   <prefix>:archive:lock            the one archiver allowed to write (token, short TTL)
import type { ArticleEvent } from '../events/article-event.js';
import type { RedisConnection } from '../queue/redis-connection.js';
import { archiveKeyPrefix } from '../queue/redis-keys.js';
import { nextStreamId, type PendingEvent } from './archive-layout.js';

export { archiveKeyPrefix };

/** The batch an archiver is writing, recorded before its first object is put. */
export interface BatchManifest {
  batchId: string;
  /** Stream id of the batch's last event: the batch is every pending event up to it. */
  lastId: string;
}

export interface ArchiveIntake {
  /** Adds events not taken in before (within the seen window); returns how many were new. */
  add(events: readonly ArticleEvent[]): Promise<number>;
  /** How many events wait, and the stream id of the oldest. */
  waiting(): Promise<{ length: number; oldestId: string | null }>;
  /** Up to `count` waiting events after `afterId` (exclusive; null: from the oldest), up to `lastId` if given. */
  read(afterId: string | null, count: number, lastId?: string): Promise<PendingEvent[]>;
  /** Takes or renews the archiver lock for `ttlMs`; false while another archiver holds it. */
  claim(token: string, ttlMs: number): Promise<boolean>;
  release(token: string): Promise<void>;
  manifest(): Promise<BatchManifest | null>;
  /** Records the batch about to be written; false when the lock is no longer this token's. */
  begin(token: string, manifest: BatchManifest): Promise<boolean>;
  /** Drops the written batch's events and its manifest; false when the lock is no longer this token's. */
  commit(token: string, manifest: BatchManifest): Promise<boolean>;
}

/** KEYS: stream, then one seen key per event; ARGV: seen TTL ms, then (processedAt, JSON) per event. */
const ADD_SCRIPT = `
local added = 0
for i = 2, #KEYS do
  if redis.call('SET', KEYS[i], '1', 'NX', 'PX', ARGV[1]) then
    redis.call('XADD', KEYS[1], '*', 'at', ARGV[2 * i - 2], 'e', ARGV[2 * i - 1])
    added = added + 1
  end
end
return added`;

/** KEYS: lock, manifest; ARGV: token, batchId, lastId. */
const BEGIN_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[2], 'batchId', ARGV[2], 'lastId', ARGV[3])
return 1`;

/** KEYS: lock, manifest, stream; ARGV: token, batchId, first id after the batch. */
const COMMIT_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('HGET', KEYS[2], 'batchId') ~= ARGV[2] then return 0 end
redis.call('XTRIM', KEYS[3], 'MINID', ARGV[3])
redis.call('DEL', KEYS[2])
return 1`;

/** KEYS: lock; ARGV: token, ttl ms. */
const CLAIM_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** KEYS: lock; ARGV: token. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

interface IntakeCommands {
  niArchiveAdd(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
  niArchiveBegin(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
  niArchiveCommit(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
  niArchiveClaim(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
  niArchiveRelease(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
}

export function createRedisArchiveIntake(
  redis: RedisConnection,
  queuePrefix: string,
  seenTtlMs: number,
): ArchiveIntake {
  const scripts: Record<keyof IntakeCommands, string> = {
    niArchiveAdd: ADD_SCRIPT,
    niArchiveBegin: BEGIN_SCRIPT,
    niArchiveCommit: COMMIT_SCRIPT,
    niArchiveClaim: CLAIM_SCRIPT,
    niArchiveRelease: RELEASE_SCRIPT,
  };
  for (const [name, lua] of Object.entries(scripts)) if (!(name in redis)) redis.defineCommand(name, { lua });
  const commands = redis as unknown as IntakeCommands;
  const base = archiveKeyPrefix(queuePrefix);
  const stream = `${base}pending`;
  const lock = `${base}lock`;
  const batch = `${base}batch`;
  return {
    async add(events) {
      if (events.length === 0) return 0;
      return commands.niArchiveAdd(
        events.length + 1,
        stream,
        ...events.map((e) => `${base}seen:${e.eventId}`),
        String(seenTtlMs),
        ...events.flatMap((e) => [e.processedAt, JSON.stringify(e)]),
      );
    },
    async waiting() {
      const [length, first] = await Promise.all([
        redis.xlen(stream),
        redis.xrange(stream, '-', '+', 'COUNT', 1),
      ]);
      return { length, oldestId: first[0]?.[0] ?? null };
    },
    async read(afterId, count, lastId) {
      const entries = await redis.xrange(
        stream,
        afterId ? `(${afterId}` : '-',
        lastId ?? '+',
        'COUNT',
        count,
      );
      return entries.map(([id, fields]) => {
        const entry: PendingEvent = { id, at: '', json: '' };
        for (let i = 0; i + 1 < fields.length; i += 2) {
          if (fields[i] === 'at') entry.at = fields[i + 1]!;
          else if (fields[i] === 'e') entry.json = fields[i + 1]!;
        }
        return entry;
      });
    },
    async claim(token, ttlMs) {
      return (await commands.niArchiveClaim(1, lock, token, String(ttlMs))) === 1;
    },
    async release(token) {
      await commands.niArchiveRelease(1, lock, token);
    },
    async manifest() {
      const h = await redis.hgetall(batch);
      return h.batchId && h.lastId ? { batchId: h.batchId, lastId: h.lastId } : null;
    },
    async begin(token, manifest) {
      return (await commands.niArchiveBegin(2, lock, batch, token, manifest.batchId, manifest.lastId)) === 1;
    },
    async commit(token, manifest) {
      const next = nextStreamId(manifest.lastId);
      return (await commands.niArchiveCommit(3, lock, batch, stream, token, manifest.batchId, next)) === 1;
    },
  };
}
