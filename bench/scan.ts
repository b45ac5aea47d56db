// Cost of one reconciling-scan pass over a bucket whose objects were all processed already, at 1k, 10k
// and 100k objects: Redis commands (INFO commandstats delta: exact on the bench's private Redis, inflated by
// other clients on a shared one) and wall time per
// 1,000 keys. The baseline in the same run is the per-key pass (the ledger asked about every key: what
// every pass cost before the chunk digests, and what the first pass still costs); the digest pass is the
// steady state. The listing is an in-memory sorted lister, not s3rver (writing 100k files to it takes
// minutes): the LIST requests a real store needs are counted as ceil(N / 1000), one per listing page.
//
// Standalone: tsx bench/scan.ts [--sizes 1000,10000,100000] (private redis-server, or REDIS_URL)
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createRedisLedger } from '../src/ledger/ledger.js';
import { createMetrics } from '../src/observability/metrics.js';
import { ingestJobId } from '../src/queue/object-version.js';
import { scanDigestKey } from '../src/queue/redis-keys.js';
import type { ListedObject, ObjectStore } from '../src/s3/object-store.js';
import { createObjectEnqueuer } from '../src/trigger/object-enqueuer.js';
import { reconcileOnce } from '../src/trigger/reconcile-scan.js';
import { createRedisScanDigestStore } from '../src/trigger/scan-digest-store.js';
import { commandsRun } from '../test/helpers/redis-server.js';
import { deletePrefix, startBenchRedis } from './lib/redis.js';
import { renderScan } from './lib/report.js';

export interface ScanPassCost {
  /** Redis commands per 1,000 listed keys. */
  commandsPer1k: number;
  /** Median wall time per 1,000 listed keys. */
  msPer1k: number;
}

export interface ScanBenchRow {
  objects: number;
  listRequests: number;
  perKey: ScanPassCost;
  digest: ScanPassCost;
  /** Keys the next digest pass checks key by key after one new object lands mid-bucket. */
  recheckedAfterInsert: number;
}

export interface ScanBenchResult {
  lister: string;
  rows: ScanBenchRow[];
  /** digest pass at the largest size / at the smallest, per 1,000 keys (aim ≤ 1.5). */
  commandsRatio: number;
  msRatio: number;
}

const BUCKET = 'bench-raw';
const PREFIX = 'incoming/';

function memoryLister(keys: string[]): ObjectStore {
  return {
    bucket: BUCKET,
    async *list(): AsyncGenerator<ListedObject> {
      for (const key of keys) yield { key, etag: `"${key.length}"`, size: 100, lastModified: undefined };
    },
    getObject: () => Promise.reject(new Error('unused')),
    headObject: () => Promise.reject(new Error('unused')),
    putObject: () => Promise.reject(new Error('unused')),
    copyObject: () => Promise.reject(new Error('unused')),
    ping: () => Promise.resolve(),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function benchSize(redis: Redis, objects: number): Promise<ScanBenchRow> {
  const keyPrefix = `{bench-scan-${objects}-${process.pid}}`;
  const keys = Array.from(
    { length: objects },
    (_, i) => `${PREFIX}2026/11/${String(i).padStart(7, '0')}.html`,
  );
  const store = memoryLister(keys);
  const ledger = createRedisLedger(redis, keyPrefix, 3_600_000);
  const queue = new Queue('ingest', { connection: redis, prefix: keyPrefix });
  try {
    // Every object already processed: a final ledger state for each version, as the worker leaves it.
    for (let i = 0; i < keys.length; i += 1000) {
      const ids = keys
        .slice(i, i + 1000)
        .map((key) => ingestJobId({ bucket: BUCKET, key, etag: `"${key.length}"` }));
      await ledger.mark(ids, 'published');
    }
    const enqueuer = createObjectEnqueuer({
      queue,
      ledger,
      metrics: createMetrics({ defaultMetrics: false }),
      bucket: BUCKET,
      rawPrefix: PREFIX,
      attempts: 1,
    });
    const digestKey = scanDigestKey(keyPrefix, BUCKET, PREFIX);
    const digests = createRedisScanDigestStore(redis, digestKey, 3_600_000);
    const runs = Math.max(3, Math.min(15, Math.round(30_000 / objects)));
    const measure = async (pass: () => Promise<unknown>): Promise<ScanPassCost> => {
      const times: number[] = [];
      let commands = 0;
      for (let run = 0; run < runs; run++) {
        const before = await commandsRun(redis);
        const started = performance.now();
        await pass();
        times.push(performance.now() - started);
        commands = (await commandsRun(redis)) - before - 1; // less the second INFO
      }
      return { commandsPer1k: (commands * 1000) / objects, msPer1k: (median(times) * 1000) / objects };
    };
    // Per-key: no digests kept (the key dropped before each pass), so the ledger is asked about every key.
    const perKey = await measure(async () => {
      await redis.del(digestKey);
      await reconcileOnce({ store, enqueuer, prefix: PREFIX });
    });
    await reconcileOnce({ store, enqueuer, prefix: PREFIX, digests }); // stores the digests
    const digest = await measure(async () => {
      const r = await reconcileOnce({ store, enqueuer, prefix: PREFIX, digests });
      if (r.unchanged !== objects) throw new Error(`digest pass skipped ${r.unchanged} of ${objects} keys`);
    });
    keys.splice(keys.length >> 1, 0, `${keys[keys.length >> 1]!}-new`);
    const afterInsert = await reconcileOnce({ store, enqueuer, prefix: PREFIX, digests });
    if (afterInsert.enqueued !== 1) throw new Error(`the new object was not found (${afterInsert.enqueued})`);
    const recheckedAfterInsert = afterInsert.listed - afterInsert.unchanged;
    return { objects, listRequests: Math.ceil(objects / 1000), perKey, digest, recheckedAfterInsert };
  } finally {
    await queue.close();
    await deletePrefix(redis, keyPrefix);
  }
}

export async function benchScan(options: { redisUrl: string; sizes: number[] }): Promise<ScanBenchResult> {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  try {
    const rows: ScanBenchRow[] = [];
    for (const size of options.sizes) rows.push(await benchSize(redis, size));
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    return {
      lister: 'in-memory sorted lister (LIST requests counted as ceil(N/1000), not sent)',
      rows,
      commandsRatio: last.digest.commandsPer1k / first.digest.commandsPer1k,
      msRatio: last.digest.msPer1k / first.digest.msPer1k,
    };
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--sizes');
  const sizes = at >= 0 ? args[at + 1]!.split(',').map(Number) : [1000, 10_000, 100_000];
  const redis = await startBenchRedis(false);
  try {
    process.stdout.write(`${renderScan(await benchScan({ redisUrl: redis.url, sizes })).join('\n')}\n`);
  } finally {
    await redis.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
