// Every trigger (embedded server events, webhook, SQS, the reconciling scan, replay) hands objects to
// this one enqueuer: it keeps only keys under the raw prefix and adds one job per object version with a
// deterministic id, so a repeated notification creates no second job.
import type { Queue } from 'bullmq';
import { ingestJobId } from '../ids.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import type { IngestJobData } from '../pipeline/ingest-job.js';
import type { Ledger } from '../pipeline/ledger.js';
import { ingestJobOptions } from '../queue/queue-names.js';

export type ObjectToIngest = Omit<IngestJobData, 'trigger'>;

export interface EnqueueResult {
  enqueued: number;
  ignored: number;
}

export interface ObjectEnqueuer {
  /** With onlyUnseen, versions the ledger already knows are left out (the reconciling scan). */
  enqueue(
    objects: ObjectToIngest[],
    trigger: string,
    options?: { onlyUnseen?: boolean },
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
}

export function createObjectEnqueuer(options: ObjectEnqueuerOptions): ObjectEnqueuer {
  const { queue, ledger, metrics, bucket, rawPrefix, attempts, failedJobsKept } = options;
  return {
    async enqueue(objects, trigger, options = {}) {
      const accepted: IngestJobData[] = [];
      let ignored = 0;
      for (const object of objects) {
        const why = ignoreReason(object, bucket, rawPrefix);
        if (why) {
          ignored++;
          metrics.notificationIgnored(why);
          continue;
        }
        accepted.push({ ...object, trigger });
      }
      const ids = accepted.map((data) => ingestJobId(data));
      const seen = await ledger.seen(ids);
      const unseen = accepted.filter((_, i) => !seen[i]);
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
      return { enqueued: toAdd.length, ignored };
    },
  };
}

function ignoreReason(object: ObjectToIngest, bucket: string, rawPrefix: string): string | null {
  if (object.bucket !== bucket) return 'other-bucket';
  if (!object.key.startsWith(rawPrefix)) return 'outside-prefix';
  if (object.key.endsWith('/')) return 'folder-marker';
  return null;
}
