// The three ceilings an ingest worker cannot beat, each measured alone on the same machine and articles:
// BullMQ moving no-op jobs, the S3 server serving the objects, and the CPU work (decode + parse + dedup)
// done in-process without queues or I/O.
import { randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createMemoryDuplicateIndex } from '../../src/dedup/memory-index.js';
import { createRedisDuplicateIndex } from '../../src/dedup/redis-index.js';
import type { ParsedArticle } from '../../src/parse/types.js';
import { analyseInline } from '../../src/pipeline/analyse-object.js';
import { DEFAULT_DECOMPRESSION_LIMITS } from '../../src/pipeline/decompression-limits.js';
import { articlesOf, identifyArticles } from '../../src/pipeline/object-articles.js';
import { ingestJobOptions } from '../../src/queue/queue-names.js';
import { createS3ObjectStore } from '../../src/s3/object-store.js';
import type { BenchArticle } from './corpus.js';
import { deletePrefix } from './redis.js';
import { mapLimit } from './stats.js';
import type { Topology } from './topology.js';

export interface RateFigure {
  count: number;
  seconds: number;
  perSecond: number;
}

const rate = (count: number, ms: number): RateFigure => ({
  count,
  seconds: ms / 1000,
  perSecond: count / (ms / 1000),
});

