// A generated near-duplicate set of reworded copies (deterministic for a seed): real stories of several
// lengths (the near-duplicate dev sets' originals from ../shared when present, else the repo's
// fixtures), each later re-uploaded lightly reworded (reword.ts), plus hard negatives that quote two
// sentences of an earlier story or share a boilerplate paragraph with it. Bodies only: it measures the duplicate index, not body extraction.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NearDupLabel } from '../../scripts/lib/dedup-evaluation.js';
import { seededRandom } from '../../scripts/lib/seeded-random.js';
import { decodeBytes, parseDocument } from '../../src/parse/index.js';
import { corpusPath } from './corpus.js';
import { reword, shuffled } from './reword.js';
import { loadWordNet, type Thesaurus } from './wordnet-thesaurus.js';

export interface Story {
  name: string;
  body: string;
}

export interface RewordingSet {
  /** Bodies in upload order. */
  docs: Story[];
  labels: NearDupLabel[];
  /** Where the stories came from. */
  source: 'shared' | 'fixtures';
  /** Swapped / content words over all copies, and attributions turned. */
  swapRate: number;
  turned: number;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED_SETS = ['neardup-hard-dev', 'neardup-dev'].map(corpusPath);
const FIXTURE_STORIES = [
  'test/fixtures/dedup/harbour-bridge.txt',
  'test/fixtures/dedup/orchard-frost.txt',
  'test/fixtures/dedup/stadium-vote.txt',
  'test/fixtures/dedup/harbour-bridge-other-outlet.txt',
  'test/fixtures/samples/lavrov-us-ukraine-with-sidebar.txt',
];

function bodyOf(name: string, bytes: Uint8Array): string | null {
  const parsed = parseDocument(decodeBytes(bytes).text, { name });
  return parsed.items[0]?.article.body ?? null;
}

/** Originals of the shared near-duplicate dev sets (up to `perSet` each), or null when absent. */
function sharedStories(perSet: number): Story[] | null {
  const stories: Story[] = [];
  for (const dir of SHARED_SETS) {
    if (!existsSync(join(dir, 'labels.json'))) return null;
    const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as NearDupLabel[];
    const present = new Set(readdirSync(join(dir, 'docs')));
    const originals = labels.filter((l) => l.op === 'original' && present.has(l.file)).slice(0, perSet);
    for (const l of originals) {
      const body = bodyOf(l.file, readFileSync(join(dir, 'docs', l.file)));
      if (body) stories.push({ name: `${dir.split('/').pop()}/${l.file}`, body });
    }
  }
  return stories;
}

function fixtureStories(): Story[] {
  return FIXTURE_STORIES.flatMap((path) => {
    const body = bodyOf(path, readFileSync(join(REPO_ROOT, path)));
    return body ? [{ name: path, body }] : [];
  });
}

const paragraphsOf = (body: string): string[] =>
  body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
const wordsIn = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** A short agency-style version: the opening paragraphs, 50-160 words. Null when the lede alone is longer. */
export function shortVersion(body: string, rnd: () => number): string | null {
  const target = 50 + Math.floor(rnd() * 110);
  const kept: string[] = [];
  let words = 0;
  for (const p of paragraphsOf(body)) {
    const w = wordsIn(p);
    if (words >= 50 && words + w > target) break;
    kept.push(p);
    words += w;
  }
  return words <= 160 ? kept.join('\n\n') : null;
}

function sentencesOf(body: string): string[] {
  return body.split(/(?<=[.!?]["\u201d]?)\s+(?=["\u201c]?[A-Z])/).filter((s) => wordsIn(s) >= 6);
}

/**
 * Two consecutive sentences of `source` (20-70 words, at most a third of it: quoting most of a story is
 * copying it), or null.
 */
function quotedPassage(source: string, rnd: () => number): string | null {
  const ss = sentencesOf(source);
  const most = Math.min(70, wordsIn(source) / 3);
  const starts = shuffled(
    ss.slice(0, -1).map((_, i) => i),
    rnd,
  );
  for (const i of starts) {
    const quote = `${ss[i]} ${ss[i + 1]}`;
    const w = wordsIn(quote);
    if (w >= 20 && w <= most) return quote.replace(/["\u201c\u201d]/g, "'");
  }
  return null;
}

/**
 * Standard paragraphs that outlets append to unrelated stories, written for this test (not taken from
 * any page or evaluation set): shared boilerplate must not make two different stories duplicates.
 */
const BOILERPLATE = [
  'Listen to this story. An audio version of this article is available for subscribers on our website and in the app, read by one of our presenters. You can download episodes to listen offline, change the playback speed and pick up where you left off on any of your devices. Audio versions are produced for most of our news and feature articles within a few hours of publication.',
  'Sign up for our morning briefing. Every weekday we send the stories you need to know about, from politics and business to culture and sport, straight to your inbox before breakfast. It is free, it takes five minutes to read, and you can unsubscribe at any time by following the link at the bottom of every email. We never share your address with anyone else.',
  'Do you have a story we should be covering? Our reporters want to hear from readers who have seen something happen, work somewhere that is in the news or have documents that shed light on a matter of public interest. You can contact the newsroom securely and confidentially, and we will protect the identity of anyone who asks us to do so.',
];

export interface RewordingSetOptions {
  seed?: number;
  /** Originals taken from each shared dev set. */
  perSet?: number;
  /** Share of stories cut to a short agency-style version. */
  shortShare?: number;
  /** Share of stories re-used as quoting negatives of another. */
  quotingShare?: number;
  /** Share of stories re-used in pairs that carry the same boilerplate paragraph. */
  boilerplateShare?: number;
  thesaurus?: Thesaurus;
  /** Share of content words swapped (default one in seven). */
  swapRate?: number;
  /** Use the repo's fixtures even when ../shared is present. */
  fixturesOnly?: boolean;
}

export function buildRewordingSet(options: RewordingSetOptions = {}): RewordingSet {
  const seed = options.seed ?? 20261130;
  const rnd = seededRandom(seed);
  const thesaurus = options.thesaurus ?? loadWordNet();
  const shared = options.fixturesOnly ? null : sharedStories(options.perSet ?? 60);
  const all = shared ?? fixtureStories();
  const quotingShare = options.quotingShare ?? (shared ? 0.2 : 0);
  const quoting = Math.floor(all.length * quotingShare);
  // The first stories become quoting pages (their own text is new to the index), the rest originals.
  const order = shuffled(all, rnd);
  const quoters = order.slice(0, quoting);
  // Boilerplate pairs: stories of at least 100 words (a paragraph of 60-70 words is then at most ~40% of
  // a page; more than that and the page is mostly boilerplate, which extraction should drop first).
  const boilerplate = Math.floor(all.length * (options.boilerplateShare ?? (shared ? 0.2 : 0)));
  const pairable = order.slice(quoting).filter((s) => wordsIn(s.body) >= 100);
  const inPairs = new Set(pairable.slice(0, boilerplate - (boilerplate % 2)).map((s) => s.name));
  const pairs = [...inPairs].map((name) => order.find((s) => s.name === name)!);
  const originals = order
    .slice(quoting)
    .filter((s) => !inPairs.has(s.name))
    .map((s) => {
      const short = rnd() < (options.shortShare ?? 0.4) ? shortVersion(s.body, rnd) : null;
      return short ? { name: `${s.name}#short`, body: short } : s;
    });

  const docs: Story[] = [];
  const labels: NearDupLabel[] = [];
  const push = (body: string, label: Omit<NearDupLabel, 'file'>) => {
    const file = `r${String(docs.length + 1).padStart(5, '0')}`;
    docs.push({ name: file, body });
    labels.push({ file, ...label });
    return file;
  };
  const fileOf = new Map<string, string>();
  // Each pair: the first story early, the second later, both with the same paragraph at the start, at
  // the end, or before the last paragraph.
  const withBoilerplate = (body: string, paragraph: string, where: number): string => {
    const paras = paragraphsOf(body);
    const at = where === 0 ? 0 : where === 1 ? paras.length : Math.max(1, paras.length - 1);
    paras.splice(at, 0, paragraph);
    return paras.join('\n\n');
  };
  const laterPairs: Array<{ body: string; pair: string; i: number }> = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const paragraph = BOILERPLATE[Math.floor(rnd() * BOILERPLATE.length)]!;
    const first = push(withBoilerplate(pairs[i]!.body, paragraph, Math.floor(rnd() * 3)), {
      cluster: `b${i}`,
      op: 'shared_boilerplate',
    });
    laterPairs.push({
      body: withBoilerplate(pairs[i + 1]!.body, paragraph, Math.floor(rnd() * 3)),
      pair: first,
      i,
    });
  }
  originals.forEach((s, i) => {
    fileOf.set(s.name, push(s.body, { cluster: `o${i}`, op: 'original' }));
  });
  let swapped = 0;
  let content = 0;
  let turned = 0;
  // Copies and quoting pages arrive later, in a mixed order.
  const later = shuffled(
    [
      ...originals.map((s, i) => ({ kind: 'copy' as const, s, i })),
      ...quoters.map((s, i) => ({ kind: 'quote' as const, s, i })),
      ...laterPairs.map((p) => ({ kind: 'boilerplate' as const, s: { name: p.pair, body: p.body }, i: p.i })),
    ],
    rnd,
  );
  for (const item of later) {
    if (item.kind === 'copy') {
      const r = reword(item.s.body, thesaurus, {
        seed: seed + item.i + 1,
        swapRate: options.swapRate ?? 1 / 7,
      });
      swapped += r.swapped;
      content += r.contentWords;
      turned += r.turned;
      const op = item.s.name.endsWith('#short') ? 'reworded_short' : 'reworded';
      push(r.text, { cluster: `o${item.i}`, op, of: fileOf.get(item.s.name)! });
    } else if (item.kind === 'boilerplate') {
      push(item.s.body, { cluster: `b${item.i + 1}`, op: 'shared_boilerplate', pair: item.s.name });
    } else {
      const source = originals[Math.floor(rnd() * originals.length)]!;
      const quote = quotedPassage(source.body, rnd);
      if (!quote) continue;
      const paras = paragraphsOf(item.s.body);
      const at = 1 + Math.floor(rnd() * paras.length);
      paras.splice(at, 0, `As reported earlier, "${quote}"`);
      push(paras.join('\n\n'), { cluster: `q${item.i}`, op: 'quoting', quotes: fileOf.get(source.name)! });
    }
  }
  return {
    docs,
    labels,
    source: shared ? 'shared' : 'fixtures',
    swapRate: content === 0 ? 0 : swapped / content,
    turned,
  };
}
