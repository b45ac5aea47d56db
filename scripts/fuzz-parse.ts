// Bounded fuzzing of the parser for super-linear inputs: fast-check builds random documents from hostile
// pieces (runs of one character, repeated short tokens, line-break patterns, tags, prose), each measured at
// n and 4n bytes against a normal document of the same format and size. Reports the worst cost ratio and
// growth found, and fails when either passes the bounds the linearity test uses.
// Usage: npm run fuzz:parse [-- --runs 200 --seconds 120 --bytes 32768 --seed 42]
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import {
  baselineCosts,
  type Document,
  type Format,
  GROWTH_BOUND,
  measureLinearity,
  proseParagraphs,
  RATIO_BOUND,
  RUN_CHARS,
} from './parse-adversarial.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '120' },
    bytes: { type: 'string', default: String(32 * 1024) },
    seed: { type: 'string' },
  },
});
const runs = Number(values.runs);
const deadline = Date.now() + Number(values.seconds) * 1000;
const small = Number(values.bytes);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);

/** One piece of a document: a unit repeated to its share of the size, or prose. */
type Piece = { kind: 'repeat'; unit: string; share: number } | { kind: 'prose'; share: number };
interface Recipe {
  format: Format;
  pieces: Piece[];
  /** How pieces are joined: nothing, a space, a newline or a blank line. */
  joiner: string;
}

const hostileChar = fc.oneof(
  fc.constantFrom(
    ...Object.values(RUN_CHARS),
    '\n',
    '>',
    '/',
    '=',
    '(',
    ')',
    '|',
    '“',
    '”',
    '’',
    '«',
    '»',
    '…',
  ),
  fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
);
const token = fc.oneof(
  fc.constantFrom(
    'The ',
    'Bank of ',
    'President ',
    'U.S. ',
    'said ',
    '"a b" ',
    '<a ',
    '<div>',
    '<p>',
    '</b>',
    '&amp;',
    '<!--',
    'x-',
    "'s ",
    'January 5 ',
    'Alpha Beta ',
    'a.\n',
    'Word\n',
    '\n\n',
    '{"body":"',
  ),
  fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }),
);
const piece: fc.Arbitrary<Piece> = fc.oneof(
  fc.record({
    kind: fc.constant('repeat' as const),
    unit: hostileChar,
    share: fc.integer({ min: 1, max: 10 }),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    unit: fc.array(token, { minLength: 1, maxLength: 4 }).map((t) => t.join('')),
    share: fc.integer({ min: 1, max: 10 }),
  }),
  fc.record({ kind: fc.constant('prose' as const), share: fc.integer({ min: 1, max: 3 }) }),
);
const recipe: fc.Arbitrary<Recipe> = fc.record({
  format: fc.constantFrom<Format>('text', 'html', 'jsonl'),
  pieces: fc.array(piece, { minLength: 1, maxLength: 5 }),
  joiner: fc.constantFrom('', ' ', '\n', '\n\n'),
});

function render(r: Recipe, bytes: number): Document {
  const total = r.pieces.reduce((n, p) => n + p.share, 0);
  const parts = r.pieces.map((p) => {
    const chars = Math.max(1, Math.floor((bytes * p.share) / total));
    if (p.kind === 'prose') return proseParagraphs(chars, chars).join(' ').slice(0, chars);
    return p.unit.repeat(Math.ceil(chars / p.unit.length)).slice(0, chars);
  });
  const body = parts.join(r.joiner);
  if (r.format === 'html') return { name: 'fuzz.html', text: `<html><body>${body}</body></html>` };
  if (r.format === 'jsonl') return { name: 'fuzz.jsonl', text: `${JSON.stringify({ body })}\n` };
  return { name: 'fuzz.txt', text: body };
}

const describe = (r: Recipe) =>
  JSON.stringify({
    format: r.format,
    joiner: r.joiner,
    pieces: r.pieces.map((p) =>
      p.kind === 'prose' ? `prose×${p.share}` : `${JSON.stringify(p.unit)}×${p.share}`,
    ),
  });

const baseline = baselineCosts();
let tried = 0;
let worstRatio = { value: 0, share: 0, recipe: '' };
let worstGrowth = { value: 0, recipe: '' };
const failures: string[] = [];
fc.assert(
  fc.property(recipe, (r) => {
    if (Date.now() > deadline) return;
    tried++;
    const m = measureLinearity((bytes) => render(r, bytes), r.format, small, baseline, 2);
    // Formats have different bounds: the worst input is the one closest to its own.
    if (m.ratio / RATIO_BOUND[r.format] > worstRatio.share)
      worstRatio = { value: m.ratio, share: m.ratio / RATIO_BOUND[r.format], recipe: describe(r) };
    if (m.growth > worstGrowth.value) worstGrowth = { value: m.growth, recipe: describe(r) };
    if (m.failure || m.ratio > RATIO_BOUND[r.format] || m.growth > GROWTH_BOUND)
      failures.push(
        `${describe(r)}: ratio ${m.ratio.toFixed(1)}, growth ${m.growth.toFixed(1)}${m.failure ? `, ${m.failure}` : ''}`,
      );
  }),
  { numRuns: runs, seed, endOnFailure: true },
);

console.log(`fuzz:parse seed ${seed}: ${tried} documents at ${small} and ${small * 4} bytes`);
console.log(
  `worst cost ratio ${worstRatio.value.toFixed(1)} (bounds ${JSON.stringify(RATIO_BOUND)}): ${worstRatio.recipe}`,
);
console.log(
  `worst growth n -> 4n ${worstGrowth.value.toFixed(1)} (bound ${GROWTH_BOUND}): ${worstGrowth.recipe}`,
);
if (failures.length) {
  console.log(`${failures.length} over the bounds:\n${failures.join('\n')}`);
  process.exitCode = 1;
}
