// Hostile parser inputs through the real pipeline (real Redis under a unique prefix, the embedded S3
// server): the inputs reported in issue #11 parse to an outcome while /healthz keeps answering, and a parse
// that outlives PARSE_TIMEOUT is stopped and quarantined as parse-timeout without the process stalling.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportedInputs } from '../../scripts/parse-adversarial.js';
import { failureReasonOf } from '../../src/pipeline/job-failure.js';
import { syntheticArticle } from '../helpers/articles.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

/** Polls /healthz back to back until stopped; returns the slowest answer in milliseconds. */
function watchHealth(url: string): { stop(): Promise<number> } {
  let running = true;
  let slowest = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return slowest;
    },
  };
}

function finishedJobOf(svc: () => TestService) {
  return (key: string) =>
    waitFor(
      async () => {
        const jobs = await svc().queue(svc().config.queues.ingest).getJobs(['completed', 'failed'], 0, -1);
        return jobs.find((j) => (j?.data as { key?: string } | undefined)?.key === key);
      },
      120_000,
      `the ingest job of ${key} to finish`,
    );
}

describe('the inputs reported in issue #11, through the pipeline', () => {
  let svc: TestService;
  const finishedJob = finishedJobOf(() => svc);

  beforeAll(async () => {
    // The default deadline (10 s): each of these parses in about a second of CPU or less now.
    svc = await startTestService({ RECONCILE_INTERVAL: '0' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('each reaches an outcome while /healthz answers within a second', async () => {
    const health = watchHealth(svc.service.http!.url);
    const inputs = Object.entries(reportedInputs());
    for (const [id, doc] of inputs) await svc.put(`incoming/${id}-${doc.name}`, doc.text);
    const jobs = await Promise.all(inputs.map(([id, doc]) => finishedJob(`incoming/${id}-${doc.name}`)));
    const slowest = await health.stop();
    console.log(`[hostile parse] slowest /healthz during the reported inputs: ${slowest.toFixed(0)} ms`);
    for (const job of jobs) {
      const outcome = job.finishedOn && !job.failedReason ? 'published' : failureReasonOf(job.data);
      console.log(`[hostile parse] ${job.data.key}: ${outcome}`);
      // Published, or a permanent verdict on the input: never a parser crash or a timeout.
      expect(['published', 'no-body', 'too-short', 'too-large'], job.data.key).toContain(outcome);
    }
    expect(slowest).toBeLessThan(1000);
  });
});

describe('a parse that outlives PARSE_TIMEOUT', () => {
  let svc: TestService;
  const finishedJob = finishedJobOf(() => svc);

  beforeAll(async () => {
    // Far above a normal article's parse on a cold thread, far below the slow input's (seconds of CPU).
    svc = await startTestService({ RECONCILE_INTERVAL: '0', PARSE_TIMEOUT: '2s' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('is stopped and quarantined as parse-timeout, and the next object parses', async () => {
    const health = watchHealth(svc.service.http!.url);
    // Linear, but 8 MB of one-letter lines is four million lines to score.
    const key = 'incoming/slow-lines.txt';
    await svc.put(key, 'a\n'.repeat(4_000_000));
    const job = await finishedJob(key);
    const slowest = await health.stop();
    expect(failureReasonOf(job.data)).toBe('parse-timeout');
    expect(job.failedReason).toMatch(/^parse-timeout: /);
    const copy = await svc.s3.send(
      new HeadObjectCommand({ Bucket: svc.config.s3.bucket, Key: `${svc.config.quarantinePrefix}${key}` }),
    );
    expect(copy.Metadata?.['quarantine-reason']).toBe('parse-timeout');
    expect(slowest).toBeLessThan(1000);
    // The pool replaced the stopped thread: the next object parses as usual.
    await svc.put('incoming/after-timeout.txt', syntheticArticle(8));
    const next = await finishedJob('incoming/after-timeout.txt');
    expect(next.failedReason).toBeFalsy();
  });
});
