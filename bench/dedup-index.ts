// Benchmark of the Redis duplicate index: lookup cost and Redis bytes per indexed article as the index
// grows. The index is filled through a bulk-load path that writes the same key layout as the commit
// script (pipelined HSETs of synthetic canonicals), then timed with checkAndInsert on fresh probes.
//
// Standalone: tsx bench/dedup-index.ts [--quick] [--sizes 10000,100000,1000000] [--spawn]
//   --spawn starts a private redis-server on a random loopback port (default config), so other users of
//   a shared Redis neither disturb the memory figures nor see the bench's keys. Otherwise REDIS_URL.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { seededRandom } from '../scripts/lib/seeded-random.js';
import { MAX_ANCHORS, SKETCH_SIZE } from '../src/dedup/fingerprint.js';
import { createRedisDuplicateIndex } from '../src/dedup/redis-index.js';
import {
  anchorGroup,
  encodeCanonical,
  exactField,
  exactGroup,
  FAMILY,
  groupBitsFor,
  sketchGroup,
  verdictField,
  verdictGroup,
} from '../src/dedup/redis-layout.js';
import type { ParsedArticle } from '../src/parse/types.js';
import { type PrivateRedis, startPrivateRedis } from '../test/helpers/redis-server.js';

export interface DedupBenchRow {
  indexed: number;
  lookupMicros: number;
  /** Probes of an agency brief's length (80 words): they look up every shingle (fingerprint.ts). */
  shortLookupMicros: number;
  bytesPerArticle: number;
}

const VOCABULARY = (() => {
  const rnd = seededRandom(7);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: 20_000 }, () => {
    const len = 2 + Math.floor(rnd() * 9);
    let w = '';
    for (let i = 0; i < len; i++) w += letters[Math.floor(rnd() * 26)];
    return w;
  });
})();

function syntheticArticle(rnd: () => number, words = 350): ParsedArticle {
  const paras: string[] = [];
  let para: string[] = [];
  for (let i = 0; i < words; i++) {
    para.push(VOCABULARY[Math.floor(rnd() ** 2 * VOCABULARY.length)]!);
    if (para.length >= 60) {
      paras.push(para.join(' '));
      para = [];
    }
  }
  if (para.length) paras.push(para.join(' '));
  const body = paras.join('\n\n');
  return {
    headline: null,
    byline: null,
    dateline: null,
    paragraphs: paras,
    body,
    lede: paras[0] ?? null,
    related: [],
    quotes: [],
    entities: { people: [], organizations: [], places: [] },
    language: 'en',
    wordCount: words,
    readingTimeMinutes: 2,
    dates: [],
    url: null,
    publishedAt: null,
  };
}

const u32 = (rnd: () => number) => Math.floor(rnd() * 4294967296) >>> 0;

/**
 * Writes `count` synthetic canonicals (refs from+1 .. from+count) in the index's key layout: what the
 * commit script would have written for articles with these fingerprints.
 */
