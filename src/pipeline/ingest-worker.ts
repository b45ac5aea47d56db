import { type Job, MetricsTime, type Telemetry, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { PermanentError } from '../errors/permanent-error.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { toBullmqError } from '../errors/to-bullmq-error.js';
import { type ObjectRemoval, objectRemovalSchema, REMOVAL_JOB } from '../queue/object-removal.js';
import { type ObjectVersion, objectVersionSchema } from '../queue/object-version.js';
import type { RedisConnection } from '../queue/redis-connection.js';
import { retryDelayMs } from '../queue/retry-backoff.js';
import { dataWithFailure } from './job-failure.js';
import { type IngestDeps, type IngestOutcome, processObject } from './process-object.js';
import { processRemoval, type RemovalOutcome } from './process-removal.js';

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
  const processor = async (job: Job): Promise<IngestOutcome | RemovalOutcome> => {
    const parsed = parseJob(job);
    if (!parsed.success) {
      deps.metrics.jobFailed('invalid-job', true);
      const error = new PermanentError('schema-violation', `invalid job data: ${parsed.error.message}`);
      await recordFailure(job, error);
      throw toBullmqError(error);
    }
    const jobLog = log.child({ jobId: job.id, key: parsed.data.key, attempt: job.attemptsMade + 1 });
    try {
      // The id the enqueuer computed is the job's id: nothing recomputes it.
      const id = String(job.id);
      if (parsed.removal) return await processRemoval({ id, removal: parsed.data }, deps, jobLog);
      return await processObject({ id, version: parsed.data }, deps, jobLog, {
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

export type ParsedJob =
  | { success: true; removal: true; data: ObjectRemoval }
  | { success: true; removal: false; data: ObjectVersion }
  | { success: false; error: Error };

/** Removal jobs carry an ObjectRemoval; every other job (older releases' included) an ObjectVersion. */
export function parseJob(job: Pick<Job, 'name' | 'data'>): ParsedJob {
  if (job.name === REMOVAL_JOB) {
    const r = objectRemovalSchema.safeParse(job.data);
    return r.success ? { success: true, removal: true, data: r.data } : { success: false, error: r.error };
  }
  const v = objectVersionSchema.safeParse(job.data);
  return v.success ? { success: true, removal: false, data: v.data } : { success: false, error: v.error };
}
