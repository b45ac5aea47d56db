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
 * Minimum estimated containment (either direction) for a near duplicate. Copies of one story sit far
 * above it (~0.9+), different stories sharing leaked boilerplate far below (~0.3).
 */
export const NEAR_CONTAINMENT = 0.7;
/** Floor for the luck-proof teaser estimate (its noise is ~20% of the value; true teasers sit near 1). */
export const CAUTIOUS_CONTAINMENT = 0.5;
/** Shared samples needed before an estimate is trusted (less only when a side has fewer samples). */
export const MIN_SHARED_SAMPLES = 4;
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

/** The near-duplicate verdict against ranked candidates, or null. Best estimate wins; ties keep rank order. */
export function judgeNear(
  probe: Fingerprint,
  candidates: readonly StoredCanonical[],
): DuplicateVerdict | null {
  let best: { of: string; similarity: number } | null = null;
  for (const c of candidates) {
    const r = estimateResemblance(probe.shingles, c.sketch);
    const needed = Math.min(MIN_SHARED_SAMPLES, r.storedSamples, r.probeSamples);
    if (r.shared === 0 || r.shared < needed) continue;
    // The stored sample (K members) is reliable; the probe's may be small, so it must also hold up when
    // measured against the sample size the probe should have had.
    const viaProbe = r.probeInStoredCautious >= CAUTIOUS_CONTAINMENT ? r.probeInStored : 0;
    const similarity = Math.max(r.storedInProbe, viaProbe);
    if (similarity >= NEAR_CONTAINMENT && (!best || similarity > best.similarity)) {
      best = { of: c.articleId, similarity };
    }
  }
  return best ? { of: best.of, kind: 'near', similarity: round3(best.similarity) } : null;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
