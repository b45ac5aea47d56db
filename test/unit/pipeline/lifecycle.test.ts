// The article lifecycle on in-memory ports: corrections (article.updated), unchanged re-uploads (nothing),
// out-of-order versions (stale), takedowns (article.deleted, idempotent), and what is not a takedown.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ArticleEvent } from '../../../src/events/article-event.js';
import { deletedEventIdFor, documentIdFor, eventIdFor } from '../../../src/ids.js';
import { processObject } from '../../../src/pipeline/process-object.js';
import { processRemoval } from '../../../src/pipeline/process-removal.js';
import { type DeletionReason, objectRemoval, removalJobId } from '../../../src/queue/object-removal.js';
import { ingestJobId, type ObjectVersion } from '../../../src/queue/object-version.js';
import { syntheticArticle } from '../../helpers/articles.js';
import { MEMORY_BUCKET, memoryIngest } from '../../helpers/memory-ingest.js';

const log = pino({ level: 'silent' });
const BUCKET = MEMORY_BUCKET;
const KEY = 'incoming/story.txt';

function setup(options: { versioned?: boolean; dedupPolicy?: 'publish' | 'drop' | 'link' } = {}) {
  const ports = memoryIngest({
    ...options,
    settings: { maxObjectBytes: 1 << 20, maxArticlesPerObject: 10 },
    now: new Date('2026-11-30T09:00:00.000Z'),
  });
  const { store, ledger, keyStates, publisher, deps } = ports;
  const upload = async (body: string, key = KEY, extra: Partial<ObjectVersion> = {}) =>
    processObject(ports.jobFor(key, body, extra), deps, log);
  const remove = (
    key = KEY,
    reason: DeletionReason = 'object-removed',
    eventTime = store.now().toISOString(),
  ) => {
    const removal = objectRemoval({ bucket: BUCKET, key, reason, trigger: 'test', eventTime });
    return processRemoval({ id: removalJobId(removal), removal }, deps, log);
  };
  const events = () => publisher.events;
  const ofType = <T extends ArticleEvent['type']>(type: T) =>
    publisher.events.filter((e): e is Extract<ArticleEvent, { type: T }> => e.type === type);
  return { store, ledger, keyStates, deps, upload, remove, events, ofType };
}

/** A corrected version: the same story with one paragraph reworded and one added. */
function corrected(body: string): string {
  return `${body.replace('Report', 'Corrected report')}\nA correction was appended to this story on Monday.\n`;
}

