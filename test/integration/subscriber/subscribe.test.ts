// The subscriber kit on real Redis/BullMQ: validation before the handler, retries with the job's own
// attempts/backoff, PermanentHandlerError, and a close() that waits for handlers in flight.
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleEvent } from '../../../src/events/article-event.js';
import { PermanentHandlerError } from '../../../src/subscriber/errors.js';
import {
  exampleArticleEvent,
  exampleDeletedEvent,
  exampleUpdatedEvent,
} from '../../../src/subscriber/example-event.js';
import type { ArticleEventHandler } from '../../../src/subscriber/handlers.js';
import { type Subscription, subscribe } from '../../../src/subscriber/subscribe.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

describe('subscribe', () => {
  let redisUrl: string;
  let prefix: string;
  let redis: Redis;
  const opened: Array<{ close(): Promise<void> }> = [];
  let n = 0;

  beforeAll(async () => {
    redisUrl = await testRedisUrl();
    prefix = uniquePrefix('sub');
    redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    for (const item of opened.reverse()) await item.close();
    await redis?.quit();
    await deleteKeys(redisUrl, prefix);
  });

  /** A fresh queue per test, a producer on it, and a subscription with the given handler. */
  function setup(handler: ArticleEventHandler, closeTimeoutMs?: number) {
    const name = `q${++n}`;
    const queue = new Queue(name, { connection: redis, prefix });
    const subscription: Subscription = subscribe({
      queue: name,
      connection: redis,
      prefix,
      concurrency: 2,
      handler,
      ...(closeTimeoutMs ? { closeTimeoutMs } : {}),
    });
    opened.push(queue, subscription);
    return { queue, subscription };
  }

  const settled = (queue: Queue, id: string) =>
    waitFor(
      async () => {
        const job: Job | undefined = await queue.getJob(id);
        const state = await job?.getState();
        // Fetched again once settled: the first read may predate the failure.
        return state === 'completed' || state === 'failed'
          ? { job: (await queue.getJob(id))!, state }
          : undefined;
      },
      15_000,
      `job ${id} to settle`,
    );

  it('hands the handler a validated, typed event', async () => {
    const seen: ArticleEvent[] = [];
    const { queue } = setup(async (event) => void seen.push(event));
    const event = exampleArticleEvent({ n: 1 });
    await queue.add(event.type, { ...event, futureField: 1 }, { jobId: event.eventId });
    expect((await settled(queue, event.eventId)).state).toBe('completed');
    expect(seen).toEqual([event]);
  });

  it('delivers the four event types, each to its own typed handler; a type without one is acknowledged', async () => {
    const name = `q${++n}`;
    const queue = new Queue(name, { connection: redis, prefix });
    const seen: string[] = [];
    const subscription = subscribe({
      queue: name,
      connection: redis,
      prefix,
      concurrency: 1,
      handlers: {
        'article.parsed': async (e) => void seen.push(`parsed ${e.article.headline}`),
        'article.updated': async (e) => void seen.push(`updated ${e.supersedes.articleId} ${e.versionOrder}`),
        'article.deleted': async (e) => void seen.push(`deleted ${e.documentId} ${e.deletion.reason}`),
      },
    });
    opened.push(queue, subscription);
    const parsed = exampleArticleEvent({ n: 40 });
    const duplicate = exampleArticleEvent({
      n: 41,
      duplicateOf: { of: parsed.articleId, kind: 'exact', similarity: 1 },
    });
    const updated = exampleUpdatedEvent(parsed, { n: 40, version: 2 });
    const deleted = exampleDeletedEvent(updated, { version: 3, reason: 'delete-marker' });
    for (const event of [parsed, duplicate, updated, deleted]) {
      await queue.add(event.type, event, { jobId: event.eventId });
      expect((await settled(queue, event.eventId)).state).toBe('completed');
    }
    expect(seen).toEqual([
      `parsed ${parsed.article.headline}`,
      `updated ${parsed.articleId} ${updated.versionOrder}`,
      `deleted ${parsed.documentId} delete-marker`,
    ]);
  });

  it('fails invalid and unknown-version events at once with the validation message, never calling the handler', async () => {
    let calls = 0;
    const { queue } = setup(async () => void calls++);
    const event = exampleArticleEvent({ n: 2 });
    await queue.add('article.parsed', { ...event, schemaVersion: 2 }, { jobId: 'v2', attempts: 5 });
    await queue.add('article.parsed', { ...event, articleId: '' }, { jobId: 'bad', attempts: 5 });
    const v2 = await settled(queue, 'v2');
    const bad = await settled(queue, 'bad');
    expect(v2.state).toBe('failed');
    expect(v2.job.failedReason).toBe('unsupported schemaVersion 2: this subscriber accepts 1');
    expect(v2.job.attemptsMade).toBe(1);
    expect(bad.state).toBe('failed');
    expect(bad.job.failedReason).toMatch(/^invalid article event: articleId/);
    expect(calls).toBe(0);
  });

  it('retries transient handler failures with the attempts and backoff set on the job', async () => {
    const attempts: number[] = [];
    const { queue } = setup(async () => {
      attempts.push(Date.now());
      if (attempts.length < 3) throw new Error('downstream API timed out');
    });
    const event = exampleArticleEvent({ n: 3 });
    await queue.add(event.type, event, {
      jobId: 'flaky',
      attempts: 4,
      backoff: { type: 'fixed', delay: 200 },
    });
    const { state, job } = await settled(queue, 'flaky');
    expect(state).toBe('completed');
    expect(job.attemptsMade).toBe(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(150);
  });

  it('gives up after the job attempts, and at once on PermanentHandlerError', async () => {
    let calls = 0;
    const { queue } = setup(async (event) => {
      calls++;
      if (event.articleId.endsWith('4')) throw new Error('still down');
      throw new PermanentHandlerError('recipient does not exist');
    });
    await queue.add('article.parsed', exampleArticleEvent({ n: 4 }), {
      jobId: 'down',
      attempts: 2,
      backoff: { type: 'fixed', delay: 50 },
    });
    await queue.add('article.parsed', exampleArticleEvent({ n: 5 }), { jobId: 'permanent', attempts: 5 });
    const down = await settled(queue, 'down');
    const permanent = await settled(queue, 'permanent');
    expect([down.state, down.job.attemptsMade, down.job.failedReason]).toEqual(['failed', 2, 'still down']);
    expect([permanent.state, permanent.job.attemptsMade]).toEqual(['failed', 1]);
    expect(permanent.job.failedReason).toBe('PermanentHandlerError: recipient does not exist');
    expect(calls).toBe(3);
  });

  it('close() waits for handlers in flight', async () => {
    let finished = false;
    let started = false;
    const { queue, subscription } = setup(async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 500));
      finished = true;
    });
    const event = exampleArticleEvent({ n: 6 });
    await queue.add(event.type, event, { jobId: 'slow' });
    await waitFor(async () => started || undefined, 10_000, 'handler to start');
    await subscription.close();
    expect(finished).toBe(true);
    expect(await (await queue.getJob('slow'))?.getState()).toBe('completed');
  });

  it('close() is bounded: handlers get an abort signal, and one that ignores it is abandoned', async () => {
    const states: string[] = [];
    const { queue, subscription } = setup(async (_event, context) => {
      states.push('started');
      if (context.jobId === 'polite') {
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
        states.push('aborted');
        throw new Error('aborted by shutdown');
      }
      await new Promise((r) => setTimeout(r, 5000));
      states.push('stuck finished');
    }, 300);
    await queue.add('article.parsed', exampleArticleEvent({ n: 7 }), { jobId: 'polite' });
    await queue.add('article.parsed', exampleArticleEvent({ n: 8 }), { jobId: 'stuck' });
    await waitFor(async () => (states.length === 2 ? true : undefined), 10_000, 'handlers to start');
    await subscription.close();
    expect(states).toContain('aborted');
    expect(states).not.toContain('stuck finished');
    // Neither finished: both stay with their lock until it expires, then are redelivered.
    expect(await (await queue.getJob('stuck'))?.getState()).toBe('active');
  });
});
