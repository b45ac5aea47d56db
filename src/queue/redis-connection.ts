import { Cluster, Redis } from 'ioredis';
import { withDeadline } from '../deadline.js';

export type RedisConnection = Redis | Cluster;

export interface RedisSettings {
  url: string;
  clusterNodes: Array<{ host: string; port: number }> | undefined;
}

/** A connection BullMQ can use (it needs maxRetriesPerRequest: null to block on its own commands). */
export function createRedisConnection(
  settings: RedisSettings,
  connectionName = 'news-ingest',
): RedisConnection {
  if (settings.clusterNodes) {
    return new Cluster(settings.clusterNodes, {
      redisOptions: { maxRetriesPerRequest: null, connectionName },
    });
  }
  // The URL's path (redis://host:6379/2) selects the db index; ioredis honours it.
  return new Redis(settings.url, { maxRetriesPerRequest: null, connectionName });
}

export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
}

/** Fails fast, with one line an operator can act on, when Redis cannot be reached at start-up. */
export async function assertRedisReachable(settings: RedisSettings, timeoutMs = 3000): Promise<void> {
  const where = settings.clusterNodes
    ? settings.clusterNodes.map((n) => `${n.host}:${n.port}`).join(',')
    : redactUrl(settings.url);
  const probe = settings.clusterNodes
    ? new Cluster(settings.clusterNodes, {
        lazyConnect: true,
        clusterRetryStrategy: () => null,
        redisOptions: { connectTimeout: timeoutMs, maxRetriesPerRequest: 0 },
      })
    : new Redis(settings.url, {
        lazyConnect: true,
        connectTimeout: timeoutMs,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
  probe.on('error', () => {});
  try {
    await withDeadline(
      (async () => {
        await probe.connect();
        await probe.ping();
      })(),
      timeoutMs,
    );
  } catch (error) {
    throw new RedisUnreachableError(
      `cannot reach Redis at ${where} (${(error as Error).message}); start one with ` +
        '`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no` ' +
        'or point REDIS_URL at yours',
    );
  } finally {
    probe.disconnect();
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
