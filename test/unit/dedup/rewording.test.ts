// Near-duplicate detection survives rewording, on copies made from the repo's own fixtures (the
// eval tier, test/eval/rewording.test.ts, does the same on the shared dev sets' originals): a general
// thesaurus (WordNet) and inflection rules, about one content word in seven swapped and a few
// attributions turned round. Hard negatives quote two sentences of an earlier story. Deterministic for
// the seed, so a failure is reproducible with `npm run eval:dedup`.
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateRewording, type SetEvaluation } from '../../../scripts/eval-dedup.js';
import { loadWordNet, type Thesaurus } from '../../helpers/wordnet-thesaurus.js';

let thesaurus: Thesaurus;
beforeAll(() => {
  thesaurus = loadWordNet();
});

function expectFound(e: SetEvaluation & { swapRate: number }, rate: number) {
  // The generator really rewords at the asked rate (a broken thesaurus would make this test vacuous).
  expect(e.swapRate).toBeGreaterThan(rate - 0.02);
  expect(e.score.recall).toBeGreaterThanOrEqual(0.9);
  for (const [op, k] of Object.entries(e.score.perKind)) {
    expect({ op, recall: k.recall >= 0.9 }).toEqual({ op, recall: true });
  }
  expect(e.score.falsePositives).toBe(0);
}

describe('reworded copies', () => {
  it('works from the repo fixtures alone', async () => {
    const e = await evaluateRewording({ thesaurus, fixturesOnly: true });
    expect(e.name).toContain('(fixtures)');
    expect(e.docs).toBeGreaterThanOrEqual(10);
    expectFound(e, 1 / 7);
  }, 120_000);
});
