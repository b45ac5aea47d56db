import { describe, expect, it } from 'vitest';
import { objectRemoval, removalJobId } from '../../../src/queue/object-removal.js';
import { ingestJobId, type ObjectVersion } from '../../../src/queue/object-version.js';
import { createObjectEnqueuer } from '../../../src/trigger/object-enqueuer.js';
import { memoryLedger } from '../../helpers/memory-ledger.js';
import { memoryQueue, recordingMetrics } from '../../helpers/memory-ports.js';

const BUCKET = 'news-raw';

function setup() {
  const ledger = memoryLedger();
  const metrics = recordingMetrics();
  let failNext = false;
  const { queue, added, removed } = memoryQueue<ObjectVersion>(() => {
    const fail = failNext;
    failNext = false;
    return fail ? new Error('redis down') : undefined;
  });
  const warnings: Array<Record<string, unknown>> = [];
  const enqueuer = createObjectEnqueuer({
    queue,
    ledger,
    metrics,
    bucket: BUCKET,
    rawPrefix: 'incoming/',
    attempts: 4,
    log: { warn: (obj) => void warnings.push(obj as Record<string, unknown>) },
  });
  const version = (key: string, extra: Partial<ObjectVersion> = {}): ObjectVersion => ({
    bucket: BUCKET,
    key,
    etag: `etag-${key.length}`,
    trigger: 'webhook',
    ...extra,
  });
  return {
    ledger,
    metrics,
    added,
    removed,
    warnings,
    enqueuer,
    version,
    failNextAdd: () => (failNext = true),
  };
}

