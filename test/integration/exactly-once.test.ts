// Exactly one outcome per object version: retries, crashes between publish and acknowledge, a lost
// ledger, stale and superseded notifications — against real Redis and a real S3 server.
import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisDuplicateIndex } from '../../src/dedup/redis-index.js';
import { PermanentError } from '../../src/errors/permanent-error.js';
import { TransientError } from '../../src/errors/transient-error.js';
import type { ArticleEvent } from '../../src/events/article-event.js';
import { createRedisLedger } from '../../src/ledger/ledger.js';
import { createRedisKeyStates } from '../../src/lifecycle/redis-key-states.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createAnalyseRunner } from '../../src/pipeline/analyse-pool.js';
import { type IngestDeps, processObject } from '../../src/pipeline/process-object.js';
import { createQueuePublisher, type EventPublisher } from '../../src/queue/event-publisher.js';
import { ingestJobId, type ObjectVersion, stripQuotes } from '../../src/queue/object-version.js';
import { createS3ObjectStore } from '../../src/s3/object-store.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { startTestS3, type TestS3 } from '../helpers/s3.js';

const sample = readFileSync(
  new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url),
);
const log = pino({ level: 'silent' });
/** The job the enqueuer would add for this version. */
const jobOf = (version: ObjectVersion) => ({ id: ingestJobId(version), version });

