// Every trigger (embedded server events, webhook, SQS, the reconciling scan, replay) hands objects to
// this one enqueuer: it keeps only keys under the raw prefix that the object-key policy accepts, and
// adds one job per object version with a deterministic id, so a repeated notification creates no
// second job. A refused key is counted and logged, and leaves nothing in Redis.
import type { Queue } from 'bullmq';
import { ingestJobId } from '../ids.js';
import { checkObjectKey, DEFAULT_KEY_LIMITS, type KeyLimits, keyForLog } from '../keys/object-key.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import type { IngestJobData } from '../pipeline/ingest-job.js';
import { FINAL_STATES, type Ledger } from '../pipeline/ledger.js';
import { ingestJobOptions } from '../queue/queue-names.js';

export type ObjectToIngest = Omit<IngestJobData, 'trigger'>;

export interface EnqueueResult {
  enqueued: number;
  ignored: number;
  /** Keys the object-key policy refused. */
  rejected: number;
  /** Accepted objects whose version already reached a final ledger state (published, quarantined, skipped). */
  settled: number;
}

export interface ObjectEnqueuer {
  /**
   * With onlyUnseen, versions the ledger already knows are left out (the reconciling scan). With
   * retry, the objects were handed over before (a failed batch, retried one by one): refused keys
   * are not counted or logged a second time.
   */
  enqueue(
    objects: ObjectToIngest[],
    trigger: string,
    options?: { onlyUnseen?: boolean; retry?: boolean },
  ): Promise<EnqueueResult>;
}

export interface ObjectEnqueuerOptions {
  queue: Queue;
  ledger: Ledger;
  metrics: PipelineMetrics;
  bucket: string;
  rawPrefix: string;
  attempts: number;
  /** FAILED_JOBS_KEPT; the default when absent. */
  failedJobsKept?: number;
  /** The store's key limits (the embedded store's are tighter); default DEFAULT_KEY_LIMITS. */
  keyLimits?: KeyLimits;
  log?: { warn(obj: object, msg?: string): void };
}

export function createObjectEnqueuer(options: ObjectEnqueuerOptions): ObjectEnqueuer {
  const { queue, ledger, metrics, bucket, rawPrefix, attempts, failedJobsKept, log } = options;
  const keyLimits = options.keyLimits ?? DEFAULT_KEY_LIMITS;
  return {
    async enqueue(objects, trigger, options = {}) {
      const accepted: IngestJobData[] = [];
      let ignored = 0;
      let rejected = 0;
      for (const object of objects) {
        const why = ignoreReason(object, bucket, rawPrefix);
        if (why) {
          ignored++;
          if (!options.retry) metrics.notificationIgnored(why);
          continue;
        }
        const check = checkObjectKey(object.key, keyLimits);
        if (!check.ok) {
          rejected++;
          if (options.retry) continue;
          metrics.keyRejected(check.reason, trigger);
          log?.warn(
            { key: keyForLog(object.key), reason: check.reason, trigger },
            `skipping object: ${check.message}`,
          );
          continue;
        }
        accepted.push({ ...object, trigger });
      }
      const ids = accepted.map((data) => ingestJobId(data));
      const states = await ledger.states(ids);
      const unseen = accepted.filter((_, i) => states[i] === null);
      const settled = states.filter((state) => state !== null && FINAL_STATES.has(state)).length;
      // A notification for a known version still gets its (deduplicated) job: the worker settles it.
      const toAdd = options.onlyUnseen ? unseen : accepted;
      if (toAdd.length > 0) {
        await queue.addBulk(
          toAdd.map((data) => ({
            name: 'object',
            data,
            opts: { ...ingestJobOptions(attempts, failedJobsKept), jobId: ingestJobId(data) },
          })),
        );
        metrics.objectsEnqueued(trigger, toAdd.length);
      }
      if (unseen.length > 0)
        await ledger.mark(
          unseen.map((data) => ingestJobId(data)),
          'received',
        );
      return { enqueued: toAdd.length, ignored, rejected, settled };
    },
  };
}

function ignoreReason(object: ObjectToIngest, bucket: string, rawPrefix: string): string | null {
  if (object.bucket !== bucket) return 'other-bucket';
  if (!object.key.startsWith(rawPrefix)) return 'outside-prefix';
  if (object.key.endsWith('/')) return 'folder-marker';
  return null;
}
