// Starts the real service (all roles) for a test: its own queue prefix and bucket, the embedded S3
// server on a random port (or S3_ENDPOINT / MinIO when present, with a fast reconciling scan).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import { type Logger, pino } from 'pino';
import { type Role, type RunningService, type ServicePorts, startService } from '../../src/app/service.js';
import { type Config, loadConfig } from '../../src/config/load-config.js';
import type { ArticleEvent } from '../../src/events/article-event.js';
import { createS3Client } from '../../src/s3/client.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from './redis.js';
import { externalS3Endpoint, startTestS3, type TestS3 } from './s3.js';
import { waitFor } from './wait.js';

export interface TestService {
  config: Config;
  service: RunningService;
  s3: S3Client;
  redisUrl: string;
  put(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  /** Events on the first publish queue, oldest first. */
  events(queue?: string): Promise<ArticleEvent[]>;
  waitForEvents(count: number, timeoutMs?: number, queue?: string): Promise<ArticleEvent[]>;
  queue(name: string): Queue;
  stop(): Promise<void>;
}

export async function startTestService(
  env: Record<string, string> = {},
  roles: Role[] = ['api', 'triggers', 'worker'],
  ports: ServicePorts = {},
  options: { log?: Logger } = {},
): Promise<TestService> {
  const sharedRedisUrl = await testRedisUrl();
  const prefix = uniquePrefix('svc');
  const dataDir = mkdtempSync(join(tmpdir(), 'news-ingest-data-'));
  const external = externalS3Endpoint() ? await startTestS3('svc') : null;
  const config = loadConfig({
    REDIS_URL: sharedRedisUrl,
    QUEUE_PREFIX: prefix,
    HTTP_PORT: '0',
    S3_PORT: '0',
    DATA_DIR: dataDir,
    S3_BUCKET: external?.bucket ?? `news-raw-${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RECONCILE_INTERVAL: external ? '1s' : '60s',
    SHUTDOWN_TIMEOUT: '10s',
    ...(external ? external.env : {}),
    ...env,
  });
  const redisUrl = config.redis.url;
  const log = options.log ?? pino({ level: config.logLevel });
  const service = await startService(config, log, new Set(roles), ports);
  const s3 = createS3Client({ ...config.s3, endpoint: service.s3Endpoint });
  if (external) await s3.send(new CreateBucketCommand({ Bucket: config.s3.bucket })).catch(() => {});
  const redis = config.redis.clusterNodes
    ? new Cluster(config.redis.clusterNodes, { redisOptions: { maxRetriesPerRequest: null } })
    : new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: redis, prefix });
      queues.set(name, q);
    }
    return q;
  };
  const events = async (name = config.queues.publish[0]!) => {
    const jobs = await queue(name).getJobs(
      ['waiting', 'active', 'completed', 'delayed', 'failed'],
      0,
      -1,
      true,
    );
    return jobs.sort((a, b) => a.timestamp - b.timestamp).map((j) => j.data as ArticleEvent);
  };
  return {
    config,
    service,
    s3,
    redisUrl,
    queue,
    async put(key, body, contentType) {
      await s3.send(
        new PutObjectCommand({ Bucket: config.s3.bucket, Key: key, Body: body, ContentType: contentType }),
      );
    },
    events,
    waitForEvents: (count, timeoutMs = 20_000, name) =>
      waitFor(
        async () => {
          const all = await events(name);
          return all.length >= count ? all : undefined;
        },
        timeoutMs,
        `${count} events`,
      ),
    async stop() {
      await service.stop();
      await Promise.all([...queues.values()].map((q) => q.close()));
      redis.disconnect();
      s3.destroy();
      await (external as TestS3 | null)?.close();
      if (!config.redis.clusterNodes) await deleteKeys(redisUrl, prefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
