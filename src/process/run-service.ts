// Shared entry logic for the processes in workers/: read config, start the chosen roles, and turn
// SIGTERM/SIGINT into an ordered drain (a second signal exits at once).

import { type Role, startService } from '../app/service.js';
import { EXIT } from '../cli/io.js';
import { type Config, ConfigError, loadConfig } from '../config/load-config.js';
import type { IndexerConfig } from '../indexer/config.js';
import type { RunningIndexer } from '../indexer/indexer-service.js';
import { createRootLogger } from '../observability/logger.js';
import { RedisUnreachableError } from '../queue/redis-connection.js';
import { takeSdkNodeVersionNotice } from '../s3/sdk-node-warning.js';
import { exitOnSignals } from './exit-on-signals.js';
import { logProcessFaults } from './log-process-faults.js';

export interface RunServiceOptions {
  /**
   * The all-in-one process: with DATABASE_URL set, also run the reference indexer in-process and
   * publish to its queue, so `news-ingest search` finds what was uploaded with nothing else running.
   */
  indexerWhenDatabase?: boolean;
}

export async function runService(
  roles: Role[],
  env: NodeJS.ProcessEnv = process.env,
  options: RunServiceOptions = {},
): Promise<void> {
  let config: Config;
  let indexerConfig: IndexerConfig | null = null;
  // The reference indexer loads only when DATABASE_URL asks for it: the producer's processes do not
  // carry it otherwise (docs/subscribing.md, "Package exports and layout").
  let indexerModule: typeof import('../indexer/indexer-service.js') | null = null;
  try {
    config = loadConfig(env);
    if (options.indexerWhenDatabase && config.databaseUrl) {
      const { loadIndexerConfig, withIndexerQueue } = await import('../indexer/config.js');
      const loaded = loadIndexerConfig(env);
      config = withIndexerQueue(config, loaded.queue);
      indexerConfig = { ...loaded, service: config };
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`news-ingest: ${error.message}\n`);
      process.exit(EXIT.usage);
    }
    throw error;
  }
  const log = createRootLogger(config.logLevel, {
    format: config.logFormat,
    isTty: Boolean(process.stdout.isTTY),
  });
  logProcessFaults(log);
  let indexer: RunningIndexer | null = null;
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    // The indexer first: it checks PostgreSQL and applies migrations before anything is published to it.
    if (indexerConfig) {
      indexerModule = await import('../indexer/indexer-service.js');
      indexer = await indexerModule.startIndexer(indexerConfig, log.child({ component: 'indexer' }));
    }
    service = await startService(config, log, new Set(roles));
  } catch (error) {
    await indexer?.stop().catch(() => {});
    const postgresUnreachable = indexerModule && error instanceof indexerModule.PostgresUnreachableError;
    if (error instanceof RedisUnreachableError || postgresUnreachable) {
      process.stderr.write(`news-ingest: ${error.message}\n`);
      process.exit(EXIT.unavailable);
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(
        `news-ingest: ${(error as Error).message}: another process holds the port (set HTTP_PORT / S3_PORT)\n`,
      );
      process.exit(EXIT.failure);
    }
    throw error;
  }
  // Before announcing it runs: whoever reads "news-ingest is running" may send SIGTERM at once.
  // Drain order: the service (intake, then jobs in flight, which publish), then the indexer.
  exitOnSignals(async () => {
    await service.stop();
    await indexer?.stop();
  }, log);
  log.info(
    {
      roles,
      s3: service.s3Endpoint,
      bucket: config.s3.bucket,
      rawPrefix: config.rawPrefix,
      http: service.http?.url,
      publish: config.queues.publish,
      ...(indexerConfig ? { indexer: indexerConfig.queue } : {}),
    },
    'news-ingest is running',
  );
  // The SDK's own multi-line warning was held back when the first client was built (sdk-node-warning.ts).
  const sdkNotice = takeSdkNodeVersionNotice();
  if (sdkNotice) log.info(sdkNotice);
}
