// The worker role of the service: analyse threads, the duplicate index, the event archive and the ingest
// worker over the ports the service already holds; its steps join the service's ordered shutdown.
import type { S3Client } from '@aws-sdk/client-s3';
import type { Queue, Telemetry } from 'bullmq';
import type { Logger } from 'pino';
import { startEventArchive } from '../archive/start-archive.js';
import type { Config } from '../config/load-config.js';
import { createConfiguredDuplicateIndex } from '../dedup/redis-index.js';
import type { Ledger } from '../ledger/ledger.js';
import type { KeyStates } from '../lifecycle/key-state.js';
import type { Metrics } from '../observability/metrics.js';
import { createAnalyseRunner } from '../pipeline/analyse-pool.js';
import { createIngestWorker } from '../pipeline/ingest-worker.js';
import { createQueuePublisher } from '../queue/event-publisher.js';
import type { RedisConnection } from '../queue/redis-connection.js';
import type { ObjectStore } from '../s3/object-store.js';
import type { Shutdown } from './shutdown.js';

export interface WorkerRolePorts {
  redis: RedisConnection;
  s3: S3Client;
  store: ObjectStore;
  ledger: Ledger;
  keyStates: KeyStates;
  metrics: Metrics;
  publishQueues: Queue[];
  shutdown: Shutdown;
  log: Logger;
  telemetry?: Telemetry;
}

export function startWorkerRole(config: Config, ports: WorkerRolePorts): void {
  const { redis, log, shutdown, metrics } = ports;
  const keyPrefix = config.queues.prefix;
  const analyser = createAnalyseRunner({
    threads: config.worker.parseThreads,
    inlineBelowBytes: config.worker.parseInlineBelowBytes,
    timeoutMs: config.worker.parseTimeoutMs,
    memoryLimitMb: config.worker.parseThreadMemoryMb,
  });
  const dedup = createConfiguredDuplicateIndex(redis, config);
  const archive = config.archive.enabled
    ? startEventArchive({
        archive: config.archive,
        redis,
        queuePrefix: keyPrefix,
        s3: ports.s3,
        log: log.child({ component: 'archiver' }),
        metrics,
      })
    : null;
  const worker = createIngestWorker({
    queueName: config.queues.ingest,
    prefix: keyPrefix,
    connection: redis,
    concurrency: config.worker.concurrency,
    lockDurationMs: config.worker.lockDurationMs,
    ...(ports.telemetry ? { telemetry: ports.telemetry } : {}),
    log: log.child({ component: 'ingest-worker' }),
    deps: {
      store: ports.store,
      analyser,
      dedup,
      publisher: createQueuePublisher(ports.publishQueues, {
        archive: archive?.intake ?? null,
        ...(archive ? { completedKept: config.retention.completed } : {}),
      }),
      ledger: ports.ledger,
      keyStates: ports.keyStates,
      metrics,
      settings: {
        maxObjectBytes: config.limits.maxObjectBytes,
        maxArticleChars: config.limits.maxArticleChars,
        maxArticlesPerObject: config.limits.maxArticlesPerObject,
        maxDecompressedBytes: config.limits.maxDecompressedBytes,
        maxCompressionRatio: config.limits.maxCompressionRatio,
        dedupPolicy: config.dedup.policy,
        quarantinePrefix: config.quarantinePrefix,
      },
    },
  });
  shutdown.add({ name: 'ingest-worker', run: () => worker.close(), force: () => worker.close(true) });
  shutdown.add({ name: 'analyse-threads', run: () => analyser.close() });
  // After the worker: what it published last is archived before the connections close.
  if (archive) shutdown.add({ name: 'archiver', run: () => archive.stop() });
  log.info({ queue: config.queues.ingest, concurrency: config.worker.concurrency }, 'ingest worker running');
}
