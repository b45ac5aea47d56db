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
  // Synthetic shingles in text order: a 20-shingle stored body, and probes that keep some of them in
  // place and change the rest. Under SKETCH_SIZE shingles the sketch holds them all: estimates are exact.
  const shingle = (i: number): Shingle => ({ h1: (i * 2654435761) >>> 0, h2: i });
  const stored = Array.from({ length: 20 }, (_, i) => shingle(i));
  const probeKeeping = (kept: (i: number) => boolean, extra = 0): Fingerprint => {
    const shingles = stored.map((s, i) => (kept(i) ? s : shingle(1000 + i)));
    for (let i = 0; i < extra; i++) shingles.push(shingle(2000 + i));
    return { exact: 'x', shingles, anchors: [], sketch: sketchOf(shingles) };
  };
  const spread = (i: number) => i % 2 === 0 || i === 19; // 11 of 20, changes between them
  const block = (i: number) => i < 11; // 11 of 20 in one run

  it('takes a copy overlapping both ways with changes spread through it (reworded) at the both-ways level', () => {
    const s = scorePair(probeKeeping(spread), sketchOf(stored));
    expect(0.55).toBeLessThan(ONE_WAY_CONTAINMENT);
    expect(0.55).toBeGreaterThan(BOTH_WAYS_CONTAINMENT);
    expect(s).toMatchObject({ trusted: true, similarity: 0.55 });
    expect(s.score).toBeGreaterThanOrEqual(1);
  });

  it('holds overlap that is one block (a shared paragraph) to the one-way level', () => {
    const s = scorePair(probeKeeping(block), sketchOf(stored));
    expect(s.score).toBeLessThan(1);
    expect(s.score).toBeCloseTo(0.55 / ONE_WAY_CONTAINMENT);
  });

  it('does not take a page quoting a passage among much of its own text', () => {
    expect(scorePair(probeKeeping(spread, 60), sketchOf(stored)).score).toBeLessThan(1);
  });

  it('takes a teaser or an update on one-way containment', () => {
    const teaser = stored.slice(0, 15);
    expect(
      scorePair({ exact: 't', shingles: teaser, anchors: [], sketch: sketchOf(teaser) }, sketchOf(stored))
        .score,
    ).toBeGreaterThanOrEqual(1);
    expect(
      scorePair(
        probeKeeping(() => true, 40),
        sketchOf(stored),
      ).score,
    ).toBeGreaterThanOrEqual(1);
  });
});
