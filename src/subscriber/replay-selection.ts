// Pure: which stored events a replay re-delivers, and under which job id.
import type { ArticleEvent } from '../events/article-event.js';
import { validateArticleEvent } from './validate-event.js';

export interface ReplayFilter {
  /** Inclusive lower bound on the event's processedAt. */
  since?: Date;
  /** Exclusive upper bound on the event's processedAt. */
  until?: Date;
  /** Source object key prefix (e.g. "incoming/2026/11/"). */
  keyPrefix?: string;
}

export function matchesReplayFilter(event: ArticleEvent, filter: ReplayFilter): boolean {
  const at = Date.parse(event.processedAt);
  if (filter.since && at < filter.since.getTime()) return false;
  if (filter.until && at >= filter.until.getTime()) return false;
  if (filter.keyPrefix && !event.source.key.startsWith(filter.keyPrefix)) return false;
  return true;
}

export interface ReplaySelection {
  events: ArticleEvent[];
  /** Stored job data that is not a valid v1 event (never replayed). */
  invalid: number;
}

/**
 * Valid, matching events, one per eventId (a queue can hold an event and earlier replays of it),
 * oldest processedAt first so a subscriber sees them in their original order.
 */
export function selectReplayEvents(candidates: Iterable<unknown>, filter: ReplayFilter): ReplaySelection {
  const byId = new Map<string, ArticleEvent>();
  let invalid = 0;
  for (const data of candidates) {
    const checked = validateArticleEvent(data);
    if (!checked.ok) {
      invalid++;
      continue;
    }
    if (matchesReplayFilter(checked.event, filter) && !byId.has(checked.event.eventId)) {
      byId.set(checked.event.eventId, checked.event);
    }
  }
  const events = [...byId.values()].sort((a, b) => a.processedAt.localeCompare(b.processedAt));
  return { events, invalid };
}

/** A fresh job id per replay (the original id is taken); the eventId inside stays the same. */
export function replayJobId(eventId: string, at: Date): string {
  return `replay-${eventId}-${at.getTime()}`;
}
