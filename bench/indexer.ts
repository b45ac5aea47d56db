// Benchmark of the reference indexer: article events through the subscriber kit (BullMQ on real Redis,
// validation, handler) into the PostgreSQL index (upsert, generated weighted tsvector, GIN indexes),
// against a fresh schema that is dropped afterwards. Reports throughput; asserts nothing.
//
// Standalone: DATABASE_URL=postgres://... REDIS_URL=redis://... tsx bench/indexer.ts [--events N] [--concurrency N]
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { ArticleContentEvent } from '../src/events/article-event.js';
import { createPgArticleIndex } from '../src/indexer/article-index.js';
import { migrate } from '../src/indexer/migrate.js';
import { articleJobOptions } from '../src/queue/queue-names.js';
import { exampleArticleEvent } from '../src/subscriber/example-event.js';
import { subscribe } from '../src/subscriber/subscribe.js';

export interface IndexerBenchOptions {
  databaseUrl: string;
  redisUrl: string;
  events: number;
  /** Subscriber concurrency (and PostgreSQL pool size); default 8. */
  concurrency?: number;
}

export interface IndexerBenchResult {
  events: number;
  concurrency: number;
  /** Wall time from the subscriber's start to the last event indexed. */
  elapsedMs: number;
  eventsPerSecond: number;
  /** Mean words per article body. */
  wordsPerArticle: number;
  /** Index size on disk after the run (table + indexes + TOAST). */
  tableBytes: number;
}

const WORDS = (
  'minister talks summit ceasefire sanctions grain exports shipping insurance corridor parliament ' +
  'election budget inflation central bank rates energy pipeline refinery drought harvest wheat court ' +
  'ruling appeal strike union wages factory exports tariffs border refugees agency report analysts ' +
  'forecast quarter growth recession markets shares bonds currency treaty delegation envoy'
).split(' ');

/** Deterministic synthetic articles of ~300 words in 5 paragraphs, distinct per n. */
export function benchArticleEvent(n: number): ArticleContentEvent {
  let seed = n * 2654435761;
  const next = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed;
  };
  const sentence = () =>
    `${Array.from({ length: 12 }, () => WORDS[next() % WORDS.length]).join(' ')} ${n}.`.replace(/^./, (c) =>
      c.toUpperCase(),
    );
  const paragraphs = Array.from({ length: 5 }, () => Array.from({ length: 5 }, sentence).join(' '));
  return exampleArticleEvent({
    n,
    headline: `${WORDS[n % WORDS.length]} ${WORDS[(n * 7) % WORDS.length]} report ${n}`,
    paragraphs,
    people: [`Person ${n % 50}`],
  });
}

export async function benchIndexer(options: IndexerBenchOptions): Promise<IndexerBenchResult> {
  const concurrency = options.concurrency ?? 8;
  const tag = randomBytes(4).toString('hex');
  const schema = `bench_indexer_${tag}`;
  const prefix = `{bench-indexer-${tag}}`;
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    options: `-c search_path=${schema}`,
    max: concurrency,
  });
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('search-index', { connection: redis, prefix });
  try {
    await migrate(pool);
    const events = Array.from({ length: options.events }, (_, i) => benchArticleEvent(i));
    for (let i = 0; i < events.length; i += 1000) {
      await queue.addBulk(
        events.slice(i, i + 1000).map((e) => ({ name: e.type, data: e, opts: articleJobOptions(e.eventId) })),
      );
    }
    const index = createPgArticleIndex(pool);
    let done = 0;
    let finish!: () => void;
    const allDone = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const started = performance.now();
    const subscription = subscribe({
      queue: 'search-index',
      connection: redis,
      prefix,
      concurrency,
      handler: async (event) => {
        await index.apply(event);
        if (++done === options.events) finish();
      },
    });
    await allDone;
    const elapsedMs = performance.now() - started;
    await subscription.close();
    const { rows } = await pool.query<{ bytes: string }>(
      `SELECT pg_total_relation_size('${schema}.articles')::text AS bytes`,
    );
    const words = events.reduce((sum, e) => sum + e.article.wordCount, 0) / Math.max(1, events.length);
    return {
      events: options.events,
      concurrency,
      elapsedMs: Math.round(elapsedMs),
      eventsPerSecond: Math.round((options.events / elapsedMs) * 1000),
      wordsPerArticle: Math.round(words),
      tableBytes: Number(rows[0]?.bytes ?? 0),
    };
  } finally {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await deleteByPrefix(redis, prefix);
    await redis.quit();
    await pool.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = nextCursor;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

const isMain = process.argv[1] && /bench[/\\]indexer\.(ts|js)$/.test(process.argv[1]);
if (isMain) {
  const arg = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const result = await benchIndexer({
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    events: Number(arg('--events') ?? 2000),
    concurrency: Number(arg('--concurrency') ?? 8),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
