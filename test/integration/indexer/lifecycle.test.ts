// The document lifecycle on real PostgreSQL: updates replace the row, deletions remove it and leave a
// tombstone, and any arrival order of one document's events converges on what the latest says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleEvent } from '../../../src/events/article-event.js';
import { documentIdFor } from '../../../src/ids.js';
import { createPgArticleIndex } from '../../../src/indexer/article-index.js';
import { loadMigrations, migrate } from '../../../src/indexer/migrate.js';
import { searchArticles } from '../../../src/indexer/search.js';
import { searchParamsSchema } from '../../../src/indexer/search-query.js';
import {
  exampleArticleEvent,
  exampleDeletedEvent,
  exampleUpdatedEvent,
  exampleVersionOrder,
} from '../../../src/subscriber/example-event.js';
import { type FreshSchema, freshSchema, postgresUnavailable } from './postgres.js';

const skip = await postgresUnavailable();
if (skip) console.warn(`skipping indexer lifecycle tests: ${skip}`);

/** Every order of the items (n! of them; n ≤ 4 here). */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** A document's versions: v1 parsed, v2 and v4 corrections, a takedown at v3. Words say which version. */
function lifecycleOf(n: number) {
  const words = (v: string) => [`Harbour ferry ${v} timetable ${n} announced by the port authority.`];
  const parsed = exampleArticleEvent({ n, paragraphs: words('alpha'), versionOrder: exampleVersionOrder(1) });
  const updated = exampleUpdatedEvent(parsed, { n, version: 2, paragraphs: words('bravo') });
  const deleted = exampleDeletedEvent(updated, { version: 3 });
  const reuploaded = exampleUpdatedEvent(updated, { n, version: 4, paragraphs: words('delta') });
  return { parsed, updated, deleted, reuploaded };
}

