// Pure fingerprinting of an article body for duplicate detection.
//
// Three things are derived from the normalised word sequence:
//  - an exact hash (64 bits) of the normalised body: re-uploads and pure re-formats collide on it;
//  - anchors: the minimum-hash shingle of each of a few equal segments of the body. They are what the
//    index stores for candidate lookup; a probe looks up *all* of its shingles, so any copy that keeps
//    one segment's anchor (a teaser keeps the first segments, an update most of them) finds the original;
//  - a sketch: a conditional random sample (the K smallest shingle hashes, Li & Church) stored as 16-bit
//    fingerprints plus the sampling threshold. Because the probe has all of its own shingles, it can
//    restrict itself to the stored threshold and estimate containment in both directions, which plain
//    MinHash Jaccard cannot do for teasers and updates.
import { createHash } from 'node:crypto';

/**
 * Words per shingle. 3 keeps a typo's or a swapped synonym's damage to 3 shingles (a copy with one
 * content word in seven reworded keeps ~80% of its 3-grams, ~72% of its 4-grams) while staying specific
 * to the story: stories sharing one passage still overlap < 0.3.
 */
export const SHINGLE_WORDS = 3;
/**
 * Version of what the index stores (shingle size, anchor and sketch rules). Index keys carry it, so an
 * index built by another version is never read as this one's (`news-ingest dedup-rebuild` re-indexes).
 */
export const FINGERPRINT_VERSION: number = 2;
/** Sample size of the stored sketch; 28 x 12 bits fit id + threshold + sketch into one 64-byte listpack value. */
export const SKETCH_SIZE = 28;
/** Bits of h2 identifying a sketch member: false matches stay around 1 in 4096 per pair. */
export const MEMBER_BITS = 12;
const MEMBER_MASK = (1 << MEMBER_BITS) - 1;
/**
 * Only shingles with h1 below this can be anchors, and only those are looked up: an eighth of the
 * shingles, so a lookup costs ~n/8 bucket reads. A segment's minimum is almost always below it.
 */
export const ANCHOR_H1_LIMIT = 2 ** 29;
/** Anchors stored per article (one per segment). */
export const MAX_ANCHORS = 8;
/** Shorter segments would make anchors of tiny bodies too sensitive to single typos. */
const MIN_SEGMENT_SHINGLES = 12;
/**
 * Bodies up to this many shingles are short (agency briefs, ~100 words): they spread up to MAX_ANCHORS
 * anchors over segments of at least SHORT_SEGMENT_SHINGLES, whatever their h1, and as probes they look up
 * every shingle. Otherwise a short story would have one or two anchors, and a reworded copy would
 * often lose all of them.
 */
export const SHORT_BODY_SHINGLES = 96;
const SHORT_SEGMENT_SHINGLES = 4;
/** Query cost bound for very long bodies. */
export const MAX_QUERY_SHINGLES = 256;

export interface Shingle {
  /** Ordering hash: selects anchors and sketch members. */
  h1: number;
  /** Independent hash: its low bits identify a sketch member, its high bits spread index groups. */
  h2: number;
}

export interface Sketch {
  /** Shingles with h1 <= threshold were sampled (0xffffffff when the body had fewer than K shingles). */
  threshold: number;
  /** Low MEMBER_BITS bits of h2 of each sampled shingle. */
  members: number[];
}

export interface Fingerprint {
  /** 16 hex chars: the first 64 bits of sha256 of the normalised body. */
  exact: string;
  /** Distinct shingles of the body, in text order (first occurrence). */
  shingles: Shingle[];
  /** What the index stores for candidate lookup. */
  anchors: Shingle[];
  sketch: Sketch;
}

const QUOTE_MAP: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
};

