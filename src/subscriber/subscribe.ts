// A typed BullMQ consumer for one fan-out queue: validates each event against the v1 contract before
// the handler sees it, lets BullMQ retry transient failures with the job's own attempts/backoff (set
// by the producer), and fails at once on invalid events and PermanentHandlerError.
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { ArticleEvent } from '../events/article-event.js';
import type { RedisConnection } from '../queue/redis-connection.js';
import { PermanentHandlerError } from './errors.js';
import { validateArticleEvent } from './validate-event.js';

export interface DeliveryContext {
  jobId: string;
  queue: string;
  /** 1 on the first delivery, 2 on the first retry, ... */
  attempt: number;
  /** Attempts the producer allows for this job. */
  maxAttempts: number;
}

export type ArticleEventHandler = (event: ArticleEvent, context: DeliveryContext) => Promise<void>;

/** The slice of a pino-style logger the kit uses; pass nothing to stay silent. */
export interface SubscriberLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SubscribeOptions {
  queue: string;
  /** An ioredis connection (BullMQ duplicates it for its blocking commands). */
  connection: RedisConnection;
  /** BullMQ key prefix of the producer (QUEUE_PREFIX, default "{news-ingest}"). */
  prefix?: string;
  concurrency?: number;
  handler: ArticleEventHandler;
  log?: SubscriberLog;
  /** How long close() waits for in-flight handlers before abandoning them (they are redelivered). */
  closeTimeoutMs?: number;
}

export interface Subscription {
  close(): Promise<void>;
}

export const DEFAULT_QUEUE_PREFIX = '{news-ingest}';

export function subscribe(options: SubscribeOptions): Subscription {
  const { queue, handler, log } = options;
  const worker = new Worker(
    queue,
    async (job: Job) => {
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
        let timer: NodeJS.Timeout | undefined;
        const overran = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), closeTimeoutMs);
        });
        const outcome = await Promise.race([worker.close().then(() => 'closed' as const), overran]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          // Unfinished jobs keep their lock until it expires, then BullMQ's stalled check redelivers them.
          log?.warn({ queue, closeTimeoutMs }, 'handlers still running at close timeout; forcing');
          await worker.close(true);
        }
      })();
      return closing;
    },
  };
}
