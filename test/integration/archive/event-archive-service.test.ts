// The event archive in the running service (real Redis, the embedded S3 server): published events reach
// the archive once, consumed jobs are trimmed to COMPLETED_JOBS_KEPT, and a new subscriber back-fills
// from the archive with `subscriber-replay`, and `dedup-rebuild --from events` reads it.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchivedEvents } from '../../../src/archive/archive-reader.js';
import { dedupKeyPrefix } from '../../../src/queue/redis-keys.js';
import { createS3ObjectStore } from '../../../src/s3/object-store.js';
import { syntheticArticle } from '../../helpers/articles.js';
import { runCliCaptured } from '../../helpers/cli.js';
import { deleteKeys } from '../../helpers/redis.js';
import { startTestService, type TestService } from '../../helpers/service.js';
import { waitFor } from '../../helpers/wait.js';

const KEPT = 3;

describe('event archive in the service', () => {
  let svc: TestService;
  let redis: Redis;
  let consumer: Worker | null = null;
  beforeAll(async () => {
    svc = await startTestService({ ARCHIVE_BATCH_AGE: '200ms', COMPLETED_JOBS_KEPT: String(KEPT) });
    redis = new Redis(svc.redisUrl, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await consumer?.close();
    redis?.disconnect();
    await svc?.stop();
  });

  const cliEnv = () => ({
    REDIS_URL: svc.redisUrl,
    QUEUE_PREFIX: svc.config.queues.prefix,
    S3_ENDPOINT: svc.service.s3Endpoint,
    S3_BUCKET: svc.config.s3.bucket,
    S3_ACCESS_KEY_ID: svc.config.s3.credentials?.accessKeyId ?? 'minioadmin',
    S3_SECRET_ACCESS_KEY: svc.config.s3.credentials?.secretAccessKey ?? 'minioadmin',
  });
  const archived = async () => {
    const store = createS3ObjectStore(svc.s3, svc.config.archive.bucket);
    const ids: string[] = [];
    for await (const e of readArchivedEvents(store, svc.config.archive.prefix))
      ids.push((e as { eventId: string }).eventId);
    return ids;
  };

  it('archives every published event once and trims consumed jobs', { timeout: 60_000 }, async () => {
    const count = 8;
    for (let i = 0; i < count; i++) await svc.put(`incoming/archive/${i}.txt`, syntheticArticle(400 + i));
    await svc.put('incoming/archive/copy-of-0.txt', syntheticArticle(400));
    const events = await svc.waitForEvents(count + 1, 30_000);
    const ids = events.map((e) => e.eventId).sort();

    const consumed: string[] = [];
    consumer = new Worker(
      svc.config.queues.articles,
      async (job) => {
        consumed.push(job.id!);
      },
      { connection: redis, prefix: svc.config.queues.prefix },
    );
    await waitFor(async () => (consumed.length >= count + 1 ? true : undefined), 20_000, 'the subscriber');
    const fromArchive = await waitFor(
      async () => {
        const got = await archived();
        return got.length >= count + 1 ? got : undefined;
      },
      20_000,
      'the archive to hold every event',
    );
    expect([...fromArchive].sort()).toEqual(ids);

    const articles = svc.queue(svc.config.queues.articles);
    expect(await articles.getCompletedCount()).toBe(KEPT);
    const ingest = svc.queue(svc.config.queues.ingest);
    expect(await ingest.getCompletedCount()).toBeLessThanOrEqual(KEPT);
    const held = await Promise.all(ids.map((id) => articles.getJob(id)));
    expect(held.filter(Boolean)).toHaveLength(KEPT);
  });

  it('back-fills a new subscriber from the archive', async () => {
    const run = await runCliCaptured(['subscriber-replay', '--queue', 'newcomer'], cliEnv());
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^replayed 9 events to queue newcomer from the event archive/);
    const jobs = await svc.queue('newcomer').getJobs(['waiting'], 0, -1);
    expect(new Set(jobs.map((j) => (j.data as { eventId: string }).eventId)).size).toBe(9);
  });

  it('rebuilds the duplicate index from the archive', { timeout: 60_000 }, async () => {
    await deleteKeys(svc.redisUrl, dedupKeyPrefix(svc.config.queues.prefix));
    const run = await runCliCaptured(['dedup-rebuild', '--from', 'events', '--json'], cliEnv());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out[0]!)).toMatchObject({ from: 'events', indexed: 8, skippedDuplicates: 1 });
  });
});
