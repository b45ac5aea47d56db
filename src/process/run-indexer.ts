// The reference indexer process (`node dist/workers/indexer.js`, `news-ingest indexer`): consumes
// INDEXER_QUEUE (default search-index; add it to the producer's PUBLISH_QUEUES) into the PostgreSQL
// index at DATABASE_URL, serves /healthz /readyz /metrics and /v1/articles/search on INDEXER_HTTP_PORT
// when set (no port otherwise, so it runs beside `news-ingest start`), and drains on SIGTERM/SIGINT (a
// second signal exits at once).
import { EXIT } from '../cli/io.js';
import { ConfigError, type Env } from '../config/load-config.js';
import { loadIndexerConfig } from '../indexer/config.js';
import { PostgresUnreachableError, startIndexer } from '../indexer/indexer-service.js';
import { createRootLogger } from '../observability/logger.js';
import { RedisUnreachableError } from '../queue/redis-connection.js';
import { exitOnSignals } from './exit-on-signals.js';
import { logProcessFaults } from './log-process-faults.js';

export async function runIndexerProcess(env: Env): Promise<void> {
  let config: ReturnType<typeof loadIndexerConfig>;
  try {
    config = loadIndexerConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`news-ingest indexer: ${error.message}\n`);
      process.exit(EXIT.usage);
    }
    throw error;
  }
  const log = createRootLogger(config.service.logLevel, {
    name: 'news-ingest-indexer',
    format: config.service.logFormat,
    isTty: Boolean(process.stdout.isTTY),
  });
  logProcessFaults(log);
  let indexer: Awaited<ReturnType<typeof startIndexer>>;
  try {
    indexer = await startIndexer(config, log);
  } catch (error) {
    const unreachable = error instanceof RedisUnreachableError || error instanceof PostgresUnreachableError;
    if (unreachable || (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const hint = unreachable ? '' : ': another process holds INDEXER_HTTP_PORT';
      process.stderr.write(`news-ingest indexer: ${(error as Error).message}${hint}\n`);
      process.exit(unreachable ? EXIT.unavailable : EXIT.failure);
    }
    throw error;
  }
  // Before announcing it runs: whoever reads "indexer running" may send SIGTERM at once.
  exitOnSignals(() => indexer.stop(), log);
  log.info(
    { queue: config.queue, concurrency: config.concurrency, http: indexer.http?.url },
    'indexer running',
  );
}
