import { describe, expect, it } from 'vitest';
import {
  archiveObjectKey,
  archiveObjectsFor,
  batchDue,
  batchFull,
  batchIdFor,
  nextStreamId,
  parseArchiveKey,
} from '../../../src/archive/archive-layout.js';

const entry = (id: string, at: string, n: number) => ({ id, at, json: `{"n":${n}}` });

describe('archive layout', () => {
  it('files a batch as one object per hour of processedAt, lines in intake order', () => {
    const batchId = batchIdFor('1764496799000-3', 'abcd');
    expect(batchId).toBe('1764496799000-000003-abcd');
    const objects = archiveObjectsFor('events/', batchId, [
      entry('1764496799000-3', '2026-11-30T09:59:59.000Z', 1),
      entry('1764496800000-0', '2026-11-30T10:00:00.000Z', 2),
      entry('1764496800001-0', '2026-11-30T09:59:59.500Z', 3),
    ]);
    expect(objects).toEqual([
      {
        key: 'events/v1/2026/11/30/09/1764496799000-000003-abcd.jsonl.gz',
        events: 2,
        body: '{"n":1}\n{"n":3}\n',
      },
      { key: 'events/v1/2026/11/30/10/1764496799000-000003-abcd.jsonl.gz', events: 1, body: '{"n":2}\n' },
    ]);
  });

  it('files an event with an unreadable processedAt by its intake time', () => {
    const [object] = archiveObjectsFor('events/', 'b', [entry('1764496800000-0', 'not a date', 1)]);
    expect(object!.key).toBe('events/v1/2025/11/30/10/b.jsonl.gz');
  });

  it('parses its own keys back and nothing else', () => {
    const key = archiveObjectKey('events/', '2026/11/30/10', '1764496799000-000003-abcd');
    expect(parseArchiveKey('events/', key)).toEqual({
      hour: '2026/11/30/10',
      batchId: '1764496799000-000003-abcd',
    });
    expect(parseArchiveKey('events/', 'events/v1/2026/11/30/10/notes.txt')).toBeNull();
    expect(
      parseArchiveKey('events/', 'incoming/v1/2026/11/30/10/1764496799000-000003-abcd.jsonl.gz'),
    ).toBeNull();
  });

  it('trims past the batch: the next stream id after the last one', () => {
    expect(nextStreamId('1764496800000-7')).toBe('1764496800000-8');
  });

  it('makes a batch when enough events wait or the oldest is old enough', () => {
    const limits = { maxEvents: 3, maxAgeMs: 10_000, maxBytes: 1000 };
    const oldestId = '1000000-0';
    expect(batchDue({ length: 0, oldestId: null }, 9_999_999, limits)).toBe(false);
    expect(batchDue({ length: 2, oldestId }, 1_009_999, limits)).toBe(false);
    expect(batchDue({ length: 2, oldestId }, 1_010_000, limits)).toBe(true);
    expect(batchDue({ length: 3, oldestId }, 1_000_000, limits)).toBe(true);
  });

  it('stops a batch at its event count or once past its byte budget, never empty', () => {
    const limits = { maxEvents: 3, maxBytes: 100 };
    expect(batchFull(0, 0, limits)).toBe(false);
    expect(batchFull(0, 10_000, limits)).toBe(false);
    expect(batchFull(1, 100, limits)).toBe(true);
    expect(batchFull(2, 99, limits)).toBe(false);
    expect(batchFull(3, 0, limits)).toBe(true);
  });
});
