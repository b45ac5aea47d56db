// The reconciling scan survives any single bad object: a key the policy refuses is skipped and
// counted (and leaves no ledger entry), and an object whose enqueue fails does not stop the others.
import type { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/observability/metrics.js';
import { EMBEDDED_STORE_KEY_LIMITS } from '../../../src/s3/embedded-key-limits.js';
import type { ListedObject, ObjectStore } from '../../../src/s3/object-store.js';
import { createObjectEnqueuer } from '../../../src/trigger/object-enqueuer.js';
import { reconcileOnce } from '../../../src/trigger/reconcile-scan.js';
import { memoryLedger } from '../../helpers/memory-ledger.js';
import { memoryQueue } from '../../helpers/memory-ports.js';

function listingStore(keys: string[]): ObjectStore {
  return {
    bucket: 'news-raw',
    async *list(): AsyncGenerator<ListedObject> {
      for (const key of keys) yield { key, etag: 'e', size: 1, lastModified: undefined };
    },
    getObject: () => Promise.reject(new Error('unused')),
    headObject: () => Promise.reject(new Error('unused')),
    putObject: () => Promise.reject(new Error('unused')),
    copyObject: () => Promise.reject(new Error('unused')),
    ping: () => Promise.resolve(),
  };
}

/** A queue whose addBulk fails for any batch holding a key that contains "poison". */
function fakeQueue(added: string[]): Queue {
  const { queue } = memoryQueue((jobs) => {
    if (jobs.some((j) => j.data.key.includes('poison'))) return new Error('enqueue failed');
    added.push(...jobs.map((j) => j.data.key));
    return undefined;
  });
  return queue;
}

describe('reconciling scan', () => {
  it('skips refused keys, counts them, and goes on past an object it cannot enqueue', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const ledger = memoryLedger();
    const added: string[] = [];
    const enqueuer = createObjectEnqueuer({
      queue: fakeQueue(added),
      ledger,
      metrics,
      bucket: 'news-raw',
      rawPrefix: 'incoming/',
      attempts: 3,
      keyLimits: EMBEDDED_STORE_KEY_LIMITS,
    });
    const warnings: string[] = [];
    const keys = [
      'incoming/a.txt',
      `incoming/${'x'.repeat(240)}`,
      'incoming/../../../x/y.txt',
      'incoming/poison.txt',
      'incoming/cafe\u0301.txt',
      'incoming/b.txt',
    ];
    const result = await reconcileOnce({
      store: listingStore(keys),
      enqueuer,
      prefix: 'incoming/',
      log: { warn: (_o: object, msg?: string) => void warnings.push(msg ?? '') },
    });
    expect(result).toEqual({ listed: 6, enqueued: 2, rejected: 3, failed: 1, unchanged: 0, removed: 0 });
    expect(added).toEqual(['incoming/a.txt', 'incoming/b.txt']);
    // Nothing in the ledger for refused keys: no Redis state per rejected key.
    expect(ledger.marked.size).toBe(2);
    const exposition = await metrics.registry.metrics();
    expect(exposition).toContain(
      'news_ingest_keys_rejected_total{reason="segment-too-long",trigger="scan"} 1',
    );
    expect(exposition).toContain('news_ingest_keys_rejected_total{reason="dot-segment",trigger="scan"} 1');
    expect(exposition).toContain('news_ingest_keys_rejected_total{reason="not-nfc",trigger="scan"} 1');
    expect(warnings.some((w) => /could not enqueue/.test(w))).toBe(true);
  });

  it('gives up when every object fails (the queue is down, not one object bad)', async () => {
    const enqueuer = createObjectEnqueuer({
      queue: fakeQueue([]),
      ledger: memoryLedger(),
      metrics: createMetrics({ defaultMetrics: false }),
      bucket: 'news-raw',
      rawPrefix: 'incoming/',
      attempts: 3,
    });
    const keys = Array.from({ length: 20 }, (_, i) => `incoming/poison-${i}.txt`);
    await expect(reconcileOnce({ store: listingStore(keys), enqueuer, prefix: 'incoming/' })).rejects.toThrow(
      /enqueue failed/,
    );
  });
});
