import { describe, expect, it } from 'vitest';
import { createMemoryDuplicateIndex } from '../../../src/dedup/memory-index.js';
import { rebuildIndex } from '../../../src/dedup/rebuild.js';
import { article, fixture } from './helpers.js';

describe('rebuildIndex', () => {
  it('indexes canonicals, skips published duplicates, and the rebuilt index finds copies', async () => {
    const index = createMemoryDuplicateIndex();
    const bridge = fixture('harbour-bridge.txt');
    const stats = await rebuildIndex(
      [
        { articleId: 'a1', article: article(bridge), duplicate: null },
        { articleId: 'a2', article: article(bridge), duplicate: { of: 'a1', kind: 'exact', similarity: 1 } },
        { articleId: 'a3', article: article(fixture('orchard-frost.txt')), duplicate: null },
      ],
      index,
    );
    expect(stats).toEqual({ indexed: 2, skippedDuplicates: 1, nowDuplicates: [] });
    expect(await index.checkAndInsert('b1', article(bridge))).toMatchObject({ of: 'a1', kind: 'exact' });
  });
});