describe('corrections', () => {
  it('publish a new version of a published document as article.updated superseding it', async () => {
    const t = setup();
    const original = syntheticArticle(1);
    await t.upload(original);
    await t.upload(corrected(original));
    const [parsed] = t.ofType('article.parsed');
    const [updated] = t.ofType('article.updated');
    expect(t.events().map((e) => e.type)).toEqual(['article.parsed', 'article.updated']);
    expect(updated).toMatchObject({
      documentId: parsed!.documentId,
      supersedes: { articleId: parsed!.articleId, eventId: parsed!.eventId },
      duplicate: null,
      eventId: eventIdFor(updated!.articleId),
    });
    expect(updated!.versionOrder > parsed!.versionOrder!).toBe(true);
    expect(updated!.article.body).toContain('A correction was appended');
  });

  it('never judge a correction a duplicate of its own earlier versions, even with DEDUP_POLICY=drop', async () => {
    const t = setup({ dedupPolicy: 'drop' });
    const original = syntheticArticle(2);
    await t.upload(original);
    await t.upload(corrected(original));
    await t.upload(corrected(corrected(original)));
    expect(t.events().map((e) => e.type)).toEqual(['article.parsed', 'article.updated', 'article.updated']);
    const [first, second] = t.ofType('article.updated');
    expect(second!.supersedes.articleId).toBe(first!.articleId);
  });

  it('yield nothing for an unchanged re-upload (same normalised body, other bytes)', async () => {
    const t = setup();
    const original = syntheticArticle(3);
    await t.upload(original);
    const again = await t.upload(`${original}\n\n\n`);
    expect(again).toMatchObject({ outcome: 'published', eventIds: [] });
    expect(t.events()).toHaveLength(1);
    const story = await t.ledger.versionsOf(BUCKET, KEY);
    expect(await t.ledger.get(story[1]!.jobId)).toMatchObject({ state: 'published', reason: 'unchanged' });
  });

  it('link duplicates of a document to the document, which a correction keeps', async () => {
    const t = setup();
    const original = syntheticArticle(4);
    await t.upload(original);
    await t.upload(original, 'incoming/copy.txt');
    const [parsed] = t.ofType('article.parsed');
    const [duplicate] = t.ofType('article.duplicate');
    expect(duplicate!.duplicate).toMatchObject({ of: parsed!.articleId, documentId: parsed!.documentId });
    await t.upload(corrected(original));
    expect(t.ofType('article.updated')[0]!.documentId).toBe(duplicate!.duplicate.documentId);
  });

  it('mark a correction that duplicates another document, naming that document', async () => {
    const t = setup();
    await t.upload(syntheticArticle(5), 'incoming/other.txt');
    await t.upload(syntheticArticle(6));
    await t.upload(syntheticArticle(5));
    const [other] = t.ofType('article.parsed');
    const [updated] = t.ofType('article.updated');
    expect(updated!.duplicate).toMatchObject({
      of: other!.articleId,
      kind: 'exact',
      documentId: other!.documentId,
    });
  });

  it('skip an older version that arrives after a newer one', async () => {
    const t = setup({ versioned: true });
    const v1 = t.store.put(KEY, syntheticArticle(7));
    const v2 = t.store.put(KEY, corrected(syntheticArticle(7)));
    const job = (out: typeof v1) => {
      const version: ObjectVersion = {
        bucket: BUCKET,
        key: KEY,
        etag: out.etag,
        versionId: out.versionId!,
        trigger: 'test',
      };
      return { id: ingestJobId(version), version };
    };
    await processObject(job(v2), t.deps, log);
    expect(await processObject(job(v1), t.deps, log)).toEqual({ outcome: 'stale' });
    expect(t.events().map((e) => e.type)).toEqual(['article.parsed']);
    expect(t.events()[0]!.source.versionId).toBe(v2.versionId);
  });

  it('publish nothing new when the same version runs again after its ledger entry was lost', async () => {
    const t = setup();
    const first = await t.upload(syntheticArticle(8));
    for (const id of t.ledger.entries.keys()) await t.ledger.forget(id);
    const again = await t.upload(syntheticArticle(8));
    expect(again).toMatchObject({ outcome: 'published', eventIds: [] });
    expect(t.events()).toHaveLength(1);
    const [entry] = await t.ledger.versionsOf(BUCKET, KEY);
    expect((await t.ledger.get(entry!.jobId))?.eventIds).toEqual(
      first.outcome === 'published' ? first.eventIds : [],
    );
  });

  it('retract the documents a new version of a container no longer holds', async () => {
    const t = setup();
    const record = (n: number) => JSON.stringify({ headline: `Story ${n}`, body: syntheticArticle(n) });
    await t.upload([record(10), record(11)].join('\n'), 'incoming/feed.jsonl');
    await t.upload(record(10), 'incoming/feed.jsonl');
    const deleted = t.ofType('article.deleted');
    expect(deleted).toHaveLength(1);
    // The retracted story is no canonical any more: a copy of it elsewhere is published as the original.
    await t.upload(record(11), 'incoming/other-feed.jsonl');
    expect(t.events().at(-1)?.type).toBe('article.parsed');
    expect(deleted[0]).toMatchObject({
      documentId: documentIdFor({ bucket: BUCKET, key: 'incoming/feed.jsonl' }, 1),
      source: { position: 1 },
      deletion: { reason: 'object-removed' },
    });
  });
});

