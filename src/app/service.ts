// Composes the service from its parts. `roles` picks what this process runs: the API (HTTP intake,
// dashboard, metrics), the ingest worker, and the triggers (embedded-server events, reconciling scan,
// SQS). `npm start` runs all three; workers/* run one each so they can be scaled apart. What only one role
// or setting needs (the dashboard, s3rver, SQS, PostgreSQL search) is imported when it is used, so a
// worker process does not carry those modules (RSS).

import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { type Config, ConfigError, EMBEDDED_S3_DEFAULT_KEYS, isLoopbackHost } from '../config/load-config.js';
import type { AdminRoutesDeps } from '../http/admin-routes.js';
import { createHttpApp } from '../http/app.js';
import { exposureWarnings } from '../http/exposure.js';
import { type RunningHttpServer, startHttpServer } from '../http/server.js';
import {
  confirmSnsSubscription,
  fetchSigningCertificate,
  type SubscriptionConfirmer,
} from '../http/sns-fetch.js';
import { createSnsVerifier, type SigningCertFetcher } from '../http/sns-signature.js';
import { DEFAULT_KEY_LIMITS } from '../keys/object-key.js';
import { createConfiguredLedger } from '../ledger/ledger.js';
import { createRedisKeyStates } from '../lifecycle/redis-key-states.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { startTracing } from '../observability/tracing.js';
import { buildObjectStory } from '../pipeline/object-story.js';
import { refreshQueueGauges } from '../queue/queue-gauges.js';
import { assertRedisReachable, createRedisConnection } from '../queue/redis-connection.js';
import { scanDigestKey } from '../queue/redis-keys.js';
import { createS3Client } from '../s3/client.js';
import { withDirectReads } from '../s3/embedded-direct-reads.js';
import { EMBEDDED_STORE_KEY_LIMITS } from '../s3/embedded-key-limits.js';
import type { EmbeddedS3Server } from '../s3/embedded-server.js';
import { createS3ObjectStore } from '../s3/object-store.js';
import { startEmbeddedTrigger } from '../trigger/embedded-trigger.js';
import { createObjectEnqueuer } from '../trigger/object-enqueuer.js';
import { startReconcileLoop } from '../trigger/reconcile-scan.js';
import { createRedisScanDigestStore } from '../trigger/scan-digest-store.js';
import { SERVICE_VERSION } from '../version.js';
import { createShutdown } from './shutdown.js';
import { startWorkerRole } from './worker-role.js';

export type Role = 'api' | 'worker' | 'triggers';

export interface RunningService {
  http: RunningHttpServer | null;
  s3Endpoint: string;
  embeddedS3: EmbeddedS3Server | null;
  metrics: Metrics;
  stop(): Promise<void>;
}

/** Network ports a test can replace; production uses the real ones. */
export interface ServicePorts {
  fetchSnsCertificate?: SigningCertFetcher;
  confirmSnsSubscription?: SubscriptionConfirmer;
}

