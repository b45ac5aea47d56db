import type { DuplicateVerdict } from '../dedup/types.js';
import { documentIdFor, eventIdFor } from '../ids.js';
import type { ParsedArticle } from '../parse/types.js';
import {
  ARTICLE_EVENT_SCHEMA_VERSION,
  type ArticleDuplicateEvent,
  type ArticleEventSource,
  type ArticleParsedEvent,
} from './article-event.js';

export interface ArticleEventInput {
  articleId: string;
  source: ArticleEventSource;
  article: ParsedArticle;
  duplicate: DuplicateVerdict | null;
  parserVersion: string;
  processedAt: Date;
  /** "link" publishes duplicates with only their lede as body: subscribers follow `duplicate.of`. */
  linkOnly?: boolean;
}

/** Builds (does not validate) the event for one article. */
export function buildArticleEvent(input: ArticleEventInput): ArticleParsedEvent | ArticleDuplicateEvent {
  const { article, duplicate } = input;
  const linkOnly = input.linkOnly === true && duplicate !== null;
  const paragraphs = linkOnly ? article.paragraphs.slice(0, 1) : article.paragraphs;
  const common = {
    schemaVersion: ARTICLE_EVENT_SCHEMA_VERSION,
    eventId: eventIdFor(input.articleId),
    articleId: input.articleId,
    documentId: documentIdFor(input.source, input.source.position, input.source.entry),
    source: input.source,
    article: {
      headline: article.headline,
      byline: article.byline,
      dateline: article.dateline,
      body: paragraphs.join('\n\n'),
      paragraphs,
      lede: article.lede,
      related: linkOnly ? [] : article.related,
      language: article.language,
      wordCount: article.wordCount,
      readingTimeMinutes: article.readingTimeMinutes,
      quotes: linkOnly ? [] : article.quotes,
      entities: article.entities,
      dates: linkOnly ? [] : article.dates,
      url: article.url,
      publishedAt: article.publishedAt,
    },
    processedAt: input.processedAt.toISOString(),
    parserVersion: input.parserVersion,
  };
  if (!duplicate) return { ...common, type: 'article.parsed', duplicate: null };
  return {
    ...common,
    type: 'article.duplicate',
    duplicate: { of: duplicate.of, kind: duplicate.kind, similarity: duplicate.similarity },
  };
}
