import { describe, expect, it } from 'vitest';
import { articleIdFor, eventIdFor, ingestJobId, stripQuotes, versionToken } from '../../../src/ids.js';

const ref = { bucket: 'news-raw', key: 'incoming/a b+c.txt', etag: '"abc123"' };

describe('deterministic ids', () => {
  it('are stable for the same object version', () => {
    expect(ingestJobId(ref)).toBe(ingestJobId({ ...ref }));
    expect(articleIdFor(ref, 0)).toBe(articleIdFor(ref, 0));
    expect(eventIdFor(articleIdFor(ref, 0))).toBe(eventIdFor(articleIdFor(ref, 0)));
  });

  it('differ by key, version, bucket and position', () => {
    const ids = new Set([
      ingestJobId(ref),
      ingestJobId({ ...ref, key: 'incoming/a b c.txt' }),
      ingestJobId({ ...ref, etag: 'other' }),
      ingestJobId({ ...ref, bucket: 'other' }),
      ingestJobId({ ...ref, versionId: 'v1' }),
    ]);
    expect(ids.size).toBe(5);
    expect(articleIdFor(ref, 0)).not.toBe(articleIdFor(ref, 1));
  });

  it('prefer the versionId over the ETag and ignore quoting of ETags', () => {
    expect(versionToken({ ...ref, versionId: 'v1' })).toBe('v:v1');
    expect(versionToken({ ...ref, versionId: 'null' })).toBe('e:abc123');
    expect(ingestJobId(ref)).toBe(ingestJobId({ ...ref, etag: 'abc123' }));
    expect(stripQuotes('W/"x"')).toBe('x');
  });

  it('are valid BullMQ custom ids (no colon)', () => {
    expect(ingestJobId(ref)).not.toContain(':');
    expect(eventIdFor('a')).not.toContain(':');
  });
});
