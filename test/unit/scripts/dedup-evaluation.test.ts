import { describe, expect, it } from 'vitest';
import { scoreDedup } from '../../../scripts/lib/dedup-evaluation.js';

describe('scoreDedup', () => {
  const labels = [
    { file: '1', cluster: 'c1', op: 'original' },
    { file: '2', cluster: 'c2', op: 'original' },
    { file: '3', cluster: 'c1', op: 'truncate', of: '1' },
    { file: '4', cluster: 'c2', op: 'typos', of: '2' },
    { file: '5', cluster: 'c3', op: 'negative_shared_sidebar' },
    { file: '6', cluster: 'c1', op: 'update', of: '1' },
  ];

  it('counts pairwise TP/FP/FN and per-kind recall', () => {
    const s = scoreDedup(labels, [
      { file: '1', duplicateOf: null },
      { file: '2', duplicateOf: null },
      { file: '3', duplicateOf: '1' },
      { file: '4', duplicateOf: null },
      { file: '5', duplicateOf: '2' },
      { file: '6', duplicateOf: '3' },
    ]);
    expect(s.truePositives).toBe(2);
    expect(s.falsePositives).toBe(1);
    expect(s.falseNegatives).toBe(1);
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(2 / 3);
    expect(s.perKind.typos).toEqual({ variants: 1, found: 0, recall: 0 });
    expect(s.falsePositivesByKind).toEqual({ negative_shared_sidebar: 1 });
  });
});
