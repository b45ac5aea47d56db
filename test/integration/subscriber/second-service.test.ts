// The "ten-line second service" of docs/subscribing.md, run against real Redis: one digest per
// article, even when the producer's event is delivered twice.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
// What a consumer imports as 'news-ingest'.
import { createProcessedEvents, exampleArticleEvent, subscribe } from '../../../src/index.js';
import { articleJobOptions } from '../../../src/queue/queue-names.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

const redisUrl = await testRedisUrl();
const prefix = uniquePrefix('second');
afterAll(() => deleteKeys(redisUrl, prefix));

it('sends one digest per article, redelivery included', async () => {
  const digests: string[] = [];
  const sendDigest = async (headline: string | null, key: string) => void digests.push(`${headline} ${key}`);

  // ---- the example, with the producer's prefix of this test ----
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const once = createProcessedEvents({
    redis,
    keyPrefix: `${prefix}:processed:mailer:`,
    ttlSeconds: 30 * 86_400,
  });
  const subscription = subscribe({
    queue: 'mailer',
    prefix,
    connection: redis,
    handlers: {
      'article.parsed': (event) =>
        once.runOnce(event.eventId, () => sendDigest(event.article.headline, event.source.key)),
    },
  });
  // ---- end of the example ----

  const producer = new Queue('mailer', { connection: redis, prefix });
  try {
    const event = exampleArticleEvent({ n: 42 });
    await producer.add(event.type, event, articleJobOptions(event.eventId));
    await producer.add(event.type, event, {
      ...articleJobOptions(event.eventId),
      jobId: 'again',
      deduplication: undefined,
    });
    await waitFor(async () => ((await producer.getCompletedCount()) === 2 ? true : undefined));
    expect(digests).toEqual([`${event.article.headline} ${event.source.key}`]);
  } finally {
    await subscription.close();
    await producer.close();
    await redis.quit();
  }
});
