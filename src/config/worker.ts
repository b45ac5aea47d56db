// Queue names and the worker's settings: concurrency, parse threads, retries, triggers, retention.
import { z } from 'zod';
import { duration, list, optionalText, positiveInt, splitList } from './fields.js';

/** What TRIGGERS may name; a typo must fail loudly, not silently turn a trigger off. */
export const TRIGGER_NAMES = ['notifications', 'scan', 'sqs'] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];

export const queuesEnv = z.object({
  QUEUE_PREFIX: z.string().default('{news-ingest}'),
  INGEST_QUEUE: z.string().default('ingest'),
  ARTICLES_QUEUE: z.string().default('articles'),
  /** One queue per subscribing service; every event is published to each. Defaults to ARTICLES_QUEUE. */
  PUBLISH_QUEUES: optionalText,
});

export interface QueuesConfig {
  prefix: string;
  ingest: string;
  articles: string;
  publish: string[];
}

export function queuesConfig(e: z.infer<typeof queuesEnv>): QueuesConfig {
  return {
    prefix: e.QUEUE_PREFIX,
    ingest: e.INGEST_QUEUE,
    articles: e.ARTICLES_QUEUE,
    publish: e.PUBLISH_QUEUES ? splitList(e.PUBLISH_QUEUES) : [e.ARTICLES_QUEUE],
  };
}

export const workerEnv = z.object({
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

export interface WorkerConfig {
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
}

export function workerConfig(e: z.infer<typeof workerEnv>): WorkerConfig {
  return {
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
  };
}
