// Redis bytes per published article at steady state: once a subscriber has consumed the articles queue
// and the archiver has written the events to object storage. Keys are split into what grows with the
// articles (ledger, version index, dedup index, event dedup ids, archive seen ids) and what is bounded
// whatever the corpus size (completed/failed jobs kept by count, queue bookkeeping, event streams).
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { archiveKeyPrefix } from '../../src/archive/event-intake.js';
import { sleep } from './stats.js';
import type { Topology } from './topology.js';

export interface SteadyFootprint {
  /** Events the topology published (the articles queue before the subscriber ran). */
  events: number;
  /** Bytes by key family that grow with the articles. */
  perArticle: Record<string, number>;
  /** Bytes by key family that are bounded (kept jobs, queue bookkeeping), and the jobs kept. */
  bounded: Record<string, number>;
  keptJobs: number;
  /** Time for the subscriber to drain the queue and the archiver to flush. */
  settleSeconds: number;
}

/** BullMQ's own keys of a queue (besides job hashes and `de:` deduplication ids). */
const QUEUE_BOOKKEEPING = new Set([
  'events',
  'completed',
  'failed',
  'meta',
  'id',
  'metrics',
  'marker',
  'stalled-check',
  'stalled',
  'wait',
  'active',
  'delayed',
  'paused',
  'prioritized',
  'pc',
  'limiter',
  'repeat',
]);

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 2000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out;
}

async function settle(top: Topology): Promise<number> {
  const t0 = performance.now();
  const connection = top.redis.duplicate();
  const subscriber = new Worker(top.articles.name, async () => {}, {
    connection,
    prefix: top.prefix,
    concurrency: 50,
  });
  const pending = `${archiveKeyPrefix(top.prefix)}pending`;
  const batch = `${archiveKeyPrefix(top.prefix)}batch`;
  try {
    for (;;) {
      const counts = await top.articles.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const waiting = Object.values(counts).reduce((s, n) => s + n, 0);
      const archiving = (await top.redis.xlen(pending)) + (await top.redis.exists(batch));
      if (waiting === 0 && archiving === 0) break;
      if (performance.now() - t0 > 120_000) throw new Error('steady state not reached in 120 s');
      await sleep(50);
    }
  } finally {
    await subscriber.close();
    connection.disconnect();
  }
  return (performance.now() - t0) / 1000;
}

export async function steadyStateFootprint(top: Topology, queues: string[]): Promise<SteadyFootprint> {
  const events = await top.articles.count();
  const settleSeconds = await settle(top);
  const kept = new Set<string>();
  for (const q of queues)
    for (const state of ['completed', 'failed'])
      for (const id of await top.redis.zrange(`${top.prefix}:${q}:${state}`, 0, -1)) kept.add(`${q}:${id}`);
  const keys = await keysUnder(top.redis, top.prefix);
  const perArticle: Record<string, number> = {};
  const bounded: Record<string, number> = {};
  for (let i = 0; i < keys.length; i += 1000) {
    const slice = keys.slice(i, i + 1000);
    const pipe = top.redis.pipeline();
    for (const k of slice) pipe.memory('USAGE', k, 'SAMPLES', '0');
    const sizes = (await pipe.exec()) ?? [];
    slice.forEach((key, j) => {
      const bytes = Number(sizes[j]?.[1] ?? 0);
      const [family = 'other', second = ''] = key.slice(top.prefix.length).replace(/^:/, '').split(':');
      const isQueue = queues.includes(family);
      const isBounded = isQueue
        ? second !== 'de' && (QUEUE_BOOKKEEPING.has(second) || kept.has(`${family}:${second}`))
        : family === 'archive' && second !== 'seen';
      const into = isBounded ? bounded : perArticle;
      const label = isQueue && second === 'de' ? `${family} (event dedup ids)` : family;
      into[label] = (into[label] ?? 0) + bytes;
    });
  }
  return { events, perArticle, bounded, keptJobs: kept.size, settleSeconds };
}
