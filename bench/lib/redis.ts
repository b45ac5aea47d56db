// The Redis the bench runs against. By default a private redis-server (same binary as the shared one)
// on a free loopback port, so other people's tests neither disturb the memory / command-count figures
// nor see the bench's keys; `--shared-redis` or REDIS_URL uses that server instead (unique prefixes,
// keys deleted afterwards, never FLUSHALL).
import { Redis } from 'ioredis';
import { freePort, redisServerAvailable, startPrivateRedis } from '../../test/helpers/redis-server.js';

export interface BenchRedis {
  url: string;
  kind: 'private' | 'shared';
  version: string;
  /** pid of the private server. */
  pid?: number | undefined;
  stop(): Promise<void>;
}

export { freePort };

async function version(url: string): Promise<string> {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const info = await r.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    r.disconnect();
  }
}

export async function startBenchRedis(shared: boolean): Promise<BenchRedis> {
  const envUrl = process.env.REDIS_URL;
  if (shared || envUrl || !redisServerAvailable()) {
    const url = envUrl ?? 'redis://127.0.0.1:6379';
    return { url, kind: 'shared', version: await version(url), stop: async () => {} };
  }
  const server = await startPrivateRedis(['--loglevel', 'warning']);
  return {
    url: server.url,
    kind: 'private',
    version: await version(server.url),
    pid: server.child.pid,
    stop: () => server.stop(),
  };
}

/** Deletes every key under a prefix. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 2000);
    cursor = next;
    if (keys.length > 0) n += await redis.unlink(...keys);
  } while (cursor !== '0');
  return n;
}

/** MEMORY USAGE of every key under the prefix, summed per category (the segment after the prefix). */
export async function memoryByCategory(redis: Redis, prefix: string): Promise<Record<string, number>> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  const out: Record<string, number> = {};
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 2000);
    cursor = next;
    if (keys.length === 0) continue;
    const pipe = redis.pipeline();
    for (const k of keys) pipe.memory('USAGE', k, 'SAMPLES', '0');
    const res = (await pipe.exec()) ?? [];
    keys.forEach((k, i) => {
      const rest = k.slice(prefix.length).replace(/^:/, '');
      const cat = rest.split(':')[0] ?? 'other';
      out[cat] = (out[cat] ?? 0) + Number(res[i]?.[1] ?? 0);
    });
  } while (cursor !== '0');
  return out;
}
