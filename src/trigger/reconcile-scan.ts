// The reconciling scan: lists the raw prefix and enqueues every object version the ledger has not
// seen, so a lost notification delays an object but never drops it. Its cost stays flat in the bucket
// size: the listing is cut into content-defined chunks (scan-chunks.ts) and a chunk whose digest matches
// the one stored when a previous pass saw every key of it settled is skipped, one HMGET per group of
// chunks; any other chunk (new, changed or deleted keys, or a key still pending) takes the per-key path.
// Keys it published that the listing no longer has are handed over as removals (reason scan-missing): for
// each chunk that takes the per-key path, and for the range after the last listed key, the live keys of
// that key range (one ZRANGEBYLEX) minus the listed ones. One bad object cannot stop it: refused keys are skipped and counted by the enqueuer, and when a batch
// fails to enqueue, its objects are retried one by one so only the failing ones are left for the next scan.
import type { Logger } from 'pino';
import { keyForLog } from '../keys/object-key.js';
import type { KeyStates } from '../lifecycle/key-state.js';
import { type ObjectRemoval, objectRemoval } from '../queue/object-removal.js';
import { type ObjectVersion, objectVersion } from '../queue/object-version.js';
import type { ListedObject, ObjectStore } from '../s3/object-store.js';
import type { ObjectEnqueuer } from './object-enqueuer.js';
import { chunkListing, type ListingChunk } from './scan-chunks.js';
import type { ScanDigestStore } from './scan-digest-store.js';

const BATCH = 500;
/** Chunks whose stored digests are fetched with one command (about 5,000 keys: ~4 chunks). */
const GROUP_KEYS = 5000;
/** This many single-object failures in a row mean the queue is down, not one object bad: give up. */
const MAX_CONSECUTIVE_FAILURES = 5;

export interface ReconcileDeps {
  store: ObjectStore;
  enqueuer: ObjectEnqueuer;
  prefix: string;
  /** Without it every key takes the per-key path (the ledger is asked about each one). */
  digests?: ScanDigestStore;
  /** The keys with published documents; without it the scan notices no deletion. */
  liveKeys?: Pick<KeyStates, 'liveKeys'>;
  log?: Pick<Logger, 'warn'>;
}

export interface ReconcileResult {
  listed: number;
  enqueued: number;
  /** Keys the object-key policy refused. */
  rejected: number;
  /** Objects that could not be enqueued; the next scan tries them again. */
  failed: number;
  /** Keys in chunks skipped because their digest matched a settled pass (the ledger was not asked). */
  unchanged: number;
  /** Published keys no longer listed, handed over as removals. */
  removed: number;
}

interface BatchOutcome {
  /** Objects with an outcome: settled in the ledger, refused, or ignored by the enqueuer. */
  done: number;
  failed: number;
}

