// subscriber-replay on real Redis: re-delivers a range of one queue's stored events to that queue
// only, under new job ids; the subscriber's processed-events helper keeps side effects single.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubscriberReplay } from '../../../src/cli/commands/subscriber-replay.js';
import type { CliIo } from '../../../src/cli/io.js';
import { articleJobOptions } from '../../../src/queue/queue-names.js';
import { exampleArticleEvent } from '../../../src/subscriber/example-event.js';
import { createProcessedEvents } from '../../../src/subscriber/processed-events.js';
import { subscribe } from '../../../src/subscriber/subscribe.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

describe('subscriber-replay', () => {
  let redisUrl: string;
  let prefix: string;
  let redis: Redis;
  let mailer: Queue;
  let archive: Queue;
  beforeAll(async () => {
    redisUrl = await testRedisUrl();
    prefix = uniquePrefix('replay');
    redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    mailer = new Queue('mailer', { connection: redis, prefix });
    archive = new Queue('archive', { connection: redis, prefix });
  });
  afterAll(async () => {
    await mailer?.close();
    await archive?.close();
    await redis?.quit();
    await deleteKeys(redisUrl, prefix);
  });

  const events = [
    exampleArticleEvent({ n: 1, key: 'incoming/2026/01/a.txt', processedAt: '2026-01-05T00:00:00.000Z' }),
    exampleArticleEvent({ n: 2, key: 'incoming/2026/02/b.txt', processedAt: '2026-02-05T00:00:00.000Z' }),
    exampleArticleEvent({ n: 3, key: 'incoming/2026/02/c.txt', processedAt: '2026-02-06T00:00:00.000Z' }),
  ];

  function io(): CliIo & { out: string[] } {
    const out: string[] = [];
    return {
      out,
      // Without the archive, the queue's own completed and failed sets are the source.
      env: { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, ARCHIVE_EVENTS: 'false' },
      stdout: (line) => out.push(line),
      stderr: (line) => out.push(line),
      interactive: false,
    };
  }

  it('re-delivers a range to one queue, with new job ids, and the idempotency helper decides', async () => {
    // Publish like the producer does, to both subscribers' queues.
    for (const queue of [mailer, archive]) {
      await queue.addBulk(events.map((e) => ({ name: e.type, data: e, opts: articleJobOptions(e.eventId) })));
    }
    const sent: string[] = [];
    const processed = createProcessedEvents({
      redis,
      keyPrefix: `${prefix}:processed:mailer:`,
      ttlSeconds: 3600,
    });
    const subscription = subscribe({
      queue: 'mailer',
      connection: redis,
      prefix,
      handler: async (event, ctx) => {
        const result = await processed.runOnce(event.eventId, async () => sent.push(event.eventId));
        if (result.status === 'already-processed') sent.push(`skipped ${ctx.jobId.split('-')[0]}`);
      },
    });
    try {
      await waitFor(async () => ((await mailer.getCompletedCount()) === 3 ? true : undefined));
      const archiveBefore = await archive.getJobCounts();

      const dry = io();
      expect(
        await runSubscriberReplay(['--queue', 'mailer', '--since', '2026-02-01', '--dry-run'], dry),
      ).toBe(0);
      expect(dry.out.join('\n')).toMatch(/^would replay 2 events to queue mailer/);

      const cli = io();
      const code = await runSubscriberReplay(
        ['--queue', 'mailer', '--since', '2026-02-01T00:00:00Z', '--prefix', 'incoming/2026/02/'],
        cli,
      );
      expect(code).toBe(0);
      expect(cli.out.join('\n')).toMatch(/^replayed 2 events to queue mailer/);
      await waitFor(async () => ((await mailer.getCompletedCount()) === 5 ? true : undefined));
      const replayJobs = (await mailer.getJobs(['completed'])).filter((j) => j.id?.startsWith('replay-'));
      expect(replayJobs.map((j) => j.data.eventId).sort()).toEqual([events[1]!.eventId, events[2]!.eventId]);
      for (const job of replayJobs) expect(job.id).toMatch(new RegExp(`^replay-${job.data.eventId}-\\d+$`));
      // The side effect ran once per event; the replays were recognised and skipped.
      expect(sent.filter((s) => s.startsWith('evt-'))).toHaveLength(3);
      expect(sent.filter((s) => s === 'skipped replay')).toHaveLength(2);
      // Other subscribers saw nothing.
      expect(await archive.getJobCounts()).toEqual(archiveBefore);
    } finally {
      await subscription.close();
    }
  });

  it('needs --queue and a valid date', async () => {
    await expect(runSubscriberReplay([], io())).rejects.toThrow(/--queue is required/);
    await expect(runSubscriberReplay(['--queue', 'mailer', '--since', 'last week'], io())).rejects.toThrow(
      /not an ISO date/,
    );
  });
});
