// The event contract (v1) that subscribers import. Additive changes keep schemaVersion 1; a breaking
// change publishes v2 beside v1 (see README, "Event contract"). schema/article-event.v1.json is
// generated from this file by `npm run schema:generate`; a test fails when the two disagree.
import { z } from 'zod';

export const ARTICLE_EVENT_SCHEMA_VERSION = 1 as const;

export const articleEventTypes = ['article.parsed', 'article.duplicate'] as const;

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
});

export const articleEventSchema = z
  .object({
    schemaVersion: z.literal(ARTICLE_EVENT_SCHEMA_VERSION),
    type: z.enum(articleEventTypes),
    eventId: z.string().min(1),
    articleId: z.string().min(1),
    /**
     * The same for every version of one (bucket, key, position, entry); `articleId` is per version. Optional
     * only for events published before it existed; the producer sets it on every event.
     */
    documentId: z.string().min(1).optional(),
    source: sourceSchema,
    article: articleSchema,
    duplicate: duplicateSchema.nullable(),
    processedAt: z.iso.datetime({ offset: true }),
    parserVersion: z.string().min(1),
  })
  .refine((e) => (e.type === 'article.duplicate') === (e.duplicate !== null), {
    message: 'type article.duplicate requires duplicate, and only it',
    path: ['duplicate'],
  });

export type ArticleEvent = z.infer<typeof articleEventSchema>;
export type ArticleEventSource = z.infer<typeof sourceSchema>;
export type ArticleEventType = (typeof articleEventTypes)[number];
