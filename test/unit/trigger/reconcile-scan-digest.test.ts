import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/observability/metrics.js';
import { ingestJobId } from '../../../src/queue/object-version.js';
import type { ListedObject, ObjectStore } from '../../../src/s3/object-store.js';
import { createObjectEnqueuer } from '../../../src/trigger/object-enqueuer.js';
import { reconcileOnce } from '../../../src/trigger/reconcile-scan.js';
import { chunkListing, MAX_CHUNK_KEYS, MIN_CHUNK_KEYS } from '../../../src/trigger/scan-chunks.js';
import { createMemoryScanDigestStore, type ScanDigestStore } from '../../../src/trigger/scan-digest-store.js';
import { memoryLedger } from '../../helpers/memory-ledger.js';
import { memoryQueue } from '../../helpers/memory-ports.js';

const BUCKET = 'news-raw';

function bucketStore(objects: Map<string, string>): ObjectStore {
  return {
    bucket: BUCKET,
    async *list(): AsyncGenerator<ListedObject> {
      for (const key of [...objects.keys()].sort())
        yield { key, etag: objects.get(key) ?? '', size: 10, lastModified: undefined };
    },
    getObject: () => Promise.reject(new Error('unused')),
    headObject: () => Promise.reject(new Error('unused')),
    putObject: () => Promise.reject(new Error('unused')),
    copyObject: () => Promise.reject(new Error('unused')),
    ping: () => Promise.resolve(),
  };
}

function countingDigests(inner: ScanDigestStore) {
  const calls = { commands: 0 };
  const store: ScanDigestStore = {
    get: async (ids) => {
      calls.commands++;
      return inner.get(ids);
    },
    put: async (d) => {
      if (d.size > 0) calls.commands++;
      return inner.put(d);
    },
    retainOnly: async (ids) => {
      calls.commands++;
      return inner.retainOnly(ids);
    },
  };
  return { store, calls };
}

function setup(n: number, poison = () => false) {
  const objects = new Map<string, string>();
  for (let i = 0; i < n; i++) objects.set(`incoming/2026/11/${String(i).padStart(7, '0')}.html`, `"e${i}"`);
  const ledger = memoryLedger();
  const { marked, asked } = ledger;
  const added: string[] = [];
  const { queue } = memoryQueue((jobs) => {
    if (jobs.some((j) => poison() && j.data.key.includes('poison'))) return new Error('enqueue failed');
    added.push(...jobs.map((j) => j.data.key));
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
  const memory = createMemoryScanDigestStore();
  const { store: digests, calls } = countingDigests(memory);
  const deps = { store: bucketStore(objects), enqueuer, prefix: 'incoming/', digests };
  /** The worker's side: every received version reaches an outcome. */
  const settleAll = () => {
    for (const [id, state] of marked) if (state === 'received') marked.set(id, 'published');
  };
  const idOf = (key: string) => ingestJobId({ bucket: BUCKET, key, etag: objects.get(key) });
  return { objects, marked, asked, added, deps, calls, settleAll, idOf, memory };
}

describe('reconciling scan over a large settled bucket', () => {
  it('checks unchanged settled objects with one digest read per group of chunks, not per key', async () => {
    const n = 20_000;
    const t = setup(n);
    const first = await reconcileOnce(t.deps);
    expect(first.enqueued).toBe(n);
    t.settleAll();
    // The pass that sees everything settled stores the digests.
    await reconcileOnce(t.deps);
    t.asked.ids = 0;
    t.calls.commands = 0;
    t.added.length = 0;
    const third = await reconcileOnce(t.deps);
    expect(third).toMatchObject({ listed: n, enqueued: 0, unchanged: n });
    expect(t.asked.ids).toBe(0);
    expect(t.calls.commands).toBeLessThanOrEqual(Math.ceil(n / 1000));
    // Bounded state: one field per chunk of at least MIN_CHUNK_KEYS keys.
    expect(t.memory.fields.size).toBeLessThanOrEqual(Math.ceil(n / MIN_CHUNK_KEYS));
  });

  it('still finds new, changed and pending objects, and retries one whose enqueue failed', async () => {
    let failing = true;
    const t = setup(5_000, () => failing);
    t.objects.set('incoming/2026/11/0002500-poison.html', '"p"');
    const first = await reconcileOnce(t.deps);
    expect(first.failed).toBe(1);
    t.settleAll();
    failing = false;
    // The poisoned object's chunk was never stored as settled: it is checked, and enqueued, again.
    t.added.length = 0;
    await reconcileOnce(t.deps);
    expect(t.added).toEqual(['incoming/2026/11/0002500-poison.html']);
    t.settleAll();
    await reconcileOnce(t.deps);

    const fresh = 'incoming/2026/11/0001234-new.html';
    const changed = 'incoming/2026/11/0004000.html';
    const pending = 'incoming/2026/11/0000100.html';
    t.objects.set(fresh, '"n"');
    t.objects.set(changed, '"e4000-v2"');
    t.marked.set(t.idOf(pending), 'received'); // its job is still running (or was lost)
    t.added.length = 0;
    t.asked.ids = 0;
    await reconcileOnce(t.deps);
    expect(t.added.sort()).toEqual([changed, fresh].sort());
    // The pending object's chunk is not skipped while it has no outcome.
    t.added.length = 0;
    t.settleAll();
    t.marked.set(t.idOf(pending), 'received');
    t.asked.ids = 0;
    await reconcileOnce(t.deps);
    expect(t.asked.ids).toBeGreaterThan(0);
    expect(t.asked.ids).toBeLessThanOrEqual(MAX_CHUNK_KEYS);
  });

  it('drops the stored digests of chunks that no longer exist', async () => {
    const t = setup(3_000);
    await reconcileOnce(t.deps);
    t.settleAll();
    await reconcileOnce(t.deps);
    const before = new Set(t.memory.fields.keys());
    for (const key of [...t.objects.keys()].slice(0, 2_000)) t.objects.delete(key);
    await reconcileOnce(t.deps);
    for (const id of t.memory.fields.keys()) if (id !== '') expect(t.objects.has(id)).toBe(true);
    expect(t.memory.fields.size).toBeLessThan(before.size);
  });
});

describe('content-defined listing chunks', () => {
  const listed = (keys: string[]) =>
    (async function* () {
      for (const key of [...keys].sort()) yield { key, etag: '"e"', size: 1, lastModified: undefined };
    })();
  const collect = async (keys: string[]) => {
    const chunks = [];
    for await (const c of chunkListing(listed(keys))) chunks.push(c);
    return chunks;
  };

  it('an inserted key changes the digest of the one chunk it falls in, not the chunks after it', async () => {
    const keys = Array.from({ length: 30_000 }, (_, i) => `incoming/${String(i).padStart(6, '0')}.txt`);
    const before = await collect(keys);
    const after = await collect([...keys, 'incoming/000100a.txt']);
    const old = new Map(before.map((c) => [c.id, c.digest]));
    const differing = after.filter((c) => old.get(c.id) !== c.digest);
    expect(before.length).toBeGreaterThan(10);
    expect(differing.length).toBeLessThanOrEqual(2);
  });

  it('keeps chunk sizes within bounds whatever the key names', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `incoming/${i}`);
    const chunks = await collect(keys);
    for (const c of chunks.slice(0, -1)) {
      expect(c.objects.length).toBeGreaterThanOrEqual(MIN_CHUNK_KEYS);
      expect(c.objects.length).toBeLessThanOrEqual(MAX_CHUNK_KEYS);
    }
    expect(chunks.reduce((s, c) => s + c.objects.length, 0)).toBe(keys.length);
  });
});
