// Scoring of duplicate decisions against a labelled near-duplicate set (labels.json of neardup-dev).
// Pairwise over decisions: a doc flagged duplicate is a true positive when the doc it points at is in the
// same cluster (and the doc is a labelled variant), else a false positive; a variant not flagged is a
// false negative. Recall is over variants, per kind too.

export interface NearDupLabel {
  file: string;
  cluster: string;
  op: string;
  of?: string;
  /** Negatives: the earlier file whose sentences this one quotes, or that shares a paragraph or sidebar. */
  quotes?: string;
  pair?: string;
}

export interface DecisionForScoring {
  file: string;
  /** File of the canonical it was judged a duplicate of, or null. */
  duplicateOf: string | null;
}

export interface KindScore {
  variants: number;
  found: number;
  recall: number;
}

export interface DedupScore {
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  perKind: Record<string, KindScore>;
  /** False positives by the op label of the doc wrongly flagged. */
  falsePositivesByKind: Record<string, number>;
  falsePositiveFiles: Array<{ file: string; op: string; of: string }>;
  missedFiles: Array<{ file: string; op: string }>;
}

export function scoreDedup(
  labels: readonly NearDupLabel[],
  decisions: readonly DecisionForScoring[],
): DedupScore {
  const byFile = new Map(labels.map((l) => [l.file, l]));
  const flagged = new Map<string, string>();
  for (const d of decisions)
    if (d.duplicateOf !== null && !flagged.has(d.file)) flagged.set(d.file, d.duplicateOf);

  const perKind: Record<string, KindScore> = {};
  const falsePositivesByKind: Record<string, number> = {};
  const falsePositiveFiles: DedupScore['falsePositiveFiles'] = [];
  const missedFiles: DedupScore['missedFiles'] = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let variants = 0;
  for (const l of labels) {
    const of = flagged.get(l.file);
    const isVariant = l.of !== undefined;
    if (isVariant) {
      variants++;
      const k = perKind[l.op] ?? { variants: 0, found: 0, recall: 0 };
      k.variants++;
      perKind[l.op] = k;
    }
    if (of !== undefined) {
      if (isVariant && byFile.get(of)?.cluster === l.cluster) {
        tp++;
        perKind[l.op]!.found++;
      } else {
        fp++;
        falsePositivesByKind[l.op] = (falsePositivesByKind[l.op] ?? 0) + 1;
        falsePositiveFiles.push({ file: l.file, op: l.op, of });
      }
    } else if (isVariant) {
      fn++;
      missedFiles.push({ file: l.file, op: l.op });
    }
  }
  for (const k of Object.values(perKind)) k.recall = k.variants === 0 ? 1 : k.found / k.variants;
  return {
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    // Over all variants: one pointed at the wrong cluster is a false positive and also not found.
    recall: variants === 0 ? 1 : tp / variants,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    perKind,
    falsePositivesByKind,
    falsePositiveFiles,
    missedFiles,
  };
}
