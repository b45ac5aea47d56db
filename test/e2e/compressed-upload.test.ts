// Compressed uploads through the real service (real Redis, embedded S3): a .gz becomes the article it
// holds, a zip one article per entry named in source.entry, and a decompression bomb is quarantined
// too-large with a message that says it was the decompressed size.
import { gzipSync } from 'node:zlib';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleEventSchema } from '../../src/events/article-event.js';
import { failureReasonOf } from '../../src/pipeline/job-failure.js';
import { gzipBomb, zipOf } from '../helpers/archives.js';
import { withArticle } from '../helpers/article-events.js';
import { syntheticArticle } from '../helpers/articles.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

describe('compressed uploads', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ MAX_DECOMPRESSED_BYTES: String(8 * 1024 * 1024) });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const eventsOf = (key: string, count: number) =>
    waitFor(
      async () => {
        const mine = (await svc.events()).filter((e) => e.source.key === key);
        return mine.length >= count ? mine : undefined;
      },
      20_000,
      `${count} events of ${key}`,
    );

  it('x.txt.gz becomes one article.parsed with the text', async () => {
    await svc.put('incoming/x.txt.gz', gzipSync(syntheticArticle(501)), 'application/gzip');
    const [event] = await eventsOf('incoming/x.txt.gz', 1);
    expect(articleEventSchema.safeParse(event).success).toBe(true);
    expect(event!.type).toBe('article.parsed');
    expect(withArticle(event).article.body).toContain('Report 501-4.');
    expect(event!.source.compression).toBe('gzip');
    expect(event!.source.entry).toBeUndefined();
    const metric = await svc.service.metrics.registry.getSingleMetricAsString(
      'news_ingest_compression_detected_total',
    );
    expect(metric).toContain('kind="gzip"');
  });

  it('an object stored with Content-Encoding: gzip is read as the text it encodes', async () => {
    await svc.s3.send(
      new PutObjectCommand({
        Bucket: svc.config.s3.bucket,
        Key: 'incoming/encoded.txt',
        Body: gzipSync(syntheticArticle(502)),
        ContentEncoding: 'gzip',
        ContentType: 'text/plain; charset=utf-8',
      }),
    );
    const [event] = await eventsOf('incoming/encoded.txt', 1);
    expect(withArticle(event).article.body).toContain('Report 502-0.');
  });

  it('a zip of two articles becomes two events named by entry, with distinct ids', async () => {
    const zip = await zipOf([
      { name: 'wire/' },
      { name: 'wire/first.txt', data: syntheticArticle(503) },
      { name: 'wire/second.txt', data: syntheticArticle(504) },
    ]);
    await svc.put('incoming/batch.zip', zip, 'application/zip');
    const events = await eventsOf('incoming/batch.zip', 2);
    expect(events.map((e) => e.source.entry).sort()).toEqual(['wire/first.txt', 'wire/second.txt']);
    expect(new Set(events.map((e) => e.articleId)).size).toBe(2);
    expect(events.every((e) => e.type === 'article.parsed' && e.source.compression === 'zip')).toBe(true);
    const first = events.find((e) => e.source.entry === 'wire/first.txt');
    expect(withArticle(first).article.body).toContain('Report 503-0.');
  });

  it('a gzip bomb is quarantined too-large, saying it was the decompressed size', async () => {
    const key = 'incoming/bomb.txt.gz';
    await svc.put(key, await gzipBomb(256 * 1024 * 1024));
    const job = await waitFor(
      async () => {
        const failed = await svc.queue(svc.config.queues.ingest).getFailed(0, -1);
        return failed.find((j) => (j.data as { key: string }).key === key);
      },
      30_000,
      'the bomb to fail',
    );
    expect(failureReasonOf(job.data)).toBe('too-large');
    expect(job.failedReason).toMatch(/decompresses to more than 8388608 bytes/);
    const head = await svc.s3.send(
      new HeadObjectCommand({ Bucket: svc.config.s3.bucket, Key: `${svc.config.quarantinePrefix}${key}` }),
    );
    expect(head.Metadata?.['quarantine-reason']).toBe('too-large');
    expect(head.Metadata?.['quarantine-message']).toMatch(/decompress/);
  }, 60_000);
});