describe('takedowns', () => {
  it('retract every published article of a removed key once, leaving a tombstone', async () => {
    const t = setup();
    const record = (n: number) => JSON.stringify({ headline: `Story ${n}`, body: syntheticArticle(n) });
    await t.upload([record(20), record(21)].join('\n'), KEY);
    t.store.delete(KEY);
    const outcome = await t.remove(KEY, 'object-removed', '2026-11-30T10:00:00.000Z');
    const parsed = t.ofType('article.parsed');
    const deleted = t.ofType('article.deleted');
    expect(deleted.map((e) => e.eventId)).toEqual(parsed.map((e) => deletedEventIdFor(e.articleId)));
    expect(outcome).toEqual({ outcome: 'deleted', eventIds: deleted.map((e) => e.eventId) });
    expect(deleted[0]).toMatchObject({
      articleId: parsed[0]!.articleId,
      documentId: parsed[0]!.documentId,
      versionOrder: '2026-11-30T10:00:00.000Z/00000000000000000000000000000000',
      source: { bucket: BUCKET, key: KEY, position: 0, etag: parsed[0]!.source.etag },
      deletion: { reason: 'object-removed' },
    });
    expect(t.keyStates.live.size).toBe(0);
    expect((await t.keyStates.get(BUCKET, KEY))?.deleted).toBe(true);
    // The removal is part of the key's story.
    const versions = await t.ledger.versionsOf(BUCKET, KEY);
    expect(await t.ledger.get(versions.at(-1)!.jobId)).toMatchObject({
      state: 'deleted',
      reason: 'object-removed',
    });
    // The same removal again, or another notification of it, or the scan: nothing more.
    expect(await t.remove(KEY, 'object-removed', '2026-11-30T10:00:00.000Z')).toEqual({
      outcome: 'already-done',
      state: 'deleted',
    });
    expect(await t.remove(KEY, 'scan-missing', '2026-11-30T11:00:00.000Z')).toEqual({
      outcome: 'nothing-published',
    });
    expect(t.ofType('article.deleted')).toHaveLength(2);
  });

  it('take the retracted articles out of the duplicate index: a later copy is the original', async () => {
    const t = setup({ dedupPolicy: 'drop' });
    await t.upload(syntheticArticle(27));
    t.store.delete(KEY);
    await t.remove();
    // With DEDUP_POLICY=drop a copy judged a duplicate of the retracted story would be thrown away.
    await t.upload(syntheticArticle(27), 'incoming/elsewhere.txt');
    expect(t.events().map((e) => e.type)).toEqual(['article.parsed', 'article.deleted', 'article.parsed']);
  });

  it('carry the delete-marker reason of a versioned bucket', async () => {
    const t = setup({ versioned: true });
    await t.upload(syntheticArticle(22));
    t.store.delete(KEY);
    await t.remove(KEY, 'delete-marker');
    expect(t.ofType('article.deleted')[0]!.deletion.reason).toBe('delete-marker');
  });

  it('are not a removal of a key that still exists (an old version deleted, or written again)', async () => {
    const t = setup({ versioned: true });
    await t.upload(syntheticArticle(23));
    expect(await t.remove()).toEqual({ outcome: 'key-exists' });
    expect(t.ofType('article.deleted')).toHaveLength(0);
    expect(t.keyStates.live.size).toBe(1);
  });

  it('are not a removal of a key that never published anything', async () => {
    const t = setup();
    expect(await t.remove('incoming/never.txt')).toEqual({ outcome: 'nothing-published' });
    expect(t.events()).toHaveLength(0);
  });

  it('ignore a removal older than the version applied since', async () => {
    const t = setup();
    await t.upload(syntheticArticle(24));
    t.store.delete(KEY);
    expect(await t.remove(KEY, 'object-removed', '2026-11-29T00:00:00.000Z')).toEqual({ outcome: 'stale' });
    expect(t.ofType('article.deleted')).toHaveLength(0);
  });

  it('keep a deleted document deleted when an older version arrives late, and bring it back on a newer upload', async () => {
    const t = setup({ versioned: true });
    const v1 = t.store.put(KEY, syntheticArticle(25));
    const v1Version: ObjectVersion = {
      bucket: BUCKET,
      key: KEY,
      etag: v1.etag,
      versionId: v1.versionId!,
      trigger: 'test',
    };
    await t.upload(corrected(syntheticArticle(25)));
    t.store.delete(KEY);
    await t.remove();
    expect(await processObject({ id: ingestJobId(v1Version), version: v1Version }, t.deps, log)).toEqual({
      outcome: 'stale',
    });
    const back = await t.upload(syntheticArticle(26));
    expect(back.outcome).toBe('published');
    expect(t.events().map((e) => e.type)).toEqual(['article.parsed', 'article.deleted', 'article.parsed']);
  });
});
