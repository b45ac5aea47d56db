// Valid v1 events for subscribers' own tests, the schema tests and the indexer bench.
import { ARTICLE_EVENT_SCHEMA_VERSION, type ArticleEvent } from '../events/article-event.js';

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
}

export function exampleArticleEvent(options: ExampleEventOptions = {}): ArticleEvent {
  const n = options.n ?? 0;
  const id = n.toString(16).padStart(8, '0');
  const paragraphs = options.paragraphs ?? [
    `Delegates met in Geneva on day ${n} to discuss grain exports across the Black Sea.`,
    'Officials said the talks would continue next week after a review of shipping insurance.',
    `Analysts expect freight rates to ease if corridor number ${n} reopens.`,
  ];
  const body = paragraphs.join('\n\n');
  const words = body.split(/\s+/).length;
  return {
    schemaVersion: ARTICLE_EVENT_SCHEMA_VERSION,
    type: options.duplicateOf ? 'article.duplicate' : 'article.parsed',
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
    duplicate: options.duplicateOf ?? null,
    processedAt: options.processedAt ?? new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    parserVersion: 'example',
  };
}
