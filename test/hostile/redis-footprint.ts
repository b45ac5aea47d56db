// What a test's keys cost in Redis: the number of keys under its prefix and their MEMORY USAGE.
import type { Redis } from 'ioredis';

export interface RedisFootprint {
  keys: number;
  bytes: number;
}

export async function redisFootprint(redis: Redis, prefix: string): Promise<RedisFootprint> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let keys = 0;
  let bytes = 0;
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (batch.length === 0) continue;
    const pipeline = redis.pipeline();
    // SAMPLES 0: every element of a collection is measured, not an estimate from a sample.
    for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    for (const [error, usage] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      if (typeof usage === 'number') {
        keys++;
        bytes += usage;
      }
    }
  } while (cursor !== '0');
  return { keys, bytes };
}

export function growth(before: RedisFootprint, after: RedisFootprint): RedisFootprint {
  return { keys: after.keys - before.keys, bytes: after.bytes - before.bytes };
}
