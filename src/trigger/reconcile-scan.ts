// The reconciling scan: lists the raw prefix and enqueues every object version the ledger has not
// seen, so a lost notification delays an object but never drops it.
import type { Logger } from 'pino';
import type { ObjectStore } from '../s3/object-store.js';
import type { ObjectEnqueuer, ObjectToIngest } from './object-enqueuer.js';

const BATCH = 500;

export interface ReconcileDeps {
  store: ObjectStore;
  enqueuer: ObjectEnqueuer;
  prefix: string;
}

export interface ReconcileResult {
  listed: number;
  enqueued: number;
}

export async function reconcileOnce(deps: ReconcileDeps, trigger = 'scan'): Promise<ReconcileResult> {
  let listed = 0;
  let enqueued = 0;
  let batch: ObjectToIngest[] = [];
  const flush = async () => {
    enqueued += (await deps.enqueuer.enqueue(batch, trigger, { onlyUnseen: true })).enqueued;
    batch = [];
  };
  for await (const item of deps.store.list(deps.prefix)) {
    listed++;
    batch.push({ bucket: deps.store.bucket, key: item.key, etag: item.etag, size: item.size });
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return { listed, enqueued };
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
    running = reconcileOnce(deps)
      .then((r) => {
        if (r.enqueued > 0) log.info(r, 'reconciling scan enqueued missed objects');
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
