import { describe, expect, it } from 'vitest';
import { fingerprintText } from '../../../src/dedup/fingerprint.js';
import {
  decodeCanonical,
  decodeStoredVerdict,
  encodeCanonical,
  encodeDuplicateVerdict,
  groupBitsFor,
} from '../../../src/dedup/redis-layout.js';
import { fixture } from './helpers.js';

describe('redis layout encoding', () => {
  const sketch = fingerprintText(fixture('harbour-bridge.txt'))!.sketch;

  it('packs an article id and sketch into one 64-byte listpack value', () => {
    const id = `art-${'0123456789abcdef'.repeat(2)}`;
    const buf = encodeCanonical(id, sketch);
    expect(buf.length).toBeLessThanOrEqual(64);
    expect(decodeCanonical(buf)).toEqual({ articleId: id, sketch });
  });

  it('round-trips other article ids', () => {
    expect(decodeCanonical(encodeCanonical('a|1', sketch)).articleId).toBe('a|1');
  });

  it('round-trips duplicate verdicts; a canonical ref decodes to null', () => {
    const v = { of: 'art-x|y', kind: 'near' as const, similarity: 0.875 };
    expect(decodeStoredVerdict(encodeDuplicateVerdict(v))).toEqual(v);
    expect(decodeStoredVerdict('42')).toBeNull();
  });

  it('sizes groups to the expected live set', () => {
    expect(groupBitsFor(1_000_000, 8)).toEqual({ verdict: 15, exact: 14, anchor: 17 });
    expect(groupBitsFor(10, 8)).toEqual({ verdict: 0, exact: 0, anchor: 1 });
  });
});
