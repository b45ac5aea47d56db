// No amplification: what an uploader or a notification sender can make the service write to Redis is
// bounded per object and per notification, and measured here on the real pipeline (real Redis under a
// unique prefix, the embedded S3 server). Figures are printed so a run shows them.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveKeyPrefix } from '../../src/archive/event-intake.js';
import { failureReasonOf } from '../../src/pipeline/job-failure.js';
import { syntheticArticle } from '../helpers/articles.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';
import { growth, type RedisFootprint, redisFootprint } from './redis-footprint.js';

const TOKEN = 'hostile-token';
const ARTICLE_CAP = 25;
const FAILED_KEPT = 10;
const HOUR_MS = 3_600_000;

/** `{"body":"word0"}` … : ~99 KB of records that are not articles. */
function wordRecords(count: number): string {
  return Array.from({ length: count }, (_, i) => JSON.stringify({ body: `word${i}` })).join('\n');
}

/** Real-looking articles as JSON Lines records (distinct, so none is a duplicate of another). */
function articleRecords(count: number, seed: number): string {
  return Array.from({ length: count }, (_, i) => {
    const [headline, ...paragraphs] = syntheticArticle(seed + i)
      .trim()
      .split('\n\n');
    return JSON.stringify({
      headline,
      body: paragraphs.join('\n\n'),
      url: `https://example.org/${seed + i}`,
    });
  }).join('\n');
}

/** An S3 event notification naming `count` objects that do not exist, each record as small as S3 allows. */
function fakeNotification(bucket: string, count: number, tag: string): string {
  return JSON.stringify({
    Records: Array.from({ length: count }, (_, i) => ({
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: bucket }, object: { key: `incoming/${tag}-${i}` } },
    })),
  });
}

