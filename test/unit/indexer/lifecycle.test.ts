// The indexer's rule, without PostgreSQL: what each event does given the document's row and tombstone.
import { describe, expect, it } from 'vitest';
import { documentIdFor } from '../../../src/ids.js';
import { documentIdOf, type HeldDocument, lifecycleAction } from '../../../src/indexer/lifecycle.js';
import {
  exampleArticleEvent,
  exampleDeletedEvent,
  exampleUpdatedEvent,
  exampleVersionOrder,
} from '../../../src/subscriber/example-event.js';

const v = exampleVersionOrder;
const parsed = exampleArticleEvent({ n: 1, versionOrder: v(1) });
const updated = exampleUpdatedEvent(parsed, { version: 2 });
const deleted = exampleDeletedEvent(updated, { version: 3 });
const { versionOrder: _v, ...unordered } = exampleArticleEvent({ n: 1 });
const row = (versionOrder: string | null, processedAt = parsed.processedAt): HeldDocument => ({
  row: { versionOrder, processedAt },
  tombstone: null,
});
const nothing: HeldDocument = { row: null, tombstone: null };
const tomb = (order: string): HeldDocument => ({ row: null, tombstone: order });

describe('lifecycleAction', () => {
  it('writes a content event over nothing or an older version, ignores an equal or older one', () => {
    expect(lifecycleAction(parsed, nothing)).toBe('write');
    expect(lifecycleAction(updated, row(v(1)))).toBe('write');
    expect(lifecycleAction(updated, row(v(2)))).toBe('ignore');
    expect(lifecycleAction(parsed, row(v(2)))).toBe('ignore');
  });

  it('deletes over an older version or nothing (leaving a tombstone), never over a newer one', () => {
    expect(lifecycleAction(deleted, nothing)).toBe('delete');
    expect(lifecycleAction(deleted, row(v(2)))).toBe('delete');
    expect(lifecycleAction(deleted, row(v(4)))).toBe('ignore');
    expect(lifecycleAction(deleted, tomb(v(3)))).toBe('ignore');
    expect(lifecycleAction(deleted, tomb(v(1)))).toBe('delete');
    expect(lifecycleAction(deleted, row(null))).toBe('delete');
  });

  it('after a deletion writes only a version written after it; an event without an order predates it', () => {
    expect(lifecycleAction(updated, tomb(v(3)))).toBe('ignore');
    expect(lifecycleAction(exampleUpdatedEvent(parsed, { version: 4 }), tomb(v(3)))).toBe('write');
    expect(lifecycleAction(unordered, tomb(v(3)))).toBe('ignore');
  });

  it('orders events without versionOrder by processing time, and below any with one', () => {
    expect(lifecycleAction(unordered, row(null, '2020-01-01T00:00:00.000Z'))).toBe('write');
    expect(lifecycleAction(unordered, row(null, '2030-01-01T00:00:00.000Z'))).toBe('ignore');
    expect(lifecycleAction(unordered, row(null, unordered.processedAt))).toBe('ignore');
    expect(lifecycleAction(unordered, row(v(1)))).toBe('ignore');
    expect(lifecycleAction(parsed, row(null, '2030-01-01T00:00:00.000Z'))).toBe('write');
  });

  it('takes documentId from the event, or derives it as the producer does for old events', () => {
    expect(documentIdOf(parsed)).toBe(parsed.documentId);
    const { documentId: _d, ...old } = parsed;
    expect(documentIdOf(old)).toBe(documentIdFor(parsed.source, 0));
  });
});