export async function startService(
  config: Config,
  log: Logger,
  roles: ReadonlySet<Role>,
  ports: ServicePorts = {},
): Promise<RunningService> {
  for (const warning of config.warnings) log.warn(warning);
  await assertRedisReachable(config.redis);
  const shutdown = createShutdown(config.worker.shutdownTimeoutMs, log);
  const metrics = createMetrics();
  const redis = createRedisConnection(config.redis, 'news-ingest');
  redis.on('error', (error) => log.warn({ err: error }, 'redis connection error'));

  let embeddedS3: EmbeddedS3Server | null = null;
  let endpoint = config.s3.endpoint;
  if (!endpoint && !roles.has('api') && !roles.has('triggers')) {
    // A worker-only process never embeds S3: it reads from the embedded server of the local api process.
    endpoint = `http://127.0.0.1:${config.s3.embeddedPort}`;
  }
  if (!endpoint) {
    const { startEmbeddedS3Server } = await import('../s3/embedded-server.js');
    embeddedS3 = await startEmbeddedS3Server({
      port: config.s3.embeddedPort,
      directory: config.s3.dataDir,
      buckets: [...new Set([config.s3.bucket, ...(config.archive.enabled ? [config.archive.bucket] : [])])],
      credentials: [config.s3.credentials ?? EMBEDDED_S3_DEFAULT_KEYS],
      log: log.child({ component: 'embedded-s3' }),
      onKeyRejected: (reason) => metrics.keyRejected(reason, 's3-port'),
    });
    endpoint = embeddedS3.endpoint;
    log.info(
      { endpoint, dataDir: config.s3.dataDir, bucket: config.s3.bucket },
      'embedded S3 server started',
    );
  }
  // Keys must also fit the store they go to: the embedded one maps key segments to file names.
  const keyLimits = embeddedS3 ? EMBEDDED_STORE_KEY_LIMITS : DEFAULT_KEY_LIMITS;
  const s3 = createS3Client({ ...config.s3, endpoint });
  const s3Store = createS3ObjectStore(s3, config.s3.bucket, { probePrefix: config.rawPrefix });
  // A worker beside the embedded server reads its files: no HTTP request, SDK or s3rver per object.
  const store =
    embeddedS3 && roles.has('worker')
      ? withDirectReads(s3Store, embeddedS3.directReader(config.s3.bucket))
      : s3Store;
  const keyPrefix = config.queues.prefix;
  const ledger = createConfiguredLedger(redis, config);
  const keyStates = createRedisKeyStates(redis, keyPrefix, config.worker.ledgerRetentionMs);
  const tracing = await startTracing(config.tracing, SERVICE_VERSION);
  const telemetry = tracing.telemetry ? { telemetry: tracing.telemetry } : {};
  if (tracing.telemetry) log.info({ endpoint: config.tracing.tracesEndpoint }, 'OpenTelemetry tracing on');
  const queueOptions = { connection: redis, prefix: keyPrefix, ...telemetry };
  const ingestQueue = new Queue(config.queues.ingest, queueOptions);
  const publishQueues = config.queues.publish.map((name) => new Queue(name, queueOptions));
  const enqueuer = createObjectEnqueuer({
    queue: ingestQueue,
    ledger,
    metrics,
    bucket: config.s3.bucket,
    rawPrefix: config.rawPrefix,
    attempts: config.worker.attempts,
    failedJobsKept: config.worker.failedJobsKept,
    completedJobsKept: config.retention.completed,
    keyLimits,
    log: log.child({ component: 'enqueuer' }),
  });

  // Registered in shutdown order: intake first, then work in flight, then connections.
  let http: RunningHttpServer | null = null;
  let searchPoolEnd: (() => Promise<void>) | null = null;
  if (roles.has('api') || roles.has('worker')) {
    const api = roles.has('api');
    const admin: AdminRoutesDeps | undefined = api
      ? await import('../http/bull-board.js').then(({ mountBullBoard }) => ({
          user: config.http.adminUser,
          password: config.http.adminPassword,
          mount: (hono, options) => mountBullBoard(hono, [ingestQueue, ...publishQueues], options),
        }))
      : undefined;
    const app = createHttpApp({
      log,
      metrics,
      readiness: { redis: async () => void (await redis.ping()), s3: () => store.ping() },
      beforeScrape: () => refreshQueueGauges(metrics, [ingestQueue, ...publishQueues]),
      ...(api
        ? {
            enqueuer,
            store,
            objectStory: (key: string) =>
              buildObjectStory(
                { ledger, ingestQueue, eventsQueue: publishQueues[0]! },
                config.s3.bucket,
                key,
              ),
          }
        : {}),
      rawPrefix: config.rawPrefix,
      keyLimits,
      webhookToken: config.http.webhookToken,
      maxUploadBytes: config.http.maxUploadBytes,
      sns: {
        verifier: createSnsVerifier({
          fetchCertificate: ports.fetchSnsCertificate ?? fetchSigningCertificate,
          topicArns: config.sns.topicArns,
        }),
        autoConfirm: config.sns.autoConfirm,
        confirm: ports.confirmSnsSubscription ?? confirmSnsSubscription,
      },
      maxRecordsPerNotification: config.limits.maxRecordsPerNotification,
      loopbackOnly: isLoopbackHost(config.http.host),
      maxConcurrentUploads: config.http.maxConcurrentUploads,
      requestTimeoutMs: config.http.requestTimeoutMs,
      uploadTimeoutMs: config.http.uploadTimeoutMs,
      ...(admin ? { admin } : {}),
    });
    if (api && config.databaseUrl) {
      // The reference indexer's search API, when its database is configured.
      const [{ default: pg }, { createSearchRoutes }] = await Promise.all([
        import('pg'),
        import('../indexer/http.js'),
      ]);
      const searchPool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
      app.route('/', createSearchRoutes(searchPool));
      searchPoolEnd = () => searchPool.end();
    }
    http = await startHttpServer(app, config.http.host, config.http.port, {
      requestTimeoutMs: config.http.uploadTimeoutMs,
      headersTimeoutMs: config.http.requestTimeoutMs,
    });
    shutdown.add({ name: 'http', run: () => http!.close() });
    log.info({ url: http.url, webhookAuth: Boolean(config.http.webhookToken) }, 'HTTP server listening');
    if (api) for (const warning of exposureWarnings(config.http)) log.warn(warning);
  }

  if (roles.has('triggers')) {
    if (embeddedS3 && config.worker.triggers.includes('notifications'))
      startEmbeddedTrigger(embeddedS3, enqueuer, metrics, log.child({ component: 'embedded-trigger' }));
    if (config.worker.triggers.includes('sqs')) {
      if (!config.worker.sqsQueueUrl)
        throw new ConfigError('invalid configuration: TRIGGERS has sqs but SQS_QUEUE_URL is unset');
      // Credentials and region for SQS come from the standard AWS chain (env, profile, IAM role).
      const [{ SQSClient }, { startSqsPoller }] = await Promise.all([
        import('@aws-sdk/client-sqs'),
        import('../trigger/sqs-poller.js'),
      ]);
      const sqs = new SQSClient({ region: config.s3.region });
      const poller = startSqsPoller({
        client: sqs,
        queueUrl: config.worker.sqsQueueUrl,
        log: log.child({ component: 'sqs' }),
        onIgnored: (kind) => metrics.notificationIgnored(kind),
        onRefused: (reason) => metrics.notificationRefused(reason),
        maxRecords: config.limits.maxRecordsPerNotification,
        enqueue: async (objects, removed) => {
          await enqueuer.enqueue(objects);
          await enqueuer.remove(removed);
        },
      });
      shutdown.add({ name: 'sqs-poller', run: () => poller.stop() });
      shutdown.add({ name: 'sqs-client', run: async () => sqs.destroy() });
    }
    if (config.worker.triggers.includes('scan') && config.worker.reconcileIntervalMs > 0) {
      const loop = startReconcileLoop(
        {
          store,
          enqueuer,
          prefix: config.rawPrefix,
          liveKeys: keyStates,
          digests: createRedisScanDigestStore(
            redis,
            scanDigestKey(keyPrefix, config.s3.bucket, config.rawPrefix),
            config.worker.ledgerRetentionMs,
          ),
        },
        config.worker.reconcileIntervalMs,
        log.child({ component: 'reconcile' }),
      );
      shutdown.add({ name: 'reconcile-scan', run: () => loop.stop() });
    }
  }

  if (roles.has('worker'))
    startWorkerRole(config, {
      redis,
      s3,
      store,
      ledger,
      keyStates,
      metrics,
      publishQueues,
      shutdown,
      log,
      ...telemetry,
    });

  if (searchPoolEnd) shutdown.add({ name: 'search-db', run: searchPoolEnd });
  shutdown.add({
    name: 'queues',
    run: async () => {
      await Promise.all([ingestQueue.close(), ...publishQueues.map((q) => q.close())]);
    },
  });
  shutdown.add({
    name: 'redis',
    run: async () => void (await redis.quit()),
    force: async () => redis.disconnect(),
  });
  shutdown.add({ name: 's3', run: async () => s3.destroy() });
  shutdown.add({ name: 'tracing', run: () => tracing.shutdown() });
  if (embeddedS3) {
    const server = embeddedS3;
    shutdown.add({ name: 'embedded-s3', run: () => server.close() });
  }
  return { http, s3Endpoint: endpoint, embeddedS3, metrics, stop: () => shutdown.stop() };
}