describe('amplification limits', () => {
  let svc: TestService;
  let redis: Redis;
  const footprint = () => redisFootprint(redis, svc.config.queues.prefix);
  const report = (what: string, g: RedisFootprint, extra = '') =>
    console.log(`[amplification] ${what}: +${g.keys} keys, +${g.bytes} bytes${extra}`);

  const finishedJob = (key: string) =>
    waitFor(
      async () => {
        const jobs = await svc.queue(svc.config.queues.ingest).getJobs(['completed', 'failed'], 0, -1);
        return jobs.find((j) => (j?.data as { key?: string } | undefined)?.key === key);
      },
      120_000,
      `the ingest job of ${key} to finish`,
    );
  const drained = () =>
    waitFor(
      async () => {
        const counts = await svc
          .queue(svc.config.queues.ingest)
          .getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        return Object.values(counts).every((n) => n === 0) ? true : undefined;
      },
      180_000,
      'the ingest queue to drain',
    );
  const postNotification = (body: string) =>
    fetch(`${svc.service.http!.url}/v1/s3-events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    });

  beforeAll(async () => {
    svc = await startTestService({
      WEBHOOK_TOKEN: TOKEN,
      RECONCILE_INTERVAL: '0',
      MAX_ARTICLES_PER_OBJECT: String(ARTICLE_CAP),
      FAILED_JOBS_KEPT: String(FAILED_KEPT),
      ARCHIVE_BATCH_AGE: '100ms',
    });
    redis = new Redis(svc.redisUrl, { maxRetriesPerRequest: null });
    // Warm up both paths so the queues' own bookkeeping keys exist before anything is measured.
    await svc.put('incoming/warm-up.txt', syntheticArticle(1));
    await svc.put('incoming/warm-up-empty.txt', '');
    await finishedJob('incoming/warm-up.txt');
    await finishedJob('incoming/warm-up-empty.txt');
  });
  afterAll(async () => {
    redis?.disconnect();
    await svc?.stop();
  });

  it('99 KB of {"body":"wordN"} records publishes nothing and costs a few keys', async () => {
    const before = await footprint();
    const eventsBefore = (await svc.events()).length;
    const key = 'incoming/words.jsonl';
    const body = wordRecords(5000);
    await svc.put(key, body);
    const job = await finishedJob(key);
    const g = growth(before, await footprint());
    const events = (await svc.events()).length - eventsBefore;
    report(`${body.length} bytes of word records`, g, `, ${events} events`);
    expect(events).toBe(0);
    expect(failureReasonOf(job.data)).toBe('too-short');
    expect(job.failedReason).toContain('no article among 5000 records (too-short 5000)');
    expect(g.keys).toBeLessThanOrEqual(6);
    expect(g.bytes).toBeLessThanOrEqual(24_000);
  });

  it('non-article records beside articles are summarised once per object, in the ledger and metrics', async () => {
    const key = 'incoming/mixed.jsonl';
    const words = Array.from({ length: 4 }, (_, i) => JSON.stringify({ body: `word${i}` }));
    await svc.put(key, [articleRecords(3, 2000), ...words, '{"broken'].join('\n'));
    const job = await finishedJob(key);
    expect(await redis.hget(`${svc.config.queues.prefix}:ledger:${job.id}`, 'rejected')).toBe(
      'too-short 4, malformed-container 1',
    );
    expect((await svc.events()).filter((e) => e.source.key === key)).toHaveLength(3);
    const metric = await svc.service.metrics.registry.getSingleMetricAsString(
      'news_ingest_quarantined_total',
    );
    expect(metric).toMatch(/reason="item-too-short"} [4-9]/);
  });

  it('a JSONL object with more articles than MAX_ARTICLES_PER_OBJECT is quarantined whole', async () => {
    const before = await footprint();
    const eventsBefore = (await svc.events()).length;
    const key = 'incoming/too-many.jsonl';
    await svc.put(key, articleRecords(ARTICLE_CAP + 1, 1000));
    const job = await finishedJob(key);
    const g = growth(before, await footprint());
    const events = (await svc.events()).length - eventsBefore;
    report(`${ARTICLE_CAP + 1} articles in one object (cap ${ARTICLE_CAP})`, g, `, ${events} events`);
    expect(events).toBe(0);
    expect(failureReasonOf(job.data)).toBe('too-many-articles');
    expect(g.keys).toBeLessThanOrEqual(6);
  });

  it('Redis bytes per published legitimate article stay where they were', async () => {
    const before = await footprint();
    const count = 20;
    const key = 'incoming/legit.jsonl';
    await svc.put(key, articleRecords(count, 5000));
    await finishedJob(key);
    // Events wait in the archive's intake only until their batch is written: measure after that.
    await waitFor(
      async () =>
        (await redis.xlen(`${archiveKeyPrefix(svc.config.queues.prefix)}pending`)) === 0 ? true : undefined,
      20_000,
      'the event archive to take the events',
    );
    const g = growth(before, await footprint());
    const perArticle = Math.round(g.bytes / count);
    report(`${count} legitimate articles`, g, `, ${perArticle} bytes and ${g.keys / count} keys per article`);
    expect((await svc.events()).filter((e) => e.source.key === key)).toHaveLength(count);
    expect(perArticle).toBeLessThanOrEqual(PER_ARTICLE_BYTES_BEFORE * 1.1);
  });

  it('a notification with 5,000 records is refused with 413 and plants nothing', async () => {
    const before = await footprint();
    const response = await postNotification(fakeNotification(svc.config.s3.bucket, 5000, 'storm'));
    await drained();
    const g = growth(before, await footprint());
    report('a 5,000-record notification', g, `, HTTP ${response.status}`);
    expect(response.status).toBe(413);
    expect(g.keys).toBeLessThanOrEqual(0);
  });

  it('records of objects that do not exist leave short-lived ledger entries and capped failed jobs', async () => {
    const before = await footprint();
    const notifications = 3;
    for (let n = 0; n < notifications; n++) {
      const response = await postNotification(fakeNotification(svc.config.s3.bucket, 100, `gone${n}`));
      expect(response.status).toBe(202);
    }
    await drained();
    const g = growth(before, await footprint());
    report(`${notifications} notifications of 100 missing objects`, g);
    const ingest = svc.queue(svc.config.queues.ingest);
    expect(await ingest.getFailedCount()).toBeLessThanOrEqual(FAILED_KEPT);
    // Every ledger entry of a skipped object expires within hours, not LEDGER_RETENTION's 90 days.
    const ledgerKeys = await redis.keys(`${svc.config.queues.prefix}:ledger:*`);
    let skipped = 0;
    for (const k of ledgerKeys) {
      if ((await redis.hget(k, 'state')) !== 'skipped') continue;
      skipped++;
      expect(await redis.pttl(k)).toBeLessThanOrEqual(HOUR_MS);
    }
    expect(skipped).toBe(notifications * 100);
    // The ledger entries (short-lived) and at most FAILED_JOBS_KEPT failed jobs: nothing per record else.
    expect(g.keys).toBeLessThanOrEqual(notifications * 100 + FAILED_KEPT);
  });

  it('removal records of keys that never published leave no state: no ledger entry, no key state', async () => {
    const before = await footprint();
    const body = JSON.stringify({
      Records: Array.from({ length: 100 }, (_, i) => ({
        eventName: 'ObjectRemoved:Delete',
        s3: { bucket: { name: svc.config.s3.bucket }, object: { key: `incoming/never-${i}` } },
      })),
    });
    const response = await postNotification(body);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ removals: 100 });
    await drained();
    const g = growth(before, await footprint());
    report('a notification of 100 removals of unknown keys', g);
    const prefix = svc.config.queues.prefix;
    expect(await redis.keys(`${prefix}:keystate:*never-*`)).toEqual([]);
    // Only the completed removal jobs (capped and aged out by COMPLETED_JOBS_KEPT / _RETENTION).
    expect(g.keys).toBeLessThanOrEqual(100);
  });
});

/** Measured on main before the limits landed: 7,265-7,490 bytes per article (issue #11). */
const PER_ARTICLE_BYTES_BEFORE = 7_500;
