// Re-indexes canonicals from published article events (e.g. after losing or re-sizing the Redis index).
// Duplicates are skipped: only canonicals are ever indexed, and their verdicts stay as published.
import type { ParsedArticle } from '../parse/types.js';
import type { DuplicateIndex, DuplicateVerdict } from './types.js';

export interface PublishedArticle {
  articleId: string;
  article: ParsedArticle;
  duplicate: DuplicateVerdict | null;
}

export interface RebuildStats {
  /** Canonical events read and indexed. */
  indexed: number;
  /** Duplicate events skipped. */
  skippedDuplicates: number;
  /**
   * Canonical events the index now judges duplicates of an earlier canonical (e.g. events replayed out of
   * order, or decided by an older fingerprint version). They are not indexed; the caller may report them.
   */
  nowDuplicates: Array<{ articleId: string; verdict: DuplicateVerdict }>;
}

export async function rebuildIndex(
  events: AsyncIterable<PublishedArticle> | Iterable<PublishedArticle>,
  index: DuplicateIndex,
): Promise<RebuildStats> {
  const stats: RebuildStats = { indexed: 0, skippedDuplicates: 0, nowDuplicates: [] };
  for await (const e of events) {
    if (e.duplicate) {
      stats.skippedDuplicates++;
      continue;
    }
    const verdict = await index.checkAndInsert(e.articleId, e.article);
    if (verdict) stats.nowDuplicates.push({ articleId: e.articleId, verdict });
    else stats.indexed++;
  }
  return stats;
}
