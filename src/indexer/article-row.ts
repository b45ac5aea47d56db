// Pure: the index row of one article event.
import type { ArticleContentEvent } from '../events/article-event.js';
import { documentIdOf } from './lifecycle.js';
import { textSearchConfigFor } from './text-search-config.js';

export interface ArticleRow {
  document_id: string;
  article_id: string;
  event_id: string;
  event_type: string;
  headline: string | null;
  lede: string | null;
  body: string;
  language: string;
  ts_config: string;
  people: string[];
  organizations: string[];
  places: string[];
  duplicate_of: string | null;
  duplicate_of_document: string | null;
  duplicate_kind: 'exact' | 'near' | null;
  similarity: number | null;
  source_bucket: string;
  source_key: string;
  source_version: string | null;
  source_etag: string;
  source_position: number;
  published_at: string | null;
  processed_at: string;
  version_order: string | null;
  event: ArticleContentEvent;
}

export const ARTICLE_ROW_COLUMNS = [
  'document_id',
  'article_id',
  'event_id',
  'event_type',
  'headline',
  'lede',
  'body',
  'language',
  'ts_config',
  'people',
  'organizations',
  'places',
  'duplicate_of',
  'duplicate_of_document',
  'duplicate_kind',
  'similarity',
  'source_bucket',
  'source_key',
  'source_version',
  'source_etag',
  'source_position',
  'published_at',
  'processed_at',
  'version_order',
  'event',
] as const satisfies ReadonlyArray<keyof ArticleRow>;

export function articleRowOf(input: ArticleContentEvent): ArticleRow {
  // PostgreSQL text and jsonb cannot hold U+0000; the v1 schema allows it. Drop it rather than fail.
  const event = withoutNul(input);
  const { article, source, duplicate } = event;
  return {
    document_id: documentIdOf(event),
    article_id: event.articleId,
    event_id: event.eventId,
    event_type: event.type,
    headline: article.headline,
    lede: article.lede,
    body: article.body,
    language: article.language,
    ts_config: textSearchConfigFor(article.language),
    people: article.entities.people,
    organizations: article.entities.organizations,
    places: article.entities.places,
    duplicate_of: duplicate?.of ?? null,
    duplicate_of_document: duplicate?.documentId ?? null,
    duplicate_kind: duplicate?.kind ?? null,
    similarity: duplicate?.similarity ?? null,
    source_bucket: source.bucket,
    source_key: source.key,
    source_version: source.versionId ?? null,
    source_etag: source.etag,
    source_position: source.position,
    published_at: validTimestamp(article.publishedAt),
    processed_at: event.processedAt,
    version_order: event.versionOrder ?? null,
    event,
  };
}

/** publishedAt is free text from the source; only a parseable date goes into a timestamptz. */
function validTimestamp(text: string | null): string | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function withoutNul<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : v)),
  );
}
