// The pipeline's steps after the fetch, one implementation called by every driver (the worker, the
// offline `parse`/`dedup` commands, `dedup-rebuild --from bucket` and the bench):
//   articlesOf: stored bytes → decompressed → decoded → parsed articles (or a PermanentError saying why none)
//   identifyArticles: each article's id within the version that was read
//   validatedEvent: an event as the published schema reads it (a violation is permanent)
import { PermanentError, type PermanentReason } from '../errors/permanent-error.js';
import { type ArticleEvent, articleEventSchema } from '../events/article-event.js';
import { articleIdFor } from '../ids.js';
import type { ItemRejection, ParsedArticle } from '../parse/types.js';
import type { VersionIdentityFields } from '../queue/object-version.js';
import {
  type AnalyseContentOptions,
  type AnalysedPart,
  analyseContent,
  describeSkipped,
} from './analyse-content.js';
import type { CompressedInput, CompressionKind } from './decompress-object.js';
import { type RejectionSummary, summariseRejections } from './rejection-summary.js';

export interface ObjectArticle {
  /** Within the object, or within its zip entry. */
  position: number;
  entry?: string;
  charset: string;
  article: ParsedArticle;
}

export interface ObjectArticles {
  compression: CompressionKind | null;
  articles: ObjectArticle[];
  /** The analysed parts (for per-part metrics: charset, decode and parse time). */
  parts: AnalysedPart[];
  /** Container items that were not articles; within an archive the message names the entry. */
  rejected: ItemRejection[];
  rejections: RejectionSummary;
  skippedEntries: Map<string, number>;
  /** What was left out, for the ledger ("too-short 3; entries skipped: directory 1"), or ''. */
  leftOut: string;
}

/** Throws a PermanentError when the object holds no article: its reason is the most frequent item reason. */
export async function articlesOf(
  input: CompressedInput,
  options: AnalyseContentOptions,
): Promise<ObjectArticles> {
  const analysis = await analyseContent(input, options);
  const articles = analysis.parts.flatMap((part) =>
    part.items.map((item) => ({
      position: item.position,
      ...(part.entry !== undefined ? { entry: part.entry } : {}),
      charset: part.charset,
      article: item.article,
    })),
  );
  const rejected = analysis.parts.flatMap((part) =>
    part.rejected.map((r) => (part.entry ? { ...r, message: `${part.entry}: ${r.message}` } : r)),
  );
  const rejections = summariseRejections(rejected);
  if (articles.length === 0) {
    const reason = rejections.counts[0]?.[0] ?? 'no-body';
    const first = rejected.find((r) => r.reason === reason);
    const message = first?.message ?? 'no article body found in the object';
    throw new PermanentError(
      reason as PermanentReason,
      rejected.length > 1
        ? `no article among ${rejected.length} records (${rejections.text}); at position ${first?.position}: ${message}`
        : message,
    );
  }
  const skipped = analysis.skippedEntries.size
    ? `entries skipped: ${describeSkipped(analysis.skippedEntries)}`
    : '';
  return {
    compression: analysis.compression,
    articles,
    parts: analysis.parts,
    rejected,
    rejections,
    skippedEntries: analysis.skippedEntries,
    leftOut: [rejections.text, skipped].filter(Boolean).join('; '),
  };
}

/** Each article's id within the version that was read (`version` as the fetch returned it). */
export function identifyArticles(
  version: VersionIdentityFields,
  articles: readonly ObjectArticle[],
): Array<ObjectArticle & { articleId: string }> {
  return articles.map((a) => ({ ...a, articleId: articleIdFor(version, a.position, a.entry) }));
}

/** The event as the published schema reads it; a violation is permanent (the input will not change). */
export function validatedEvent(event: ArticleEvent, position: number): ArticleEvent {
  const checked = articleEventSchema.safeParse(event);
  if (!checked.success) {
    const detail = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new PermanentError('schema-violation', `article ${position} violates the event schema: ${detail}`);
  }
  return checked.data;
}
