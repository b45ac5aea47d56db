// The event archive as the configuration sets it up: the intake the publisher feeds and the archiver
// that empties it. Runs wherever events are published (the worker role), so the intake always has a
// reader; with several workers one archiver writes and the others stand by on its lock.
import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import type { ArchiveConfig } from '../config/archive.js';
import { EVENT_DEDUP_TTL_MS } from '../queue/queue-names.js';
import type { RedisConnection } from '../queue/redis-connection.js';
import { createS3ObjectStore } from '../s3/object-store.js';
import { type ArchiverMetrics, createArchiver } from './archiver.js';
import { type ArchiveIntake, createRedisArchiveIntake } from './event-intake.js';

/**
 * A writer's lock lapses after this without renewal (it renews at every look, at least once a second);
 * a killed writer's batch is then finished by another process, or by its own restart.
 */
const ARCHIVER_LOCK_TTL_MS = 10_000;

export interface RunningArchive {
  intake: ArchiveIntake;
  /** Writes what waits, then lets go of the lock. */
  stop(): Promise<void>;
}

export function createArchiveIntake(redis: RedisConnection, queuePrefix: string): ArchiveIntake {
  return createRedisArchiveIntake(redis, queuePrefix, EVENT_DEDUP_TTL_MS);
}

export function startEventArchive(options: {
  archive: ArchiveConfig;
  redis: RedisConnection;
  queuePrefix: string;
  s3: S3Client;
  log: Logger;
  metrics?: ArchiverMetrics;
}): RunningArchive {
  const { archive } = options;
  const intake = createArchiveIntake(options.redis, options.queuePrefix);
  const archiver = createArchiver({
    intake,
    store: createS3ObjectStore(options.s3, archive.bucket),
    settings: {
      prefix: archive.prefix,
      maxEvents: archive.batchEvents,
      maxBytes: archive.batchBytes,
      maxAgeMs: archive.batchAgeMs,
      lockTtlMs: ARCHIVER_LOCK_TTL_MS,
      pollMs: Math.max(50, Math.min(1000, Math.floor(archive.batchAgeMs / 4))),
    },
    log: options.log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  archiver.start();
  return { intake, stop: () => archiver.stop() };
}
