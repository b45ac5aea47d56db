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
/** Shared samples needed before an estimate is trusted (less only when a side has fewer samples)... */
export const MIN_SHARED_SAMPLES = 4;
/** ...but never less than this. */
export const MIN_ANY_SHARED_SAMPLES = 2;
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
    // A short probe may have only a few samples under the stored threshold: then all of them must match,
    // and one lucky sample is never enough.
    const needed = Math.max(
      MIN_ANY_SHARED_SAMPLES,
      Math.min(MIN_SHARED_SAMPLES, r.storedSamples, r.probeSamples),
    );
    if (r.shared < needed) continue;
    const similarity = Math.max(r.storedInProbe, r.probeInStored);
    if (similarity >= NEAR_CONTAINMENT && (!best || similarity > best.similarity)) {
      best = { of: c.articleId, similarity };
    }
  }
  return best ? { of: best.of, kind: 'near', similarity: round3(best.similarity) } : null;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
