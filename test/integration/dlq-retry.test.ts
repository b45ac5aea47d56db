// `dlq` reads the failure reason from the job's data and `dlq retry` does what it prints: a job skipped
// because its object was gone is re-run once the object is back; a job whose key now holds a newer
// version is named with the reason and not counted. Real Redis, real S3 server, no triggers (the test
// enqueues by hand, so an upload starts no job of its own).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisLedger } from '../../src/ledger/ledger.js';
import { runCliCaptured as cli } from '../helpers/cli.js';
import { createTestEnqueuer } from '../helpers/enqueuer.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const article =
  'Harbour workers in Rotterdam ended a two-day strike on Friday after a pay agreement.\n\n' +
  'The union said the deal raises wages by four percent and limits night shifts for older staff.';

describe('dlq retry of skipped jobs', () => {
  let svc: TestService;
  let redis: Redis;
  let env: Record<string, string>;
  let enqueue: (object: { key: string; etag?: string }) => Promise<void>;
  beforeAll(async () => {
    svc = await startTestService({ TRIGGERS: 'none' });
    redis = new Redis(svc.redisUrl, { maxRetriesPerRequest: null });
    env = {
      REDIS_URL: svc.redisUrl,
      QUEUE_PREFIX: svc.config.queues.prefix,
      S3_ENDPOINT: svc.service.s3Endpoint,
      S3_ACCESS_KEY_ID: 'minioadmin',
      S3_SECRET_ACCESS_KEY: 'minioadmin',
      S3_BUCKET: svc.config.s3.bucket,
    };
    const enqueuer = createTestEnqueuer({
      queue: svc.queue(svc.config.queues.ingest),
      redis,
      prefix: svc.config.queues.prefix,
      bucket: svc.config.s3.bucket,
      attempts: 3,
    });
    enqueue = async (object) => {
      await enqueuer.enqueue([{ bucket: svc.config.s3.bucket, ...object, trigger: 'replay' }]);
    };
  });
  afterAll(async () => {
    redis?.disconnect();
    await svc?.stop();
  });

  const failedJob = (key: string) =>
    waitFor(
      async () => {
        const jobs = await svc.queue(svc.config.queues.ingest).getFailed(0, -1);
        return jobs.find((j) => j?.data.key === key && j.finishedOn);
      },
      20_000,
      `a failed job for ${key}`,
    );

  it('re-runs a job skipped as gone once the object is back, and counts it', async () => {
    const key = 'incoming/arrives-late.txt';
    await enqueue({ key });
    const job = await failedJob(key);
    expect(job.data.lastFailure).toEqual({ reason: 'gone', permanent: true });
    const ledger = createRedisLedger(redis, svc.config.queues.prefix, 60_000);
    expect(await ledger.get(job.id!)).toMatchObject({ state: 'skipped', reason: 'gone' });
    const list = await cli(['dlq', 'list', '--json', '--reason', 'gone'], env);
    expect(list.out.map((l) => JSON.parse(l).key)).toEqual([key]);

    await svc.put(key, article, 'text/plain');
    const retry = await cli(['dlq', 'retry', '--reason', 'gone'], env);
    expect(retry.out).toEqual(['retried 1 failed jobs']);
    expect(retry.err).toEqual([]);
    const [event] = await svc.waitForEvents(1);
    expect(event!.source.key).toBe(key);
    expect((await ledger.get(job.id!))?.state).toBe('published');
  });

  it('does not retry a job whose key holds a newer version: names it with the reason, counts 0', async () => {
    const key = 'incoming/rewritten.txt';
    await svc.put(key, article.replace('Friday', 'Saturday'), 'text/plain');
    await enqueue({ key, etag: '0123456789abcdef0123456789abcdef' }); // a version the key no longer holds
    const job = await failedJob(key);
    expect(job.data.lastFailure).toEqual({ reason: 'superseded', permanent: true });
    const retry = await cli(['dlq', 'retry', '--reason', 'superseded'], env);
    expect(retry.code).toBe(0);
    expect(retry.out).toEqual(['retried 0 failed jobs (1 not retried, see above)']);
    expect(retry.err).toEqual([
      `not retried: ${key} (${job.id}): superseded: the key holds a newer version, which has its own job`,
    ]);
    const json = await cli(['dlq', 'retry', '--json', '--reason', 'superseded'], env);
    expect(JSON.parse(json.out[0]!)).toMatchObject({
      action: 'retry',
      jobs: 0,
      notRetried: [{ jobId: job.id, key }],
    });
    expect(await svc.queue(svc.config.queues.ingest).getFailedCount()).toBe(1);
  });
});
