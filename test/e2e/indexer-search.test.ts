// The reference indexer end to end: the service publishes to `articles` and `search-index`; the
// indexer consumes `search-index` into PostgreSQL; `search` finds the sample, folds its byte-identical
// copy under it, a re-delivered event changes nothing, and search follows an update and a takedown.
import { readFileSync } from 'node:fs';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSearch } from '../../src/cli/commands/search.js';
import type { CliIo } from '../../src/cli/io.js';
import type {
  ArticleContentEvent,
  ArticleDeletedEvent,
  ArticleEvent,
  ArticleUpdatedEvent,
} from '../../src/events/article-event.js';
import { versionOrderFor } from '../../src/events/version-order.js';
import { articleIdFor, deletedEventIdFor, eventIdFor } from '../../src/ids.js';
import { type RunningIndexer, startIndexer } from '../../src/indexer/indexer-service.js';
import type { SearchResult } from '../../src/indexer/search.js';
import { withArticle } from '../helpers/article-events.js';
import { syntheticArticle } from '../helpers/articles.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';
import { type FreshSchema, freshSchema, postgresUnavailable } from '../integration/indexer/postgres.js';

const sample = readFileSync(
  new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url),
);
const skip = await postgresUnavailable();
if (skip) console.warn(`skipping the indexer e2e test: ${skip}`);

