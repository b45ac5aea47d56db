// Every branch of processObject against in-memory ports (store, ledger, publisher, dedup index, inline
// analyser): no Redis, no S3.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../src/errors/permanent-error.js';
import { TransientError } from '../../../src/errors/transient-error.js';
import { articleIdFor, eventIdFor } from '../../../src/ids.js';
import { analyseObject } from '../../../src/pipeline/analyse-object.js';
import type { AnalyseRunner } from '../../../src/pipeline/analyse-pool.js';
import { processObject } from '../../../src/pipeline/process-object.js';
import { ingestJobId } from '../../../src/queue/object-version.js';
import { syntheticArticle } from '../../helpers/articles.js';
import { MEMORY_BUCKET, memoryIngest } from '../../helpers/memory-ingest.js';

const log = pino({ level: 'silent' });
const BUCKET = MEMORY_BUCKET;

function setup(options: { versioned?: boolean; dedupPolicy?: 'publish' | 'drop' | 'link' } = {}) {
  const ports = memoryIngest(options);
  const { deps } = ports;
  const upload = ports.jobFor;
  const run = (job: ReturnType<typeof upload>, attempt = {}) => processObject(job, deps, log, attempt);
  const failure = (job: ReturnType<typeof upload>, attempt = {}) =>
    run(job, attempt).then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as Error,
    );
  return { ...ports, upload, run, failure };
}

