// Bad input gets a clear reason, is quarantined and counted, and the worker keeps going.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonOfFailure } from '../../src/errors/to-bullmq-error.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

describe('bad input', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ MAX_OBJECT_BYTES: String(64 * 1024) });
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
    { key: 'incoming/huge.txt', body: 'word '.repeat(30_000), reason: 'too-large' },
  ])('$key ends as a failed job with reason $reason, quarantined', async ({ key, body, reason }) => {
    await svc.put(key, body);
    const job = await failedJob(key);
    expect(reasonOfFailure(job.failedReason)).toBe(reason);
    expect(job.attemptsMade).toBe(1); // permanent: not retried
    const head = await svc.s3.send(
      new HeadObjectCommand({ Bucket: svc.config.s3.bucket, Key: `${svc.config.quarantinePrefix}${key}` }),
    );
    expect(head.Metadata?.['quarantine-reason']).toBe(reason);
    const metrics = await svc.service.metrics.registry.getSingleMetricAsString(
      'news_ingest_quarantined_total',
    );
    expect(metrics).toContain(`reason="${reason}"`);
  });

  it('keeps processing good objects after bad ones', async () => {
    await svc.put(
      'incoming/good.txt',
      'A headline for a test\n\n' + 'This is a sentence of a real article body, with words. '.repeat(12),
    );
    const events = await svc.waitForEvents(1);
    expect(events[0]!.source.key).toBe('incoming/good.txt');
    const response = await fetch(`${svc.service.http!.url}/healthz`);
    expect(response.status).toBe(200);
  });
});