describe.skipIf(skip !== null)('upload → search-index queue → indexer → search', () => {
  let svc: TestService;
  let db: FreshSchema;
  let indexer: RunningIndexer;
  let original: ArticleEvent;
  let copy: ArticleContentEvent;

  beforeAll(async () => {
    svc = await startTestService({ PUBLISH_QUEUES: 'articles,search-index' });
    db = await freshSchema('e2e');
    indexer = await startIndexer(
      { service: svc.config, databaseUrl: db.url, queue: 'search-index', concurrency: 2, httpPort: 0 },
      pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    );
    await svc.put('incoming/lavrov.txt', sample, 'text/plain');
    original = (await svc.waitForEvents(1, 20_000, 'search-index'))[0]!;
    await svc.put('incoming/copies/lavrov copy.txt', sample, 'text/plain');
    const events = await svc.waitForEvents(2, 20_000, 'search-index');
    copy = withArticle(events.find((e) => e.source.key === 'incoming/copies/lavrov copy.txt'));
    await waitFor(
      async () => {
        const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM articles');
        return rows[0].n === 2 ? true : undefined;
      },
      20_000,
      'both articles indexed',
    );
  });
  afterAll(async () => {
    await indexer?.stop();
    await svc?.stop();
    await db?.drop();
  });

  const cliSearch = async (...args: string[]) => {
    const out: string[] = [];
    const io: CliIo = {
      env: { DATABASE_URL: db.url },
      stdout: (line) => out.push(line),
      stderr: (line) => out.push(line),
      interactive: false,
    };
    const code = await runSearch(args, io);
    return { code, out };
  };

  it('publishes the same events to both subscriber queues', async () => {
    const articles = await svc.events('articles');
    expect(articles.map((e) => e.eventId).sort()).toEqual([original.eventId, copy.eventId].sort());
    expect(copy.duplicate).toEqual({
      of: original.articleId,
      kind: 'exact',
      similarity: 1,
      documentId: original.documentId,
    });
  });

  it('finds the article with `search`, ranked and highlighted, the copy folded under it', async () => {
    const { code, out } = await cliSearch('Lavrov Rubio summit', '--json');
    expect(code).toBe(0);
    const { results } = JSON.parse(out.join('\n')) as { results: SearchResult[] };
    expect(results).toHaveLength(1);
    const [hit] = results;
    expect(hit!.articleId).toBe(original.articleId);
    expect(hit!.source.key).toBe('incoming/lavrov.txt');
    expect(hit!.language).toBe('en');
    expect(hit!.rank).toBeGreaterThan(0);
    expect(hit!.snippet).toMatch(/<mark>(Rubio|summit|Lavrov)<\/mark>/);
    expect(hit!.duplicates).toEqual([
      { articleId: copy.articleId, key: 'incoming/copies/lavrov copy.txt', kind: 'exact', similarity: 1 },
    ]);

    const text = await cliSearch('Lavrov Rubio summit', '--lang', 'en', '--person', 'Sergei Lavrov');
    expect(text.code).toBe(0);
    expect(text.out.join('\n')).toContain(`+ exact ${copy.articleId}  incoming/copies/lavrov copy.txt`);
    expect((await cliSearch('Lavrov Rubio summit', '--person', 'Nobody Atall')).out).toEqual([
      'no matching articles',
    ]);
  });

  it('serves the same search over HTTP', async () => {
    const response = await fetch(
      `${indexer.http!.url}/v1/articles/search?q=${encodeURIComponent('Rubio summit')}&lang=en`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: SearchResult[] };
    expect(body.results.map((r) => r.articleId)).toEqual([original.articleId]);
    expect(body.results[0]!.duplicates.map((d) => d.articleId)).toEqual([copy.articleId]);
    expect((await fetch(`${indexer.http!.url}/v1/articles/search`)).status).toBe(400);
  });

  it('changes nothing when the same event is delivered again', async () => {
    const snapshot = async () =>
      (
        await db.pool.query(
          'SELECT article_id, event_id, indexed_at, updated_at FROM articles ORDER BY article_id',
        )
      ).rows;
    const before = await snapshot();
    const queue = svc.queue('search-index');
    const job = await queue.add(original.type, original, { jobId: `redeliver-${original.eventId}` });
    await waitFor(
      async () => ((await job.getState()) === 'completed' ? true : undefined),
      20_000,
      'redelivery',
    );
    expect(await snapshot()).toEqual(before);
    expect(before).toHaveLength(2);
    const metrics = await (await fetch(`${indexer.http!.url}/metrics`)).text();
    expect(metrics).toMatch(/news_ingest_indexer_events_total\{outcome="unchanged"\} 1/);
    expect(metrics).toMatch(/news_ingest_indexer_events_total\{outcome="inserted"\} 2/);
  });

  it('follows an update and a takedown of the original; the copy stays folded, then stands alone', async () => {
    // Published on the indexer's queue exactly as the producer publishes them (job id = event id).
    const base = withArticle(original);
    const correctedVersion = { ...base.source, versionId: 'corrected' };
    const correctedId = articleIdFor(correctedVersion, 0);
    const correction = 'Correction: the summit is now expected in Vienna next month.';
    const updated: ArticleUpdatedEvent = {
      ...base,
      type: 'article.updated',
      eventId: eventIdFor(correctedId),
      articleId: correctedId,
      documentId: base.documentId!,
      versionOrder: versionOrderFor(new Date(Date.parse(base.processedAt) + 60_000)),
      source: correctedVersion,
      article: {
        ...base.article,
        body: `${base.article.body}\n\n${correction}`,
        paragraphs: [...base.article.paragraphs, correction],
      },
      supersedes: { articleId: base.articleId, eventId: base.eventId },
      duplicate: null,
    };
    const { etag: _etag, size: _size, ...where } = correctedVersion;
    const deleted: ArticleDeletedEvent = {
      schemaVersion: 1,
      type: 'article.deleted',
      eventId: deletedEventIdFor(correctedId),
      articleId: correctedId,
      documentId: updated.documentId,
      versionOrder: versionOrderFor(new Date(Date.parse(base.processedAt) + 120_000)),
      source: where,
      deletion: { reason: 'object-removed' },
      processedAt: new Date(Date.parse(base.processedAt) + 120_000).toISOString(),
      parserVersion: base.parserVersion,
    };
    const queue = svc.queue('search-index');
    const deliver = async (event: ArticleEvent) => {
      const job = await queue.add(event.type, event, { jobId: event.eventId });
      await waitFor(
        async () => ((await job.getState()) === 'completed' ? true : undefined),
        20_000,
        event.type,
      );
    };
    const searchJson = async (q: string) =>
      (JSON.parse((await cliSearch(q, '--json')).out.join('\n')) as { results: SearchResult[] }).results;

    await deliver(updated);
    const afterUpdate = await searchJson('Vienna summit');
    expect(afterUpdate.map((r) => [r.articleId, r.documentId])).toEqual([[correctedId, base.documentId]]);
    expect(afterUpdate[0]!.duplicates.map((d) => d.articleId)).toEqual([copy.articleId]);

    await deliver(deleted);
    const afterDelete = await searchJson('Lavrov Rubio summit');
    expect(afterDelete.map((r) => [r.articleId, r.duplicateOf])).toEqual([[copy.articleId, base.articleId]]);
    expect(await searchJson('Vienna')).toEqual([]);
    // The original version, delivered late (a replay), stays retracted.
    await deliver({ ...base, eventId: `late-${base.eventId}` });
    expect((await searchJson('Lavrov Rubio summit')).map((r) => r.articleId)).toEqual([copy.articleId]);
  });

  it('follows a corrected upload and a removal of an object through the producer', async () => {
    const key = 'incoming/lifecycle/district.txt';
    const queue = svc.queue('search-index');
    const published = (type: ArticleEvent['type']) =>
      waitFor(
        async () => (await svc.events('search-index')).find((e) => e.source.key === key && e.type === type),
        30_000,
        `${type} of ${key}`,
      );
    const applied = (event: ArticleEvent) =>
      waitFor(
        async () =>
          (await (await queue.getJob(event.eventId))?.getState()) === 'completed' ? true : undefined,
        20_000,
        `${event.type} indexed`,
      );
    const searchJson = async (q: string) =>
      (JSON.parse((await cliSearch(q, '--json')).out.join('\n')) as { results: SearchResult[] }).results;

    const first = syntheticArticle(901);
    await svc.put(key, first, 'text/plain');
    const parsed = await published('article.parsed');
    await applied(parsed);
    expect((await searchJson('"Report 901-0"')).map((r) => r.articleId)).toEqual([parsed.articleId]);

    await svc.put(
      key,
      first.replace('Report 901-4.', 'Report 901-4. The vote moves to Valparaiso.'),
      'text/plain',
    );
    const updated = await published('article.updated');
    await applied(updated);
    expect((await searchJson('Valparaiso')).map((r) => [r.articleId, r.documentId])).toEqual([
      [updated.articleId, parsed.documentId],
    ]);
    expect((await searchJson('"Report 901-0"')).map((r) => r.articleId)).toEqual([updated.articleId]);

    await svc.s3.send(new DeleteObjectCommand({ Bucket: svc.config.s3.bucket, Key: key }));
    const deleted = await published('article.deleted');
    await applied(deleted);
    expect(await searchJson('Valparaiso')).toEqual([]);
    expect(await searchJson('"Report 901-0"')).toEqual([]);
  });
});
