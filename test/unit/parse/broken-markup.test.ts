// Markup a DOM parser cannot recover still yields the article, through the plain-text path.
import { describe, expect, it } from 'vitest';
import { markupToText } from '../../../src/parse/html/markup-to-text.js';
import { parseDocument } from '../../../src/parse/index.js';

const paragraphs = [
  'The city council voted on Tuesday to close the old library on Main Street and move its collection to the new civic centre, ending a debate that has run for three years.',
  'Supporters of the plan said the building needed repairs that would cost more than the move itself, and that the civic centre would be open longer hours.',
  'Opponents, who had gathered more than two thousand signatures, said they would ask the county to review the decision before the end of the month.',
];
const body = `<div id="nav"><a href="/">Home</a> | <a href="/news">News</a></div>
<div class="story">${paragraphs.map((p) => `<p>${p.replace('three', 'three&nbsp;')}</p>`).join('\n')}</div>
<div id="footer"><a href="/about">About us</a> <a href="/contact">Contact</a></div>`;

describe('broken markup', () => {
  const cases: [string, string][] = [
    ['an unclosed <title>', `<html><head><title>Council closes library\n</head><body>${body}</body></html>`],
    [
      'an unclosed <script>',
      `<html><head><script>var ad = '<\\/SCRIPT>';\n</head><body>${body}</body></html>`,
    ],
  ];
  it.each(cases)('%s still yields the article', (_, html) => {
    const r = parseDocument(html, { name: 'page.html' });
    expect(r.format).toBe('html');
    const article = r.items[0]?.article;
    expect(article?.paragraphs.length).toBeGreaterThanOrEqual(3);
    expect(article?.body).toContain('The city council voted on Tuesday');
    expect(article?.body).toContain('before the end of the month.');
    expect(article?.body).not.toContain('About us');
  });

  it('markupToText drops closed scripts and comments, keeps paragraphs apart and decodes entities', () => {
    const text = markupToText(
      '<p>One &amp; two</p><script>var x = "<p>no</p>";</script><!-- hidden --><p>Three&nbsp;four</p>x < y',
    );
    expect(text).toBe('One & two\n\nThree\u00a0four\n\nx < y');
  });

  it('stays linear on adversarial markup', () => {
    const shapes = ['<!--', '<a ', '<script>', '</', '<title><!--<x', '<p>&amp', 'x\n', 'a  '];
    // CPU time of this process, not wall time: other processes on a busy machine cannot inflate it.
    const time = (s: string) => {
      const before = process.cpuUsage();
      markupToText(s);
      const spent = process.cpuUsage(before);
      return (spent.user + spent.system) / 1000;
    };
    // 8x the input: linear work grows ~8x (up to ~3x more under GC), quadratic ~64x. Fastest of interleaved
    // runs, and up to three attempts: a busy machine can slow one attempt, never a quadratic scan into a linear one.
    const ratio = (unit: string) => {
      const small = unit.repeat(10_000);
      const large = unit.repeat(80_000);
      let fastSmall = Number.POSITIVE_INFINITY;
      let fastLarge = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 5; k++) {
        fastSmall = Math.min(fastSmall, time(small));
        fastLarge = Math.min(fastLarge, time(large));
      }
      return fastLarge / Math.max(fastSmall, 2); // timings of a millisecond or two are noise
    };
    for (const unit of shapes) {
      let best = Number.POSITIVE_INFINITY;
      for (let attempt = 0; attempt < 3 && best >= 40; attempt++) best = Math.min(best, ratio(unit));
      expect(best, unit).toBeLessThan(40);
    }
  });
});
