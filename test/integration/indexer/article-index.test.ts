// The index on real PostgreSQL: migrations, idempotent upserts, ranked search with highlights,
// language configs and duplicate folding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgArticleIndex } from '../../../src/indexer/article-index.js';
import { loadMigrations, migrate } from '../../../src/indexer/migrate.js';
import { searchArticles } from '../../../src/indexer/search.js';
import { searchParamsSchema } from '../../../src/indexer/search-query.js';
import { exampleArticleEvent } from '../../../src/subscriber/example-event.js';
import { type FreshSchema, freshSchema, postgresUnavailable } from './postgres.js';

const skip = await postgresUnavailable();
if (skip) console.warn(`skipping indexer PostgreSQL tests: ${skip}`);

const search = (db: FreshSchema, q: string, extra: Record<string, unknown> = {}) =>
  searchArticles(db.pool, searchParamsSchema.parse({ q, ...extra }));

describe.skipIf(skip !== null)('article index (PostgreSQL)', () => {
  let db: FreshSchema;
  beforeAll(async () => {
    db = await freshSchema('index');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('applies each migration once, in order', async () => {
    const first = await migrate(db.pool);
    expect(first).toEqual(loadMigrations().map((m) => m.id));
    expect(await migrate(db.pool)).toEqual([]);
    const { rows } = await db.pool.query('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(first);
  });

  it('keeps one row per document: a redelivered event changes nothing, a newer processing replaces the row', async () => {
    const index = createPgArticleIndex(db.pool);
    const event = exampleArticleEvent({ n: 1 });
    expect(await index.apply(event)).toBe('inserted');
    const before = await db.pool.query('SELECT updated_at, headline FROM articles WHERE article_id = $1', [
      event.articleId,
    ]);
    expect(await index.apply(event)).toBe('unchanged');
    const older = {
      ...event,
      processedAt: '2020-01-01T00:00:00.000Z',
      article: { ...event.article, headline: 'Old' },
    };
    expect(await index.apply(older)).toBe('unchanged');
    const after = await db.pool.query('SELECT updated_at, headline FROM articles WHERE article_id = $1', [
      event.articleId,
    ]);
    expect(after.rows).toEqual(before.rows);
    const newer = {
      ...event,
      processedAt: '2027-01-01T00:00:00.000Z',
      article: { ...event.article, headline: 'Grain corridor talks collapse' },
    };
    expect(await index.apply(newer)).toBe('updated');
    const { rows } = await db.pool.query('SELECT count(*)::int AS n, max(headline) AS h FROM articles');
    expect(rows[0]).toEqual({ n: 1, h: 'Grain corridor talks collapse' });
  });

  it('indexes text holding U+0000, which PostgreSQL text and jsonb refuse, without it', async () => {
    const index = createPgArticleIndex(db.pool);
    const event = exampleArticleEvent({
      n: 2,
      headline: 'Null\u0000byte',
      paragraphs: ['Body with a \u0000 NUL.'],
    });
    expect(await index.apply(event)).toBe('inserted');
    const { rows } = await db.pool.query(
      "SELECT headline, event->'article'->>'body' AS body FROM articles WHERE article_id = $1",
      [event.articleId],
    );
    expect(rows[0]).toEqual({ headline: 'Nullbyte', body: 'Body with a  NUL.' });
    await db.pool.query('DELETE FROM articles WHERE article_id = $1', [event.articleId]);
  });

  it('ranks headline matches above body matches and highlights the terms', async () => {
    const index = createPgArticleIndex(db.pool);
    await index.apply(
      exampleArticleEvent({
        n: 10,
        headline: 'Wheat prices climb',
        paragraphs: ['Traders in Chicago watched wheat futures.', 'The harvest in Kansas was late.'],
      }),
    );
    await index.apply(
      exampleArticleEvent({
        n: 11,
        headline: 'Harvest report',
        paragraphs: ['Farmers said the harvest was poor.', 'Some mention of wheat appears here only.'],
      }),
    );
    const results = await search(db, 'wheat');
    expect(results.map((r) => r.articleId)).toEqual([
      exampleArticleEvent({ n: 10 }).articleId,
      exampleArticleEvent({ n: 11 }).articleId,
    ]);
    expect(results[0]!.rank).toBeGreaterThan(results[1]!.rank);
    expect(results[0]!.headlineHighlight).toBe('<mark>Wheat</mark> prices climb');
    expect(results[1]!.snippet).toContain('<mark>wheat</mark>');
  });

  it('stems with the article language config and honours websearch syntax, --lang and --person', async () => {
    const index = createPgArticleIndex(db.pool);
    await index.apply(
      exampleArticleEvent({
        n: 20,
        language: 'fr',
        headline: 'Les négociations reprennent',
        paragraphs: ['Les ministres ont négocié toute la nuit à Bruxelles.'],
        people: ['Emmanuel Macron'],
      }),
    );
    await index.apply(
      exampleArticleEvent({
        n: 21,
        language: 'und',
        headline: 'Zzyzx kalimera',
        paragraphs: ['Zzyzx kalimera zzyzx.'],
      }),
    );
    // French stemming: "négociation" matches "négociations" only under the french config.
    const french = await search(db, 'négociation');
    expect(french.map((r) => r.articleId)).toEqual([exampleArticleEvent({ n: 20 }).articleId]);
    expect((await search(db, 'zzyzx')).map((r) => r.language)).toEqual(['und']);
    expect(await search(db, 'négociation', { lang: 'en' })).toEqual([]);
    expect(await search(db, 'négociation', { lang: 'fr', person: 'Emmanuel Macron' })).toHaveLength(1);
    expect(await search(db, 'négociation', { person: 'Someone Else' })).toEqual([]);
    expect(await search(db, 'wheat -harvest')).toHaveLength(0);
    expect(await search(db, '"wheat futures"')).toHaveLength(1);
  });

  it('folds duplicates under their canonical', async () => {
    const index = createPgArticleIndex(db.pool);
    const paragraphs = ['Quantum lattice breakthrough announced by researchers in Delft.'];
    const canonical = exampleArticleEvent({ n: 30, headline: 'Quantum lattice', paragraphs });
    const copy = exampleArticleEvent({
      n: 31,
      headline: 'Quantum lattice',
      paragraphs,
      key: 'incoming/copy of quantum.txt',
      duplicateOf: { of: canonical.articleId, kind: 'exact', similarity: 1 },
    });
    const near = exampleArticleEvent({
      n: 32,
      headline: 'Quantum lattice (updated)',
      paragraphs,
      duplicateOf: { of: canonical.articleId, kind: 'near', similarity: 0.93 },
    });
    // Arrival order must not matter: a duplicate indexed before its canonical folds once it arrives.
    await index.apply(copy);
    expect((await search(db, 'quantum lattice')).map((r) => r.duplicateOf)).toEqual([canonical.articleId]);
    await index.apply(canonical);
    await index.apply(near);
    const results = await search(db, 'quantum lattice');
    expect(results).toHaveLength(1);
    expect(results[0]!.articleId).toBe(canonical.articleId);
    expect(results[0]!.duplicates).toEqual([
      { articleId: copy.articleId, key: 'incoming/copy of quantum.txt', kind: 'exact', similarity: 1 },
      { articleId: near.articleId, key: near.source.key, kind: 'near', similarity: expect.closeTo(0.93, 5) },
    ]);
  });
});
