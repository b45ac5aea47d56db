// S3 credentials as deployed: with S3_ENDPOINT set and no keys the SDK's default chain is used (here a
// Pod Identity-style credentials endpoint); a 403 is a configuration failure: the job retries, the
// failure is counted (the alert's series), /readyz is red, and the object is delivered once S3 accepts
// the service again. Real S3 protocol server (s3rver), real Redis.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createRedisLedger } from '../../src/ledger/ledger.js';
import { createS3Client } from '../../src/s3/client.js';
import { type EmbeddedS3Server, startEmbeddedS3Server } from '../../src/s3/embedded-server.js';
import { createS3ObjectStore } from '../../src/s3/object-store.js';
import { runCliCaptured as cli } from '../helpers/cli.js';
import { createTestEnqueuer } from '../helpers/enqueuer.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const ROLE = { accessKeyId: 'ROLEKEY0000000000001', secretAccessKey: 'role-secret' };
const ROLE_ENV = { S3_ACCESS_KEY_ID: ROLE.accessKeyId, S3_SECRET_ACCESS_KEY: ROLE.secretAccessKey };
const bucket = 'creds-bucket';

const article =
  'Ministers met in Geneva on Tuesday to discuss the grain corridor.\n\n' +
  'The talks lasted six hours and ended with a joint statement on shipping insurance and port access.';

/** s3rver keeps accepted keys in one process-wide account; an operator "granting access" adds one. */
function grantKeys(keys: { accessKeyId: string; secretAccessKey: string }): void {
  const require = createRequire(import.meta.url);
  const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
  };
  DUMMY_ACCOUNT.createKeyPair(keys.accessKeyId, keys.secretAccessKey);
}

describe('S3 credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ni-creds-'));
  let server: EmbeddedS3Server;
  let goodClient: ReturnType<typeof createS3Client>;
  beforeAll(async () => {
    server = await startEmbeddedS3Server({ port: 0, directory: dir, buckets: [bucket], credentials: [ROLE] });
    goodClient = createS3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: ROLE,
      forcePathStyle: true,
    });
  });
  afterAll(async () => {
    goodClient?.destroy();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses the default credential chain (a container credentials endpoint) when keys are unset', async () => {
    let served = 0;
    const credentialsEndpoint: Server = createServer((_req, res) => {
      served++;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          AccessKeyId: ROLE.accessKeyId,
          SecretAccessKey: ROLE.secretAccessKey,
          Token: 'session-token',
          Expiration: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      );
    });
    await new Promise<void>((r) => credentialsEndpoint.listen(0, '127.0.0.1', r));
    const { port } = credentialsEndpoint.address() as AddressInfo;
    // What EKS Pod Identity / ECS task roles put in a container's environment; read by the SDK itself.
    const saved = { ...process.env };
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `http://127.0.0.1:${port}/creds`;
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_PROFILE',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
    ])
      delete process.env[name];
    const config = loadConfig({ S3_ENDPOINT: server.endpoint, S3_BUCKET: bucket });
    expect(config.s3.credentials).toBeUndefined();
    const client = createS3Client({ ...config.s3, endpoint: server.endpoint });
    try {
      const store = createS3ObjectStore(client, bucket);
      await store.putObject('elsewhere/role.txt', 'hello');
      expect(served).toBeGreaterThan(0);
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      client.destroy();
      process.env = saved;
      credentialsEndpoint.close();
    }
  });

  describe('a 403 from S3', () => {
    let svc: TestService;
    let redis: Redis;
    const LATE = { accessKeyId: 'LATEKEY0000000000001', secretAccessKey: 'late-secret' };
    beforeAll(async () => {
      svc = await startTestService({
        S3_ENDPOINT: server.endpoint,
        S3_BUCKET: bucket,
        S3_ACCESS_KEY_ID: LATE.accessKeyId,
        S3_SECRET_ACCESS_KEY: LATE.secretAccessKey,
        TRIGGERS: 'notifications',
        JOB_ATTEMPTS: '25',
      });
      redis = new Redis(svc.redisUrl, { maxRetriesPerRequest: null });
    });
    afterAll(async () => {
      redis?.disconnect();
      await svc?.stop();
    });

    it('retries, is counted, turns /readyz red, and delivers once access is granted', async () => {
      const key = 'incoming/denied.txt';
      await goodClient.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: article }));
      const queue = svc.queue(svc.config.queues.ingest);
      const enqueuer = createTestEnqueuer({
        queue,
        redis,
        prefix: svc.config.queues.prefix,
        bucket,
        attempts: 25,
      });
      await enqueuer.enqueue([{ bucket, key, trigger: 'replay' }]);
      // A second object whose job has a single attempt: it runs out while S3 still refuses us.
      const once = 'incoming/denied-once.txt';
      await goodClient.send(new PutObjectCommand({ Bucket: bucket, Key: once, Body: `${article} Again.` }));
      const oneAttempt = createTestEnqueuer({
        queue,
        redis,
        prefix: svc.config.queues.prefix,
        bucket,
        attempts: 1,
      });
      await oneAttempt.enqueue([{ bucket, key: once, trigger: 'replay' }]);

      const failures = await waitFor(
        async () => {
          const metric = await svc.service.metrics.registry
            .getSingleMetric('news_ingest_jobs_failed_total')
            ?.get();
          const refused = metric?.values.find((v) => v.labels.error_class === 's3-access-denied');
          return refused && refused.value >= 2 ? refused : undefined;
        },
        30_000,
        'two refused attempts',
      );
      expect(failures.labels.permanent).toBe('false');
      const [job] = await queue.getJobs(['delayed', 'waiting', 'active']);
      expect(job, 'the job is retrying, not failed for good').toBeDefined();
      expect(job!.data.key).toBe(key);
      // The one-attempt job is in the dead-letter set under its real reason (digits included).
      const env = {
        REDIS_URL: svc.redisUrl,
        QUEUE_PREFIX: svc.config.queues.prefix,
        S3_ENDPOINT: server.endpoint,
        ...ROLE_ENV,
        S3_BUCKET: bucket,
      };
      const listed = await waitFor(async () => {
        const rows = (await cli(['dlq', 'list', '--json'], env)).out.map((l) => JSON.parse(l));
        return rows.length === 1 ? rows : undefined;
      });
      expect(listed[0]).toMatchObject({ key: once, reason: 's3-access-denied' });
      const ledger = createRedisLedger(redis, svc.config.queues.prefix, 60_000);
      expect((await ledger.get(job!.id!))?.state).not.toBe('skipped');
      const readyz = await fetch(`${svc.service.http!.url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(((await readyz.json()) as { checks: Record<string, string> }).checks.s3).toMatch(
        /get .*403|InvalidAccessKeyId|AccessDenied/,
      );

      grantKeys(LATE); // the operator fixes the IAM policy / keys
      const [event] = await svc.waitForEvents(1, 40_000);
      expect(event!.source.key).toBe(key);
      const retried = await cli(['dlq', 'retry', '--reason', 's3-access-denied'], env);
      expect(retried.out).toEqual(['retried 1 failed jobs']);
      const events = await svc.waitForEvents(2, 20_000);
      expect(events.map((e) => e.source.key).sort()).toEqual([key, once].sort());
      const after = await fetch(`${svc.service.http!.url}/readyz`);
      expect(after.status, await after.text()).toBe(200);
    });
  });
});
