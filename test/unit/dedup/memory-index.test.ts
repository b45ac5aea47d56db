import { describe, expect, it } from 'vitest';
import { createMemoryDuplicateIndex } from '../../../src/dedup/memory-index.js';
import {
  article,
  fixture,
  paragraphs,
  RETRACTION_EXPECTED,
  retractionScenario,
  rewrap,
  withTypos,
} from './helpers.js';

const bridge = fixture('harbour-bridge.txt');
const frost = fixture('orchard-frost.txt');
const stadium = fixture('stadium-vote.txt');
const sidebar = fixture('sidebar.txt');

describe('memory duplicate index: decisions', () => {
  it('indexes a first article as canonical and flags an exact re-upload', async () => {
    const index = createMemoryDuplicateIndex();
    expect(await index.checkAndInsert('a1', article(bridge))).toBeNull();
    expect(await index.checkAndInsert('a2', article(bridge))).toEqual({
      of: 'a1',
      kind: 'exact',
      similarity: 1,
    });
  });

  it('treats a re-formatted copy with a new headline as exact after normalisation', async () => {
    const index = createMemoryDuplicateIndex();
    await index.checkAndInsert('a1', article(bridge, 'Harbour bridge to close'));
    const copy = rewrap(bridge.replace(/[“”]/g, '"').replace(/[‘’]/g, "'"));
    expect(
      await index.checkAndInsert('a2', article(copy, 'UPDATE 1-Bridge shut for 18 months')),
    ).toMatchObject({
      of: 'a1',
      kind: 'exact',
    });
  });

  it('flags a truncated teaser as a near duplicate', async () => {
    const index = createMemoryDuplicateIndex();
    await index.checkAndInsert('a1', article(bridge));
    const teaser = `${paragraphs(bridge).slice(0, 3).join('\n\n')}\n\nRead more`;
    const v = await index.checkAndInsert('a2', article(teaser));
    expect(v).toMatchObject({ of: 'a1', kind: 'near' });
    expect(v!.similarity).toBeGreaterThan(0.7);
    expect(v!.similarity).toBeLessThanOrEqual(1);
  });

  it('flags an updated copy with a paragraph added', async () => {
    const index = createMemoryDuplicateIndex();
    await index.checkAndInsert('a1', article(bridge));
    const updated = `${bridge}\n\nThe council will publish a detailed timetable for the works next week, including the dates of any full closures to pedestrians.`;
    expect(await index.checkAndInsert('a2', article(updated))).toMatchObject({ of: 'a1', kind: 'near' });
  });

  it('flags an updated copy with a paragraph dropped, and a copy with typos', async () => {
    const index = createMemoryDuplicateIndex();
    await index.checkAndInsert('a1', article(bridge));
    const dropped = paragraphs(bridge)
      .filter((_, i) => i !== 3)
      .join('\n\n');
    expect(await index.checkAndInsert('a2', article(dropped))).toMatchObject({ of: 'a1', kind: 'near' });
    expect(await index.checkAndInsert('a3', article(withTypos(bridge, 25)))).toMatchObject({
      of: 'a1',
      kind: 'near',
    });
  });

  it('does not flag different stories that share an identical sidebar', async () => {
    const index = createMemoryDuplicateIndex();
    expect(await index.checkAndInsert('a1', article(`${bridge}\n\n${sidebar}`))).toBeNull();
    expect(await index.checkAndInsert('a2', article(`${frost}\n\n${sidebar}`))).toBeNull();
    expect(await index.checkAndInsert('a3', article(`${stadium}\n\n${sidebar}`))).toBeNull();
  });

  it('does not flag another outlet covering the same event in its own words', async () => {
    const index = createMemoryDuplicateIndex();
    await index.checkAndInsert('a1', article(bridge));
    expect(await index.checkAndInsert('a2', article(fixture('harbour-bridge-other-outlet.txt')))).toBeNull();
  });

  it('never flags nor indexes a body without words', async () => {
    const index = createMemoryDuplicateIndex();
    expect(await index.checkAndInsert('a1', article(''))).toBeNull();
    expect(await index.checkAndInsert('a2', article(''))).toBeNull();
  });
});

describe('memory duplicate index: identity', () => {
  it('is idempotent per articleId: a retry returns the first verdict and changes nothing', async () => {
    const index = createMemoryDuplicateIndex();
    expect(await index.checkAndInsert('a1', article(bridge))).toBeNull();
    // Same id with other content (a retry of a decided article): the first verdict stands.
    expect(await index.checkAndInsert('a1', article(frost))).toBeNull();
    expect(await index.checkAndInsert('a2', article(frost))).toBeNull();
    const dup = await index.checkAndInsert('a3', article(bridge));
    expect(dup).toEqual({ of: 'a1', kind: 'exact', similarity: 1 });
    expect(await index.checkAndInsert('a3', article(stadium))).toEqual(dup);
  });

  it('never re-points a canonical: later copies keep pointing at the first', async () => {
    const index = createMemoryDuplicateIndex();
    const teaser = paragraphs(bridge).slice(0, 3).join('\n\n');
    expect(await index.checkAndInsert('teaser', article(teaser))).toBeNull();
    // The full story arrives later: a duplicate of the teaser, which stays the canonical.
    expect(await index.checkAndInsert('full', article(bridge))).toMatchObject({ of: 'teaser' });
    expect(await index.checkAndInsert('copy', article(bridge))).toMatchObject({ of: 'teaser' });
    expect(await index.checkAndInsert('teaser', article(teaser))).toBeNull();
  });
});

describe('memory duplicate index: takedowns', () => {
  it('no longer matches a retracted canonical: its next copy becomes the canonical', async () => {
    const verdicts = await retractionScenario(createMemoryDuplicateIndex());
    expect(verdicts).toMatchObject(RETRACTION_EXPECTED);
  });
});
