// The indexer's pure parts (no PostgreSQL needed): language configs, event → row, error
// classification, search parameters, configuration.
import { describe, expect, it } from 'vitest';
import { articleRowOf } from '../../../src/indexer/article-row.js';
import { loadIndexerConfig, withIndexerQueue } from '../../../src/indexer/config.js';
import { isPermanentDbError } from '../../../src/indexer/db-errors.js';
import { searchParamsSchema, searchQueryValues } from '../../../src/indexer/search-query.js';
import { allTextSearchConfigs, textSearchConfigFor } from '../../../src/indexer/text-search-config.js';
import { exampleArticleEvent } from '../../../src/subscriber/example-event.js';

describe('indexer (pure)', () => {
  it('maps languages to text search configs, else simple', () => {
    expect(textSearchConfigFor('en')).toBe('english');
    expect(textSearchConfigFor('FR')).toBe('french');
    expect(textSearchConfigFor('und')).toBe('simple');
    expect(textSearchConfigFor('xx')).toBe('simple');
    expect(textSearchConfigFor(null)).toBe('simple');
    expect(allTextSearchConfigs()).toContain('simple');
    expect(new Set(allTextSearchConfigs()).size).toBe(allTextSearchConfigs().length);
  });

  it('turns an event into a row with lineage, entities and the duplicate link', () => {
    const canonical = exampleArticleEvent({ n: 1, people: ['Sergei Lavrov'] });
    const event = exampleArticleEvent({
      n: 2,
      duplicateOf: { of: canonical.articleId, kind: 'near', similarity: 0.9 },
    });
    event.source.versionId = 'v7';
    event.article.publishedAt = 'not a date';
    const row = articleRowOf(event);
    expect(row).toMatchObject({
      article_id: event.articleId,
      event_id: event.eventId,
      event_type: 'article.duplicate',
      ts_config: 'english',
      duplicate_of: canonical.articleId,
      duplicate_kind: 'near',
      similarity: 0.9,
      source_bucket: 'news-raw',
      source_key: event.source.key,
      source_version: 'v7',
      source_etag: event.source.etag,
      source_position: 0,
      published_at: null,
      places: ['Geneva'],
    });
    expect(articleRowOf(canonical)).toMatchObject({ people: ['Sergei Lavrov'], duplicate_of: null });
    expect(
      articleRowOf({ ...canonical, article: { ...canonical.article, publishedAt: '2026-11-02' } })
        .published_at,
    ).toBe('2026-11-02T00:00:00.000Z');
  });

  it('classifies data and constraint errors as permanent, the rest as transient', () => {
    expect(isPermanentDbError({ code: '22021' })).toBe(true); // invalid byte sequence
    expect(isPermanentDbError({ code: '23514' })).toBe(true); // check violation
    expect(isPermanentDbError({ code: '40P01' })).toBe(false); // deadlock
    expect(isPermanentDbError({ code: '57P01' })).toBe(false); // admin shutdown
    expect(isPermanentDbError(new Error('ECONNRESET'))).toBe(false);
  });

  it('validates search parameters and searches every config unless a language is given', () => {
    const params = searchParamsSchema.parse({ q: '  Lavrov Rubio  ', limit: '5' });
    expect(params).toEqual({ q: 'Lavrov Rubio', limit: 5 });
    expect(searchQueryValues(params)).toEqual(['Lavrov Rubio', allTextSearchConfigs(), null, null, 5]);
    expect(
      searchQueryValues(searchParamsSchema.parse({ q: 'x', lang: 'de', person: 'Olaf Scholz' })),
    ).toEqual(['x', ['german'], 'de', 'Olaf Scholz', 10]);
    expect(searchParamsSchema.safeParse({ q: '' }).success).toBe(false);
    expect(searchParamsSchema.safeParse({ q: 'x', limit: '1000' }).success).toBe(false);
    expect(searchParamsSchema.safeParse({ q: 'x', lang: 'english' }).success).toBe(false);
  });

  it('adds its queue to the publish set once (the all-in-one start)', () => {
    const service = loadIndexerConfig({ DATABASE_URL: 'postgres://x' }).service;
    expect(withIndexerQueue(service, 'search-index').queues.publish).toEqual(['articles', 'search-index']);
    const both = loadIndexerConfig({ DATABASE_URL: 'postgres://x', PUBLISH_QUEUES: 'articles,search-index' });
    expect(withIndexerQueue(both.service, 'search-index').queues.publish).toEqual([
      'articles',
      'search-index',
    ]);
  });

  it('reads its own variables beside the service config and requires DATABASE_URL', () => {
    const config = loadIndexerConfig({ DATABASE_URL: 'postgres://x@db/news', QUEUE_PREFIX: '{p}' });
    expect(config).toMatchObject({
      queue: 'search-index',
      concurrency: 4,
      databaseUrl: 'postgres://x@db/news',
    });
    expect(config.service.queues.prefix).toBe('{p}');
    expect(
      loadIndexerConfig({ DATABASE_URL: 'postgres://x', INDEXER_QUEUE: 'idx', INDEXER_CONCURRENCY: '2' }),
    ).toMatchObject({ queue: 'idx', concurrency: 2 });
    expect(() => loadIndexerConfig({})).toThrow(/DATABASE_URL: required/);
    // No HTTP server (no port) unless asked.
    expect(loadIndexerConfig({ DATABASE_URL: 'postgres://x' }).httpPort).toBeUndefined();
    expect(loadIndexerConfig({ DATABASE_URL: 'postgres://x', INDEXER_HTTP_PORT: '3001' }).httpPort).toBe(
      3001,
    );
    expect(() => loadIndexerConfig({ DATABASE_URL: 'postgres://x', INDEXER_HTTP_PORT: 'web' })).toThrow(
      /INDEXER_HTTP_PORT/,
    );
    expect(() => loadIndexerConfig({ DATABASE_URL: 'postgres://x', INDEXER_CONCURRENCY: '0' })).toThrow(
      /INDEXER_CONCURRENCY/,
    );
  });
});