describe('processObject', () => {
  it('publishes one article.parsed per article and walks the ledger through every state', async () => {
    const t = setup();
    const job = t.upload('incoming/a.txt', syntheticArticle(1));
    const outcome = await t.run(job);
    const articleId = articleIdFor({ bucket: BUCKET, key: 'incoming/a.txt', etag: job.version.etag }, 0);
    expect(outcome).toEqual({
      outcome: 'published',
      eventIds: [eventIdFor(articleId)],
      duplicates: 0,
      rejectedItems: 0,
    });
    expect(t.publisher.events.map((e) => [e.type, e.articleId])).toEqual([['article.parsed', articleId]]);
    const entry = await t.ledger.get(job.id);
    expect(entry).toMatchObject({
      state: 'published',
      etag: job.version.etag,
      eventIds: [eventIdFor(articleId)],
    });
    expect(Object.keys(entry?.times ?? {}).sort()).toEqual(['fetched', 'parsed', 'published']);
    expect(await t.ledger.versionsOf(BUCKET, 'incoming/a.txt')).toMatchObject([{ jobId: job.id }]);
    expect(t.metrics.counts.get('articlePublished:parsed')).toBe(1);
  });

  it('does nothing for a version that already has an outcome', async () => {
    const t = setup();
    const job = t.upload('incoming/a.txt', syntheticArticle(1));
    await t.run(job);
    const gets = t.store.gets;
    expect(await t.run(job)).toEqual({ outcome: 'already-done', state: 'published' });
    expect(t.store.gets).toBe(gets);
    expect(t.publisher.events).toHaveLength(1);
  });

  it('re-runs the very job that was quarantined when it is retried, but not a new job for that version', async () => {
    const t = setup();
    const job = t.upload('incoming/empty.txt', '');
    expect(((await t.failure(job, { jobTimestamp: 1 })) as PermanentError).reason).toBe('empty');
    expect(((await t.failure(job, { jobTimestamp: 1 })) as PermanentError).reason).toBe('empty');
    expect(t.store.gets).toBe(2);
    expect(await t.run(job, { jobTimestamp: 2 })).toEqual({ outcome: 'already-done', state: 'quarantined' });
  });

  it('drops a version older than the one applied for its key (its LastModified, then its sequencer)', async () => {
    const t = setup({ versioned: true });
    const older = t.upload('incoming/a.txt', syntheticArticle(2), { sequencer: '00B1' });
    const newer = t.upload('incoming/a.txt', syntheticArticle(3), { sequencer: '00B2' });
    await t.run(newer);
    expect(await t.run(older)).toEqual({ outcome: 'stale' });
    expect(await t.ledger.get(older.id)).toMatchObject({ state: 'skipped', reason: 'stale-event' });
    expect(t.metrics.counts.get('staleEventDropped')).toBe(1);
    expect(t.publisher.events.map((e) => e.type)).toEqual(['article.parsed']);
  });

  it('skips a version that is gone, and one the key no longer holds (superseded), without quarantine', async () => {
    const t = setup();
    const gone = t.upload('incoming/gone.txt', syntheticArticle(5));
    t.store.delete('incoming/gone.txt');
    expect(((await t.failure(gone)) as PermanentError).reason).toBe('gone');
    expect(await t.ledger.get(gone.id)).toMatchObject({ state: 'skipped', reason: 'gone' });
    const v1 = t.upload('incoming/b.txt', syntheticArticle(6));
    t.upload('incoming/b.txt', syntheticArticle(7));
    expect(((await t.failure(v1)) as PermanentError).reason).toBe('superseded');
    expect(await t.ledger.get(v1.id)).toMatchObject({ state: 'skipped', reason: 'superseded' });
    expect([...t.store.objects.keys()].some((k) => k.startsWith('quarantine/'))).toBe(false);
  });

  it('quarantines an oversize object before reading it', async () => {
    const t = setup();
    const job = t.upload('incoming/big.txt', 'x '.repeat(40_000));
    expect(((await t.failure(job)) as PermanentError).reason).toBe('too-large');
    expect(await t.ledger.get(job.id)).toMatchObject({ state: 'quarantined', reason: 'too-large' });
    expect(t.store.objects.has('quarantine/incoming/big.txt')).toBe(true);
    expect(t.metrics.counts.get('quarantined:too-large')).toBe(1);
  });

  it('leaves a transient fetch failure to the retry, with no outcome recorded', async () => {
    const t = setup();
    const job = t.upload('incoming/a.txt', syntheticArticle(8));
    t.store.failNextGet(new TransientError('S3 is slow'));
    expect(await t.failure(job)).toBeInstanceOf(TransientError);
    expect(await t.ledger.get(job.id)).toBeNull();
    expect((await t.run(job)).outcome).toBe('published');
  });

  it('quarantines an object with no article under its most frequent item reason', async () => {
    const t = setup();
    const lines = [{ body: 'too short' }, { headline: 'No body' }, { body: 'also too short' }];
    const job = t.upload('incoming/short.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
    const error = (await t.failure(job)) as PermanentError;
    expect(error.reason).toBe('too-short');
    expect(error.message).toMatch(/^no article among 3 records \(too-short 2, no-body 1\)/);
    expect(await t.ledger.get(job.id)).toMatchObject({ state: 'quarantined', reason: 'too-short' });
    expect(t.store.objects.get('quarantine/incoming/short.jsonl')?.metadata).toMatchObject({
      'quarantine-reason': 'too-short',
    });
  });

  it('publishes the articles of a container and records the items that were not articles', async () => {
    const t = setup();
    const lines = [
      JSON.stringify({ headline: 'One', body: syntheticArticle(9) }),
      JSON.stringify({ headline: 'Two', body: 'too short' }),
      JSON.stringify({ headline: 'Three', body: syntheticArticle(10) }),
    ];
    const job = t.upload('incoming/batch.jsonl', `${lines.join('\n')}\n`);
    const outcome = await t.run(job);
    expect(outcome).toMatchObject({ outcome: 'published', rejectedItems: 1 });
    expect(t.publisher.events.map((e) => e.source.position)).toEqual([0, 2]);
    expect(await t.ledger.get(job.id)).toMatchObject({ rejected: 'too-short 1' });
    expect(t.metrics.counts.get('quarantined:item-too-short')).toBe(1);
  });

  it('quarantines a container with more articles than MAX_ARTICLES_PER_OBJECT', async () => {
    const t = setup();
    const lines = Array.from({ length: 6 }, (_, i) => JSON.stringify({ body: syntheticArticle(20 + i) }));
    const job = t.upload('incoming/many.jsonl', lines.join('\n'));
    expect(((await t.failure(job)) as PermanentError).reason).toBe('too-many-articles');
  });

  it('publishes a duplicate as article.duplicate pointing at the first-seen article', async () => {
    const t = setup();
    const original = t.upload('incoming/a.txt', syntheticArticle(11));
    const copy = t.upload('incoming/copy.txt', syntheticArticle(11));
    await t.run(original);
    expect(await t.run(copy)).toMatchObject({ outcome: 'published', duplicates: 1 });
    const [first, second] = t.publisher.events;
    expect(second).toMatchObject({
      type: 'article.duplicate',
      duplicate: { of: first!.articleId, kind: 'exact' },
    });
    expect(t.metrics.counts.get('articlePublished:duplicate:exact')).toBe(1);
  });

  it('with DEDUP_POLICY=drop publishes no duplicate but records its event id', async () => {
    const t = setup({ dedupPolicy: 'drop' });
    await t.run(t.upload('incoming/a.txt', syntheticArticle(12)));
    const copy = t.upload('incoming/copy.txt', syntheticArticle(12));
    const outcome = await t.run(copy);
    expect(t.publisher.events).toHaveLength(1);
    expect(outcome).toMatchObject({ outcome: 'published', duplicates: 1 });
    expect((await t.ledger.get(copy.id))?.eventIds).toHaveLength(1);
  });

  it('with DEDUP_POLICY=link publishes a duplicate with its lede only', async () => {
    const t = setup({ dedupPolicy: 'link' });
    await t.run(t.upload('incoming/a.txt', syntheticArticle(13)));
    await t.run(t.upload('incoming/copy.txt', syntheticArticle(13)));
    const duplicate = t.publisher.events[1]!;
    expect(duplicate.type).toBe('article.duplicate');
    expect('article' in duplicate && duplicate.article.paragraphs).toHaveLength(1);
  });

  it('quarantines an article that violates the event schema', async () => {
    const t = setup();
    const broken: AnalyseRunner = {
      analyse: async (request) => {
        const result = analyseObject(request);
        if (result.kind !== 'parsed') return result;
        const items = result.result.items.map((i) => ({
          ...i,
          article: { ...i.article, language: 'not-a-code' },
        }));
        return { ...result, result: { ...result.result, items } };
      },
      close: async () => {},
    };
    t.deps.analyser = broken;
    const job = t.upload('incoming/a.txt', syntheticArticle(14));
    const error = (await t.failure(job)) as PermanentError;
    expect(error.reason).toBe('schema-violation');
    expect(await t.ledger.get(job.id)).toMatchObject({ state: 'quarantined', reason: 'schema-violation' });
  });

  it('leaves a failed publish to the retry, which publishes the same event ids once', async () => {
    const t = setup();
    const job = t.upload('incoming/a.txt', syntheticArticle(15));
    t.publisher.failNext(new TransientError('queue unreachable'));
    expect(await t.failure(job)).toBeInstanceOf(TransientError);
    expect((await t.ledger.get(job.id))?.state).toBe('parsed');
    const retry = await t.run(job);
    expect(retry.outcome).toBe('published');
    expect(t.publisher.events).toHaveLength(1);
  });

  it('records a version a trigger named without ETag under its ETag identity too', async () => {
    const t = setup({ versioned: true });
    const job = t.upload('incoming/a.txt', syntheticArticle(16));
    const { etag: _etag, ...withoutEtag } = job.version;
    const provisional = { id: ingestJobId(withoutEtag), version: withoutEtag };
    expect(provisional.id).not.toBe(job.id);
    await t.run(provisional);
    expect((await t.ledger.get(provisional.id))?.state).toBe('published');
    // The scan names the version by its ETag: it finds it settled.
    expect(await t.run(job)).toEqual({ outcome: 'already-done', state: 'published' });
  });

  it('names articles of a versioned bucket by the versionId read, whichever trigger named the version', async () => {
    const t = setup({ versioned: true });
    const job = t.upload('incoming/a.txt', syntheticArticle(17));
    await t.run(job);
    const expected = articleIdFor(
      { bucket: BUCKET, key: 'incoming/a.txt', versionId: job.version.versionId, etag: job.version.etag },
      0,
    );
    expect(t.publisher.events[0]).toMatchObject({
      articleId: expected,
      source: { versionId: job.version.versionId },
    });
  });

  it('rethrows a permanent error it did not classify as quarantine without copying the object', async () => {
    const t = setup();
    const job = t.upload('incoming/a.txt', syntheticArticle(18));
    t.store.failNextGet(new PermanentError('s3-refused', 'refused'));
    expect(((await t.failure(job)) as PermanentError).reason).toBe('s3-refused');
    expect(await t.ledger.get(job.id)).toMatchObject({ state: 'skipped', reason: 's3-refused' });
  });
});
