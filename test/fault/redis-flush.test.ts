// Redis loses everything mid-run (FLUSHALL on a private server): the reconciling scan re-enqueues
// every object, and the re-emitted events carry the same ids.

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticArticle } from '../helpers/articles.js';
import { type PrivateRedis, redisServerAvailable, startPrivateRedis } from '../helpers/redis-server.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { recordingLogger, waitForScanSettled } from '../helpers/settle.js';
import { waitFor } from '../helpers/wait.js';

const OBJECTS = 100;

describe.skipIf(!redisServerAvailable())('Redis flushed mid-run', () => {
  let redisServer: PrivateRedis;
  let svc: TestService;
  const recorder = recordingLogger();
  beforeAll(async () => {
    redisServer = await startPrivateRedis();
    svc = await startTestService(
      { REDIS_URL: redisServer.url, RECONCILE_INTERVAL: '1s' },
      undefined,
      undefined,
      {
        log: recorder.log,
      },
    );
  });
  afterAll(async () => {
    await svc?.stop();
    await redisServer?.stop();
  });

  it('recovers every object with the same event ids', { timeout: 120_000 }, async () => {
    for (let i = 0; i < OBJECTS; i++) await svc.put(`incoming/flush/${i}.txt`, syntheticArticle(20_000 + i));
    const before = await svc.waitForEvents(OBJECTS, 60_000);
    const idsBefore = new Map(before.map((e) => [e.source.key, e.eventId]));
    const admin = new Redis(redisServer.url);
    await admin.flushall();
    const flushedAt = Date.now();
    admin.disconnect();
    const after = await svc.waitForEvents(OBJECTS, 60_000);
    const recoveredAt = Date.now();
    // Nothing more can come: the scan finds every object seen and no ingest job is pending.
    await waitForScanSettled(recorder, svc.queue(svc.config.queues.ingest), recorder.records.length);
    const final = await svc.events();
    console.log(
      `[fault] redis-flush ${JSON.stringify({ objects: OBJECTS, eventsAfterFlush: final.length, secondsToRecover: (recoveredAt - flushedAt) / 1000 })}`,
    );
    expect(after.length).toBe(OBJECTS);
    expect(final).toHaveLength(OBJECTS);
    for (const event of final) expect(event.eventId).toBe(idsBefore.get(event.source.key));
    const healthy = await waitFor(async () =>
      (await fetch(`${svc.service.http!.url}/readyz`)).status === 200 ? true : undefined,
    );
    expect(healthy).toBe(true);
  });
});
