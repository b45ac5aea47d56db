// Real Redis for integration tests: REDIS_URL when set; else the run's Redis container when a Docker
// engine is reachable (started once per run by test/global-containers.ts); else the local server on
// 127.0.0.1:6379 (what .ci/run starts).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

export async function testRedisUrl(): Promise<string> {
  return process.env.REDIS_URL || inject('containerRedisUrl') || 'redis://127.0.0.1:6379';
}

/** A key prefix no other test uses, with a hash tag so it also works on Redis Cluster. */
export function uniquePrefix(label: string): string {
  return `{t-${label}-${randomBytes(4).toString('hex')}}`;
}

/** Deletes every key under a prefix (tests share one Redis; never flush it). */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
