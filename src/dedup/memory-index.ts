// In-process duplicate index for the offline `dedup` command and evaluations. Same bucket policy and
// decision as the Redis index; calls are atomic because nothing awaits between check and insert.
import type { ParsedArticle } from '../parse/types.js';
import { ANCHOR_BUCKET_CAP, judgeNear, rankCandidates, type StoredCanonical } from './decision.js';
import { type Fingerprint, fingerprintText, queryShingles, type Shingle } from './fingerprint.js';
import type { DuplicateIndex, DuplicateVerdict } from './types.js';

const anchorKey = (s: Shingle): string => `${s.h1}.${s.h2}`;

export function createMemoryDuplicateIndex(): DuplicateIndex {
  let seq = 0;
  const verdicts = new Map<string, DuplicateVerdict | null>();
  const exact = new Map<string, StoredCanonical>();
  const anchors = new Map<string, number[]>();
  const canonicals = new Map<number, StoredCanonical>();

  function decide(fp: Fingerprint): DuplicateVerdict | null {
    const owner = exact.get(fp.exact);
    if (owner) return { of: owner.articleId, kind: 'exact', similarity: 1 };
    const hits = new Map<number, number>();
    for (const s of queryShingles(fp)) {
      for (const ref of anchors.get(anchorKey(s)) ?? []) hits.set(ref, (hits.get(ref) ?? 0) + 1);
    }
    // A retracted canonical's ref stays in its anchor buckets; it is no candidate.
    const candidates = rankCandidates(hits).flatMap((ref) => canonicals.get(ref) ?? []);
    return judgeNear(fp, candidates);
  }

  const exactOf = new Map<string, string>();

  function insert(articleId: string, fp: Fingerprint): void {
    const stored: StoredCanonical = { ref: ++seq, articleId, sketch: fp.sketch };
    canonicals.set(stored.ref, stored);
    exact.set(fp.exact, stored);
    exactOf.set(articleId, fp.exact);
    for (const a of fp.anchors) {
      const bucket = anchors.get(anchorKey(a));
      if (!bucket) anchors.set(anchorKey(a), [stored.ref]);
      else if (bucket.length < ANCHOR_BUCKET_CAP) bucket.push(stored.ref);
    }
  }

  return {
    async checkAndInsert(articleId: string, article: ParsedArticle): Promise<DuplicateVerdict | null> {
      if (verdicts.has(articleId)) return verdicts.get(articleId) ?? null;
      const fp = fingerprintText(article.body);
      // A body without words is never a duplicate and never indexed: nothing to match on.
      const verdict = fp ? decide(fp) : null;
      if (fp && !verdict) insert(articleId, fp);
      verdicts.set(articleId, verdict);
      return verdict;
    },
    async retract(articleIds) {
      for (const articleId of articleIds) {
        const hash = exactOf.get(articleId);
        if (hash === undefined) continue;
        const owner = exact.get(hash);
        if (owner) {
          canonicals.delete(owner.ref);
          exact.delete(hash);
        }
        exactOf.delete(articleId);
      }
    },
  };
}
