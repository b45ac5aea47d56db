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
    expect(stats).toEqual({
      indexed: 2,
      skippedDuplicates: 1,
      retractedDocuments: 0,
      sameDocument: 0,
      nowDuplicates: [],
    });
    expect(await index.checkAndInsert('b1', article(bridge))).toMatchObject({ of: 'a1', kind: 'exact' });
  });

  it('does not count a correction close to its own earlier version as a duplicate; another document still is', async () => {
    const index = createMemoryDuplicateIndex();
    const bridge = article(fixture('harbour-bridge.txt'));
    const corrected = {
      ...bridge,
      body: `${bridge.body}\n\nCorrection: an earlier version misstated the date.`,
    };
    corrected.paragraphs = corrected.body.split('\n\n');
    const stats = await rebuildIndex(
      [
        { articleId: 'v1', documentId: 'doc-a', article: bridge, duplicate: null },
        // article.updated of doc-a: close to v1, its own earlier version.
        { articleId: 'v2', documentId: 'doc-a', article: corrected, duplicate: null },
        // A different document published as canonical (e.g. decided by an older fingerprint) is still reported.
        { articleId: 'w1', documentId: 'doc-b', article: corrected, duplicate: null },
      ],
      index,
    );
    expect(stats.indexed).toBe(1);
    expect(stats.sameDocument).toBe(1);
    expect(stats.nowDuplicates).toEqual([
      { articleId: 'w1', verdict: expect.objectContaining({ of: 'v1' }) },
    ]);
  });

  it('takes the articles of a deleted document out of the index, as the worker does', async () => {
    const index = createMemoryDuplicateIndex();
    const bridge = article(fixture('harbour-bridge.txt'));
    const stats = await rebuildIndex(
      [
        { articleId: 'v1', documentId: 'doc-a', article: bridge, duplicate: null },
        { retractedDocumentId: 'doc-a' },
        { articleId: 'w1', documentId: 'doc-b', article: bridge, duplicate: null },
      ],
      index,
    );
    expect(stats).toMatchObject({ indexed: 2, retractedDocuments: 1, nowDuplicates: [] });
    expect(await index.checkAndInsert('x1', bridge)).toMatchObject({ of: 'w1', kind: 'exact' });
  });
});
