// The one place that reads the environment. Entry points (workers/*, the CLI) call loadConfig(process.env)
// and pass the typed result down; nothing else touches process.env.
import { isIP } from 'node:net';
import { z } from 'zod';
import {
  DEFAULT_MAX_COMPRESSION_RATIO,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
} from '../pipeline/decompression-limits.js';
import { parseDurationMs } from './duration.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDurationMs(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
/** What TRIGGERS may name; a typo must fail loudly, not silently turn a trigger off. */
export const TRIGGER_NAMES = ['notifications', 'scan', 'sqs'] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];

/** A secret left at a documented placeholder (CHANGE-ME) is refused, not used. */
const secret = optionalText.refine((v) => v === undefined || !/change-?me/i.test(v), {
  message: 'is still the CHANGE-ME placeholder: set a real secret',
});
const list = (fallback: string) => z.string().default(fallback).transform(splitList);

const envSchema = z.object({
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Comma-separated host:port seeds; when set, Redis is a Cluster and REDIS_URL is ignored. */
  REDIS_CLUSTER_NODES: optionalText,

  S3_ENDPOINT: optionalText,
  S3_REGION: z.string().default('us-east-1'),
  /** Unset with S3_ENDPOINT set: the SDK's default credential chain (IRSA, Pod Identity, instance role). */
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  S3_BUCKET: z.string().min(3).default('news-raw'),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  /** Port of the embedded S3 server (only when S3_ENDPOINT is unset). */
  S3_PORT: z.coerce.number().int().min(0).max(65535).default(9000),
  DATA_DIR: z.string().default('./data'),

  RAW_PREFIX: z.string().min(1).default('incoming/'),
  QUARANTINE_PREFIX: z.string().min(1).default('quarantine/'),

  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Bearer token (RFC 6750 token68 characters) for the webhook and uploads. */
  WEBHOOK_TOKEN: secret.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'use letters, digits and ._~+/- only (a bearer token)')
      .optional(),
  ),
  ADMIN_USER: z.string().default('admin'),
  ADMIN_PASSWORD: secret,
  /** Listen on a non-loopback HTTP_HOST without WEBHOOK_TOKEN / ADMIN_PASSWORD anyway. */
  ALLOW_UNAUTHENTICATED: z.enum(['true', 'false']).default('false'),
  /** Defaults to MAX_OBJECT_BYTES and may not exceed it: a larger upload could never be ingested. */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().optional(),
  MAX_CONCURRENT_UPLOADS: positiveInt(4),
  /** Server-side deadline of every request but uploads (503 past it). */
  HTTP_REQUEST_TIMEOUT: duration('10s'),
  /** Deadline of one PUT /v1/raw upload, body included. */
  HTTP_UPLOAD_TIMEOUT: duration('5m'),
  /** Open SNS SubscribeURLs of signed SubscriptionConfirmations (only for topics in SNS_TOPIC_ARNS). */
  SNS_AUTO_CONFIRM: z.enum(['true', 'false']).default('false'),
  /** SNS topics whose signed deliveries the webhook accepts; empty accepts any topic. */
  SNS_TOPIC_ARNS: list(''),

  QUEUE_PREFIX: z.string().default('{news-ingest}'),
  INGEST_QUEUE: z.string().default('ingest'),
  ARTICLES_QUEUE: z.string().default('articles'),
  /** One queue per subscribing service; every event is published to each. Defaults to ARTICLES_QUEUE. */
  PUBLISH_QUEUES: optionalText,
  WORKER_CONCURRENCY: positiveInt(8),
  /** Threads that decode and parse objects. 0 parses on the event loop: no deadline, small machines only. */
  PARSE_THREADS: z.coerce.number().int().min(0).default(1),
  /**
   * Objects smaller than this are parsed on the event loop, without a deadline. 0 (the default) sends every
   * object to the threads: a hostile 1 KB input can cost several times a normal one (docs/security.md).
   */
  PARSE_INLINE_BELOW_BYTES: z.coerce.number().int().min(0).default(0),
  /** A parse running longer is stopped (its thread terminated) and the object quarantined as parse-timeout. */
  PARSE_TIMEOUT: duration('10s'),
  /** Heap cap of each parse thread (MB): past it the thread is stopped, the object quarantined parse-out-of-memory. */
  PARSE_THREAD_MEMORY_MB: positiveInt(1024),
  JOB_ATTEMPTS: positiveInt(25),
  RECONCILE_INTERVAL: duration('60s'),
  /** How long a worker's claim on a job lasts without renewal; a crashed worker's jobs return after it. */
  JOB_LOCK_DURATION: duration('30s'),
  SHUTDOWN_TIMEOUT: duration('30s'),
  LEDGER_RETENTION: duration('90d'),
  /** Skipped versions (gone, superseded, stale) are forgotten sooner: anyone can name missing objects. */
  LEDGER_SKIPPED_RETENTION: duration('1h'),
  /** Failed ingest jobs kept for triage (besides their 30 days): a flood of bad records cannot pile up. */
  FAILED_JOBS_KEPT: positiveInt(10_000),
  SQS_QUEUE_URL: optionalText,

  MAX_OBJECT_BYTES: positiveInt(20 * 1024 * 1024),
  MAX_ARTICLE_CHARS: positiveInt(500_000),
  /** A container (JSON Lines) with more articles is quarantined whole as too-many-articles. */
  MAX_ARTICLES_PER_OBJECT: positiveInt(1000),
  /** A compressed object (gzip, Brotli, all entries of a zip) inflating past this is quarantined too-large. */
  MAX_DECOMPRESSED_BYTES: positiveInt(DEFAULT_MAX_DECOMPRESSED_BYTES),
  /** Decompressed / compressed bytes beyond which an object is a bomb (checked past 1 MiB of output). */
  MAX_COMPRESSION_RATIO: positiveInt(DEFAULT_MAX_COMPRESSION_RATIO),
  /** A webhook/SNS/SQS notification with more S3 records is refused (413) or dropped; S3 sends one. */
  MAX_RECORDS_PER_NOTIFICATION: positiveInt(100),
  DEDUP_POLICY: z.enum(['publish', 'drop', 'link']).default('publish'),
  /** 0 keeps index entries forever. */
  DEDUP_RETENTION: duration('0'),

  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalText,
  OTEL_EXPORTER_OTLP_HEADERS: optionalText,
  OTEL_SERVICE_NAME: z.string().default('news-ingest'),
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
  OTEL_TRACES_EXPORTER: z.string().default('otlp'),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: readable lines when stdout is a terminal, JSON otherwise (pipes, files, containers). */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  DATABASE_URL: optionalText,
  TRIGGERS: list('notifications,scan')
    // `none` alone: no triggers (an API that only takes uploads, a worker fed by other processes).
    .transform((names) => (names.length === 1 && names[0] === 'none' ? [] : names))
    .superRefine((names, ctx) => {
      for (const name of names) {
        if (!(TRIGGER_NAMES as readonly string[]).includes(name))
          ctx.addIssue({
            code: 'custom',
            message: `unknown trigger "${name}" (expected ${TRIGGER_NAMES.join(', ')}, or none)`,
          });
      }
    }),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  redis: { url: string; clusterNodes: Array<{ host: string; port: number }> | undefined };
  s3: {
    endpoint: string | undefined;
    region: string;
    /** Static keys; undefined means the SDK's default credential chain (only with an S3_ENDPOINT). */
    credentials: S3Credentials | undefined;
    bucket: string;
    forcePathStyle: boolean;
    embeddedPort: number;
    dataDir: string;
  };
  rawPrefix: string;
  quarantinePrefix: string;
  http: {
    host: string;
    port: number;
    webhookToken: string | undefined;
    adminUser: string;
    adminPassword: string | undefined;
    allowUnauthenticated: boolean;
    maxUploadBytes: number;
    maxConcurrentUploads: number;
    requestTimeoutMs: number;
    uploadTimeoutMs: number;
  };
  sns: { autoConfirm: boolean; topicArns: string[] };
  queues: {
    prefix: string;
    ingest: string;
    articles: string;
    publish: string[];
  };
  worker: {
    concurrency: number;
    parseThreads: number;
    parseInlineBelowBytes: number;
    parseTimeoutMs: number;
    parseThreadMemoryMb: number;
    attempts: number;
    reconcileIntervalMs: number;
    lockDurationMs: number;
    shutdownTimeoutMs: number;
    ledgerRetentionMs: number;
    ledgerSkippedRetentionMs: number;
    failedJobsKept: number;
    triggers: TriggerName[];
    sqsQueueUrl: string | undefined;
  };
  limits: {
    maxObjectBytes: number;
    maxArticleChars: number;
    maxArticlesPerObject: number;
    maxRecordsPerNotification: number;
    maxDecompressedBytes: number;
    maxCompressionRatio: number;
  };
  dedup: { policy: 'publish' | 'drop' | 'link'; retentionMs: number };
  tracing: { tracesEndpoint: string | undefined; headers: Record<string, string>; serviceName: string };
  logLevel: string;
  logFormat: 'auto' | 'json' | 'pretty';
  databaseUrl: string | undefined;
  /** Settings that work but are probably a mistake; entry points log each one at start-up. */
  warnings: string[];
}

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** MinIO's well-known root keys: what the embedded server accepts unless other keys are set. */
export const EMBEDDED_S3_DEFAULT_KEYS: S3Credentials = {
  accessKeyId: 'minioadmin',
  secretAccessKey: 'minioadmin',
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const rawPrefix = e.RAW_PREFIX.endsWith('/') ? e.RAW_PREFIX : `${e.RAW_PREFIX}/`;
  const quarantinePrefix = e.QUARANTINE_PREFIX.endsWith('/')
    ? e.QUARANTINE_PREFIX
    : `${e.QUARANTINE_PREFIX}/`;
  if (quarantinePrefix.startsWith(rawPrefix) || rawPrefix.startsWith(quarantinePrefix)) {
    throw new ConfigError('invalid configuration: RAW_PREFIX and QUARANTINE_PREFIX must not overlap');
  }
  if (e.SNS_AUTO_CONFIRM === 'true' && e.SNS_TOPIC_ARNS.length === 0) {
    // Any AWS account can subscribe this endpoint to its own topic: confirm only topics we name.
    throw new ConfigError('invalid configuration: SNS_AUTO_CONFIRM=true needs SNS_TOPIC_ARNS');
  }
  const maxUploadBytes = e.MAX_UPLOAD_BYTES ?? e.MAX_OBJECT_BYTES;
  if (maxUploadBytes > e.MAX_OBJECT_BYTES) {
    throw new ConfigError(
      `invalid configuration: MAX_UPLOAD_BYTES (${maxUploadBytes}) exceeds MAX_OBJECT_BYTES (${e.MAX_OBJECT_BYTES}): such an upload could never be ingested`,
    );
  }
  const allowUnauthenticated = e.ALLOW_UNAUTHENTICATED === 'true';
  if (!isLoopbackHost(e.HTTP_HOST) && !allowUnauthenticated) {
    const missing = [
      e.WEBHOOK_TOKEN ? null : 'WEBHOOK_TOKEN',
      e.ADMIN_PASSWORD ? null : 'ADMIN_PASSWORD',
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new ConfigError(
        `invalid configuration: HTTP_HOST=${e.HTTP_HOST} is reachable from other hosts but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} unset: set ${missing.length > 1 ? 'them' : 'it'}, listen on 127.0.0.1, or set ALLOW_UNAUTHENTICATED=true`,
      );
    }
  }
  return {
    warnings: s3KeyWarnings(e.S3_ENDPOINT, e.S3_ACCESS_KEY_ID, e.S3_SECRET_ACCESS_KEY),
    redis: {
      url: e.REDIS_URL,
      clusterNodes: e.REDIS_CLUSTER_NODES ? parseNodes(e.REDIS_CLUSTER_NODES) : undefined,
    },
    s3: {
      endpoint: e.S3_ENDPOINT,
      region: e.S3_REGION,
      credentials: s3Credentials(e.S3_ENDPOINT, e.S3_ACCESS_KEY_ID, e.S3_SECRET_ACCESS_KEY),
      bucket: e.S3_BUCKET,
      forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
      embeddedPort: e.S3_PORT,
      dataDir: e.DATA_DIR,
    },
    rawPrefix,
    quarantinePrefix,
    http: {
      host: e.HTTP_HOST,
      port: e.HTTP_PORT,
      webhookToken: e.WEBHOOK_TOKEN,
      adminUser: e.ADMIN_USER,
      adminPassword: e.ADMIN_PASSWORD,
      allowUnauthenticated,
      maxUploadBytes,
      maxConcurrentUploads: e.MAX_CONCURRENT_UPLOADS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT,
      uploadTimeoutMs: e.HTTP_UPLOAD_TIMEOUT,
    },
    sns: { autoConfirm: e.SNS_AUTO_CONFIRM === 'true', topicArns: e.SNS_TOPIC_ARNS },
    queues: {
      prefix: e.QUEUE_PREFIX,
      ingest: e.INGEST_QUEUE,
      articles: e.ARTICLES_QUEUE,
      publish: e.PUBLISH_QUEUES ? splitList(e.PUBLISH_QUEUES) : [e.ARTICLES_QUEUE],
    },
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      parseThreads: e.PARSE_THREADS,
      parseInlineBelowBytes: e.PARSE_INLINE_BELOW_BYTES,
      parseTimeoutMs: e.PARSE_TIMEOUT,
      parseThreadMemoryMb: e.PARSE_THREAD_MEMORY_MB,
      attempts: e.JOB_ATTEMPTS,
      reconcileIntervalMs: e.RECONCILE_INTERVAL,
      lockDurationMs: e.JOB_LOCK_DURATION,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT,
      ledgerRetentionMs: e.LEDGER_RETENTION,
      ledgerSkippedRetentionMs: Math.min(e.LEDGER_SKIPPED_RETENTION, e.LEDGER_RETENTION),
      failedJobsKept: e.FAILED_JOBS_KEPT,
      triggers: e.TRIGGERS as TriggerName[],
      sqsQueueUrl: e.SQS_QUEUE_URL,
    },
    limits: {
      maxObjectBytes: e.MAX_OBJECT_BYTES,
      maxArticleChars: e.MAX_ARTICLE_CHARS,
      maxArticlesPerObject: e.MAX_ARTICLES_PER_OBJECT,
      maxRecordsPerNotification: e.MAX_RECORDS_PER_NOTIFICATION,
      maxDecompressedBytes: e.MAX_DECOMPRESSED_BYTES,
      maxCompressionRatio: e.MAX_COMPRESSION_RATIO,
    },
    dedup: { policy: e.DEDUP_POLICY, retentionMs: e.DEDUP_RETENTION },
    tracing: {
      tracesEndpoint:
        e.OTEL_SDK_DISABLED === 'true' || e.OTEL_TRACES_EXPORTER === 'none'
          ? undefined
          : (e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
            (e.OTEL_EXPORTER_OTLP_ENDPOINT
              ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`
              : undefined)),
      headers: parseHeaders(e.OTEL_EXPORTER_OTLP_HEADERS),
      serviceName: e.OTEL_SERVICE_NAME,
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    databaseUrl: e.DATABASE_URL,
  };
}

/**
 * Static keys when both are set; MinIO's defaults for the embedded server (no S3_ENDPOINT); otherwise
 * undefined, so a real endpoint uses the SDK's default chain (IRSA, Pod Identity, instance role, AWS_*).
 */
function s3Credentials(
  endpoint: string | undefined,
  accessKeyId: string | undefined,
  secretAccessKey: string | undefined,
): S3Credentials | undefined {
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new ConfigError(
      'invalid configuration: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (IAM role)',
    );
  }
  if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey };
  return endpoint ? undefined : EMBEDDED_S3_DEFAULT_KEYS;
}

function s3KeyWarnings(
  endpoint: string | undefined,
  accessKeyId: string | undefined,
  secretAccessKey: string | undefined,
): string[] {
  const defaults = EMBEDDED_S3_DEFAULT_KEYS;
  if (!endpoint || (accessKeyId !== defaults.accessKeyId && secretAccessKey !== defaults.secretAccessKey)) {
    return [];
  }
  return [
    `S3_ENDPOINT is ${endpoint} but S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY are MinIO's public default keys ` +
      '(minioadmin): anyone who can reach that server can use them. Set real keys, or unset both to use ' +
      'the IAM role (the SDK default credential chain).',
  ];
}

/** True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** OTEL_EXPORTER_OTLP_HEADERS: "key=value,key2=value2", values percent-encoded. */
function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of splitList(text ?? '')) {
    const at = pair.indexOf('=');
    if (at > 0) headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseNodes(text: string): Array<{ host: string; port: number }> {
  return splitList(text).map((hostPort) => {
    const at = hostPort.lastIndexOf(':');
    const port = Number(hostPort.slice(at + 1));
    if (at <= 0 || !Number.isInteger(port))
      throw new ConfigError(`REDIS_CLUSTER_NODES: bad node "${hostPort}"`);
    return { host: hostPort.slice(0, at), port };
  });
}
