// Parsing is linear in its input: for every hostile shape (long runs of one character, no blank lines, hard
// wrapping, tag soup, deep nesting, huge line counts, hostile JSON Lines bodies...) the parse costs at most a
// bounded multiple of a normal article of the same size, and grows far slower than quadratically. Costs are
// CPU-time ratios against a same-run baseline, never absolute times.
import { describe, expect, it } from 'vitest';
import {
  adversarialShapes,
  baselineCosts,
  type Format,
  GROWTH_BOUND,
  type Linearity,
  measureLinearity,
  normalDocument,
  parseCost,
  parserFailure,
  RATIO_BOUND,
  reportedInputs,
  timedParse,
} from '../../scripts/parse-adversarial.js';

/**
 * Small size n per format; shapes are measured at n and 4n, where a quadratic term is unmistakable. HTML is
 * measured smaller: its DOM costs several times more per byte, and the nesting cap it needs shows at 64 KB.
 */
const SMALL: Readonly<Record<Format, number>> = { text: 32 * 1024, jsonl: 32 * 1024, html: 16 * 1024 };
const baseline = baselineCosts();

describe('parse cost stays linear on adversarial shapes', () => {
  it.each(adversarialShapes().map((s) => [s.id, s] as const))('%s', (_id, shape) => {
    // Up to three measurements, keeping the best: a busy machine (the suite runs two files at once) can
    // inflate one, but no number of attempts brings a quadratic shape (growth ~16) under the bound.
    const within = (x: Linearity) => x.ratio <= RATIO_BOUND[shape.format] && x.growth <= GROWTH_BOUND;
    let m = measureLinearity(shape.make, shape.format, SMALL[shape.format], baseline, 2);
    for (let attempt = 1; attempt < 3 && !within(m); attempt++) {
      const again = measureLinearity(shape.make, shape.format, SMALL[shape.format], baseline, 2);
      m = { ...again, ratio: Math.min(m.ratio, again.ratio), growth: Math.min(m.growth, again.growth) };
    }
    expect(m.failure, 'the parser threw').toBeNull();
    expect(m.ratio, `cost ratio to a normal ${shape.format} document`).toBeLessThanOrEqual(
      RATIO_BOUND[shape.format],
    );
    expect(m.growth, 'cost growth from n to 4n').toBeLessThanOrEqual(GROWTH_BOUND);
  });
});

describe('the inputs reported in issue #11 parse in bounded time', () => {
  it.each(Object.entries(reportedInputs()))('%s', (_id, doc) => {
    const parsed = timedParse(doc);
    expect(parserFailure(parsed.result)).toBeNull();
    const format = doc.name.endsWith('.jsonl') ? 'jsonl' : 'text';
    const normal = normalDocument(format, doc.text.length);
    // Best of up to three, as above: load can inflate one measurement, not make a quadratic parse linear.
    let ratio = parsed.ms / parseCost(normal, 2);
    for (let attempt = 1; attempt < 3 && ratio > RATIO_BOUND[format]; attempt++)
      ratio = Math.min(ratio, timedParse(doc).ms / parseCost(normal, 2));
    expect(ratio).toBeLessThanOrEqual(RATIO_BOUND[format]);
  });
});

describe('huge containers are read without spreading them into calls', () => {
  it('a JSON-LD @graph of 200,000 items still yields its headline', () => {
    const graph = [
      ...Array.from({ length: 200_000 }, () => ({})),
      { headline: 'Council approves ferry line' },
    ];
    const html = `<html><head><script type="application/ld+json">${JSON.stringify({ '@graph': graph })}</script></head><body><article>${normalDocument(
      'text',
      4000,
    )
      .text.split('\n\n')
      .map((p) => `<p>${p}</p>`)
      .join('')}</article></body></html>`;
    const parsed = timedParse({ name: 'page.html', text: html }).result;
    expect(parsed.items[0]?.article.headline).toBe('Council approves ferry line');
  });
});
