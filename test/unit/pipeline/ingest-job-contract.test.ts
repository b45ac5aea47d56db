// The ingest queue's job contract as the worker reads it: 'removal' jobs carry an ObjectRemoval, every
// other job (older releases' 'object' jobs included) an ObjectVersion; anything else is refused.
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../../src/pipeline/ingest-worker.js';

describe('ingest job contract', () => {
  it('reads an object job as an ObjectVersion, ignoring fields it does not know (lastFailure)', () => {
    const data = {
      bucket: 'b',
      key: 'incoming/a.txt',
      etag: 'e',
      trigger: 'scan',
      lastFailure: { reason: 'x' },
    };
    expect(parseJob({ name: 'object', data })).toEqual({
      success: true,
      removal: false,
      data: { bucket: 'b', key: 'incoming/a.txt', etag: 'e', trigger: 'scan' },
    });
  });

  it('reads a removal job as an ObjectRemoval', () => {
    const data = {
      bucket: 'b',
      key: 'incoming/a.txt',
      eventTime: '2026-11-30T08:00:00.000Z',
      reason: 'delete-marker',
      trigger: 'sqs',
    };
    expect(parseJob({ name: 'removal', data })).toEqual({ success: true, removal: true, data });
  });

  it('refuses a removal without a reason and an object without a trigger', () => {
    const removal = { bucket: 'b', key: 'k', eventTime: '2026-11-30T08:00:00.000Z', trigger: 't' };
    expect(parseJob({ name: 'removal', data: removal }).success).toBe(false);
    expect(parseJob({ name: 'object', data: { bucket: 'b', key: 'k' } }).success).toBe(false);
    expect(parseJob({ name: 'object', data: null }).success).toBe(false);
  });
});
