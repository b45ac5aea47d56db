import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_VERSION } from '../../../src/dedup/fingerprint.js';
import { createMemoryDuplicateIndex } from '../../../src/dedup/memory-index.js';
import { createRedisDuplicateIndex } from '../../../src/dedup/redis-index.js';
import type { DuplicateVerdict } from '../../../src/dedup/types.js';
import type { ParsedArticle } from '../../../src/parse/types.js';
import { reword } from '../../helpers/reword.js';
import { waitFor } from '../../helpers/wait.js';
import { loadWordNet } from '../../helpers/wordnet-thesaurus.js';
import {
  article,
  fixture,
  paragraphs,
  RETRACTION_EXPECTED,
  retractionScenario,
  rewrap,
  withTypos,
} from '../../unit/dedup/helpers.js';
import { connect, deletePrefix, keysWithPrefix, uniquePrefix } from './redis-helpers.js';

const bridge = fixture('harbour-bridge.txt');
const frost = fixture('orchard-frost.txt');
const stadium = fixture('stadium-vote.txt');
const sidebar = fixture('sidebar.txt');

/** A small upload sequence mixing originals, every kind of variant and non-duplicates. */
function sequence(): Array<[string, ParsedArticle]> {
  return [
    ['bridge', article(`${bridge}\n\n${sidebar}`)],
    ['frost', article(`${frost}\n\n${sidebar}`)],
    ['bridge-exact', article(`${bridge}\n\n${sidebar}`)],
    ['bridge-teaser', article(paragraphs(bridge).slice(0, 3).join('\n\n'))],
    ['stadium', article(stadium)],
    ['bridge-other-outlet', article(fixture('harbour-bridge-other-outlet.txt'))],
    ['frost-typos', article(withTypos(frost, 20))],
    [
      'stadium-update',
      article(`${stadium}\n\nThe club said tickets for the first season would go on sale in the spring.`),
    ],
    ['frost-reformat', article(rewrap(frost))],
    ['empty', article('')],
  ];
}

