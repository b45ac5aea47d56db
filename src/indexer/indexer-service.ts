// The reference indexer: consumes its fan-out queue through the subscriber kit and keeps the
// PostgreSQL article index; optionally serves health, metrics and search over HTTP.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Logger } from 'pino';
import { type RunningHttpServer, startHttpServer } from '../http/server.js';
import { assertRedisReachable, createRedisConnection, redactUrl } from '../queue/redis-connection.js';
import { PermanentHandlerError } from '../subscriber/errors.js';
import { subscribe } from '../subscriber/subscribe.js';
import { createPgArticleIndex } from './article-index.js';
import type { IndexerConfig } from './config.js';
import { isPermanentDbError } from './db-errors.js';
import { createIndexerHttpApp } from './indexer-http.js';
import { createIndexerMetrics, type IndexerMetrics } from './indexer-metrics.js';
import { migrate } from './migrate.js';

export class PostgresUnreachableError extends Error {
  override name = 'PostgresUnreachableError';
}

export interface RunningIndexer {
  http: RunningHttpServer | null;
  metrics: IndexerMetrics;
  pool: pg.Pool;
  stop(): Promise<void>;
}

export async function startIndexer(config: IndexerConfig, log: Logger): Promise<RunningIndexer> {
  await assertRedisReachable(config.service.redis);
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.concurrency + 2 });
  pool.on('error', (error) => log.warn({ err: error }, 'idle PostgreSQL client error'));
  try {
    const applied = await migrate(pool);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  } catch (error) {
    await pool.end();
    const code = (error as { code?: string }).code ?? '';
    // Connection refused/unknown host/timeout, bad password, missing database: one actionable line.
    if (/^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|28P01|28000|3D000)$/.test(code)) {
      throw new PostgresUnreachableError(
        `cannot use PostgreSQL at ${redactUrl(config.databaseUrl)} (${(error as Error).message}); check DATABASE_URL`,
      );
    }
    throw error;
  }
  const metrics = createIndexerMetrics();
  const index = createPgArticleIndex(pool);
  const redis = createRedisConnection(config.service.redis, 'news-ingest-indexer');
  redis.on('error', (error) => log.warn({ err: error }, 'redis connection error'));

  const subscription = subscribe({
    queue: config.queue,
    connection: redis,
    prefix: config.service.queues.prefix,
    concurrency: config.concurrency,
    log: log.child({ component: 'subscriber', queue: config.queue }),
    closeTimeoutMs: config.service.worker.shutdownTimeoutMs,
    // No processed-events helper here: applying an event is idempotent by itself (see lifecycle.ts).
    handler: async (event) => {
      const started = performance.now();
      try {
        const outcome = await index.apply(event);
        metrics.indexed(outcome, (performance.now() - started) / 1000);
        log.debug({ type: event.type, articleId: event.articleId, outcome }, 'indexed');
      } catch (error) {
        metrics.indexed('failed', (performance.now() - started) / 1000);
        if (isPermanentDbError(error)) {
          throw new PermanentHandlerError(`cannot index ${event.articleId}: ${(error as Error).message}`, {
            cause: error,
          });
        }
        throw error;
      }
    },
  });

  let http: RunningHttpServer | null = null;
  if (config.httpPort !== undefined) {
    const app = createIndexerHttpApp({
      db: pool,
      registry: metrics.registry,
      readiness: {
        redis: async () => void (await redis.ping()),
        postgres: async () => void (await pool.query('SELECT 1')),
      },
      log: log.child({ component: 'http' }),
    });
    http = await startHttpServer(app, config.service.http.host, config.httpPort);
  }

  let stopping: Promise<void> | null = null;
  return {
    http,
    metrics,
    pool,
    stop() {
      // Intake first, then work in flight, then connections.
      stopping ??= (async () => {
        await http?.close();
        await subscription.close();
        await redis.quit().catch(() => redis.disconnect());
        await pool.end();
      })();
      return stopping;
    },
  };
}
