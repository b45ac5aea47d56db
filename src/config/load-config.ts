// The one place that reads the environment. Entry points (workers/*, the CLI) call loadConfig(process.env)
// and pass the typed result down; nothing else touches process.env. Each concern (redis.ts, s3.ts, http.ts,
// worker.ts, limits.ts, observability.ts) owns its variables, their section type and its checks; this file
// only composes them. A new variable goes into its concern's schema and .env.example.
import { z } from 'zod';
import {
  type ArchiveConfig,
  archiveConfig,
  archiveEnv,
  type RetentionConfig,
  retentionConfig,
} from './archive.js';
import { ConfigError, type Env, optionalText } from './fields.js';
import { type HttpConfig, httpConfig, httpEnv, type SnsConfig, snsConfig } from './http.js';
import { type DedupConfig, dedupConfig, type LimitsConfig, limitsConfig, limitsEnv } from './limits.js';
import { observabilityEnv, type TracingConfig, tracingConfig } from './observability.js';
import { type RedisConfig, redisConfig, redisEnv } from './redis.js';
import { objectPrefixes, type S3Config, s3Config, s3Env, s3KeyWarnings } from './s3.js';
import {
  type QueuesConfig,
  queuesConfig,
  queuesEnv,
  type WorkerConfig,
  workerConfig,
  workerEnv,
} from './worker.js';

// The public face of config/: importers need not know which concern defines what.
export { ConfigError, type Env } from './fields.js';
export { isLoopbackHost } from './http.js';
export { EMBEDDED_S3_DEFAULT_KEYS, type S3Credentials } from './s3.js';
export { TRIGGER_NAMES, type TriggerName } from './worker.js';

const databaseEnv = z.object({
  DATABASE_URL: optionalText,
});

const envSchema = z.object({
  ...redisEnv.shape,
  ...s3Env.shape,
  ...httpEnv.shape,
  ...queuesEnv.shape,
  ...workerEnv.shape,
  ...limitsEnv.shape,
  ...observabilityEnv.shape,
  ...databaseEnv.shape,
  ...archiveEnv.shape,
});

export interface Config {
  redis: RedisConfig;
  s3: S3Config;
  rawPrefix: string;
  quarantinePrefix: string;
  http: HttpConfig;
  sns: SnsConfig;
  queues: QueuesConfig;
  worker: WorkerConfig;
  limits: LimitsConfig;
  dedup: DedupConfig;
  archive: ArchiveConfig;
  retention: RetentionConfig;
  tracing: TracingConfig;
  logLevel: string;
  logFormat: 'auto' | 'json' | 'pretty';
  databaseUrl: string | undefined;
  /** Settings that work but are probably a mistake; entry points log each one at start-up. */
  warnings: string[];
}

export function loadConfig(env: Env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const { rawPrefix, quarantinePrefix } = objectPrefixes(e);
  const sns = snsConfig(e);
  const http = httpConfig(e, e.MAX_OBJECT_BYTES);
  return {
    warnings: s3KeyWarnings(e),
    redis: redisConfig(e),
    s3: s3Config(e),
    rawPrefix,
    quarantinePrefix,
    http,
    sns,
    queues: queuesConfig(e),
    worker: workerConfig(e),
    limits: limitsConfig(e),
    dedup: dedupConfig(e),
    archive: archiveConfig(e, { bucket: e.S3_BUCKET, rawPrefix, quarantinePrefix }),
    retention: retentionConfig(e),
    tracing: tracingConfig(e),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    databaseUrl: e.DATABASE_URL,
  };
}
