// Valid v1 events for subscribers' own tests, the schema tests and the indexer bench.
import {
  ARTICLE_EVENT_SCHEMA_VERSION,
  type ArticleContentEvent,
  type ArticleDeletedEvent,
  type ArticleDuplicateEvent,
  type ArticleParsedEvent,
  type ArticleUpdatedEvent,
  type DeletionReason,
} from '../events/article-event.js';
import { versionOrderFor } from '../events/version-order.js';
import { deletedEventIdFor } from '../ids.js';

export interface ExampleEventOptions {
  /** Varies ids, key and words so many examples are distinct articles. */
  n?: number;
  headline?: string;
  paragraphs?: string[];
  language?: string;
  people?: string[];
  duplicateOf?: { of: string; kind: 'exact' | 'near'; similarity: number };
  key?: string;
  processedAt?: string;
  /** Absent by default, like events published before versionOrder existed. */
  versionOrder?: string;
}

export function exampleArticleEvent(
  options: ExampleEventOptions = {},
): ArticleParsedEvent | ArticleDuplicateEvent {
  const n = options.n ?? 0;
  const id = n.toString(16).padStart(8, '0');
  const paragraphs = options.paragraphs ?? [
    `Delegates met in Geneva on day ${n} to discuss grain exports across the Black Sea.`,
    'Officials said the talks would continue next week after a review of shipping insurance.',
    `Analysts expect freight rates to ease if corridor number ${n} reopens.`,
  ];
  const body = paragraphs.join('\n\n');
  const words = body.split(/\s+/).length;
  const common = {
    schemaVersion: ARTICLE_EVENT_SCHEMA_VERSION,
    eventId: `evt-example-${id}`,
    articleId: `art-example-${id}`,
    documentId: `doc-example-${id}`,
    source: {
      bucket: 'news-raw',
      key: options.key ?? `incoming/example-${id}.txt`,
      etag: `etag${id}`,
      size: body.length,
      position: 0,
      contentType: 'text/plain',
    },
    article: {
      headline: options.headline ?? `Grain corridor talks resume, round ${n}`,
      byline: 'By A. Reporter',
      dateline: 'GENEVA',
      body,
      paragraphs,
      lede: paragraphs[0] ?? null,
      related: [],
      language: options.language ?? 'en',
      wordCount: words,
      readingTimeMinutes: Math.max(1, Math.round(words / 230)),
      quotes: [],
      entities: { people: options.people ?? [], organizations: ['United Nations'], places: ['Geneva'] },
      dates: [],
      url: null,
      publishedAt: null,
    },
    processedAt: options.processedAt ?? new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    parserVersion: 'example',
    ...(options.versionOrder !== undefined ? { versionOrder: options.versionOrder } : {}),
  };
  return options.duplicateOf
    ? { ...common, type: 'article.duplicate', duplicate: options.duplicateOf }
    : { ...common, type: 'article.parsed', duplicate: null };
}

/** The versionOrder of example version `version` (minutes after 2026-01-01, no sequencer). */
export function exampleVersionOrder(version: number): string {
  return versionOrderFor(new Date(Date.UTC(2026, 0, 1) + version * 60_000));
}

export interface ExampleUpdateOptions
  extends Omit<ExampleEventOptions, 'duplicateOf' | 'key' | 'versionOrder'> {
  /** Distinguishes this version's ids; its versionOrder is exampleVersionOrder(version). */
  version: number;
  duplicateOf?: { of: string; kind: 'exact' | 'near'; similarity: number; documentId?: string };
}

/** A corrected version of `previous`'s document, superseding it. */
export function exampleUpdatedEvent(
  previous: ArticleContentEvent,
  options: ExampleUpdateOptions,
): ArticleUpdatedEvent {
  const next = exampleArticleEvent({ ...options, duplicateOf: undefined, key: previous.source.key });
  const suffix = `v${options.version}`;
  return {
    ...next,
    type: 'article.updated',
    eventId: `${previous.eventId.replace(/-v\d+$/, '')}-${suffix}`,
    articleId: `${previous.articleId.replace(/-v\d+$/, '')}-${suffix}`,
    documentId: previous.documentId ?? `doc-${previous.articleId}`,
    versionOrder: exampleVersionOrder(options.version),
    source: { ...previous.source, etag: `etag-${suffix}` },
    supersedes: { articleId: previous.articleId, eventId: previous.eventId },
    duplicate: options.duplicateOf ?? null,
  };
}

/** The takedown of `retracted`'s document at example version `version`. */
export function exampleDeletedEvent(
  retracted: ArticleContentEvent,
  options: { version: number; reason?: DeletionReason },
): ArticleDeletedEvent {
  const { etag: _etag, size: _size, ...source } = retracted.source;
  return {
    schemaVersion: ARTICLE_EVENT_SCHEMA_VERSION,
    type: 'article.deleted',
    eventId: deletedEventIdFor(retracted.articleId),
    articleId: retracted.articleId,
    documentId: retracted.documentId ?? `doc-${retracted.articleId}`,
    versionOrder: exampleVersionOrder(options.version),
    source,
    deletion: { reason: options.reason ?? 'object-removed' },
    processedAt: new Date(Date.UTC(2026, 0, 1) + options.version * 60_000 + 1000).toISOString(),
    parserVersion: 'example',
  };
}
