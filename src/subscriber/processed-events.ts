// Idempotency for consumers with side effects, after AWS Powertools' idempotency utility: claim the
// event id (SET NX with a short in-progress TTL), run, mark complete (long TTL), release the claim if
// the work throws. A redelivered event whose id is complete is skipped; one whose claim is still held
// (another worker, or a crashed one whose claim has not expired) is retried later.
import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../queue/redis-connection.js';
import { EventInProgressError } from './errors.js';

/** The Redis commands the helper needs; an ioredis Redis or Cluster satisfies it. */
export type ProcessedEventsRedis = Pick<RedisConnection, 'set' | 'get' | 'eval'>;

export interface ProcessedEventsOptions {
  redis: ProcessedEventsRedis;
  /**
   * Namespaces this consumer's records, e.g. "{mailer}:processed:" (a hash tag keeps Cluster happy).
   * Must not be "<QUEUE_PREFIX>:<queue>:": that is where BullMQ keeps its jobs, under the same ids.
   */
  keyPrefix: string;
  /** How long a completed event id is remembered; longer than any redelivery you expect (replays!). */
  ttlSeconds: number;
  /** How long a claim blocks others before it is presumed dead; longer than one run of fn. */
  inProgressTtlSeconds?: number;
}

export type RunOnceResult<T> = { status: 'ran'; value: T } | { status: 'already-processed' };

export interface ProcessedEvents {
  runOnce<T>(eventId: string, fn: () => Promise<T>): Promise<RunOnceResult<T>>;
  isProcessed(eventId: string): Promise<boolean>;
}

const COMPLETE = 'complete';

// Compare-and-set/delete so a worker whose claim expired and was taken over cannot touch the new claim.
const COMPLETE_IF_OWNER = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] or v == false then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0`;
const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export function createProcessedEvents(options: ProcessedEventsOptions): ProcessedEvents {
  const { redis, keyPrefix, ttlSeconds } = options;
  const inProgressTtl = options.inProgressTtlSeconds ?? 300;
  const keyOf = (eventId: string) => `${keyPrefix}${eventId}`;
  return {
    async runOnce(eventId, fn) {
      const key = keyOf(eventId);
      const claim = `in-progress:${randomUUID()}`;
      const claimed = await redis.set(key, claim, 'EX', inProgressTtl, 'NX');
      if (claimed !== 'OK') {
        const held = await redis.get(key);
        if (held === COMPLETE) return { status: 'already-processed' };
        // The claim vanished between SET and GET (released after a failure): let the retry decide.
        throw new EventInProgressError(eventId);
      }
      let value: Awaited<ReturnType<typeof fn>>;
      try {
        value = await fn();
      } catch (error) {
        await redis.eval(RELEASE_IF_OWNER, 1, key, claim).catch(() => {});
        throw error;
      }
      await redis.eval(COMPLETE_IF_OWNER, 1, key, claim, COMPLETE, String(ttlSeconds));
      return { status: 'ran', value };
    },
    async isProcessed(eventId) {
      return (await redis.get(keyOf(eventId))) === COMPLETE;
    },
  };
}