/** NFKC, lower case, straight quotes; punctuation and whitespace only separate words. */
export function normalizeWords(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(
      /[\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g,
      (c) => QUOTE_MAP[c] ?? c,
    )
    // Apostrophes inside words ("o'reilly", "don't") keep the word whole.
    .replace(/(\p{L})'(\p{L})/gu, '$1$2');
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The normalised body as one string (words joined by single spaces). */
export function normalizeBody(text: string): string {
  return normalizeWords(text).join(' ');
}

function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** 32-bit FNV-1a of a word, finalised. */
function wordHash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

function combine(hashes: readonly number[], from: number, to: number, seed: number): number {
  let h = seed >>> 0;
  for (let i = from; i < to; i++) {
    h = Math.imul(h ^ (hashes[i] ?? 0), 0x9e3779b1) + 0x7f4a7c15;
    h = (h << 13) | (h >>> 19);
  }
  return fmix32(h ^ (to - from));
}

const SEED_1 = 0x2545f491;
const SEED_2 = 0x6c8e9cf5;

/** Distinct word shingles in text order. A body shorter than one shingle is a single shingle. */
export function shinglesOf(words: readonly string[], size = SHINGLE_WORDS): Shingle[] {
  const wh = words.map(wordHash);
  const out: Shingle[] = [];
  const seen = new Set<number>();
  const last = Math.max(0, wh.length - size);
  if (wh.length === 0) return out;
  for (let i = 0; i <= last; i++) {
    const to = Math.min(wh.length, i + size);
    const h1 = combine(wh, i, to, SEED_1);
    if (seen.has(h1)) continue;
    seen.add(h1);
    out.push({ h1, h2: combine(wh, i, to, SEED_2) });
  }
  return out;
}

/**
 * Minimum-h1 shingle of each of up to MAX_ANCHORS equal segments: below ANCHOR_H1_LIMIT for long bodies,
 * any for short ones (which probes of their size look up in full).
 */
export function anchorsOf(shingles: readonly Shingle[]): Shingle[] {
  const short = shingles.length <= SHORT_BODY_SHINGLES;
  const perSegment = short ? SHORT_SEGMENT_SHINGLES : MIN_SEGMENT_SHINGLES;
  const segments = Math.max(1, Math.min(MAX_ANCHORS, Math.floor(shingles.length / perSegment)));
  const limit = short ? 2 ** 32 : ANCHOR_H1_LIMIT;
  const out: Shingle[] = [];
  const seen = new Set<number>();
  for (let s = 0; s < segments; s++) {
    const from = Math.floor((s * shingles.length) / segments);
    const to = Math.floor(((s + 1) * shingles.length) / segments);
    let best: Shingle | undefined;
    for (let i = from; i < to; i++) {
      const sh = shingles[i]!;
      if (!best || sh.h1 < best.h1) best = sh;
    }
    if (best && best.h1 < limit && !seen.has(best.h1)) {
      seen.add(best.h1);
      out.push(best);
    }
  }
  return out;
}

export function sketchOf(shingles: readonly Shingle[], size = SKETCH_SIZE): Sketch {
  const sorted = [...shingles].sort((a, b) => a.h1 - b.h1);
  const kept = sorted.slice(0, size);
  const threshold = sorted.length > size ? kept[kept.length - 1]!.h1 : 0xffffffff;
  return { threshold, members: kept.map((s) => s.h2 & MEMBER_MASK) };
}

export function exactHashOf(normalized: string): string {
  return createHash('sha256').update(normalized).digest('hex').slice(0, 16);
}

/** Fingerprint of a body text; null when the body has no words. */
export function fingerprintText(body: string): Fingerprint | null {
  const words = normalizeWords(body);
  if (words.length === 0) return null;
  const shingles = shinglesOf(words);
  return {
    exact: exactHashOf(words.join(' ')),
    shingles,
    anchors: anchorsOf(shingles),
    sketch: sketchOf(shingles),
  };
}

/**
 * The shingles a probe looks up in the anchor index: every one of a short body, else those that can be
 * long bodies' anchors, bounded for very long bodies. A long copy of a short story (an update, a
 * roundup) still finds it: the short story's anchors below ANCHOR_H1_LIMIT are among them.
 */
export function queryShingles(fp: Fingerprint): Shingle[] {
  if (fp.shingles.length <= SHORT_BODY_SHINGLES) return fp.shingles;
  const candidates = fp.shingles.filter((s) => s.h1 < ANCHOR_H1_LIMIT);
  return candidates.length > MAX_QUERY_SHINGLES ? candidates.slice(0, MAX_QUERY_SHINGLES) : candidates;
}

export interface Resemblance {
  /** Share of the stored article's sample found in the probe (high when the probe is an update). */
  storedInProbe: number;
  /** Share of the probe's sample found in the stored article (high when the probe is a teaser). */
  probeInStored: number;
  jaccard: number;
  /** Sample sizes the estimates rest on. */
  storedSamples: number;
  probeSamples: number;
  shared: number;
  /**
   * Probe samples found in the stored sketch outside their longest unbroken run (in the probe's text
   * order): high when the shared text is spread through the story between changed words (a reworded
   * copy), near 0 when it is one block (a quoted passage, a shared boilerplate paragraph, a kept tail).
   */
  sharedOutsideLongestRun: number;
}

/** Share of its expected sample size below which a probe's sample is not trusted to be its size. */
export const PROBE_SAMPLE_FLOOR = 0.6;

/** Estimates resemblance between a probe (all shingles known) and a stored sketch. */
export function estimateResemblance(probe: readonly Shingle[], stored: Sketch): Resemblance {
  const probeMembers = new Set<number>();
  const storedMembers = new Set(stored.members);
  let matchedInOrder = 0;
  let run = 0;
  let longestRun = 0;
  for (const s of probe) {
    if (s.h1 > stored.threshold) continue;
    const member = s.h2 & MEMBER_MASK;
    probeMembers.add(member);
    if (storedMembers.has(member)) {
      matchedInOrder++;
      run++;
      if (run > longestRun) longestRun = run;
    } else run = 0;
  }
  let shared = 0;
  for (const m of storedMembers) if (probeMembers.has(m)) shared++;
  const ns = storedMembers.size;
  // The probe's shingles fall under the stored threshold at random: a probe that by chance has few
  // there would show high containment from a few shared ones (a boilerplate paragraph's shingles are
  // under the same threshold in every page that carries it), so its sample counts at least
  // PROBE_SAMPLE_FLOOR of what its length leads to expect.
  const expected = (probe.length * (stored.threshold + 1)) / 2 ** 32;
  const np = Math.max(probeMembers.size, Math.min(probe.length, PROBE_SAMPLE_FLOOR * expected));
  const union = ns + np - shared;
  return {
    storedInProbe: ns === 0 ? 0 : shared / ns,
    probeInStored: np === 0 ? 0 : shared / np,
    jaccard: union === 0 ? 0 : shared / union,
    storedSamples: ns,
    probeSamples: probeMembers.size,
    shared,
    sharedOutsideLongestRun: matchedInOrder - longestRun,
  };
}
