// Decompression bombs against the real service: a gzip of 1 GB of zeros, a Brotli and a zip bomb, and an
// archive of endless entries are each quarantined with a reason, without the worker's memory growing
// by the bomb's size, and the next honest upload is still published. Figures are printed.
import type { Readable } from 'node:stream';
import { constants, createBrotliCompress } from 'node:zlib';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureReasonOf } from '../../src/pipeline/job-failure.js';
import { gzipBomb, zeros, zipOf } from '../helpers/archives.js';
import { syntheticArticle } from '../helpers/articles.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const MB = 1024 * 1024;

async function brotliBomb(total: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const compress = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  for await (const c of (zeros(total) as Readable).pipe(compress) as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('hostile compressed objects', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ MAX_ARTICLES_PER_OBJECT: '25' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const failedJob = (key: string) =>
    waitFor(
      async () => {
        const failed = await svc.queue(svc.config.queues.ingest).getFailed(0, -1);
        return failed.find((j) => (j.data as { key: string }).key === key);
      },
      60_000,
      `the job of ${key} to fail`,
    );

  it('bombs are quarantined with a reason and memory stays bounded; the next upload is published', async () => {
    const bombs = [
      { key: 'incoming/bomb-1g.txt.gz', body: await gzipBomb(1024 * MB), reason: 'too-large' },
      { key: 'incoming/bomb.html.br', body: await brotliBomb(256 * MB), reason: 'too-large' },
      {
        key: 'incoming/bomb.zip',
        body: await zipOf([
          { name: 'a.txt', data: syntheticArticle(901) },
          { name: 'zeros.txt', data: zeros(512 * MB) },
        ]),
        reason: 'too-large',
      },
      {
        key: 'incoming/many-entries.zip',
        body: await zipOf(Array.from({ length: 51 }, (_, i) => ({ name: `dir${i}/` }))),
        reason: 'too-many-articles',
      },
      {
        key: 'incoming/truncated.txt.gz',
        body: (await gzipBomb(MB)).subarray(0, 100),
        reason: 'corrupt-compression',
      },
    ];
    for (const b of bombs) expect(b.body.byteLength).toBeLessThan(2 * MB);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      for (const b of bombs) {
        await svc.put(b.key, b.body);
        const job = await failedJob(b.key);
        expect(failureReasonOf(job.data), b.key).toBe(b.reason);
        expect(job.attemptsMade).toBe(1);
        const head = await svc.s3.send(
          new HeadObjectCommand({
            Bucket: svc.config.s3.bucket,
            Key: `${svc.config.quarantinePrefix}${b.key}`,
          }),
        );
        expect(head.Metadata?.['quarantine-reason']).toBe(b.reason);
      }
    } finally {
      clearInterval(sampler);
    }
    const growthMb = (peak - before) / MB;
    console.log(
      `[compression] 1 GB gzip, 256 MB Brotli, 512 MB zip bombs refused; peak RSS growth ${growthMb.toFixed(0)} MB (cap ${svc.config.limits.maxDecompressedBytes / MB} MB)`,
    );
    // Held whole, the gzip bomb alone would be 1024 MB; the cap is 20 MB plus zlib's and the test's own.
    expect(growthMb).toBeLessThan(250);
    await svc.put('incoming/after-bombs.txt', syntheticArticle(902));
    const event = await waitFor(
      async () => (await svc.events()).find((e) => e.source.key === 'incoming/after-bombs.txt'),
      20_000,
      'the honest upload after the bombs',
    );
    expect(event.type).toBe('article.parsed');
  }, 180_000);
});
