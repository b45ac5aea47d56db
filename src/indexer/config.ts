// The indexer's configuration: the service's own (load-config.ts: Redis, QUEUE_PREFIX, HTTP, logging,
// DATABASE_URL) plus the few variables only the indexer reads. Called by the entry points only.
import { z } from 'zod';
import { type Config, ConfigError, type Env, loadConfig } from '../config/load-config.js';

export const DEFAULT_INDEXER_QUEUE = 'search-index';

const indexerEnvSchema = z.object({
  /** The indexer's own fan-out queue; operators add it to PUBLISH_QUEUES. */
  INDEXER_QUEUE: z.string().trim().min(1).default(DEFAULT_INDEXER_QUEUE),
  INDEXER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** Health, metrics and search of a separate indexer process; unset: no HTTP server (no port taken). */
  INDEXER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

export interface IndexerConfig {
  service: Config;
  databaseUrl: string;
  queue: string;
  concurrency: number;
  /** Serve /healthz, /readyz, /metrics and search on HTTP_HOST at this port; undefined: no server. */
  httpPort?: number | undefined;
}

/** The service config publishing to the indexer's queue too (the all-in-one `start` with DATABASE_URL). */
export function withIndexerQueue(service: Config, queue: string): Config {
  if (service.queues.publish.includes(queue)) return service;
  return { ...service, queues: { ...service.queues, publish: [...service.queues.publish, queue] } };
}

export function loadIndexerConfig(env: Env): IndexerConfig {
  const service = loadConfig(env);
  const parsed = indexerEnvSchema.safeParse({
    INDEXER_QUEUE: env.INDEXER_QUEUE || undefined,
    INDEXER_CONCURRENCY: env.INDEXER_CONCURRENCY || undefined,
    INDEXER_HTTP_PORT: env.INDEXER_HTTP_PORT || undefined,
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
    httpPort: parsed.data.INDEXER_HTTP_PORT,
  };
}