async function bulkLoad(redis: Redis, prefix: string, expected: number, from: number, count: number) {
  const bits = groupBitsFor(expected, MAX_ANCHORS);
  const rnd = seededRandom(from + 1);
  const BATCH = 2000;
  for (let start = from; start < from + count; start += BATCH) {
    const pipe = redis.pipeline();
    const end = Math.min(from + count, start + BATCH);
    for (let ref = start + 1; ref <= end; ref++) {
      const articleId = `art-${randomBytes(16).toString('hex')}`;
      const members = Array.from({ length: SKETCH_SIZE }, () => u32(rnd) & 0xffff);
      // Sketch thresholds and anchor h1 values are minima over many shingles: small numbers.
      const threshold = Math.floor((u32(rnd) / 4294967296) * 2 ** 29);
      pipe.hset(
        `${prefix}${FAMILY.sketch}:0:${sketchGroup(ref)}`,
        String(ref),
        encodeCanonical(articleId, { threshold, members }),
      );
      const xf = exactField(randomBytes(8).toString('hex'));
      pipe.hset(`${prefix}${FAMILY.exact}:0:${exactGroup(xf, bits.exact)}`, xf, String(ref));
      for (let a = 0; a < MAX_ANCHORS; a++) {
        const anchor = { h1: Math.floor(rnd() * 2 ** 27), h2: u32(rnd) };
        pipe.hset(
          `${prefix}${FAMILY.anchor}:0:${anchorGroup(anchor, bits.anchor)}`,
          String(anchor.h1),
          String(ref),
        );
      }
      const vf = verdictField(articleId);
      pipe.hset(`${prefix}v:0:${verdictGroup(vf, bits.verdict)}`, vf, String(ref));
    }
    pipe.set(`${prefix}seq`, String(end));
    await pipe.exec();
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export async function benchDedupIndex(opts: {
  redisUrl: string;
  sizes: number[];
  quick: boolean;
}): Promise<{ rows: DedupBenchRow[] }> {
  const redis = new Redis(opts.redisUrl);
  const prefix = `bench:{dedup-${randomBytes(5).toString('hex')}}:`;
  const sizes = [...opts.sizes].sort((a, b) => a - b);
  const expected = sizes[sizes.length - 1] ?? 10_000;
  const index = createRedisDuplicateIndex({ redis, keyPrefix: prefix, expectedArticles: expected });
  const probes = opts.quick ? 100 : 400;
  const rnd = seededRandom(42);
  const rows: DedupBenchRow[] = [];
  try {
    const baseline = await usedMemory(redis);
    for (const size of sizes) {
      // Probes become canonicals too: they count towards the indexed total.
      const indexed = Number((await redis.get(`${prefix}seq`)) ?? 0);
      if (size > indexed) await bulkLoad(redis, prefix, expected, indexed, size - indexed);
      const articles = Math.max(size, indexed);
      const bytes = (await usedMemory(redis)) - baseline;
      // Warm-up (script load, JIT) before timing.
      for (let i = 0; i < 10; i++) await index.checkAndInsert(`warm-${size}-${i}`, syntheticArticle(rnd));
      const medianMicros = async (label: string, words: number): Promise<number> => {
        const samples: number[] = [];
        for (let i = 0; i < probes; i++) {
          const article = syntheticArticle(rnd, words);
          const t0 = process.hrtime.bigint();
          await index.checkAndInsert(`${label}-${size}-${i}`, article);
          samples.push(Number(process.hrtime.bigint() - t0) / 1000);
        }
        samples.sort((a, b) => a - b);
        return Math.round(samples[Math.floor(samples.length / 2)] ?? 0);
      };
      rows.push({
        indexed: articles,
        lookupMicros: await medianMicros('probe', 350),
        shortLookupMicros: await medianMicros('brief', 80),
        bytesPerArticle: Math.round(bytes / articles),
      });
    }
    return { rows };
  } finally {
    await deletePrefix(redis, prefix);
    await redis.quit();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const sizesAt = args.indexOf('--sizes');
  const sizes =
    sizesAt >= 0
      ? (args[sizesAt + 1] ?? '').split(',').map(Number)
      : quick
        ? [10_000, 100_000]
        : [10_000, 100_000, 1_000_000];
  let redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let server: PrivateRedis | null = null;
  if (args.includes('--spawn')) {
    server = await startPrivateRedis();
    redisUrl = server.url;
  }
  try {
    const { rows } = await benchDedupIndex({ redisUrl, sizes, quick });
    console.table(rows);
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (first && last && last !== first) {
      console.log(
        `lookup ratio ${last.indexed}/${first.indexed}: ${(last.lookupMicros / first.lookupMicros).toFixed(2)}x` +
          ` (briefs ${(last.shortLookupMicros / first.shortLookupMicros).toFixed(2)}x)`,
      );
    }
  } finally {
    await server?.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