describe.skipIf(skip !== null)('document lifecycle in the index (PostgreSQL)', () => {
  let db: FreshSchema;
  beforeAll(async () => {
    db = await freshSchema('lifecycle');
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const search = (q: string) => searchArticles(db.pool, searchParamsSchema.parse({ q, limit: 100 }));
  const held = async (documentId: string) => {
    const row = await db.pool.query('SELECT article_id, version_order FROM articles WHERE document_id = $1', [
      documentId,
    ]);
    const tomb = await db.pool.query('SELECT version_order FROM document_tombstones WHERE document_id = $1', [
      documentId,
    ]);
    return { row: row.rows[0] ?? null, tombstone: tomb.rows[0]?.version_order ?? null };
  };

  it('replaces the row on an update, removes it on a deletion, and brings back a newer re-upload', async () => {
    const index = createPgArticleIndex(db.pool);
    const { parsed, updated, deleted, reuploaded } = lifecycleOf(100);
    expect(await index.apply(parsed)).toBe('inserted');
    expect((await search('alpha timetable')).map((r) => r.articleId)).toEqual([parsed.articleId]);

    expect(await index.apply(updated)).toBe('updated');
    expect(await search('alpha timetable')).toEqual([]);
    const found = await search('bravo timetable');
    expect(found.map((r) => [r.articleId, r.documentId])).toEqual([[updated.articleId, updated.documentId]]);

    expect(await index.apply(deleted)).toBe('deleted');
    expect(await search('bravo timetable')).toEqual([]);
    expect(await held(deleted.documentId)).toEqual({ row: null, tombstone: deleted.versionOrder });
    // Redelivered: nothing changes.
    expect(await index.apply(deleted)).toBe('unchanged');
    expect(await index.apply(updated)).toBe('unchanged');

    expect(await index.apply(reuploaded)).toBe('inserted');
    expect((await search('delta timetable')).map((r) => r.articleId)).toEqual([reuploaded.articleId]);
    expect(await held(deleted.documentId)).toEqual({
      row: { article_id: reuploaded.articleId, version_order: reuploaded.versionOrder },
      tombstone: null,
    });
  });

  it('converges whatever the arrival order: a delete before the parsed event, an update before it, an older update after a newer one', async () => {
    const index = createPgArticleIndex(db.pool);
    const orders = permutations(['parsed', 'updated', 'deleted'] as const);
    const withReupload = permutations(['parsed', 'updated', 'deleted', 'reuploaded'] as const);
    let n = 200;
    for (const order of orders) {
      const events = lifecycleOf(n++);
      for (const name of order) await index.apply(events[name]);
      expect({ order, ...(await held(events.parsed.documentId!)) }).toEqual({
        order,
        row: null,
        tombstone: events.deleted.versionOrder,
      });
    }
    for (const order of withReupload) {
      const events = lifecycleOf(n++);
      for (const name of order) await index.apply(events[name]);
      expect({ order, ...(await held(events.parsed.documentId!)) }).toEqual({
        order,
        row: { article_id: events.reuploaded.articleId, version_order: events.reuploaded.versionOrder },
        tombstone: null,
      });
    }
    // Without the deletion: the newest update wins, an older one arriving after it is ignored.
    const { parsed, updated, reuploaded } = lifecycleOf(n++);
    expect(await index.apply(reuploaded)).toBe('inserted');
    expect(await index.apply(updated)).toBe('unchanged');
    expect(await index.apply(parsed)).toBe('unchanged');
    expect((await held(parsed.documentId!)).row).toEqual({
      article_id: reuploaded.articleId,
      version_order: reuploaded.versionOrder,
    });
    expect(await search('alpha timetable')).toEqual([]);
    expect(await search('bravo timetable')).toEqual([]);
  });

  it('converges when one document’s events are applied concurrently', async () => {
    const index = createPgArticleIndex(db.pool);
    const documents = Array.from({ length: 12 }, (_, i) => lifecycleOf(400 + i));
    await Promise.all(
      documents.flatMap((d, i) =>
        (i % 2 === 0
          ? [d.reuploaded, d.deleted, d.updated, d.parsed]
          : [d.parsed, d.deleted, d.reuploaded]
        ).map((e) => index.apply(e)),
      ),
    );
    for (const d of documents) {
      expect((await held(d.parsed.documentId!)).row?.article_id).toBe(d.reuploaded.articleId);
    }
  });

  it('applies events without versionOrder or documentId (published before them) as before', async () => {
    const index = createPgArticleIndex(db.pool);
    const {
      documentId: _d,
      versionOrder: _v,
      ...old
    } = exampleArticleEvent({ n: 500, headline: 'Lighthouse keeper' });
    const oldEvent = old as ArticleEvent;
    const documentId = documentIdFor(old.source, old.source.position);
    expect(await index.apply(oldEvent)).toBe('inserted');
    expect((await held(documentId)).row).toEqual({ article_id: old.articleId, version_order: null });
    // A later processing of an old event still replaces it, an earlier one does not.
    const later = { ...oldEvent, processedAt: '2027-01-01T00:00:00.000Z' } as ArticleEvent;
    expect(await index.apply({ ...oldEvent, processedAt: '2020-01-01T00:00:00.000Z' } as ArticleEvent)).toBe(
      'unchanged',
    );
    expect(await index.apply(later)).toBe('updated');
    // The new producer's update of that document (same documentId by the same rule) replaces it, and an
    // old event arriving afterwards is older than any versioned one.
    const updated = exampleUpdatedEvent(
      { ...old, documentId },
      { n: 500, version: 2, headline: 'Lighthouse keeper retires' },
    );
    expect(await index.apply(updated)).toBe('updated');
    expect(await index.apply(later)).toBe('unchanged');
    const deleted = exampleDeletedEvent(updated, { version: 3 });
    expect(await index.apply(deleted)).toBe('deleted');
    expect(await index.apply(later)).toBe('unchanged');
    expect(await search('lighthouse keeper')).toEqual([]);
  });

  it('keeps duplicates folded under their canonical when it is updated, and never returns a retracted one', async () => {
    const index = createPgArticleIndex(db.pool);
    const paragraphs = (v: string) => [
      `Glacier survey ${v} finds the Rhône ice front retreated again this summer.`,
    ];
    const canonical = exampleArticleEvent({
      n: 600,
      headline: 'Glacier survey',
      paragraphs: paragraphs('first'),
      versionOrder: exampleVersionOrder(1),
    });
    // An old-style duplicate names only the canonical's first article id; a new one its document too.
    const oldCopy = exampleArticleEvent({
      n: 601,
      headline: 'Glacier survey',
      paragraphs: paragraphs('first'),
      duplicateOf: { of: canonical.articleId, kind: 'exact', similarity: 1 },
    });
    const corrected = exampleUpdatedEvent(canonical, {
      n: 600,
      version: 2,
      headline: 'Glacier survey',
      paragraphs: paragraphs('corrected'),
    });
    const newCopy = exampleArticleEvent({
      n: 602,
      headline: 'Glacier survey',
      paragraphs: paragraphs('corrected'),
      duplicateOf: { of: corrected.articleId, kind: 'near', similarity: 0.9 },
    });
    const newCopyWithDocument = {
      ...newCopy,
      duplicate: { ...newCopy.duplicate!, documentId: canonical.documentId },
    } as ArticleEvent;
    // The copy pointing at the corrected version arrives before the correction does.
    await index.apply(newCopyWithDocument);
    await index.apply(canonical);
    await index.apply(oldCopy);
    await index.apply(corrected);
    const results = await search('glacier survey');
    expect(results.map((r) => r.articleId)).toEqual([corrected.articleId]);
    expect(results[0]!.duplicates.map((d) => d.articleId).sort()).toEqual(
      [oldCopy.articleId, newCopy.articleId].sort(),
    );

    await index.apply(exampleDeletedEvent(corrected, { version: 3 }));
    const after = await search('glacier survey');
    expect(after.map((r) => r.articleId).sort()).toEqual([oldCopy.articleId, newCopy.articleId].sort());
    expect(after.every((r) => r.documentId !== canonical.documentId && r.duplicateOf !== null)).toBe(true);
  });

  it('migrates an index of one row per article to one row per document', async () => {
    const old = await freshSchema('lifecycle_migration');
    try {
      await migrate(old.pool, loadMigrations().slice(0, 1));
      const first = exampleArticleEvent({ n: 700, headline: 'Tram line' });
      const { documentId: _d, ...withoutDocument } = first;
      const versions = [
        { event: withoutDocument, articleId: 'art-old-1', processedAt: '2026-01-01T00:00:00Z' },
        {
          event: { ...withoutDocument, source: { ...first.source, entry: 'a.txt' } },
          articleId: 'art-old-entry',
          processedAt: '2026-01-01T00:00:00Z',
        },
        // A later version whose event carried documentId (the producer's rule).
        {
          event: { ...first, documentId: documentIdFor(first.source, 0) },
          articleId: 'art-old-2',
          processedAt: '2026-02-01T00:00:00Z',
        },
      ];
      for (const v of versions) {
        await old.pool.query(
          `INSERT INTO articles (article_id, event_id, event_type, body, language, ts_config, source_bucket,
             source_key, source_etag, source_position, processed_at, event)
           VALUES ($1, $1, 'article.parsed', 'Tram line body', 'en', 'english', $2, $3, 'e', 0, $4, $5)`,
          [
            v.articleId,
            first.source.bucket,
            first.source.key,
            v.processedAt,
            JSON.stringify({ ...v.event, articleId: v.articleId }),
          ],
        );
      }
      await migrate(old.pool);
      const { rows } = await old.pool.query(
        'SELECT document_id, article_id FROM articles ORDER BY article_id',
      );
      expect(rows).toEqual(
        [
          { document_id: documentIdFor(first.source, 0, 'a.txt'), article_id: 'art-old-entry' },
          // The derived id (the first row) and the event's (the second) agree, so they are one document.
          { document_id: documentIdFor(first.source, 0), article_id: 'art-old-2' },
        ].sort((a, b) => a.article_id.localeCompare(b.article_id)),
      );
      const versionsRows = await old.pool.query('SELECT count(*)::int AS n FROM document_versions');
      expect(versionsRows.rows[0].n).toBe(3);
    } finally {
      await old.drop();
    }
  });
});