/** No-op jobs through one Worker at the ingest worker's concurrency, jobs added beforehand. */
export async function bullmqNoop(redisUrl: string, jobs: number, concurrency: number): Promise<RateFigure> {
  const prefix = `{bench-noop-${randomBytes(4).toString('hex')}}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('noop', { connection: redis, prefix });
  try {
    for (let i = 0; i < jobs; i += 500) {
      await queue.addBulk(
        Array.from({ length: Math.min(500, jobs - i) }, (_, k) => ({
          name: 'object',
          data: { bucket: 'b', key: `incoming/${i + k}.txt`, trigger: 'bench' },
          opts: { ...ingestJobOptions(8), jobId: `noop-${i + k}` },
        })),
      );
    }
    let done = 0;
    let t0 = 0;
    const finished = new Promise<number>((resolve) => {
      const worker = new Worker('noop', async () => ({ ok: true }), {
        connection: redis,
        prefix,
        concurrency,
        autorun: false,
      });
      worker.on('completed', () => {
        if (++done === jobs) {
          const ms = performance.now() - t0;
          void worker.close().then(() => resolve(ms));
        }
      });
      void worker.waitUntilReady().then(() => {
        t0 = performance.now();
        void worker.run();
      });
    });
    return rate(jobs, await finished);
  } finally {
    await queue.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  }
}

export interface S3Limits {
  get: RateFigure & { mbPerSecond: number };
  /** What the pipeline does per object: HEAD (size check) then GET with If-Match. */
  headGet: RateFigure;
}

/** Reads articles already uploaded to the api process's embedded S3 server back, as the workers would. */
export async function s3Rates(
  top: Topology,
  articles: BenchArticle[],
  concurrency: number,
): Promise<S3Limits> {
  const mb = articles.reduce((s, a) => s + a.bytes.length, 0) / 1e6;
  let t = performance.now();
  const short: BenchArticle[] = [];
  await mapLimit(articles, concurrency, async (a) => {
    const res = await top.s3.send(new GetObjectCommand({ Bucket: top.bucket, Key: a.key }));
    if ((await res.Body!.transformToByteArray()).byteLength !== a.bytes.length) short.push(a);
  });
  const getMs = performance.now() - t;
  // A body shorter than what was uploaded is a fault of the server under load, not a figure: say which
  // objects, and whether a second, lone read of each is whole.
  let stillShort = 0;
  for (const a of short) {
    const res = await top.s3.send(new GetObjectCommand({ Bucket: top.bucket, Key: a.key }));
    if ((await res.Body!.transformToByteArray()).byteLength !== a.bytes.length) stillShort++;
  }
  if (short.length > 0)
    process.stderr.write(
      `[bench] S3 GET: ${short.length} of ${articles.length} bodies shorter than uploaded under concurrency ${concurrency} (${stillShort} still short when read again alone), e.g. ${short[0]!.key}\n`,
    );
  if (stillShort > 0) throw new Error(`S3 GET: ${stillShort} objects differ from what was uploaded`);
  const store = createS3ObjectStore(top.s3, top.bucket);
  t = performance.now();
  await mapLimit(articles, concurrency, (a) =>
    store.getObject({ key: a.key, etag: undefined, maxBytes: 20 * 1024 * 1024 }),
  );
  const headGetMs = performance.now() - t;
  const get = rate(articles.length, getMs);
  return {
    get: { ...get, mbPerSecond: mb / get.seconds },
    headGet: rate(articles.length, headGetMs),
  };
}

export interface InProcessLimits {
  articles: number;
  mb: number;
  parse: RateFigure & { mbPerSecond: number };
  parseMemoryDedup: RateFigure & { mbPerSecond: number };
  parseRedisDedup: RateFigure & { mbPerSecond: number };
  duplicates: { memory: number; redis: number };
  /** CPU time of the bench process per article (the Redis server's own time not included). */
  cpuMsPerArticle: { parse: number; parseMemoryDedup: number; parseRedisDedup: number };
  /** Items each article yields (the events the service should publish for it). */
  items: number[];
}

/**
 * analyseObject (sniff + decode + parse) inline on the main thread over every article twice: an untimed
 * pass to warm the JIT, then the timed one; then the parsed articles through an in-memory and a Redis
 * duplicate index. The rates combine parse time with each index's time. Wall time is what the e2e rate
 * is compared with; CPU time (this process) is immune to other users of the machine.
 */
export async function inProcessRates(redisUrl: string, articles: BenchArticle[]): Promise<InProcessLimits> {
  // The worker's steps (articlesOf → identifyArticles), with the analyser inline as PARSE_THREADS=0 runs it.
  const analyse = (a: BenchArticle) =>
    articlesOf(
      { bytes: a.bytes, contentType: a.contentType, contentEncoding: undefined, name: a.key },
      {
        analyse: analyseInline,
        limits: DEFAULT_DECOMPRESSION_LIMITS,
        maxArticleChars: 500_000,
      },
    ).catch(() => null);
  for (const a of articles) await analyse(a); // warm-up pass
  const parsed: Array<{ id: string; article: ParsedArticle }> = [];
  const items: number[] = [];
  const cpu0 = process.cpuUsage();
  let t = performance.now();
  for (const a of articles) {
    const found = await analyse(a);
    const list = found ? identifyArticles({ bucket: 'bench', key: a.key, etag: 'e' }, found.articles) : [];
    items.push(list.length);
    for (const it of list) parsed.push({ id: it.articleId, article: it.article });
  }
  const parseMs = performance.now() - t;
  const cpu1 = process.cpuUsage(cpu0);
  const parseCpuMs = (cpu1.user + cpu1.system) / 1000;

  const memory = createMemoryDuplicateIndex();
  let memoryDuplicates = 0;
  const cpu2 = process.cpuUsage();
  t = performance.now();
  for (const p of parsed) if (await memory.checkAndInsert(p.id, p.article)) memoryDuplicates++;
  const memoryMs = performance.now() - t;
  const cpu3 = process.cpuUsage(cpu2);
  const memoryCpuMs = (cpu3.user + cpu3.system) / 1000;

  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const keyPrefix = `{bench-inproc-${randomBytes(4).toString('hex')}}:dedup:`;
  let redisDuplicates = 0;
  let redisMs = 0;
  let redisCpuMs = 0;
  try {
    const index = createRedisDuplicateIndex({ redis, keyPrefix });
    await index.checkAndInsert('warm-up', parsed[0]!.article);
    await deletePrefix(redis, keyPrefix);
    const cpu4 = process.cpuUsage();
    t = performance.now();
    for (const p of parsed) if (await index.checkAndInsert(p.id, p.article)) redisDuplicates++;
    redisMs = performance.now() - t;
    const cpu5 = process.cpuUsage(cpu4);
    redisCpuMs = (cpu5.user + cpu5.system) / 1000;
  } finally {
    await deletePrefix(redis, keyPrefix);
    redis.disconnect();
  }
  const mb = articles.reduce((s, a) => s + a.bytes.length, 0) / 1e6;
  const withMb = (f: RateFigure) => ({ ...f, mbPerSecond: mb / f.seconds });
  return {
    articles: articles.length,
    mb,
    parse: withMb(rate(articles.length, parseMs)),
    parseMemoryDedup: withMb(rate(articles.length, parseMs + memoryMs)),
    parseRedisDedup: withMb(rate(articles.length, parseMs + redisMs)),
    duplicates: { memory: memoryDuplicates, redis: redisDuplicates },
    cpuMsPerArticle: {
      parse: parseCpuMs / articles.length,
      parseMemoryDedup: (parseCpuMs + memoryCpuMs) / articles.length,
      parseRedisDedup: (parseCpuMs + redisCpuMs) / articles.length,
    },
    items,
  };
}
