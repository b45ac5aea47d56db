// The lifecycle's Redis side and its triggers on real Redis and the embedded S3 server: the key-state
// adapter (compare-and-set, tombstones, live keys in byte order, canonical → document), the reconciling
// scan noticing a deleted key (article.deleted, scan-missing), and a removal notification for a key that
// still exists (no takedown).
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyState } from '../../src/lifecycle/key-state.js';
import { createRedisKeyStates } from '../../src/lifecycle/redis-key-states.js';
import { keyStateKey, liveKeysKey } from '../../src/queue/redis-keys.js';
import { syntheticArticle } from '../helpers/articles.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitForDrained } from '../helpers/settle.js';
import { waitFor } from '../helpers/wait.js';

const live = (order: string, articleId = 'art-1'): KeyState => ({
  order,
  etag: 'e',
  docs: [{ p: 0, a: articleId, h: '0123456789abcdef', i: [articleId] }],
});

describe('key states on Redis', () => {
  let redis: Redis;
  let redisUrl: string;
  const prefix = uniquePrefix('keystate');
  beforeAll(async () => {
    redisUrl = await testRedisUrl();
    redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await deleteKeys(redisUrl, prefix);
    redis?.disconnect();
  });

  it('keeps the newer state when an older one is written after it, and tombstones leave the live set', async () => {
    const states = createRedisKeyStates(redis, prefix, 60_000);
    expect(await states.put('b', 'incoming/a', live('2026-11-30T09:00:00.000Z/0'))).toBe(true);
    expect(await states.put('b', 'incoming/a', live('2026-11-30T08:00:00.000Z/0', 'art-old'))).toBe(false);
    expect((await states.get('b', 'incoming/a'))?.docs[0]?.a).toBe('art-1');
    expect(await redis.pttl(keyStateKey(prefix, 'b', 'incoming/a'))).toBe(-1); // a live key's state stays
    expect(await redis.zscore(liveKeysKey(prefix, 'b'), 'incoming/a')).toBe('0');
    const tombstone: KeyState = { order: '2026-11-30T10:00:00.000Z/0', docs: [], deleted: true };
    expect(await states.put('b', 'incoming/a', tombstone)).toBe(true);
    expect(await redis.zscore(liveKeysKey(prefix, 'b'), 'incoming/a')).toBeNull();
    const ttl = await redis.pttl(keyStateKey(prefix, 'b', 'incoming/a'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('names the document of a canonical, and lists live keys in byte order, page after page', async () => {
    const states = createRedisKeyStates(redis, prefix, 60_000);
    await states.put('c', 'incoming/x', live('2026-11-30T09:00:00.000Z/0'), [['art-x', 'doc-x']]);
    expect(await states.documentOf('art-x')).toBe('doc-x');
    expect(await states.documentOf('art-unknown')).toBeNull();
    const keys = Array.from({ length: 2500 }, (_, i) => `incoming/${String(i).padStart(5, '0')}`);
    keys.push('incoming/Zürich', 'incoming/zz', 'incoming/ä');
    for (const key of keys) await states.put('d', key, live('2026-11-30T09:00:00.000Z/0'));
    const listed: string[] = [];
    for await (const key of states.liveKeys('d', null, null)) listed.push(key);
    const byteOrder = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(listed).toEqual(byteOrder);
    const range: string[] = [];
    for await (const key of states.liveKeys('d', 'incoming/00010', 'incoming/00013')) range.push(key);
    expect(range).toEqual(['incoming/00011', 'incoming/00012', 'incoming/00013']);
  });
});

describe('takedowns through the triggers', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ RECONCILE_INTERVAL: '300ms' });
  });
  afterAll(async () => {
    await svc?.stop();
  });
  const eventsOf = async (key: string) => (await svc.events()).filter((e) => e.source.key === key);

  it('a removal notification for a key that still exists retracts nothing', async () => {
    const key = 'incoming/scan/still-here.txt';
    await svc.put(key, syntheticArticle(302));
    await waitFor(async () => (await eventsOf(key)).find((e) => e.type === 'article.parsed'), 30_000);
    const response = await fetch(`${svc.service.http!.url}/v1/s3-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Records: [
          {
            eventName: 'ObjectRemoved:Delete',
            eventTime: new Date().toISOString(),
            s3: {
              bucket: { name: svc.config.s3.bucket },
              object: { key: encodeURIComponent(key), versionId: 'v-old' },
            },
          },
        ],
      }),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ removals: 1 });
    await waitForDrained(svc.queue(svc.config.queues.ingest));
    expect((await eventsOf(key)).map((e) => e.type)).toEqual(['article.parsed']);
  });

  it('an S3 DELETE retracts once, whichever of the notification and the scan comes first', async () => {
    const key = 'incoming/scan/rm.txt';
    await svc.put(key, syntheticArticle(303));
    const parsed = await waitFor(
      async () => (await eventsOf(key)).find((e) => e.type === 'article.parsed'),
      30_000,
    );
    await svc.s3.send(new DeleteObjectCommand({ Bucket: svc.config.s3.bucket, Key: key }));
    await waitFor(async () => (await eventsOf(key)).find((e) => e.type === 'article.deleted'), 30_000);
    // Two more scan passes after the retraction have run once the scan logs nothing new; drained is the fact.
    await waitForDrained(svc.queue(svc.config.queues.ingest));
    const deleted = (await eventsOf(key)).filter((e) => e.type === 'article.deleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.articleId).toBe(parsed.articleId);
  });
});

describe('the scan alone (no notifications)', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ TRIGGERS: 'scan', RECONCILE_INTERVAL: '300ms' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('retracts a published key that is no longer listed', async () => {
    const key = 'incoming/scan/deleted.txt';
    const eventsOf = async () => (await svc.events()).filter((e) => e.source.key === key);
    await svc.put(key, syntheticArticle(301));
    const parsed = await waitFor(
      async () => (await eventsOf()).find((e) => e.type === 'article.parsed'),
      30_000,
    );
    await svc.s3.send(new DeleteObjectCommand({ Bucket: svc.config.s3.bucket, Key: key }));
    const deleted = await waitFor(
      async () => (await eventsOf()).find((e) => e.type === 'article.deleted'),
      30_000,
      'article.deleted from the scan',
    );
    expect(deleted).toMatchObject({
      articleId: parsed.articleId,
      documentId: parsed.documentId,
      deletion: { reason: 'scan-missing' },
    });
  });
});
