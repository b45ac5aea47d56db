// The reconciling scan against real parts (a private Redis, the embedded S3 server): a pass over
// unchanged objects that all reached an outcome costs its LIST requests plus about one Redis command
// per 1,000 keys, and still finds a new object and a changed version on the next pass.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisLedger } from '../../src/ledger/ledger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { scanDigestKey } from '../../src/queue/redis-keys.js';
import { createS3Client } from '../../src/s3/client.js';
import { createS3ObjectStore } from '../../src/s3/object-store.js';
import { createObjectEnqueuer } from '../../src/trigger/object-enqueuer.js';
import { reconcileOnce } from '../../src/trigger/reconcile-scan.js';
import { createRedisScanDigestStore } from '../../src/trigger/scan-digest-store.js';
import { commandsRun, type PrivateRedis, startPrivateRedis } from '../helpers/redis-server.js';
import { startTestS3, type TestS3 } from '../helpers/s3.js';
import { type S3RequestLog, startS3RequestLog } from '../helpers/s3-request-log.js';

const N = 3_000;
const PREFIX = '{scan}';

describe('reconciling scan cost on a settled bucket', () => {
  let s3: TestS3;
  let proxy: S3RequestLog;
  let server: PrivateRedis;
  let redis: Redis;
  let queue: Queue;
  beforeAll(async () => {
    [s3, server] = await Promise.all([startTestS3('scancost'), startPrivateRedis()]);
    proxy = await startS3RequestLog(s3.endpoint);
    redis = new Redis(server.url, { maxRetriesPerRequest: null });
    queue = new Queue('ingest', { connection: redis, prefix: PREFIX });
    const writer = createS3ObjectStore(s3.client, s3.bucket);
    const keys = Array.from({ length: N }, (_, i) => `incoming/${String(i).padStart(5, '0')}.txt`);
    for (let i = 0; i < keys.length; i += 32)
      await Promise.all(keys.slice(i, i + 32).map((key) => writer.putObject(key, `body ${key}`)));
  }, 120_000);
  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await proxy?.close();
    await Promise.all([s3?.close(), server?.stop()]);
  });

  it('costs the LIST requests plus ≤ 1 Redis command per 1,000 unchanged keys, and finds changes', async () => {
    const client = createS3Client({
      endpoint: proxy.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      forcePathStyle: true,
    });
    const store = createS3ObjectStore(client, s3.bucket);
    const ledger = createRedisLedger(redis, PREFIX, 3_600_000);
    const enqueuer = createObjectEnqueuer({
      queue,
      ledger,
      metrics: createMetrics({ defaultMetrics: false }),
      bucket: s3.bucket,
      rawPrefix: 'incoming/',
      attempts: 1,
    });
    const digests = createRedisScanDigestStore(
      redis,
      scanDigestKey(PREFIX, s3.bucket, 'incoming/'),
      3_600_000,
    );
    const deps = { store, enqueuer, prefix: 'incoming/', digests };
    /** Plays the worker: every enqueued version reaches an outcome. */
    const settle = async () => {
      const jobs = await queue.getJobs(['waiting']);
      await ledger.mark(
        jobs.map((j) => j.id ?? ''),
        'published',
      );
      await queue.drain();
    };

    expect((await reconcileOnce(deps)).enqueued).toBe(N);
    await settle();
    await reconcileOnce(deps); // sees every key settled: stores the digests

    const lists = () => proxy.requests.filter((r) => r.method === 'GET' && r.query.has('list-type')).length;
    const listsBefore = lists();
    const before = await commandsRun(redis);
    const pass = await reconcileOnce(deps);
    const commands = (await commandsRun(redis)) - before - 1; // less the second INFO
    expect(commands).toBeLessThanOrEqual(Math.ceil(N / 1000));
    expect(pass).toMatchObject({ listed: N, enqueued: 0, unchanged: N });
    expect(lists() - listsBefore).toBe(Math.ceil(N / 1000));

    const writer = createS3ObjectStore(s3.client, s3.bucket);
    await writer.putObject('incoming/01234-new.txt', 'a new object');
    await writer.putObject('incoming/02500.txt', 'a changed body');
    const next = await reconcileOnce(deps);
    expect(next.enqueued).toBe(2);
    const waiting = await queue.getJobs(['waiting']);
    expect(waiting.map((j) => j.data.key).sort()).toEqual(['incoming/01234-new.txt', 'incoming/02500.txt']);
    client.destroy();
  }, 120_000);
});
