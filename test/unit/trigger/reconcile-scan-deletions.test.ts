import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/observability/metrics.js';
import type { ObjectRemoval } from '../../../src/queue/object-removal.js';
import type { ListedObject, ObjectStore } from '../../../src/s3/object-store.js';
import { createObjectEnqueuer } from '../../../src/trigger/object-enqueuer.js';
import { reconcileOnce } from '../../../src/trigger/reconcile-scan.js';
import { createMemoryScanDigestStore } from '../../../src/trigger/scan-digest-store.js';
import { memoryKeyStates } from '../../helpers/memory-key-states.js';
import { memoryLedger } from '../../helpers/memory-ledger.js';
import { memoryQueue } from '../../helpers/memory-ports.js';

const BUCKET = 'news-raw';

function setup(n: number) {
  const objects = new Map<string, string>();
  for (let i = 0; i < n; i++) objects.set(`incoming/${String(i).padStart(6, '0')}.txt`, `"e${i}"`);
  const store = {
    bucket: BUCKET,
    async *list(): AsyncGenerator<ListedObject> {
      for (const key of [...objects.keys()].sort())
        yield { key, etag: objects.get(key)!, size: 10, lastModified: undefined };
    },
  } as unknown as ObjectStore;
  const ledger = memoryLedger();
  const removals: ObjectRemoval[] = [];
  const { queue } = memoryQueue<unknown>((jobs) => {
    for (const j of jobs) if (j.name === 'removal') removals.push(j.data as ObjectRemoval);
    return undefined;
  });
  const enqueuer = createObjectEnqueuer({
    queue,
    ledger,
    metrics: createMetrics({ defaultMetrics: false }),
    bucket: BUCKET,
    rawPrefix: 'incoming/',
    attempts: 3,
  });
  const keyStates = memoryKeyStates();
  const queried = { ranges: 0 };
  const liveKeys = {
    liveKeys: (bucket: string, after: string | null, upTo: string | null) => {
      queried.ranges++;
      return keyStates.liveKeys(bucket, after, upTo);
    },
  };
  const deps = {
    store,
    enqueuer,
    prefix: 'incoming/',
    digests: createMemoryScanDigestStore(),
    liveKeys,
  };
  /** Every listed key processed and published (the worker's side). */
  const publishAll = async () => {
    for (const [id, state] of ledger.marked) if (state === 'received') ledger.marked.set(id, 'published');
    for (const key of objects.keys())
      await keyStates.put(BUCKET, key, { order: '2026-11-30T08:00:00.000Z/0', docs: [] });
  };
  return { objects, deps, removals, publishAll, queried };
}

describe('reconciling scan: deletions', () => {
  it('hands over each published key the listing lacks, wherever it was, once per pass', async () => {
    const t = setup(3000);
    await reconcileOnce(t.deps);
    await t.publishAll();
    await reconcileOnce(t.deps); // stores the digests of the settled chunks
    const gone = ['incoming/000000.txt', 'incoming/001500.txt', 'incoming/002999.txt'];
    for (const key of gone) t.objects.delete(key);
    const result = await reconcileOnce(t.deps);
    expect(result.removed).toBe(3);
    expect(t.removals.map((r) => r.key).sort()).toEqual(gone);
    expect(t.removals[0]).toMatchObject({ bucket: BUCKET, reason: 'scan-missing', trigger: 'scan' });
  });

  it('asks about no range of an unchanged chunk, only about the tail', async () => {
    const t = setup(3000);
    await reconcileOnce(t.deps);
    await t.publishAll();
    await reconcileOnce(t.deps);
    t.queried.ranges = 0;
    const result = await reconcileOnce(t.deps);
    expect(result).toMatchObject({ unchanged: 3000, removed: 0 });
    expect(t.queried.ranges).toBe(1);
  });

  it('finds every key when the whole prefix is gone', async () => {
    const t = setup(1200);
    await reconcileOnce(t.deps);
    await t.publishAll();
    t.objects.clear();
    expect((await reconcileOnce(t.deps)).removed).toBe(1200);
  });

  it('leaves keys that were never published alone', async () => {
    const t = setup(10);
    await reconcileOnce(t.deps);
    t.objects.delete('incoming/000003.txt');
    expect((await reconcileOnce(t.deps)).removed).toBe(0);
  });
});
