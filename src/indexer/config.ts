// The indexer's configuration: the service's own (load-config.ts: Redis, QUEUE_PREFIX, HTTP, logging,
// DATABASE_URL) plus the few variables only the indexer reads. Called by the entry points only.
import { z } from 'zod';
import { type Config, ConfigError, type Env, loadConfig } from '../config/load-config.js';

export const DEFAULT_INDEXER_QUEUE = 'search-index';

const indexerEnvSchema = z.object({
  /** The indexer's own fan-out queue; operators add it to PUBLISH_QUEUES. */
  INDEXER_QUEUE: z.string().trim().min(1).default(DEFAULT_INDEXER_QUEUE),
  INDEXER_CONCURRENCY: z.coerce.number().int().positive().default(4),
});

export interface IndexerConfig {
  service: Config;
  databaseUrl: string;
  queue: string;
  concurrency: number;
}

export function loadIndexerConfig(env: Env): IndexerConfig {
  const service = loadConfig(env);
  const parsed = indexerEnvSchema.safeParse({
    INDEXER_QUEUE: env.INDEXER_QUEUE || undefined,
    INDEXER_CONCURRENCY: env.INDEXER_CONCURRENCY || undefined,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  if (!service.databaseUrl) {
    throw new ConfigError('invalid configuration:\n  DATABASE_URL: required by the indexer (postgres://...)');
  }
  return {
    service,
    databaseUrl: service.databaseUrl,
    queue: parsed.data.INDEXER_QUEUE,
    concurrency: parsed.data.INDEXER_CONCURRENCY,
  };
}
