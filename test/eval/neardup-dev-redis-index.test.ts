// On the labelled dev set: the Redis index makes exactly the memory index's decisions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryDuplicateIndex } from '../../src/dedup/memory-index.js';
import { dedupDocuments } from '../../src/dedup/offline.js';
import { createRedisDuplicateIndex } from '../../src/dedup/redis-index.js';
import { corpusDir } from '../helpers/corpus.js';
import { connect, deletePrefix, uniquePrefix } from '../integration/dedup/redis-helpers.js';

const DEV = corpusDir('neardup-dev', 'labels.json');

describe('dev set: Redis index = memory index', () => {
  let redis: Redis;
  const prefix = uniquePrefix('devset');
  beforeAll(() => {
    redis = connect();
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('gives the same verdict for every document', async () => {
    const files = readdirSync(join(DEV, 'docs'))
      .filter((f) => f.endsWith('.txt'))
      .sort();
    const docs = () => files.map((name) => ({ name, bytes: readFileSync(join(DEV, 'docs', name)) }));
    const viaMemory = [];
    for await (const line of dedupDocuments(docs(), createMemoryDuplicateIndex())) viaMemory.push(line);
    const viaRedis = [];
    const index = createRedisDuplicateIndex({ redis, keyPrefix: prefix, expectedArticles: 10_000 });
    for await (const line of dedupDocuments(docs(), index)) viaRedis.push(line);
    expect(viaRedis).toEqual(viaMemory);
    expect(viaMemory.filter((l) => l.duplicate).length).toBeGreaterThan(200);
  }, 120_000);
});
