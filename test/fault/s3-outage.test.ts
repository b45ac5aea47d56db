// The S3 server stopped for 20 s mid-run, then restarted: nothing lost, nothing doubled; readiness
// reports the outage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/s3/client.js';
import { type EmbeddedS3Server, startEmbeddedS3Server } from '../../src/s3/embedded-server.js';
import { syntheticArticle } from '../helpers/articles.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { recordingLogger, waitForScanSettled } from '../helpers/settle.js';
import { waitFor } from '../helpers/wait.js';

const OBJECTS = 200;
const OUTAGE_MS = 20_000;

describe.skipIf(Boolean(process.env.S3_ENDPOINT))('S3 outage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ni-outage-'));
  const bucket = 'outage-bucket';
  let server: EmbeddedS3Server;
  let svc: TestService;
  const recorder = recordingLogger();
  beforeAll(async () => {
    server = await startEmbeddedS3Server({ port: 0, directory: dir, buckets: [bucket] });
    svc = await startTestService(
      {
        S3_ENDPOINT: server.endpoint,
        S3_ACCESS_KEY_ID: 'minioadmin',
        S3_SECRET_ACCESS_KEY: 'minioadmin',
        S3_BUCKET: bucket,
        RECONCILE_INTERVAL: '1s',
        JOB_ATTEMPTS: '12',
      },
      undefined,
      undefined,
      { log: recorder.log },
    );
  });
  afterAll(async () => {
    await svc?.stop();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every object once after the store comes back', { timeout: 180_000 }, async () => {
    const client = createS3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin' },
      forcePathStyle: true,
    });
    for (let i = 0; i < OBJECTS; i++) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `incoming/outage/${i}.txt`,
          Body: syntheticArticle(10_000 + i),
        }),
      );
    }
    client.destroy();
    await svc.waitForEvents(10, 30_000);
    const port = server.port;
    await server.close();
    const stoppedAt = Date.now();
    const readyz = await waitFor(
      async () => {
        const r = await fetch(`${svc.service.http!.url}/readyz`);
        return r.status === 503 ? ((await r.json()) as { checks: Record<string, string> }) : undefined;
      },
      10_000,
      'readyz to report the outage',
    );
    expect(readyz.checks.redis).toBe('ok');
    expect(readyz.checks.s3).not.toBe('ok');
    const duringOutage = (await svc.events()).length;
    await new Promise((r) => setTimeout(r, OUTAGE_MS - (Date.now() - stoppedAt)));
    server = await startEmbeddedS3Server({ port, directory: dir, buckets: [bucket] });
    const restartedAt = Date.now();
    const events = await svc.waitForEvents(OBJECTS, 120_000);
    const recoveredAt = Date.now();
    // Nothing more can come: the scan finds every object seen and no ingest job is pending.
    await waitForScanSettled(recorder, svc.queue(svc.config.queues.ingest), recorder.records.length);
    const final = await svc.events();
    const ids = new Set(final.map((e) => e.eventId));
    const keys = new Set(final.map((e) => e.source.key));
    console.log(
      `[fault] s3-outage ${JSON.stringify({ objects: OBJECTS, outageSeconds: (restartedAt - stoppedAt) / 1000, eventsBeforeOutageEnded: duringOutage, events: final.length, secondsToRecover: (recoveredAt - restartedAt) / 1000 })}`,
    );
    expect(events.length).toBeGreaterThanOrEqual(OBJECTS);
    expect(final).toHaveLength(OBJECTS);
    expect(ids.size).toBe(OBJECTS);
    expect(keys.size).toBe(OBJECTS);
    expect((await fetch(`${svc.service.http!.url}/readyz`)).status).toBe(200);
  });
});