describe('object enqueuer', () => {
  it('adds one job per version, its id the version identity, its data the version itself', async () => {
    const t = setup();
    const v = t.version('incoming/a.txt', { versionId: 'v1', sequencer: '0A' });
    expect(await t.enqueuer.enqueue([v])).toEqual({ enqueued: 1, ignored: 0, rejected: 0, settled: 0 });
    expect(t.added).toHaveLength(1);
    expect(t.added[0]).toMatchObject({
      name: 'object',
      data: v,
      opts: { jobId: ingestJobId(v), attempts: 4 },
    });
    expect(t.ledger.marked.get(ingestJobId(v))).toBe('received');
    expect(t.metrics.counts.get('objectsEnqueued:webhook')).toBe(1);
  });

  it('counts enqueued versions per trigger', async () => {
    const t = setup();
    await t.enqueuer.enqueue([
      t.version('incoming/a.txt'),
      t.version('incoming/bb.txt', { trigger: 'embedded' }),
      t.version('incoming/ccc.txt', { trigger: 'embedded' }),
    ]);
    expect(t.metrics.counts.get('objectsEnqueued:webhook')).toBe(1);
    expect(t.metrics.counts.get('objectsEnqueued:embedded')).toBe(2);
  });

  it('ignores other buckets, keys outside the raw prefix and folder markers, and counts why', async () => {
    const t = setup();
    const result = await t.enqueuer.enqueue([
      t.version('incoming/a.txt', { bucket: 'other' }),
      t.version('quarantine/incoming/a.txt'),
      t.version('incoming/folder/'),
    ]);
    expect(result).toEqual({ enqueued: 0, ignored: 3, rejected: 0, settled: 0 });
    expect(t.added).toHaveLength(0);
    expect(t.ledger.marked.size).toBe(0);
    for (const why of ['other-bucket', 'outside-prefix', 'folder-marker'])
      expect(t.metrics.counts.get(`notificationIgnored:${why}`)).toBe(1);
  });

  it('refuses a key the key policy refuses: counted and logged once, nothing written', async () => {
    const t = setup();
    const bad = t.version('incoming/a/../b.txt');
    expect(await t.enqueuer.enqueue([bad, t.version('incoming/ok.txt')])).toMatchObject({
      enqueued: 1,
      rejected: 1,
    });
    expect(t.metrics.counts.get('keyRejected:dot-segment:webhook')).toBe(1);
    expect(t.warnings).toHaveLength(1);
    // Handed over again one by one after a failed batch: not counted or logged a second time.
    expect(await t.enqueuer.enqueue([bad], { retry: true })).toMatchObject({ rejected: 1 });
    await t.enqueuer.enqueue([t.version('elsewhere/x.txt')], { retry: true });
    expect(t.metrics.counts.get('keyRejected:dot-segment:webhook')).toBe(1);
    expect(t.metrics.counts.get('notificationIgnored:outside-prefix')).toBeUndefined();
    expect(t.warnings).toHaveLength(1);
    expect(t.ledger.marked.has(ingestJobId(bad))).toBe(false);
  });

  it('still adds a (deduplicated) job for a known version, and reports settled ones', async () => {
    const t = setup();
    const v = t.version('incoming/a.txt');
    await t.ledger.mark(ingestJobId(v), 'published');
    expect(await t.enqueuer.enqueue([v])).toEqual({ enqueued: 1, ignored: 0, rejected: 0, settled: 1 });
    // "received" never overwrites an outcome.
    expect(t.ledger.marked.get(ingestJobId(v))).toBe('published');
  });

  it('with onlyUnseen leaves out versions the ledger knows (the scan)', async () => {
    const t = setup();
    const known = t.version('incoming/a.txt');
    const pending = t.version('incoming/bb.txt');
    await t.ledger.mark(ingestJobId(known), 'published');
    await t.ledger.mark(ingestJobId(pending), 'received');
    const fresh = t.version('incoming/ccc.txt', { trigger: 'scan' });
    expect(await t.enqueuer.enqueue([known, pending, fresh], { onlyUnseen: true })).toEqual({
      enqueued: 1,
      ignored: 0,
      rejected: 0,
      settled: 1,
    });
    expect(t.added.map((j) => j.data.key)).toEqual(['incoming/ccc.txt']);
  });

  it('with force drops the ledger entry and the finished job first, so the version runs again', async () => {
    const t = setup();
    const v = t.version('incoming/a.txt', { trigger: 'replay' });
    await t.ledger.mark(ingestJobId(v), 'published');
    expect(await t.enqueuer.enqueue([v], { force: true, onlyUnseen: true })).toMatchObject({ enqueued: 1 });
    expect(t.removed).toEqual([ingestJobId(v)]);
    expect(t.ledger.marked.get(ingestJobId(v))).toBe('received');
  });

  it('marks nothing received when the queue refuses the batch (the caller retries)', async () => {
    const t = setup();
    t.failNextAdd();
    await expect(t.enqueuer.enqueue([t.version('incoming/a.txt')])).rejects.toThrow('redis down');
    expect(t.ledger.marked.size).toBe(0);
  });

  it('enqueues nothing and asks nothing for an empty batch', async () => {
    const t = setup();
    expect(await t.enqueuer.enqueue([])).toEqual({ enqueued: 0, ignored: 0, rejected: 0, settled: 0 });
    expect(t.ledger.asked.ids).toBe(0);
  });

  it('adds one removal job per removed key, its id from the removal, and writes no ledger entry', async () => {
    const t = setup();
    const removal = objectRemoval({
      bucket: BUCKET,
      key: 'incoming/a.txt',
      reason: 'object-removed',
      trigger: 'sqs',
      eventTime: '2026-11-30T08:00:00.000Z',
    });
    expect(await t.enqueuer.remove([removal])).toEqual({ enqueued: 1, ignored: 0, rejected: 0, settled: 0 });
    expect(t.added).toMatchObject([
      { name: 'removal', data: removal, opts: { jobId: removalJobId(removal) } },
    ]);
    expect(t.ledger.marked.size).toBe(0);
  });

  it('filters removals like versions: other buckets, other prefixes, refused keys', async () => {
    const t = setup();
    const removal = (key: string, bucket = BUCKET) =>
      objectRemoval({
        bucket,
        key,
        reason: 'object-removed',
        trigger: 'webhook',
        eventTime: '2026-11-30T08:00:00.000Z',
      });
    expect(
      await t.enqueuer.remove([
        removal('incoming/a.txt', 'other'),
        removal('elsewhere/a.txt'),
        removal('incoming/../a'),
      ]),
    ).toEqual({ enqueued: 0, ignored: 2, rejected: 1, settled: 0 });
    expect(t.added).toHaveLength(0);
  });
});
