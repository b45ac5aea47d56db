// SIGTERM drains in-flight jobs within SHUTDOWN_TIMEOUT and exits 0, leaving no job active; a second
// signal exits at once.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticArticle } from '../helpers/articles.js';
import { createTestEnqueuer } from '../helpers/enqueuer.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { startTestS3, type TestS3 } from '../helpers/s3.js';
import { waitFor } from '../helpers/wait.js';
import { spawnIngestWorker } from '../helpers/worker-process.js';

describe('worker shutdown on signals', () => {
  let s3: TestS3;
  let redis: Redis;
  let redisUrl: string;
  const prefix = uniquePrefix('drain');
  let ingest: Queue;
  let env: Record<string, string>;

  beforeAll(async () => {
    s3 = await startTestS3('drain');
    redisUrl = await testRedisUrl();
    redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    ingest = new Queue('ingest', { connection: redis, prefix });
    env = {
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      ...s3.env,
      SHUTDOWN_TIMEOUT: '15s',
    };
    const enqueuer = createTestEnqueuer({ queue: ingest, redis, prefix, bucket: s3.bucket, attempts: 3 });
    const objects = [];
    for (let i = 0; i < 300; i++) {
      const key = `incoming/drain/${i}.txt`;
      await s3.client.send(
        new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: syntheticArticle(40_000 + i) }),
      );
      objects.push({ bucket: s3.bucket, key, trigger: 'test' });
    }
    await enqueuer.enqueue(objects);
  });
  afterAll(async () => {
    await ingest?.close();
    redis?.disconnect();
    await s3?.close();
    await deleteKeys(redisUrl, prefix);
  });

  it('drains on SIGTERM: exit 0, nothing left active, nothing failed', { timeout: 60_000 }, async () => {
    const worker = spawnIngestWorker(env);
    await waitFor(
      async () => ((await ingest.getCompletedCount()) > 20 ? true : undefined),
      30_000,
      'the worker to get going',
    );
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const t = Date.now();
      worker.child.once('exit', (code) => resolve({ code, ms: Date.now() - t }));
    });
    worker.child.kill('SIGTERM');
    const { code, ms } = await exited;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(15_000);
    expect(await ingest.getActiveCount()).toBe(0);
    expect(await ingest.getFailedCount()).toBe(0);
  });

  it('exits at once on a second signal', { timeout: 60_000 }, async () => {
    const worker = spawnIngestWorker(env);
    await waitFor(
      async () =>
        worker.child.exitCode === null && (await ingest.getWorkers()).length > 0 ? true : undefined,
      30_000,
      'worker up',
    );
    const exited = new Promise<number | null>((resolve) => worker.child.once('exit', (c) => resolve(c)));
    worker.child.kill('SIGTERM');
    worker.child.kill('SIGINT');
    expect(await exited).toBe(130);
  });
});