describe('exactly one outcome per object version', () => {
  let s3: TestS3;
  let redis: Redis;
  let redisUrl: string;
  let prefix: string;
  let queue: Queue;
  let deps: IngestDeps;

  beforeAll(async () => {
    s3 = await startTestS3('once');
    redisUrl = await testRedisUrl();
    redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  });
  beforeEach(async () => {
    prefix = uniquePrefix('once');
    queue = new Queue('articles', { connection: redis, prefix });
    deps = {
      store: createS3ObjectStore(s3.client, s3.bucket),
      analyser: createAnalyseRunner({ threads: 0 }),
      dedup: createRedisDuplicateIndex({ redis, keyPrefix: `${prefix}:dedup:` }),
      publisher: createQueuePublisher([queue]),
      ledger: createRedisLedger(redis, prefix, 86_400_000),
      keyStates: createRedisKeyStates(redis, prefix, 86_400_000),
      metrics: createMetrics({ defaultMetrics: false }),
      settings: {
        maxObjectBytes: 1 << 20,
        maxArticleChars: 100_000,
        maxArticlesPerObject: 1000,
        dedupPolicy: 'publish',
        quarantinePrefix: 'quarantine/',
      },
    };
  });
  afterEach(async () => {
    await queue?.close();
    await deleteKeys(redisUrl, prefix); // also after a failed test
  });
  afterAll(async () => {
    redis?.disconnect();
    await s3?.close();
  });

  async function put(key: string, body: Uint8Array | string): Promise<ObjectVersion> {
    const out = await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }));
    return { bucket: s3.bucket, key, etag: stripQuotes(out.ETag ?? ''), trigger: 'test' };
  }
  async function published(): Promise<ArticleEvent[]> {
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'delayed', 'failed'], 0, -1, true);
    return jobs.map((j) => j.data as ArticleEvent);
  }

  it('publishes once when the same job runs again', async () => {
    const job = await put('incoming/once.txt', sample);
    const first = await processObject(jobOf(job), deps, log);
    const second = await processObject(jobOf(job), deps, log);
    expect(first.outcome).toBe('published');
    expect(second).toEqual({ outcome: 'already-done', state: 'published' });
    expect(await published()).toHaveLength(1);
  });

  it('publishes nothing twice after a crash between publish and acknowledge', async () => {
    const job = await put('incoming/crash.txt', sample);
    let crashes = 1;
    const real = deps.publisher;
    const crashingAfterPublish: EventPublisher = {
      async publish(events) {
        await real.publish(events);
        if (crashes-- > 0) throw new TransientError('connection lost after publishing');
      },
    };
    await expect(
      processObject(jobOf(job), { ...deps, publisher: crashingAfterPublish }, log),
    ).rejects.toThrow(TransientError);
    const retry = await processObject(jobOf(job), { ...deps, publisher: crashingAfterPublish }, log);
    expect(retry.outcome).toBe('published');
    const events = await published();
    expect(events).toHaveLength(1);
    if (retry.outcome === 'published') expect(retry.eventIds).toEqual([events[0]!.eventId]);
  });

  it('re-emits the same ids when the ledger, index and key state are lost, and the queue dedups them', async () => {
    const job = await put('incoming/lost.txt', sample);
    const first = await processObject(jobOf(job), deps, log);
    await deleteKeys(redisUrl, `${prefix}:ledger:`);
    await deleteKeys(redisUrl, `${prefix}:dedup:`);
    await deleteKeys(redisUrl, `${prefix}:keystate:`);
    const again = await processObject(jobOf(job), deps, log);
    expect(again).toEqual(first);
    expect(await published()).toHaveLength(1);
  });

  it('publishes nothing new when only the ledger is lost: the key state knows the version', async () => {
    const job = await put('incoming/lost-ledger.txt', sample);
    const first = await processObject(jobOf(job), deps, log);
    await deleteKeys(redisUrl, `${prefix}:ledger:`);
    expect(await processObject(jobOf(job), deps, log)).toMatchObject({ outcome: 'published', eventIds: [] });
    expect((await deps.ledger.get(jobOf(job).id))?.eventIds).toEqual(
      first.outcome === 'published' ? first.eventIds : null,
    );
    expect(await published()).toHaveLength(1);
  });

  it('gives a retried duplicate the same verdict (the index is idempotent per article)', async () => {
    const original = await put('incoming/orig.txt', sample);
    const copy = await put('incoming/copy of orig.txt', sample);
    await processObject(jobOf(original), deps, log);
    await processObject(jobOf(copy), deps, log);
    await deleteKeys(redisUrl, `${prefix}:ledger:`);
    await processObject(jobOf(copy), deps, log);
    const events = await published();
    expect(events).toHaveLength(2);
    expect(events.filter((e) => e.type === 'article.duplicate')).toHaveLength(1);
  });

  it('re-runs a retried quarantined job, but not a new job for the same quarantined version', async () => {
    const job = await put('incoming/empty-then-retried.txt', '');
    const first = await processObject(jobOf(job), deps, log, { jobTimestamp: 1000 }).catch((e: unknown) => e);
    expect((first as PermanentError).reason).toBe('empty');
    const retried = await processObject(jobOf(job), deps, log, { jobTimestamp: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(retried).toBeInstanceOf(PermanentError);
    expect(await processObject(jobOf(job), deps, log, { jobTimestamp: 2000 })).toEqual({
      outcome: 'already-done',
      state: 'quarantined',
    });
  });

  it('remembers a missing object only briefly, and a late "received" mark does not overwrite it', async () => {
    const job: ObjectVersion = {
      bucket: s3.bucket,
      key: 'incoming/never-written.txt',
      etag: 'x'.repeat(32),
      trigger: 'test',
    };
    const error = await processObject(jobOf(job), deps, log).catch((e: unknown) => e);
    expect((error as PermanentError).reason).toBe('gone');
    const id = ingestJobId(job);
    // The enqueuer marks "received" after adding the job: a fast worker may already have settled it.
    await deps.ledger.mark(id, 'received');
    expect((await deps.ledger.get(id))?.state).toBe('skipped');
    const ttl = await redis.pttl(`${prefix}:ledger:${id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3_600_000); // not the ledger's 1-day retention of this test
  });

  it('publishes the version once when a notification and then the scan (without sequencer, ledger lost) name it', async () => {
    const job = await put('incoming/ordered.txt', sample);
    await processObject(jobOf({ ...job, sequencer: '0055B2F8A0C2D3E4F5' }), deps, log);
    await deleteKeys(redisUrl, `${prefix}:ledger`);
    const again = await processObject(jobOf(job), deps, log);
    expect(again).toMatchObject({ outcome: 'published', eventIds: [] });
    expect(await published()).toHaveLength(1);
  });

  it('pins the read to the notified version: an overwritten object is not read under the old version', async () => {
    const v1 = await put('incoming/overwritten.txt', sample);
    const v2 = await put(
      'incoming/overwritten.txt',
      `${sample.toString('utf8')}\n\nAn added closing paragraph for version two.`,
    );
    expect(v2.etag).not.toBe(v1.etag);
    const error = await processObject(jobOf(v1), deps, log).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).reason).toBe('superseded');
    expect((await deps.ledger.get(ingestJobId(v1)))?.state).toBe('skipped');
    const ok = await processObject(jobOf(v2), deps, log);
    expect(ok.outcome).toBe('published');
    const events = await published();
    expect(events).toHaveLength(1);
    expect(events[0]!.source.etag).toBe(v2.etag);
  });
});