describe('redis duplicate index (real Redis)', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const prefix = (label: string) => {
    const p = uniquePrefix(label);
    prefixes.push(p);
    return p;
  };

  beforeAll(() => {
    redis = connect();
  });
  afterEach(async () => {
    for (const p of prefixes.splice(0)) await deletePrefix(redis, p);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('finds reworded copies, of a short brief too, as the in-memory index does, under versioned keys', async () => {
    const thesaurus = loadWordNet();
    const brief = paragraphs(frost).slice(0, 2).join('\n\n');
    const uploads: Array<[string, ParsedArticle]> = [
      ['bridge', article(bridge)],
      ['brief', article(brief)],
      ['stadium', article(stadium)],
      ['bridge-reworded', article(reword(bridge, thesaurus, { seed: 11 }).text)],
      ['brief-reworded', article(reword(brief, thesaurus, { seed: 12 }).text)],
    ];
    const memory = createMemoryDuplicateIndex();
    const p = prefix('reworded');
    const shared = createRedisDuplicateIndex({ redis, keyPrefix: p, expectedArticles: 1000 });
    const fromMemory: Array<DuplicateVerdict | null> = [];
    const fromRedis: Array<DuplicateVerdict | null> = [];
    for (const [id, a] of uploads) {
      fromMemory.push(await memory.checkAndInsert(id, a));
      fromRedis.push(await shared.checkAndInsert(id, a));
    }
    expect(fromRedis).toEqual(fromMemory);
    expect(fromRedis.map((v) => v?.of ?? null)).toEqual([null, null, null, 'bridge', 'brief']);
    // Fingerprint-dependent families carry the fingerprint version: an index of another version is unseen.
    const families = new Set((await keysWithPrefix(redis, p)).map((k) => k.slice(p.length).split(':')[0]));
    expect([...families].sort()).toEqual([
      `a${FINGERPRINT_VERSION}`,
      `s${FINGERPRINT_VERSION}`,
      'seq',
      'v',
      `x${FINGERPRINT_VERSION}`,
    ]);
  });

  it('makes the same decisions as the in-memory index', async () => {
    const memory = createMemoryDuplicateIndex();
    const shared = createRedisDuplicateIndex({ redis, keyPrefix: prefix('same'), expectedArticles: 1000 });
    const fromMemory: Array<DuplicateVerdict | null> = [];
    const fromRedis: Array<DuplicateVerdict | null> = [];
    for (const [id, a] of sequence()) {
      fromMemory.push(await memory.checkAndInsert(id, a));
      fromRedis.push(await shared.checkAndInsert(id, a));
    }
    expect(fromRedis).toEqual(fromMemory);
    expect(fromRedis.map((v) => v?.of ?? null)).toEqual([
      null,
      null,
      'bridge',
      'bridge',
      null,
      null,
      'frost',
      'stadium',
      'frost',
      null,
    ]);
  });

  it('no longer matches a retracted canonical, as the in-memory index does', async () => {
    const index = createRedisDuplicateIndex({ redis, keyPrefix: prefix('retract'), expectedArticles: 1000 });
    expect(await retractionScenario(index)).toMatchObject(RETRACTION_EXPECTED);
    expect(await retractionScenario(createMemoryDuplicateIndex())).toEqual(
      await retractionScenario(
        createRedisDuplicateIndex({ redis, keyPrefix: prefix('retract2'), expectedArticles: 1000 }),
      ),
    );
  });

  it('is idempotent per articleId, also for concurrent retries', async () => {
    const index = createRedisDuplicateIndex({ redis, keyPrefix: prefix('idem') });
    expect(await index.checkAndInsert('a1', article(bridge))).toBeNull();
    const retries = await Promise.all([1, 2, 3, 4].map(() => index.checkAndInsert('a2', article(bridge))));
    for (const r of retries) expect(r).toEqual({ of: 'a1', kind: 'exact', similarity: 1 });
    // A retry with other content still returns the first verdict.
    expect(await index.checkAndInsert('a1', article(frost))).toBeNull();
    expect(await index.checkAndInsert('a2', article(frost))).toEqual(retries[0]);
  });

  it('race: concurrent near-copies on separate connections agree on exactly one canonical', async () => {
    const copies = [
      bridge,
      withTypos(bridge, 30),
      withTypos(bridge, 45),
      rewrap(bridge),
      `${bridge}\n\nThe works will be reviewed by an independent engineer every three months.`,
      paragraphs(bridge).slice(0, 4).join('\n\n'),
      bridge.toUpperCase(),
      withTypos(bridge, 60),
    ];
    for (let round = 0; round < 5; round++) {
      const p = prefix(`race${round}`);
      const conns = copies.map(() => connect());
      try {
        const indexes = conns.map((c) => createRedisDuplicateIndex({ redis: c, keyPrefix: p }));
        const verdicts = await Promise.all(
          indexes.map((index, i) => index.checkAndInsert(`copy-${i}`, article(copies[i]!))),
        );
        const canonicals = verdicts.flatMap((v, i) => (v === null ? [`copy-${i}`] : []));
        expect(canonicals).toHaveLength(1);
        for (const v of verdicts) if (v) expect(v.of).toBe(canonicals[0]);
      } finally {
        await Promise.all(conns.map((c) => c.quit()));
      }
    }
  });

  it('entries expire after the retention window', async () => {
    const p = prefix('ttl');
    const index = createRedisDuplicateIndex({ redis, keyPrefix: p, retentionSeconds: 1 });
    expect(await index.checkAndInsert('a1', article(bridge))).toBeNull();
    expect(await index.checkAndInsert('a2', article(bridge))).toMatchObject({ of: 'a1' });
    const keys = (await keysWithPrefix(redis, p)).filter((k) => !k.endsWith(':seq'));
    for (const k of keys) {
      const ttl = await redis.pttl(k);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2000);
    }
    // Generations last at most two windows: wait until Redis has expired every entry.
    await waitFor(
      async () => ((await keysWithPrefix(redis, p)).some((k) => !k.endsWith(':seq')) ? undefined : true),
      10_000,
      'the index entries to expire',
    );
    expect(await index.checkAndInsert('a3', article(bridge))).toBeNull();
    // And a retry of an expired decision is decided afresh (against what is live now).
    expect(await index.checkAndInsert('a2', article(bridge))).toMatchObject({ of: 'a3' });
  });

  it('keeps every key under one hash tag (one Cluster slot)', async () => {
    const p = prefix('tag');
    const index = createRedisDuplicateIndex({ redis, keyPrefix: p, retentionSeconds: 60 });
    for (const [id, a] of sequence()) await index.checkAndInsert(id, a);
    const keys = await keysWithPrefix(redis, p);
    expect(keys.length).toBeGreaterThan(3);
    const tags = new Set(keys.map((k) => /\{([^}]*)\}/.exec(k)?.[1]));
    expect(tags.size).toBe(1);
    expect([...tags][0]).toBeTruthy();
  });
});
