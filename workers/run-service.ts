// Shared entry logic for the processes in workers/: read config, start the chosen roles, and turn
// SIGTERM/SIGINT into an ordered drain (a second signal exits at once).

import { type Role, startService } from '../src/app/service.js';
import { EXIT } from '../src/cli/io.js';
import { ConfigError, loadConfig } from '../src/config/load-config.js';
import { createRootLogger } from '../src/observability/logger.js';
import { RedisUnreachableError } from '../src/queue/redis-connection.js';
import { takeSdkNodeVersionNotice } from '../src/s3/sdk-node-warning.js';
import { exitOnSignals } from './exit-on-signals.js';
import { logProcessFaults } from './log-process-faults.js';

export async function runService(roles: Role[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
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
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService(config, log, new Set(roles));
  } catch (error) {
    if (error instanceof RedisUnreachableError) {
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
  exitOnSignals(() => service.stop(), log);
  log.info(
    {
      roles,
      s3: service.s3Endpoint,
      bucket: config.s3.bucket,
      rawPrefix: config.rawPrefix,
      http: service.http?.url,
    },
    'news-ingest is running',
  );
  // The SDK's own multi-line warning was held back when the first client was built (sdk-node-warning.ts).
  const sdkNotice = takeSdkNodeVersionNotice();
  if (sdkNotice) log.info(sdkNotice);
}
