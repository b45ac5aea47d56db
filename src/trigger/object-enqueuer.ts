// Every trigger (embedded server events, webhook, SQS, the reconciling scan, replay) hands objects to
// this one enqueuer: it keeps only keys under the raw prefix that the object-key policy accepts, and
// adds one job per object version (or removal) with a deterministic id, so a repeated notification
// creates no second job. A refused key is counted and logged, and leaves nothing in Redis.
import type { Queue } from 'bullmq';
import { checkObjectKey, DEFAULT_KEY_LIMITS, type KeyLimits, keyForLog } from '../keys/object-key.js';
import { FINAL_STATES, type Ledger } from '../ledger/ledger.js';
import type { Log } from '../observability/log.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import { OBJECT_JOB, type ObjectRemoval, REMOVAL_JOB, removalJobId } from '../queue/object-removal.js';
import { ingestJobId, type ObjectVersion } from '../queue/object-version.js';
import { type CompletedJobsKept, ingestJobOptions } from '../queue/queue-names.js';

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
   * are not counted or logged a second time. With force (replay --force), each version's ledger entry
   * and finished job are dropped first so it is processed again.
   */
  enqueue(
    versions: ObjectVersion[],
    options?: { onlyUnseen?: boolean; retry?: boolean; force?: boolean },
  ): Promise<EnqueueResult>;
  /** Removed keys, each to be checked by the worker for a takedown (process-removal.ts). */
  remove(removals: ObjectRemoval[], options?: { retry?: boolean }): Promise<EnqueueResult>;
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
  /** COMPLETED_JOBS_KEPT / COMPLETED_JOBS_RETENTION; the defaults when absent. */
  completedJobsKept?: CompletedJobsKept;
  /** The store's key limits (the embedded store's are tighter); default DEFAULT_KEY_LIMITS. */
  keyLimits?: KeyLimits;
  log?: Pick<Log, 'warn'>;
}

export function createObjectEnqueuer(options: ObjectEnqueuerOptions): ObjectEnqueuer {
  const { queue, ledger, metrics, bucket, rawPrefix, attempts, failedJobsKept, completedJobsKept, log } =
    options;
  const keyLimits = options.keyLimits ?? DEFAULT_KEY_LIMITS;
  return {
    async enqueue(versions, options = {}) {
      // The job id is computed here, once per version: the worker reads it back from the job.
      const accepted: Array<{ id: string; data: ObjectVersion }> = [];
      let ignored = 0;
      let rejected = 0;
      for (const object of versions) {
        const refused = refuse(object, options.retry === true);
        if (refused === 'ignored') ignored++;
        else if (refused === 'rejected') rejected++;
        else accepted.push({ id: ingestJobId(object), data: object });
      }
      if (options.force)
        for (const { id } of accepted) {
          await ledger.forget(id);
          await queue.remove(id);
        }
      const states = await ledger.states(accepted.map((job) => job.id));
      const unseen = accepted.filter((_, i) => states[i] === null);
      const settled = states.filter((state) => state !== null && FINAL_STATES.has(state)).length;
      // A notification for a known version still gets its (deduplicated) job: the worker settles it.
      const toAdd = options.onlyUnseen ? unseen : accepted;
      if (toAdd.length > 0) {
        await queue.addBulk(
          toAdd.map(({ id, data }) => ({
            name: OBJECT_JOB,
            data,
            opts: { ...ingestJobOptions(attempts, failedJobsKept, completedJobsKept), jobId: id },
          })),
        );
        const perTrigger = new Map<string, number>();
        for (const { data } of toAdd) perTrigger.set(data.trigger, (perTrigger.get(data.trigger) ?? 0) + 1);
        for (const [trigger, count] of perTrigger) metrics.objectsEnqueued(trigger, count);
      }
      if (unseen.length > 0)
        await ledger.mark(
          unseen.map((job) => job.id),
          'received',
        );
      return { enqueued: toAdd.length, ignored, rejected, settled };
    },
    async remove(removals, options = {}) {
      const accepted: ObjectRemoval[] = [];
      let ignored = 0;
      let rejected = 0;
      for (const removal of removals) {
        const refused = refuse(removal, options.retry === true);
        if (refused === 'ignored') ignored++;
        else if (refused === 'rejected') rejected++;
        else accepted.push(removal);
      }
      if (accepted.length > 0)
        await queue.addBulk(
          accepted.map((data) => ({
            name: REMOVAL_JOB,
            data,
            opts: {
              ...ingestJobOptions(attempts, failedJobsKept, completedJobsKept),
              jobId: removalJobId(data),
            },
          })),
        );
      return { enqueued: accepted.length, ignored, rejected, settled: 0 };
    },
  };

  /** Why a handed-over object is not enqueued (counted and logged unless it is a retry), or null. */
  function refuse(object: ObjectVersion | ObjectRemoval, retry: boolean): 'ignored' | 'rejected' | null {
    const why = ignoreReason(object, bucket, rawPrefix);
    if (why) {
      if (!retry) metrics.notificationIgnored(why);
      return 'ignored';
    }
    const check = checkObjectKey(object.key, keyLimits);
    if (check.ok) return null;
    if (!retry) {
      metrics.keyRejected(check.reason, object.trigger);
      log?.warn(
        { key: keyForLog(object.key), reason: check.reason, trigger: object.trigger },
        `skipping object: ${check.message}`,
      );
    }
    return 'rejected';
  }
}

function ignoreReason(
  object: ObjectVersion | ObjectRemoval,
  bucket: string,
  rawPrefix: string,
): string | null {
  if (object.bucket !== bucket) return 'other-bucket';
  if (!object.key.startsWith(rawPrefix)) return 'outside-prefix';
  if (object.key.endsWith('/')) return 'folder-marker';
  return null;
}
