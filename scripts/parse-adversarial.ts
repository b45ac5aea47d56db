// Generated inputs for the parser's linearity checks (test/hostile/parse-linearity.test.ts and
// scripts/fuzz-parse.ts): a normal article of any size, and hostile shapes of the same size. Everything
// is synthetic and seeded, so a failing shape can be regenerated exactly.
import { type ParseResult, parseDocument } from '../src/parse/index.js';
import { seededRandom } from './lib/seeded-random.js';

export type Format = 'text' | 'html' | 'jsonl';

export interface Document {
  text: string;
  /** Object name: its extension picks the format, as the worker's key would. */
  name: string;
}

export interface Shape {
  id: string;
  format: Format;
  make(bytes: number): Document;
}

// Invented vocabulary: ordinary English function words and made-up names, no text from any corpus.
const WORDS = (
  'the of and to in a is that for was on with as by at from it are were has have been which this said ' +
  'council plan river market report water budget school office street minister village harbour road ' +
  'price vote month week year team court police hospital station bridge ferry service island town ' +
  'people workers families residents officials members children farmers drivers teachers voters ' +
  'approved rejected announced opened closed raised cut warned expected agreed planned delayed ' +
  'new old local national public small large early late second final recent major higher lower'
).split(' ');
const NAMES = 'Marren Olsby Tavik Brennholt Quillan Ostrava Vellmar Dunecourt Hallis Perrow'.split(' ');
const FIRST = 'Ana Tomas Ines Pavel Mira Oskar Lena Jonas'.split(' ');
const DAYS = 'Monday Tuesday Thursday Friday'.split(' ');

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function sentence(rand: () => number): string {
  const n = 8 + Math.floor(rand() * 16);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.06) words.push(pick(rand, NAMES));
    else if (r < 0.08) words.push(`${pick(rand, FIRST)} ${pick(rand, NAMES)}`);
    else if (r < 0.09) words.push(`on ${pick(rand, DAYS)}`);
    else if (r < 0.1) words.push(String(1 + Math.floor(rand() * 900)));
    else words.push(pick(rand, WORDS));
  }
  const s = words.join(' ');
  const text = `${s[0]!.toUpperCase()}${s.slice(1)}`;
  if (rand() < 0.15) return `"${text}," ${pick(rand, FIRST)} ${pick(rand, NAMES)} said.`;
  return `${text}.`;
}

function paragraph(rand: () => number): string {
  const n = 2 + Math.floor(rand() * 4);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(rand));
  return out.join(' ');
}

/** Paragraphs of ordinary prose, about `chars` characters in all. */
export function proseParagraphs(chars: number, seed = 1): string[] {
  const rand = seededRandom(seed);
  const out: string[] = [];
  let length = 0;
  while (length < chars) {
    const p = paragraph(rand);
    out.push(p);
    length += p.length + 2;
  }
  return out;
}

