import { describe, expect, it } from 'vitest';
import { exampleArticleEvent } from '../../../src/subscriber/example-event.js';
import { replayJobOptions } from '../../../src/subscriber/replay.js';
import {
  matchesReplayFilter,
  replayJobId,
  selectReplayEvents,
} from '../../../src/subscriber/replay-selection.js';

const at = (iso: string) => new Date(iso);

describe('replay selection', () => {
  const a = exampleArticleEvent({
    n: 1,
    key: 'incoming/2026/01/a.txt',
    processedAt: '2026-01-01T10:00:00.000Z',
  });
  const b = exampleArticleEvent({
    n: 2,
    key: 'incoming/2026/02/b.txt',
    processedAt: '2026-02-01T10:00:00.000Z',
  });
  const c = exampleArticleEvent({
    n: 3,
    key: 'incoming/2026/02/c.txt',
    processedAt: '2026-02-03T10:00:00.000Z',
  });

  it('filters on processedAt (since inclusive, until exclusive) and key prefix', () => {
    expect(matchesReplayFilter(a, {})).toBe(true);
    expect(matchesReplayFilter(a, { since: at('2026-01-01T10:00:00Z') })).toBe(true);
    expect(matchesReplayFilter(a, { until: at('2026-01-01T10:00:00Z') })).toBe(false);
    expect(matchesReplayFilter(b, { keyPrefix: 'incoming/2026/02/' })).toBe(true);
    expect(matchesReplayFilter(a, { keyPrefix: 'incoming/2026/02/' })).toBe(false);
  });

  it('keeps one copy per eventId, oldest first, and counts what is not a v1 event', () => {
    const { events, invalid } = selectReplayEvents(
      [c, b, a, { ...b }, { junk: true }, { ...a, schemaVersion: 2 }],
      {
        since: at('2026-01-15T00:00:00Z'),
      },
    );
    expect(events.map((e) => e.eventId)).toEqual([b.eventId, c.eventId]);
    expect(invalid).toBe(2);
  });

  it('gives each replay a fresh job id and drops the producer dedup window, keeping its retry policy', () => {
    const now = at('2026-03-01T00:00:00Z');
    expect(replayJobId(a.eventId, now)).toBe(`replay-${a.eventId}-${now.getTime()}`);
    const opts = replayJobOptions(a, now);
    expect(opts.jobId).toBe(replayJobId(a.eventId, now));
    expect(opts.deduplication).toBeUndefined();
    expect(opts.attempts).toBe(5);
    expect(opts.backoff).toMatchObject({ type: 'exponential' });
  });
});
