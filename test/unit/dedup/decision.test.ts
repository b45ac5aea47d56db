import { describe, expect, it } from 'vitest';
import { judgeNear, rankCandidates } from '../../../src/dedup/decision.js';
import { type Fingerprint, fingerprintText } from '../../../src/dedup/fingerprint.js';
import { fixture, paragraphs } from './helpers.js';

const fp = (text: string): Fingerprint => fingerprintText(text)!;

describe('rankCandidates', () => {
  it('orders by anchor hits, then oldest first, and keeps the top few', () => {
    const hits = new Map([
      [5, 1],
      [3, 2],
      [9, 2],
      [1, 1],
    ]);
    expect(rankCandidates(hits)).toEqual([3, 9, 1, 5]);
    expect(rankCandidates(hits, 2)).toEqual([3, 9]);
  });
});

describe('judgeNear', () => {
  const bridge = fixture('harbour-bridge.txt');

  it('picks the candidate with the best estimate and reports it as similarity', () => {
    const probe = fp(paragraphs(bridge).slice(0, 4).join('\n\n'));
    const v = judgeNear(probe, [
      { ref: 1, articleId: 'frost', sketch: fp(fixture('orchard-frost.txt')).sketch },
      { ref: 2, articleId: 'bridge', sketch: fp(bridge).sketch },
    ]);
    expect(v).toMatchObject({ of: 'bridge', kind: 'near' });
    expect(v!.similarity).toBeGreaterThanOrEqual(0.7);
  });

  it('never trusts a single shared sample', () => {
    // A one-shingle probe whose only sample is in the stored sketch: containment 1 from one sample.
    const stored = fp(bridge);
    const probe = fp(bridge.split(/\s+/).slice(0, 4).join(' '));
    const member = probe.shingles[0]!.h2 & 0xfff;
    const sketch = { threshold: 0xffffffff, members: [member, ...stored.sketch.members] };
    const v = judgeNear(probe, [{ ref: 1, articleId: 'bridge', sketch }]);
    expect(v).toBeNull();
  });
});
