// A typed BullMQ consumer for one fan-out queue: validates each event against the v1 contract before
// the handler sees it, lets BullMQ retry transient failures with the job's own attempts/backoff (set
// by the producer), and fails at once on invalid events and PermanentHandlerError.
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { settleWithin } from '../deadline.js';
import type { Log } from '../observability/log.js';
import type { RedisConnection } from '../queue/redis-connection.js';
import { PermanentHandlerError } from './errors.js';
import { type ArticleEventHandler, type ArticleEventHandlers, dispatchByType } from './handlers.js';
import { validateArticleEvent } from './validate-event.js';

/** The slice of the logging port (a pino logger fits) the kit uses; pass nothing to stay silent. */
export type SubscriberLog = Pick<Log, 'info' | 'warn' | 'error'>;

interface SubscribeCommonOptions {
  queue: string;
  /** An ioredis connection (BullMQ duplicates it for its blocking commands). */
  connection: RedisConnection;
  /** BullMQ key prefix of the producer (QUEUE_PREFIX, default "{news-ingest}"). */
  prefix?: string;
  concurrency?: number;
  log?: SubscriberLog;
  /** How long close() waits for in-flight handlers before abandoning them (they are redelivered). */
  closeTimeoutMs?: number;
}

/**
 * Either one `handler` for every event type, or `handlers` by type (each typed with its own variant;
 * a type without one is acknowledged and skipped).
 */
export type SubscribeOptions = SubscribeCommonOptions &
  ({ handler: ArticleEventHandler; handlers?: never } | { handlers: ArticleEventHandlers; handler?: never });

export interface Subscription {
  close(): Promise<void>;
}

export const DEFAULT_QUEUE_PREFIX = '{news-ingest}';

export function subscribe(options: SubscribeOptions): Subscription {
  const { queue, log } = options;
  const handler = options.handler ?? dispatchByType(options.handlers);
  const worker = new Worker(
    queue,
    // Three parameters: BullMQ then gives each job an AbortSignal (cancelled on a bounded close).
    async (job: Job, _token: string | undefined, signal?: AbortSignal) => {
      const checked = validateArticleEvent(job.data);
      if (!checked.ok) {
        log?.warn({ jobId: job.id, queue, reason: checked.message }, 'rejected event');
        throw new UnrecoverableError(checked.message);
      }
      try {
        await handler(checked.event, {
          jobId: job.id ?? checked.event.eventId,
          queue,
          attempt: job.attemptsMade + 1,
          maxAttempts: job.opts.attempts ?? 1,
          signal: signal ?? new AbortController().signal,
        });
      } catch (error) {
        if (error instanceof PermanentHandlerError) {
          const unrecoverable = new UnrecoverableError(`${error.name}: ${error.message}`);
          unrecoverable.cause = error;
          throw unrecoverable;
        }
        throw error;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency: options.concurrency ?? 4,
      autorun: true,
    },
  );
  worker.on('failed', (job, error) => {
    const final = !job || error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    (final ? log?.error : log?.warn)?.call(
      log,
      { jobId: job?.id, queue, attempt: job?.attemptsMade, err: error },
      final ? 'event failed for good' : 'event failed; will retry',
    );
  });
  worker.on('error', (error) => log?.warn({ queue, err: error }, 'subscriber worker error'));

  const closeTimeoutMs = options.closeTimeoutMs ?? 30_000;
  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        // Graceful first: no new jobs, wait for the handlers in flight.
        const graceful = worker
          .close()
          .catch((error: unknown) => log?.warn({ queue, err: error }, 'close failed'));
        if ((await settleWithin(graceful, closeTimeoutMs)).settled) return;
        log?.warn({ queue, closeTimeoutMs }, 'handlers still running at close timeout; aborting them');
        worker.cancelAllJobs('subscriber closing');
        if ((await settleWithin(graceful, ABORT_GRACE_MS)).settled) return;
        // A handler ignores its signal: stop waiting (the connection is the caller's, so it is left
        // open). Its job keeps its lock until the lock expires, then BullMQ's stalled-job check
        // redelivers it; the worker finishes closing in the background when the handler returns.
        log?.error({ queue }, 'a handler ignored its abort signal; abandoning it');
      })();
      return closing;
    },
  };
}

const ABORT_GRACE_MS = 1000;