function prose(chars: number, seed = 1): string {
  return proseParagraphs(chars, seed).join(' ').slice(0, chars);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

function fill(unit: string, chars: number): string {
  return unit.repeat(Math.max(1, Math.ceil(chars / unit.length))).slice(0, chars);
}

const HEAD = 'Harbour council approves new ferry line\n\n';
/** Ordinary prose around a hostile middle, so the document still looks like an article. */
const framed = (middle: string) => `${HEAD}${prose(600, 7)}\n\n${middle}\n\n${prose(600, 8)}\n`;

/** A normal article of about `bytes` bytes in the given format: the baseline for the ratios. */
export function normalDocument(format: Format, bytes: number, seed = 1): Document {
  const paragraphs = proseParagraphs(bytes - 200, seed);
  if (format === 'html') {
    const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
    return {
      name: 'normal.html',
      text: `<!doctype html><html><head><title>Harbour council approves new ferry line</title></head><body><article><h1>Harbour council approves new ferry line</h1>\n${body}\n</article></body></html>`,
    };
  }
  if (format === 'jsonl') {
    // Records of a few KB each, as a feed export carries them.
    const lines: string[] = [];
    let record: string[] = [];
    let length = 0;
    for (const p of paragraphs) {
      record.push(p);
      length += p.length;
      if (length > 3000) {
        lines.push(
          JSON.stringify({ headline: 'Harbour council approves new ferry line', body: record.join('\n\n') }),
        );
        record = [];
        length = 0;
      }
    }
    if (record.length) lines.push(JSON.stringify({ headline: 'Ferry line', body: record.join('\n\n') }));
    return { name: 'normal.jsonl', text: `${lines.join('\n')}\n` };
  }
  return { name: 'normal.txt', text: `${HEAD}${paragraphs.join('\n\n')}\n` };
}

const text = (id: string, make: (chars: number) => string): Shape => ({
  id,
  format: 'text',
  make: (bytes) => ({ name: `${id}.txt`, text: make(bytes) }),
});
const html = (id: string, make: (chars: number) => string): Shape => ({
  id,
  format: 'html',
  make: (bytes) => ({ name: `${id}.html`, text: make(bytes) }),
});
const jsonl = (id: string, make: (chars: number) => string): Shape => ({
  id,
  format: 'jsonl',
  make: (bytes) => ({ name: `${id}.jsonl`, text: make(bytes) }),
});

/** Characters whose long runs have hurt regex engines: letters, spaces, punctuation, quotes, markup. */
export const RUN_CHARS: Readonly<Record<string, string>> = {
  letter: 'a',
  capital: 'A',
  space: ' ',
  hyphen: '-',
  dot: '.',
  comma: ',',
  quote: '"',
  curly: '“',
  apostrophe: "'",
  lt: '<',
  amp: '&',
  digit: '7',
  cjk: '中',
  tab: '\t',
  cr: '\r',
  softHyphen: '\u00ad',
  zeroWidth: '\u200b',
  nbsp: '\u00a0',
};

/** Every hostile shape, each a function of the document size. */
export function adversarialShapes(): Shape[] {
  const shapes: Shape[] = [];
  for (const [label, c] of Object.entries(RUN_CHARS)) {
    // A run inside a word ("x----y" is one token) and a free-standing run, in prose.
    shapes.push(text(`run-${label}-in-word`, (n) => framed(`The x${fill(c, n - 1400)}y council said.`)));
    shapes.push(text(`run-${label}-alone`, (n) => framed(`The council ${fill(c, n - 1400)} said.`)));
  }
  shapes.push(
    // Wire copy: one hard-wrapped block, no blank lines (the 48 s report).
    text('hard-wrapped-block', (n) => wrap(prose(n - 10), 72).join('\n')),
    text('sentence-per-line', (n) => prose(n).replace(/\. /g, '.\n')),
    text('no-line-breaks', (n) => prose(n)),
    text('short-lines', (n) => fill('Word one\n', n)),
    text('tiny-lines', (n) => fill('a\n', n)),
    text('blank-lines', (n) => `${prose(300)}${fill('\n', n - 600)}${prose(300, 2)}`),
    text('one-word-lines-wrapped', (n) => wrap(fill('abc ', n), 40).join('\n')),
    text('title-case-run', (n) => framed(fill('Alpha Beta Gamma Delta ', n - 1400))),
    text('function-word-run', (n) => framed(fill('The ', n - 1400))),
    text('title-run', (n) => framed(fill('President Minister ', n - 1400))),
    text('connector-run', (n) => framed(fill('Bank of ', n - 1400))),
    text('acronym-run', (n) => framed(fill('U.S. ', n - 1400))),
    text('dotted-token', (n) => framed(fill('A.', n - 1400))),
    text('possessive-run', (n) => framed(`x${fill("'s", n - 1400)}`)),
    text('quote-pairs', (n) => framed(fill('"a b c" ', n - 1400))),
    text('open-quotes', (n) => framed(fill('“word ', n - 1400))),
    text('low-quotes', (n) => framed(fill('„word ', n - 1400))),
    text('guillemets', (n) => framed(fill('«word ', n - 1400))),
    text('said-run', (n) => framed(fill('"Yes, no, maybe," said ', n - 1400))),
    text('dates-run', (n) => framed(fill('January 5 2020 ', n - 1400))),
    text('sentence-ends', (n) => framed(fill('a. ', n - 1400))),
    text('ellipsis-run', (n) => framed(fill('...', n - 1400))),
    text('parens-run', (n) => framed(fill('(', n - 1400))),
    text('pipes-run', (n) => framed(fill('| ', n - 1400))),
    text('byline-like-lines', (n) => fill('By Ana Marren Olsby Tavik\n', n)),
    text('headline-lines', (n) => fill('Council Approves New Ferry Line For Island\n', n)),
    text('dateline-run', (n) => `${fill('WASHINGTON ', n - 100)}(Reuters) - The council met.`),
    text('tag-soup-text', (n) => fill('<a ', n)),
    text('html-lookalike', (n) => `<!--${fill('<p ', n)}`),
    text('json-lookalike', (n) => `{${fill('"a":', n)}`),
    html('tag-soup', (n) => `<html><body><p>${prose(400)}</p>${fill('<a ', n - 500)}</body></html>`),
    html('unclosed-tags', (n) => `<html><body>${fill('<div><p><span>word ', n)}</body></html>`),
    html('deep-nesting', (n) => `<html><body>${fill('<div>', n - 200)}${prose(150)}</body></html>`),
    html(
      'deep-inline-nesting',
      (n) => `<html><body><p>${prose(150)}${fill('<i>', n - 200)}</p></body></html>`,
    ),
    html('many-paragraphs', (n) => `<html><body>${fill('<p>Word one.</p>', n)}</body></html>`),
    html(
      'many-links',
      (n) =>
        `<html><body><aside>${fill('<a href="/x">Read this other story now</a>', n)}</aside></body></html>`,
    ),
    html('long-class-many-blocks', (n) => {
      const cls = fill('x ', n / 2);
      return `<html><body><div class="${cls}">${fill('<div><p>One short line of text here.</p></div>', n / 2)}</div></body></html>`;
    }),
    html('json-ld-graph', (n) => {
      const graph = JSON.stringify({ '@graph': Array.from({ length: Math.floor(n / 9) }, () => ({})) });
      return `<html><head><script type="application/ld+json">${graph}</script></head><body><p>${prose(400)}</p></body></html>`;
    }),
    text('lede-capital-run', (n) => `${fill('A', n - 100)} - The council met on Monday.`),
    html(
      'long-attribute',
      (n) => `<html><body><p class="${fill('x', n - 600)}">${prose(400)}</p></body></html>`,
    ),
    html(
      'unclosed-comment',
      (n) => `<html><body><p>${prose(400)}</p><!--${fill('a-', n - 600)}</body></html>`,
    ),
    html('entity-run', (n) => `<html><body><p>${prose(400)} ${fill('&amp;', n - 600)}</p></body></html>`),
    html('lt-run', (n) => `<html><body><p>${prose(400)} ${fill('<', n - 600)}</p></body></html>`),
    html('hyphen-paragraph', (n) => `<html><body><p>${prose(400)} x${fill('-', n - 600)}y</p></body></html>`),
    html('wrapped-pre', (n) => `<html><body><pre>${wrap(prose(n - 100), 72).join('\n')}</pre></body></html>`),
    html(
      'meta-run',
      (n) =>
        `<html><head>${fill('<meta name="x" content="y">', n - 600)}</head><body><p>${prose(400)}</p></body></html>`,
    ),
    jsonl('body-tag-soup', (n) => `${JSON.stringify({ headline: 'x', body: fill('<a ', n - 40) })}\n`),
    jsonl('body-hyphens', (n) => `${JSON.stringify({ body: `${prose(300)} x${fill('-', n - 400)}y` })}\n`),
    jsonl('body-wrapped', (n) => `${JSON.stringify({ body: wrap(prose(n - 100), 72).join('\n') })}\n`),
    jsonl('body-short-lines', (n) => `${JSON.stringify({ body: fill('Word one\n', n - 40) })}\n`),
    jsonl('body-quotes', (n) => `${JSON.stringify({ body: fill('"a b c" ', n - 40) })}\n`),
    jsonl('many-records', (n) => fill(`${JSON.stringify({ body: 'The council met on Monday.' })}\n`, n)),
    jsonl('bad-lines', (n) => fill('{"body": "x\n', n)),
    jsonl('deep-json', (n) => `${fill('[', Math.min(n, 5000))}\n${prose(n - 5000)}`),
  );
  return shapes;
}

/**
 * Bounds on parse cost. Ratio: an input's cost over a normal document of the same format and size. Text and
 * JSON Lines cost per line and per word, so 2-byte lines or one-letter words cost more per byte than prose;
 * the plain-text dev pages themselves reach 13x the synthetic article. HTML costs per DOM node, and a stray
 * "<" or an entity is a node each; the HTML dev pages reach 22x. Growth: cost at 4n over cost at n, where
 * linear is 4 and quadratic 16.
 */
export const RATIO_BOUND: Readonly<Record<Format, number>> = { text: 15, jsonl: 15, html: 25 };
export const GROWTH_BOUND = 8;

export interface Linearity {
  /** Cost of the input at the large size over a normal document's of that size. */
  ratio: number;
  /** Cost at the large size over cost at the small size. */
  growth: number;
  /** What the parse returned at the large size, when it failed inside the parser. */
  failure: string | null;
}

/**
 * Measures one shape at `small` and 4 × `small` bytes against normal documents of the same sizes. `baseline`
 * caches the normal documents' costs per format and size. Small costs are floored at a tenth of the normal
 * document's, so that timer noise on a near-free parse does not read as growth.
 */
export function measureLinearity(
  make: (bytes: number) => Document,
  format: Format,
  small: number,
  baseline: (format: Format, bytes: number) => number,
  runs = 3,
): Linearity {
  const large = small * 4;
  const bigDoc = make(large);
  const first = timedParse(bigDoc);
  const failure = parserFailure(first.result);
  const costSmall = parseCost(make(small), runs);
  const costLarge = Math.min(first.ms, parseCost(bigDoc, runs - 1));
  return {
    ratio: costLarge / baseline(format, large),
    growth: costLarge / Math.max(costSmall, baseline(format, small) / 10),
    failure,
  };
}

/** Normal-document costs per format and size, measured once each (after a warm-up). */
export function baselineCosts(runs = 5): (format: Format, bytes: number) => number {
  const cache = new Map<string, number>();
  return (format, bytes) => {
    const key = `${format}:${bytes}`;
    let cost = cache.get(key);
    if (cost === undefined) {
      const doc = normalDocument(format, bytes);
      parseCost(doc, 2);
      cost = parseCost(doc, runs);
      cache.set(key, cost);
    }
    return cost;
  };
}

/** The four inputs reported in issue #11, at their reported sizes. */
export function reportedInputs(): Record<string, Document> {
  return {
    'hard-wrapped-200k': { name: 'wire.txt', text: wrap(prose(200_000), 72).join('\n') },
    'hyphens-60k': { name: 'hyphens.txt', text: framed(`The x${'-'.repeat(60_000)}y council said.`) },
    'jsonl-tag-soup': { name: 'soup.jsonl', text: `${JSON.stringify({ body: '<a '.repeat(40_000) })}\n` },
    'short-lines-900k': { name: 'lines.txt', text: fill('Word\n', 900_000) },
  };
}

/** High enough that no measured document is cut short as too large: every stage must run. */
export const MEASURE_MAX_ARTICLE_CHARS = 10_000_000;

/** One parse of `doc` and the CPU milliseconds it cost (every stage runs: nothing is cut as too large). */
export function timedParse(doc: Document): { ms: number; result: ParseResult } {
  const before = process.cpuUsage();
  const result = parseDocument(doc.text, { name: doc.name, maxArticleChars: MEASURE_MAX_ARTICLE_CHARS });
  const spent = process.cpuUsage(before);
  return { ms: (spent.user + spent.system) / 1000, result };
}

/**
 * CPU milliseconds one parse of `doc` costs: the least of `runs` tries. CPU time, not wall time, and the
 * least, not the mean, because the machine is shared: other processes only ever add to a measurement.
 */
export function parseCost(doc: Document, runs = 3): number {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) least = Math.min(least, timedParse(doc).ms);
  return least;
}

/** The message of a parse that threw inside the parser (parseDocument turns it into a rejection). */
export function parserFailure(result: ParseResult): string | null {
  return result.rejected.find((r) => r.message.startsWith('parser failure'))?.message ?? null;
}
