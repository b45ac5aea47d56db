// Bad input gets a clear reason, is quarantined and counted, and the worker keeps going.
import { readFileSync } from 'node:fs';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureReasonOf } from '../../src/pipeline/job-failure.js';
import { withArticle } from '../helpers/article-events.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

describe('bad input', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
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
      20_000,
      `failed job for ${key}`,
    );

  it.each([
    { key: 'incoming/empty.txt', body: new Uint8Array(), reason: 'empty' },
    {
      key: 'incoming/random.bin',
      body: Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256),
      reason: 'binary',
    },
    { key: 'incoming/menu-only.txt', body: 'Home\nNews\nSport\nWeather\nContact us\n', reason: 'no-body' },
    {
      key: 'incoming/fifty-megabytes.txt',
      body: Buffer.alloc(50 * 1024 * 1024, 'word '),
      reason: 'too-large',
    },
  ])('$key ends as a failed job with reason $reason, quarantined', async ({ key, body, reason }) => {
    await svc.put(key, body);
    const job = await failedJob(key);
    expect(failureReasonOf(job.data)).toBe(reason);
    expect(job.data.lastFailure).toEqual({ reason, permanent: true });
    expect(job.attemptsMade).toBe(1); // permanent: not retried
    const head = await svc.s3.send(
      new HeadObjectCommand({ Bucket: svc.config.s3.bucket, Key: `${svc.config.quarantinePrefix}${key}` }),
    );
    expect(head.Metadata?.['quarantine-reason']).toBe(reason);
    // An oversize object is quarantined by reference (an empty marker), not copied: no second 50 MB.
    if (reason === 'too-large') {
      expect(head.ContentLength).toBe(0);
      expect(head.Metadata?.['quarantined-by-reference']).toBe('true');
    }
    const metrics = await svc.service.metrics.registry.getSingleMetricAsString(
      'news_ingest_quarantined_total',
    );
    expect(metrics).toContain(`reason="${reason}"`);
  });

  it('decodes invalid UTF-8, UTF-16 and long unicode keys into events instead of failing', async () => {
    const text = readFileSync(
      new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url),
      'utf8',
    );
    const invalidUtf8 = Buffer.concat([
      Buffer.from(text.slice(0, 400)),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from(text.slice(400)),
    ]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    // ~700 bytes; each segment stays under 255 bytes, the embedded server's file-name limit.
    const longKey = `incoming/${'ü'.repeat(100)}/${'x'.repeat(200)}/${'日本'.repeat(30)} + ü.txt`;
    await svc.put('incoming/invalid-utf8.txt', invalidUtf8);
    await svc.put('incoming/utf16.txt', utf16);
    await svc.put(longKey, text);
    const events = await waitFor(async () => {
      const all = await svc.events();
      const keys = new Set(all.map((e) => e.source.key));
      return ['incoming/invalid-utf8.txt', 'incoming/utf16.txt', longKey].every((k) => keys.has(k))
        ? all
        : undefined;
    });
    const byKey = new Map(events.map((e) => [e.source.key, e]));
    expect(byKey.get('incoming/utf16.txt')!.source.charset).toBe('utf-16le');
    expect(withArticle(byKey.get('incoming/utf16.txt')).article.body).toContain('Sergei Lavrov');
    expect(withArticle(byKey.get('incoming/invalid-utf8.txt')).article.body).toContain('Lavrov');
    expect(byKey.get(longKey)!.source.key).toBe(longKey);
  });

  it('keeps processing good objects after bad ones', async () => {
    await svc.put(
      'incoming/good.txt',
      'A headline for a test\n\n' + 'This is a sentence of a real article body, with words. '.repeat(12),
    );
    const event = await waitFor(async () =>
      (await svc.events()).find((e) => e.source.key === 'incoming/good.txt'),
    );
    expect(event.type).toBe('article.parsed');
    const response = await fetch(`${svc.service.http!.url}/healthz`);
    expect(response.status).toBe(200);
  });
});
