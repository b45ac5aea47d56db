// Scores the shipped pipeline (parse + fingerprint + index) on the labelled dev set.
import { describe, expect, it } from 'vitest';
import { evaluateDedupDir } from '../../scripts/eval-dedup.js';
import { corpusDir } from '../helpers/corpus.js';

const DEV = corpusDir('neardup-dev', 'labels.json');

describe('near-duplicate dev set', () => {
  it('reaches the targets: P >= 0.995, R >= 0.97, >= 0.9 per kind, no false positives', async () => {
    const { score } = await evaluateDedupDir(DEV);
    expect(score.precision).toBeGreaterThanOrEqual(0.995);
    expect(score.recall).toBeGreaterThanOrEqual(0.97);
    for (const [kind, k] of Object.entries(score.perKind)) {
      expect({ kind, recall: k.recall >= 0.9 }).toEqual({ kind, recall: true });
    }
    expect(score.falsePositivesByKind).toEqual({});
  }, 120_000);
});
