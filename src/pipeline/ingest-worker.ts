import { type Job, MetricsTime, type Telemetry, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { PermanentError } from '../errors/permanent-error.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { toBullmqError } from '../errors/to-bullmq-error.js';
import { objectVersionSchema } from '../queue/object-version.js';
import type { RedisConnection } from '../queue/redis-connection.js';
import { retryDelayMs } from '../queue/retry-backoff.js';
import { dataWithFailure } from './job-failure.js';
import { type IngestDeps, type IngestOutcome, processObject } from './process-object.js';

export interface IngestWorkerOptions {
  queueName: string;
  prefix: string;
  connection: RedisConnection;
  concurrency: number;
  lockDurationMs: number;
  telemetry?: Telemetry;
  deps: IngestDeps;
  log: Logger;
}

export function createIngestWorker(options: IngestWorkerOptions): Worker {
  const { deps, log } = options;
  const processor = async (job: Job): Promise<IngestOutcome> => {
    const parsed = objectVersionSchema.safeParse(job.data);
    if (!parsed.success) {
      deps.metrics.jobFailed('invalid-job', true);
      const error = new PermanentError('schema-violation', `invalid job data: ${parsed.error.message}`);
      await recordFailure(job, error);
      throw toBullmqError(error);
    }
    const jobLog = log.child({ jobId: job.id, key: parsed.data.key, attempt: job.attemptsMade + 1 });
    try {
      // The id the enqueuer computed is the job's id: nothing recomputes it.
      return await processObject({ id: String(job.id), version: parsed.data }, deps, jobLog, {
        jobTimestamp: job.timestamp,
      });
    } catch (error) {
      const permanent = error instanceof PipelineError && error.permanent;
      deps.metrics.jobFailed(error instanceof PipelineError ? error.reason : 'unexpected', permanent);
      if (!permanent) jobLog.warn({ err: error }, 'attempt failed; will retry');
      await recordFailure(job, error);
      throw toBullmqError(error);
    }
  };
  /** The reason as data on the job, for `dlq` and the dashboard (the message is for people). */
  const recordFailure = async (job: Job, error: unknown) => {
    const failure = {
      reason: error instanceof PipelineError ? error.reason : 'unexpected',
      permanent: error instanceof PipelineError && error.permanent,
    };
    await job
      .updateData(dataWithFailure(job.data, failure))
      .catch((cause: unknown) =>
        log.warn({ err: cause, jobId: job.id }, 'could not record the failure reason'),
      );
  };
  const worker = new Worker(options.queueName, processor, {
    connection: options.connection,
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    // Check for jobs of crashed workers as often as a lock can lapse.
    stalledInterval: options.lockDurationMs,
    maxStalledCount: 3,
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    settings: {
      // Jobs enqueued by older releases may name another type; every ingest job gets the same policy.
      backoffStrategy: (attemptsMade: number) => retryDelayMs(attemptsMade),
    },
    autorun: true,
  });
  worker.on('error', (error) => log.error({ err: error }, 'ingest worker error'));
  return worker;
}
