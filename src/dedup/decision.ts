// The duplicate decision, shared by every index adapter: stores only supply candidates, so the in-memory
// and Redis indexes decide the same way.

import { estimateResemblance, type Fingerprint, type Sketch } from './fingerprint.js';
import type { DuplicateVerdict } from './types.js';

/** An indexed canonical as a store hands it back for verification. */
export interface StoredCanonical {
  /** Store-internal sequence number (insertion order). */
  ref: number;
  articleId: string;
  sketch: Sketch;
}

/**
 * A copy contained in the other text or containing it (a teaser, an excerpt, an update, a roundup, a
 * re-leded copy) shows as containment one way: it needs this much, estimated. Midway between the lowest
 * such copy on the dev sets (0.75, a relede) and the highest estimate a shared passage reached (0.60, a
 * boilerplate paragraph with an unlucky sample; ~0.4 is typical).
 */
export const ONE_WAY_CONTAINMENT = 0.65;
/**
 * A copy of the whole story, even reworded (a synonym for one content word in five to seven, clauses
 * turned round), overlaps both ways at once (~0.55-0.9 over word 3-grams), which a passage shared by
 * two normal-length stories does not (<= ~0.3): this much containment in both directions is enough...
 */
export const BOTH_WAYS_CONTAINMENT = 0.45;
/**
 * ...provided the overlap is spread through the text between changed words, as rewording leaves it:
 * at least this many shared samples outside the longest unbroken run of them. Overlap that is one
 * block (a boilerplate paragraph that is half of two short stories, a quote, a kept tail after a new
 * lede) has none and must meet the one-way bar. Copies relying on both ways have >= 9, blocks 0.
 */
export const MIN_SPREAD_SAMPLES = 2;
/** Shared samples needed before an estimate is trusted (less only when a side has fewer samples)... */
export const MIN_SHARED_SAMPLES = 4;
/** ...but never less than this. */
export const MIN_ANY_SHARED_SAMPLES = 2;
/**
 * Below this many samples on a side, all of them must be shared: a teaser of a long story is sampled a
 * handful of times and all match, while 4 of 5 is what a shared boilerplate paragraph gives by luck.
 */
export const FEW_SAMPLES = 8;
/** Candidates verified per lookup: the true original shares the most anchors. */
export const MAX_VERIFIED_CANDIDATES = 8;
/** Canonicals remembered per anchor: a boilerplate phrase must not grow a bucket without bound. */
export const ANCHOR_BUCKET_CAP = 4;

/** Candidate refs ordered by anchor hits (most first), then by age (oldest first). */
export function rankCandidates(hits: ReadonlyMap<number, number>, limit = MAX_VERIFIED_CANDIDATES): number[] {
  return [...hits.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, limit)
    .map(([ref]) => ref);
}

export interface PairScore {
  /**
   * The decision's score: the larger of one-way containment over ONE_WAY_CONTAINMENT and both-ways
   * containment over BOTH_WAYS_CONTAINMENT (0 when the overlap is one block, MIN_SPREAD_SAMPLES).
   * 1 is the cut-off; its distance from 1 is the margin.
   */
  score: number;
  /** The containment that decided: the larger estimate when one-way decides, else the smaller. */
  similarity: number;
  /** Whether enough samples are shared for the estimate to count at all. */
  trusted: boolean;
}

/** How similar a probe is to one stored canonical, as the decision sees it. */
export function scorePair(probe: Fingerprint, stored: Sketch): PairScore {
  const r = estimateResemblance(probe.shingles, stored);
  // A short probe may have only a few samples under the stored threshold: then all of them must match,
  // and one lucky sample is never enough.
  const fewest = Math.min(r.storedSamples, r.probeSamples);
  const needed = Math.max(MIN_ANY_SHARED_SAMPLES, fewest < FEW_SAMPLES ? fewest : MIN_SHARED_SAMPLES);
  const oneWay = Math.max(r.storedInProbe, r.probeInStored);
  const bothWays =
    r.sharedOutsideLongestRun >= MIN_SPREAD_SAMPLES ? Math.min(r.storedInProbe, r.probeInStored) : 0;
  const oneWayScore = oneWay / ONE_WAY_CONTAINMENT;
  const bothWaysScore = bothWays / BOTH_WAYS_CONTAINMENT;
  return {
    score: Math.max(oneWayScore, bothWaysScore),
    similarity: oneWayScore >= bothWaysScore ? oneWay : bothWays,
    trusted: r.shared >= needed,
  };
}

/** The near-duplicate verdict against ranked candidates, or null. Best score wins; ties keep rank order. */
export function judgeNear(
  probe: Fingerprint,
  candidates: readonly StoredCanonical[],
): DuplicateVerdict | null {
  let best: { of: string; similarity: number; score: number } | null = null;
  for (const c of candidates) {
    const { score, similarity, trusted } = scorePair(probe, c.sketch);
    if (trusted && score >= 1 && (!best || score > best.score)) best = { of: c.articleId, similarity, score };
  }
  return best ? { of: best.of, kind: 'near', similarity: round3(best.similarity) } : null;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
