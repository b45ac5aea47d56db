// The event contract (v1) that subscribers import. Additive changes keep schemaVersion 1; a breaking
// change publishes v2 beside v1 (see README, "Event contract"). schema/article-event.v1.json is
// generated from this file by `npm run schema:generate`; a test fails when the two disagree.
import { z } from 'zod';
import { VERSION_ORDER_PATTERN } from './version-order.js';

export const ARTICLE_EVENT_SCHEMA_VERSION = 1 as const;

export const articleEventTypes = [
  'article.parsed',
  'article.duplicate',
  'article.updated',
  'article.deleted',
] as const;

export const sourceSchema = z.object({
  bucket: z.string().min(1),
  /** Decoded object key, as a user would type it. */
  key: z.string().min(1),
  versionId: z.string().min(1).optional(),
  etag: z.string().min(1),
  size: z.number().int().nonnegative(),
  /** 0-based position of the article within its object (JSON Lines hold many). */
  position: z.number().int().nonnegative(),
  contentType: z.string().optional(),
  charset: z.string().optional(),
  /** How the object was compressed, when it was (gzip, Brotli or a zip archive). */
  compression: z.enum(['gzip', 'br', 'zip']).optional(),
  /** The zip entry the article came from (a name inside the archive; `position` counts within it). */
  entry: z.string().min(1).max(1024).optional(),
});

export const quoteSchema = z.object({ text: z.string().min(1), speaker: z.string().min(1).nullable() });

export const entitiesSchema = z.object({
  people: z.array(z.string().min(1)),
  organizations: z.array(z.string().min(1)),
  places: z.array(z.string().min(1)),
});

export const articleSchema = z.object({
  headline: z.string().min(1).nullable(),
  byline: z.string().min(1).nullable(),
  dateline: z.string().min(1).nullable(),
  body: z.string().min(1),
  paragraphs: z.array(z.string().min(1)).min(1),
  lede: z.string().min(1).nullable(),
  related: z.array(z.string().min(1)),
  language: z.string().regex(/^([a-z]{2}|und)$/, 'ISO 639-1 code or "und"'),
  wordCount: z.number().int().positive(),
  readingTimeMinutes: z.number().nonnegative(),
  quotes: z.array(quoteSchema),
  entities: entitiesSchema,
  dates: z.array(z.object({ text: z.string().min(1), date: z.string().nullable() })),
  url: z.string().nullable(),
  publishedAt: z.string().nullable(),
});

export const duplicateSchema = z.object({
  of: z.string().min(1),
  kind: z.enum(['exact', 'near']),
  similarity: z.number().min(0).max(1),
  /** The canonical's document (absent on events published before it existed). */
  documentId: z.string().min(1).optional(),
});

/** Where a retracted article was: etag and size are unknown once the object is gone. */
export const deletedSourceSchema = sourceSchema.extend({
  etag: z.string().min(1).optional(),
  size: z.number().int().nonnegative().optional(),
});

/** Sorts (as a string) in the order the object versions were written; see version-order.ts. */
export const versionOrderSchema = z
  .string()
  .regex(VERSION_ORDER_PATTERN, 'versionOrder is <ISO-8601 UTC with ms>/<32 hex digits>');

const documentIdSchema = z.string().min(1);

const commonFields = {
  schemaVersion: z.literal(ARTICLE_EVENT_SCHEMA_VERSION),
  eventId: z.string().min(1),
  /** Per version of a document; `articleId` of a deletion is the retracted version's. */
  articleId: z.string().min(1),
  processedAt: z.iso.datetime({ offset: true }),
  parserVersion: z.string().min(1),
};

// parsed and duplicate: documentId and versionOrder are optional only for events published before they
// existed. `duplicate` is null exactly on parsed and set exactly on duplicate (the old refinement, now
// expressed by the union itself).
export const articleParsedEventSchema = z.object({
  ...commonFields,
  type: z.literal('article.parsed'),
  documentId: documentIdSchema.optional(),
  versionOrder: versionOrderSchema.optional(),
  source: sourceSchema,
  article: articleSchema,
  duplicate: z.null({
    error: 'type article.parsed requires duplicate: null (article.duplicate carries a link)',
  }),
});

export const articleDuplicateEventSchema = z.object({
  ...commonFields,
  type: z.literal('article.duplicate'),
  documentId: documentIdSchema.optional(),
  versionOrder: versionOrderSchema.optional(),
  source: sourceSchema,
  article: articleSchema,
  duplicate: duplicateSchema,
});

/** A new version of a document that was published before: replaces it. */
export const articleUpdatedEventSchema = z.object({
  ...commonFields,
  type: z.literal('article.updated'),
  documentId: documentIdSchema,
  versionOrder: versionOrderSchema,
  source: sourceSchema,
  /** The new version, in full. */
  article: articleSchema,
  /** The version this one replaces. */
  supersedes: z.object({ articleId: z.string().min(1), eventId: z.string().min(1) }),
  /** Set when the corrected version duplicates another document. */
  duplicate: duplicateSchema.nullable(),
});

/** A document taken down (its object removed): no article, no duplicate. */
export const articleDeletedEventSchema = z.object({
  ...commonFields,
  type: z.literal('article.deleted'),
  documentId: documentIdSchema,
  /** The deletion time, so an older version arriving late stays deleted. */
  versionOrder: versionOrderSchema,
  source: deletedSourceSchema,
  deletion: z.object({ reason: z.enum(['object-removed', 'delete-marker', 'scan-missing']) }),
});

export const articleEventSchema = z.discriminatedUnion('type', [
  articleParsedEventSchema,
  articleDuplicateEventSchema,
  articleUpdatedEventSchema,
  articleDeletedEventSchema,
]);

export type ArticleParsedEvent = z.infer<typeof articleParsedEventSchema>;
export type ArticleDuplicateEvent = z.infer<typeof articleDuplicateEventSchema>;
export type ArticleUpdatedEvent = z.infer<typeof articleUpdatedEventSchema>;
export type ArticleDeletedEvent = z.infer<typeof articleDeletedEventSchema>;
export type ArticleEvent = z.infer<typeof articleEventSchema>;
/** The events that carry an article (everything but a deletion). */
export type ArticleContentEvent = ArticleParsedEvent | ArticleDuplicateEvent | ArticleUpdatedEvent;
export type ArticleEventSource = z.infer<typeof sourceSchema>;
export type ArticleDeletedSource = z.infer<typeof deletedSourceSchema>;
export type ArticleEventType = (typeof articleEventTypes)[number];
export type ArticleEventDuplicate = z.infer<typeof duplicateSchema>;
export type DeletionReason = ArticleDeletedEvent['deletion']['reason'];

/** Narrows an event to one that carries an article. */
export function isContentEvent(event: ArticleEvent): event is ArticleContentEvent {
  return event.type !== 'article.deleted';
}
