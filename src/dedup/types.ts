// The duplicate index's contract. `fingerprint` is pure; the index is a port with a Redis adapter
// (shared by all workers) and an in-memory adapter (the offline `news-ingest dedup` command).
import type { ParsedArticle } from '../parse/types.js';

export type DuplicateKind = 'exact' | 'near';

export interface DuplicateVerdict {
  /** articleId of the first-seen (canonical) article. */
  of: string;
  kind: DuplicateKind;
  /**
   * 1 for exact; for near duplicates the estimated containment that decided (decision.ts): >= 0.65 one
   * way, or >= 0.45 both ways for a whole-story copy such as a reworded one. In [0, 1].
   */
  similarity: number;
}

export interface DuplicateIndex {
  /**
   * Atomically decides whether the article duplicates an indexed canonical and, when it does not,
   * indexes it as a canonical. Idempotent per articleId: asking again for the same articleId (a retry)
   * returns the verdict given the first time and changes nothing.
   */
  checkAndInsert(articleId: string, article: ParsedArticle): Promise<DuplicateVerdict | null>;
  /**
   * Takes retracted articles (a takedown) out of the canonicals: later copies are judged against the rest
   * and the first of them becomes canonical. Verdicts already given stay. Idempotent; unknown ids and
   * duplicates are ignored.
   */
  retract(articleIds: readonly string[]): Promise<void>;
}
