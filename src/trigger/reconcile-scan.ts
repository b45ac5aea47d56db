// The reconciling scan: lists the raw prefix and enqueues every object version the ledger has not
// seen, so a lost notification delays an object but never drops it. One bad object cannot stop it:
// refused keys are skipped and counted by the enqueuer, and when a batch fails to enqueue, its objects
// are retried one by one so only the failing ones are left for the next scan.
import type { Logger } from 'pino';
import { keyForLog } from '../keys/object-key.js';
import type { ObjectStore } from '../s3/object-store.js';
import type { ObjectEnqueuer, ObjectToIngest } from './object-enqueuer.js';

const BATCH = 500;
/** This many single-object failures in a row mean the queue is down, not one object bad: give up. */
const MAX_CONSECUTIVE_FAILURES = 5;

export interface ReconcileDeps {
  store: ObjectStore;
  enqueuer: ObjectEnqueuer;
  prefix: string;
  log?: Pick<Logger, 'warn'>;
}

export interface ReconcileResult {
  listed: number;
  enqueued: number;
  /** Keys the object-key policy refused. */
  rejected: number;
  /** Objects that could not be enqueued; the next scan tries them again. */
  failed: number;
}

export async function reconcileOnce(deps: ReconcileDeps, trigger = 'scan'): Promise<ReconcileResult> {
  const result: ReconcileResult = { listed: 0, enqueued: 0, rejected: 0, failed: 0 };
  let batch: ObjectToIngest[] = [];
  const enqueue = async (objects: ObjectToIngest[], retry = false) => {
    const r = await deps.enqueuer.enqueue(objects, trigger, { onlyUnseen: true, retry });
    result.enqueued += r.enqueued;
    result.rejected += r.rejected;
  };
  const flush = async () => {
    try {
      await enqueue(batch);
    } catch (batchError) {
      deps.log?.warn({ err: batchError, objects: batch.length }, 'scan batch failed; enqueuing one by one');
      let consecutive = 0;
      for (const object of batch) {
        try {
          await enqueue([object], true);
          consecutive = 0;
        } catch (error) {
          result.failed++;
          deps.log?.warn({ err: error, key: keyForLog(object.key) }, 'scan could not enqueue an object');
          if (++consecutive >= MAX_CONSECUTIVE_FAILURES) throw error;
        }
      }
    }
    batch = [];
  };
  for await (const item of deps.store.list(deps.prefix)) {
    result.listed++;
    batch.push({ bucket: deps.store.bucket, key: item.key, etag: item.etag, size: item.size });
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}

export interface ReconcileLoop {
  stop(): Promise<void>;
}

/** Runs the scan at start (catch-up) and then every intervalMs; never two scans at once. */
export function startReconcileLoop(deps: ReconcileDeps, intervalMs: number, log: Logger): ReconcileLoop {
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    if (stopped || running) return;
    running = reconcileOnce({ ...deps, log })
      .then((r) => {
        if (r.enqueued > 0 || r.rejected > 0 || r.failed > 0) log.info(r, 'reconciling scan finished');
        else log.debug(r, 'reconciling scan found nothing missed');
      })
      .catch((error: unknown) =>
        log.warn({ err: error }, 'reconciling scan failed; will retry next interval'),
      )
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
