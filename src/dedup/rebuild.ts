// Re-indexes canonicals from published article events (e.g. after losing or re-sizing the Redis index).
// Duplicates are skipped: only canonicals are ever indexed, and their verdicts stay as published. A
// corrected version is compared with other documents only, as the worker does (pipeline/version-events.ts):
// a verdict naming an earlier version of its own document is not a duplicate.
import type { ParsedArticle } from '../parse/types.js';
import type { DuplicateIndex, DuplicateVerdict } from './types.js';

export interface PublishedArticle {
  articleId: string;
  /** The document the article is a version of; absent on events published before documents existed. */
  documentId?: string | undefined;
  article: ParsedArticle;
  duplicate: DuplicateVerdict | null;
}

/** An article.deleted event: its document's indexed articles leave the index, as in the worker. */
export interface RetractedDocument {
  retractedDocumentId: string;
}

export interface RebuildStats {
  /** Canonical events read and indexed. */
  indexed: number;
  /** Duplicate events skipped. */
  skippedDuplicates: number;
  /** Documents retracted (article.deleted) whose indexed articles left the index. */
  retractedDocuments: number;
  /** Corrected versions close to an earlier version of their own document: that version stays indexed. */
  sameDocument: number;
  /**
   * Canonical events the index now judges duplicates of an earlier canonical (e.g. events replayed out of
   * order, or decided by an older fingerprint version). They are not indexed; the caller may report them.
   */
  nowDuplicates: Array<{ articleId: string; verdict: DuplicateVerdict }>;
}

export async function rebuildIndex(
  events:
    | AsyncIterable<PublishedArticle | RetractedDocument>
    | Iterable<PublishedArticle | RetractedDocument>,
  index: DuplicateIndex,
): Promise<RebuildStats> {
  const stats: RebuildStats = {
    indexed: 0,
    skippedDuplicates: 0,
    retractedDocuments: 0,
    sameDocument: 0,
    nowDuplicates: [],
  };
  // articleId → documentId of each canonical indexed here, and back: one entry per indexed article, which
  // an offline command can hold (about 200 bytes each).
  const documentOf = new Map<string, string>();
  const indexedOf = new Map<string, string[]>();
  for await (const e of events) {
    if ('retractedDocumentId' in e) {
      const ids = indexedOf.get(e.retractedDocumentId) ?? [];
      await index.retract(ids);
      for (const id of ids) documentOf.delete(id);
      indexedOf.delete(e.retractedDocumentId);
      stats.retractedDocuments++;
      continue;
    }
    if (e.duplicate) {
      stats.skippedDuplicates++;
      continue;
    }
    const verdict = await index.checkAndInsert(e.articleId, e.article);
    if (!verdict) {
      stats.indexed++;
      if (e.documentId) {
        documentOf.set(e.articleId, e.documentId);
        indexedOf.set(e.documentId, [...(indexedOf.get(e.documentId) ?? []), e.articleId]);
      }
    } else if (e.documentId !== undefined && documentOf.get(verdict.of) === e.documentId) {
      stats.sameDocument++;
    } else {
      stats.nowDuplicates.push({ articleId: e.articleId, verdict });
    }
  }
  return stats;
}
