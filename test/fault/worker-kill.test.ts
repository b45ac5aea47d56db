// 1,000 uploads while the worker process is SIGKILLed 10 times at random moments and restarted:
// exactly 1,000 outcomes, no event id twice, no key twice; the event archive, written in small batches
// by the same process, holds each event id exactly once.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchivedEvents } from '../../src/archive/archive-reader.js';
import type { ArticleEvent } from '../../src/events/article-event.js';
import { createS3ObjectStore } from '../../src/s3/object-store.js';
import { startEmbeddedTrigger } from '../../src/trigger/embedded-trigger.js';
import { syntheticArticle } from '../helpers/articles.js';
import { createTestEnqueuer } from '../helpers/enqueuer.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { startTestS3, type TestS3 } from '../helpers/s3.js';
import { waitForDrained } from '../helpers/settle.js';
import { waitFor } from '../helpers/wait.js';
import { spawnIngestWorker, type WorkerProcess } from '../helpers/worker-process.js';

const UPLOADS = 1000;
const KILLS = 10;

describe('worker SIGKILLed mid-run', () => {
  let s3: TestS3;
  let redis: Redis;
  let redisUrl: string;
  const prefix = uniquePrefix('kill');
  let worker: WorkerProcess | null = null;
  let ingest: Queue;
  let articles: Queue;

  beforeAll(async () => {
    s3 = await startTestS3('kill');
    redisUrl = await testRedisUrl();
    redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    ingest = new Queue('ingest', { connection: redis, prefix });
    articles = new Queue('articles', { connection: redis, prefix });
  });
  afterAll(async () => {
    await worker?.kill();
    await ingest?.close();
    await articles?.close();
    redis?.disconnect();
    await s3?.close();
    await deleteKeys(redisUrl, prefix);
  });

  it(`yields exactly ${UPLOADS} outcomes across ${KILLS} kills`, { timeout: 240_000 }, async () => {
    const enqueuer = createTestEnqueuer({ queue: ingest, redis, prefix, bucket: s3.bucket, attempts: 8 });
    if (s3.embedded) startEmbeddedTrigger(s3.embedded, enqueuer, { notificationIgnored: () => {} }, console);
    const env = {
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      ...s3.env,
      JOB_LOCK_DURATION: '2s',
      WORKER_CONCURRENCY: '8',
      PARSE_INLINE_BELOW_BYTES: '0', // every object through the analyse thread, as large pages go
      // Many small archive batches, so kills also land between an archive write and its acknowledgement.
      ARCHIVE_BATCH_EVENTS: '50',
      ARCHIVE_BATCH_AGE: '200ms',
    };
    const start = () => {
      worker = spawnIngestWorker(env);
    };
    start();

    // Uploads and kills run concurrently.
    let uploaded = 0;
    const uploads = (async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < UPLOADS) {
            const i = next++;
            await s3.client.send(
              new PutObjectCommand({
                Bucket: s3.bucket,
                Key: `incoming/load/article ${i}+.txt`,
                Body: syntheticArticle(i),
              }),
            );
            uploaded++;
          }
        }),
      );
      if (!s3.embedded) {
        // No in-process notifications (MinIO/S3_ENDPOINT): hand the keys over as a scan would.
        for (let i = 0; i < UPLOADS; i += 100) {
          const batch = Array.from({ length: Math.min(100, UPLOADS - i) }, (_, k) => ({
            bucket: s3.bucket,
            key: `incoming/load/article ${i + k}+.txt`,
            trigger: 'test',
          }));
          await enqueuer.enqueue(batch);
        }
      }
    })();
    const killTimes: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      // A random moment of the load (the scenario, not a synchronisation).
      await new Promise((r) => setTimeout(r, 400 + Math.random() * 1200));
      await worker!.kill('SIGKILL');
      killTimes.push(Date.now());
      start();
    }
    await uploads;
    expect(uploaded).toBe(UPLOADS);

    const recoveredAt = await waitFor(
      async () =>
        (await articles.getJobCountByTypes('completed', 'waiting', 'active', 'delayed')) >= UPLOADS
          ? Date.now()
          : undefined,
      180_000,
      `${UPLOADS} events`,
    );
    // Every ingest job reached a final state (a stalled job of a killed worker stays active until it is
    // re-run), so any re-delivery has published what it would: count again, nothing may be doubled.
    await waitForDrained(ingest, 120_000);
    const jobs = await articles.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'], 0, -1, true);
    const events = jobs.map((j) => j.data as ArticleEvent);
    const eventIds = new Set(events.map((e) => e.eventId));
    const keys = new Set(events.map((e) => e.source.key));
    const failed = await ingest.getFailedCount();
    const report = {
      uploads: UPLOADS,
      kills: killTimes.length,
      events: events.length,
      uniqueEventIds: eventIds.size,
      uniqueKeys: keys.size,
      failed,
      secondsFromLastKillToLastEvent: (recoveredAt - killTimes.at(-1)!) / 1000,
    };
    console.log(`[fault] worker-kill ${JSON.stringify(report)}`);
    expect(events).toHaveLength(UPLOADS);
    expect(eventIds.size).toBe(UPLOADS);
    expect(keys.size).toBe(UPLOADS);
    expect(failed).toBe(0);

    // The archive: every event written, none twice (a killed writer's batch is re-put under its keys).
    const store = createS3ObjectStore(s3.client, s3.bucket);
    const archived = await waitFor(
      async () => {
        const ids: string[] = [];
        for await (const e of readArchivedEvents(store, 'events/')) ids.push((e as ArticleEvent).eventId);
        return new Set(ids).size >= UPLOADS ? ids : undefined;
      },
      60_000,
      `${UPLOADS} events in the archive`,
    );
    console.log(`[fault] worker-kill archive ${JSON.stringify({ lines: archived.length })}`);
    expect(archived).toHaveLength(UPLOADS);
    expect(new Set(archived)).toEqual(eventIds);
  });
});
