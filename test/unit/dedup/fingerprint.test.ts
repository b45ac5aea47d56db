import { describe, expect, it } from 'vitest';
import {
  estimateResemblance,
  fingerprintText,
  normalizeBody,
  normalizeWords,
  PROBE_SAMPLE_FLOOR,
  queryShingles,
  SHORT_BODY_SHINGLES,
  SKETCH_SIZE,
  shinglesOf,
} from '../../../src/dedup/fingerprint.js';
import { fixture, paragraphs, rewrap } from './helpers.js';

describe('normalisation', () => {
  it('folds case, curly quotes, compatibility forms, punctuation and whitespace', () => {
    expect(normalizeBody('“Don’t  PANIC,”\n said the ﬁrst  officer — calmly.')).toBe(
      'dont panic said the first officer calmly',
    );
    expect(normalizeWords("O'Reilly's")).toEqual(normalizeWords('O’Reilly’s'));
  });

  it('keeps digits and letters of other scripts', () => {
    expect(normalizeWords('Über 3,5 Mio. Ärzte')).toEqual(['über', '3', '5', 'mio', 'ärzte']);
  });
});

describe('exact hash', () => {
  const body = fixture('harbour-bridge.txt');
  const exact = fingerprintText(body)!.exact;

  it('ignores re-wrapping, curly/straight quotes and case', () => {
    const straight = body.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
    expect(fingerprintText(rewrap(straight))!.exact).toBe(exact);
    expect(fingerprintText(body.toUpperCase())!.exact).toBe(exact);
    expect(fingerprintText(paragraphs(body).join(' '))!.exact).toBe(exact);
  });

  it('changes when a word changes', () => {
    expect(fingerprintText(body.replace('eighteen', 'nineteen'))!.exact).not.toBe(exact);
  });

  it('is 64 bits of hex', () => {
    expect(exact).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('sketch and anchors', () => {
  it('has no fingerprint for a body without words', () => {
    expect(fingerprintText(' … — ')).toBeNull();
  });

  it('keeps the sketch small and anchors few', () => {
    const fp = fingerprintText(fixture('harbour-bridge.txt'))!;
    expect(fp.sketch.members.length).toBe(SKETCH_SIZE);
    expect(fp.anchors.length).toBeGreaterThan(0);
    expect(fp.anchors.length).toBeLessThanOrEqual(8);
  });

  it('gives a single shingle to a body shorter than one shingle', () => {
    expect(shinglesOf(['breaking', 'news'])).toHaveLength(1);
  });

  it('estimates containment of a teaser in its original', () => {
    const body = fixture('harbour-bridge.txt');
    const teaser = paragraphs(body).slice(0, 3).join('\n\n');
    const full = fingerprintText(body)!;
    const r = estimateResemblance(fingerprintText(teaser)!.shingles, full.sketch);
    expect(r.probeInStored).toBeGreaterThan(0.9);
    expect(r.jaccard).toBeLessThan(0.8);
  });

  it('estimates near zero resemblance between different stories', () => {
    const a = fingerprintText(fixture('harbour-bridge.txt'))!;
    const b = fingerprintText(fixture('orchard-frost.txt'))!;
    const r = estimateResemblance(b.shingles, a.sketch);
    expect(Math.max(r.probeInStored, r.storedInProbe)).toBeLessThan(0.2);
  });

  it('spreads several anchors over a short story, and a short probe looks up all of its shingles', () => {
    // An agency brief of ~60 words: one anchor would be lost to a single reworded phrase.
    const brief = paragraphs(fixture('harbour-bridge.txt'))[0]!;
    const fp = fingerprintText(brief)!;
    expect(fp.shingles.length).toBeLessThanOrEqual(SHORT_BODY_SHINGLES);
    expect(fp.anchors.length).toBeGreaterThanOrEqual(6);
    expect(queryShingles(fp)).toHaveLength(fp.shingles.length);
  });

  it('keeps long stories to anchors below the lookup limit and bounded lookups', () => {
    const fp = fingerprintText(fixture('harbour-bridge.txt'))!;
    expect(fp.shingles.length).toBeGreaterThan(SHORT_BODY_SHINGLES);
    const looked = new Set(queryShingles(fp).map((s) => s.h1));
    expect(looked.size).toBeLessThan(fp.shingles.length / 4);
    for (const a of fp.anchors) expect(looked.has(a.h1)).toBe(true);
  });

  it('does not let a long probe with few samples under the stored threshold look contained', () => {
    // 160 probe shingles, the stored sample threshold at 1/16 of the hash range: ~10 expected under
    // it, but only 4 are (all shared, e.g. one boilerplate paragraph). 4 of 4 would read as 1.0.
    const threshold = 2 ** 28;
    const shared = Array.from({ length: 4 }, (_, i) => ({ h1: i * 1000, h2: i }));
    const own = Array.from({ length: 156 }, (_, i) => ({ h1: threshold + 1 + i * 1000, h2: 100 + i }));
    const stored = {
      threshold,
      members: [...shared.map((s) => s.h2), ...Array.from({ length: 24 }, (_, i) => 500 + i)],
    };
    const r = estimateResemblance([...own, ...shared], stored);
    expect(r.probeSamples).toBe(4);
    expect(r.probeInStored).toBeCloseTo(4 / (PROBE_SAMPLE_FLOOR * 10), 1);
    expect(r.probeInStored).toBeLessThan(0.7);
  });
});