export async function reconcileOnce(deps: ReconcileDeps, trigger = 'scan'): Promise<ReconcileResult> {
  const result: ReconcileResult = {
    listed: 0,
    enqueued: 0,
    rejected: 0,
    failed: 0,
    unchanged: 0,
    removed: 0,
  };
  const enqueue = async (objects: ObjectVersion[], retry = false) => {
    const r = await deps.enqueuer.enqueue(objects, { onlyUnseen: true, retry });
    result.enqueued += r.enqueued;
    result.rejected += r.rejected;
    return r.settled + r.rejected + r.ignored;
  };
  const flush = async (batch: ObjectVersion[]): Promise<BatchOutcome> => {
    try {
      return { done: await enqueue(batch), failed: 0 };
    } catch (batchError) {
      deps.log?.warn({ err: batchError, objects: batch.length }, 'scan batch failed; enqueuing one by one');
      const outcome: BatchOutcome = { done: 0, failed: 0 };
      let consecutive = 0;
      for (const object of batch) {
        try {
          outcome.done += await enqueue([object], true);
          consecutive = 0;
        } catch (error) {
          result.failed++;
          outcome.failed++;
          deps.log?.warn({ err: error, key: keyForLog(object.key) }, 'scan could not enqueue an object');
          if (++consecutive >= MAX_CONSECUTIVE_FAILURES) throw error;
        }
      }
      return outcome;
    }
  };
  /** The per-key path; true when every object of the chunk already has an outcome. */
  const checkChunk = async (chunk: ListingChunk): Promise<boolean> => {
    let done = 0;
    let failed = 0;
    for (let i = 0; i < chunk.objects.length; i += BATCH) {
      const batch = chunk.objects
        .slice(i, i + BATCH)
        .map((item) => listedVersion(deps.store.bucket, item, trigger));
      const outcome = await flush(batch);
      done += outcome.done;
      failed += outcome.failed;
    }
    return failed === 0 && done === chunk.objects.length;
  };

  /** Live keys after `after` up to the chunk's last key (or to the end) that the chunk does not list. */
  const findGone = async (after: string | null, chunk: ListingChunk | null) => {
    if (!deps.liveKeys) return;
    const listed = new Set(chunk?.objects.map((o) => o.key));
    const upTo = chunk ? (chunk.objects[chunk.objects.length - 1]?.key ?? null) : null;
    let gone: ObjectRemoval[] = [];
    const flushGone = async () => {
      if (gone.length === 0) return;
      result.removed += (await deps.enqueuer.remove(gone)).enqueued;
      gone = [];
    };
    for await (const key of deps.liveKeys.liveKeys(deps.store.bucket, after, upTo)) {
      if (!key.startsWith(deps.prefix) || listed.has(key)) continue;
      gone.push(objectRemoval({ bucket: deps.store.bucket, key, reason: 'scan-missing', trigger }));
      if (gone.length >= BATCH) await flushGone();
    }
    await flushGone();
  };

  const listedChunks = new Set<string>();
  let changed = false;
  let group: ListingChunk[] = [];
  /** The last key before each chunk of the group (null for the listing's first). */
  let afters: Array<string | null> = [];
  let lastListed: string | null = null;
  let groupKeys = 0;
  const processGroup = async () => {
    const stored = deps.digests ? await deps.digests.get(group.map((c) => c.id)) : [];
    const settled = new Map<string, string>();
    for (const [i, chunk] of group.entries()) {
      result.listed += chunk.objects.length;
      if (stored[i] === chunk.digest) {
        result.unchanged += chunk.objects.length;
        continue;
      }
      changed = true;
      await findGone(afters[i] ?? null, chunk);
      if (await checkChunk(chunk)) settled.set(chunk.id, chunk.digest);
    }
    if (deps.digests) await deps.digests.put(settled);
    group = [];
    afters = [];
    groupKeys = 0;
  };
  for await (const chunk of chunkListing(deps.store.list(deps.prefix))) {
    listedChunks.add(chunk.id);
    afters.push(lastListed);
    lastListed = chunk.objects[chunk.objects.length - 1]?.key ?? lastListed;
    group.push(chunk);
    groupKeys += chunk.objects.length;
    if (groupKeys >= GROUP_KEYS) await processGroup();
  }
  if (group.length > 0) await processGroup();
  // Keys after the last listed one (or every key, when nothing is listed any more).
  await findGone(lastListed, null);
  // A pass that saw a change may have left fields of chunks that no longer exist (a boundary key deleted).
  if (deps.digests && (changed || listedChunks.size === 0)) await deps.digests.retainOnly(listedChunks);
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
        if (r.enqueued > 0 || r.rejected > 0 || r.failed > 0 || r.removed > 0)
          log.info(r, 'reconciling scan finished');
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

/** A listed object as the version the scan (or replay) hands to the enqueuer. */
export function listedVersion(bucket: string, item: ListedObject, trigger: string): ObjectVersion {
  return objectVersion({
    bucket,
    key: item.key,
    etag: item.etag,
    size: item.size,
    eventTime: item.lastModified?.toISOString(),
    trigger,
  });
}
