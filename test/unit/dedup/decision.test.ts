import { describe, expect, it } from 'vitest';
import {
  BOTH_WAYS_CONTAINMENT,
  judgeNear,
  ONE_WAY_CONTAINMENT,
  rankCandidates,
  scorePair,
} from '../../../src/dedup/decision.js';
import { type Fingerprint, fingerprintText, type Shingle, sketchOf } from '../../../src/dedup/fingerprint.js';
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

describe('scorePair', () => {
  // Synthetic shingles: `shared` of a 20-shingle stored body appear in a probe with `extra` others.
  // Under SKETCH_SIZE shingles the sketch holds them all, so estimates are exact.
  const shingle = (i: number): Shingle => ({ h1: (i * 2654435761) >>> 0, h2: i });
  const stored = Array.from({ length: 20 }, (_, i) => shingle(i));
  const probeOf = (shared: number, extra: number): Fingerprint => {
    const shingles = [
      ...stored.slice(0, shared),
      ...Array.from({ length: extra }, (_, i) => shingle(1000 + i)),
    ];
    return { exact: 'x', shingles, anchors: [], sketch: sketchOf(shingles) };
  };

  it('takes a copy overlapping both ways (a reworded one) at the lower both-ways level', () => {
    // 11 of 20 kept, 9 reworded: 0.55 both ways, under the one-way cut-off but over the both-ways one.
    const s = scorePair(probeOf(11, 9), sketchOf(stored));
    expect(0.55).toBeLessThan(ONE_WAY_CONTAINMENT);
    expect(0.55).toBeGreaterThan(BOTH_WAYS_CONTAINMENT);
    expect(s).toMatchObject({ trusted: true, similarity: 0.55 });
    expect(s.score).toBeGreaterThanOrEqual(1);
  });

  it('does not take a page sharing one passage: high one way only is not enough below the one-way cut-off', () => {
    // A page quoting 11 of the 20 shingles among 60 of its own: 0.55 one way, 0.15 the other.
    const s = scorePair(probeOf(11, 60), sketchOf(stored));
    expect(s.score).toBeLessThan(1);
  });

  it('takes a teaser or an update on one-way containment', () => {
    expect(scorePair(probeOf(15, 0), sketchOf(stored)).score).toBeGreaterThanOrEqual(1);
    expect(scorePair(probeOf(20, 40), sketchOf(stored)).score).toBeGreaterThanOrEqual(1);
  });
});
