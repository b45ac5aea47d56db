// Pure: what the index does with an event, given what it holds for the event's document. Newer wins:
// by versionOrder when both sides have one; an event without one (published before it existed) is older
// than any that has one, and between two without, the later processing wins (the rule before #12).
import type { ArticleEvent } from '../events/article-event.js';
import { supersedesVersion } from '../events/version-order.js';
import { documentIdFor } from '../ids.js';

export interface HeldDocument {
  /** The indexed version, if any. */
  row: { versionOrder: string | null; processedAt: string } | null;
  /** The deletion's order, when the document was retracted. */
  tombstone: string | null;
}

export type LifecycleAction =
  /** Write the event's article as the document's row (insert or replace); drop any tombstone. */
  | 'write'
  /** Remove the row (if any) and record or raise the tombstone. */
  | 'delete'
  /** Stale or redelivered: change nothing. */
  | 'ignore';

/** The document an event is about; events published before documentId existed get the producer's rule. */
export function documentIdOf(event: ArticleEvent): string {
  return event.documentId ?? documentIdFor(event.source, event.source.position, event.source.entry);
}

function isNewer(
  candidate: { versionOrder?: string | undefined; processedAt: string },
  held: { versionOrder: string | null; processedAt: string },
): boolean {
  if (candidate.versionOrder !== undefined && held.versionOrder !== null) {
    return supersedesVersion(candidate.versionOrder, held.versionOrder);
  }
  if (candidate.versionOrder !== undefined) return true;
  if (held.versionOrder !== null) return false;
  return Date.parse(candidate.processedAt) > Date.parse(held.processedAt);
}

export function lifecycleAction(event: ArticleEvent, held: HeldDocument): LifecycleAction {
  if (event.type === 'article.deleted') {
    if (held.tombstone !== null && !supersedesVersion(event.versionOrder, held.tombstone)) return 'ignore';
    if (held.row && !isNewer(event, held.row)) return 'ignore';
    return 'delete';
  }
  // After a deletion only a version written after it comes back; an event without an order predates it.
  if (held.tombstone !== null) {
    return supersedesVersion(event.versionOrder, held.tombstone) ? 'write' : 'ignore';
  }
  if (held.row && !isNewer(event, held.row)) return 'ignore';
  return 'write';
}
