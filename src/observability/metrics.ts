// Every Prometheus series the service exports, prefixed news_ingest_. One registry per process;
// modules receive the narrow `PipelineMetrics` view they need.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ArchiverMetrics } from '../archive/archiver.js';

export const STAGES = ['fetch', 'decode', 'parse', 'dedup', 'publish'] as const;
export type Stage = (typeof STAGES)[number];

export interface PipelineMetrics {
  observeStage(stage: Stage, seconds: number): void;
  articlePublished(
    outcome: 'parsed' | 'duplicate' | 'updated' | 'deleted',
    duplicateKind?: 'exact' | 'near',
  ): void;
  /** Counts objects (or, with an `item-` reason, container items) that became no article. */
  quarantined(reason: string, count?: number): void;
  charsetDetected(charset: string): void;
  jobFailed(errorClass: string, permanent: boolean): void;
  notificationIgnored(kind: string): void;
  /** A whole notification refused (too-many-records): none of its records was enqueued. */
  notificationRefused(reason: string): void;
  /** A key the object-key policy refused (reason), at the way in it arrived by (trigger). */
  keyRejected(reason: string, trigger: string): void;
  objectsEnqueued(trigger: string, count: number): void;
  staleEventDropped(): void;
  /** An object found compressed (gzip, br, zip), counted before it is decompressed. */
  compressionDetected(kind: string): void;
  /** Archive entries that were not analysed (directory, binary, empty, encrypted, bad-name). */
  archiveEntriesSkipped(reason: string, count: number): void;
}

export interface Metrics extends PipelineMetrics, ArchiverMetrics {
  registry: Registry;
  queueJobs: Gauge<'queue' | 'state'>;
  oldestWaitingAge: Gauge<'queue'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  const prefix = 'news_ingest_';
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix });
  const stageDuration = new Histogram({
    name: `${prefix}stage_duration_seconds`,
    help: 'Time spent in each pipeline stage per object',
    labelNames: ['stage'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const articles = new Counter({
    name: `${prefix}articles_total`,
    help: 'Article events published, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const duplicates = new Counter({
    name: `${prefix}duplicates_total`,
    help: 'Duplicate articles detected, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const quarantined = new Counter({
    name: `${prefix}quarantined_total`,
    help: 'Objects (or container items) that could not become articles, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const charsets = new Counter({
    name: `${prefix}charset_detected_total`,
    help: 'Objects decoded, by detected charset',
    labelNames: ['charset'],
    registers: [registry],
  });
  const failed = new Counter({
    name: `${prefix}jobs_failed_total`,
    help: 'Ingest job attempts that failed, by error class and retry decision',
    labelNames: ['error_class', 'permanent'],
    registers: [registry],
  });
  const ignored = new Counter({
    name: `${prefix}notifications_ignored_total`,
    help: 'Bucket notifications ignored (deletes, tagging, other prefixes, ...), by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const refused = new Counter({
    name: `${prefix}notifications_refused_total`,
    help: 'Bucket notifications refused whole (more records than MAX_RECORDS_PER_NOTIFICATION, or SNS deliveries failing signature checks), by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const keysRejected = new Counter({
    name: `${prefix}keys_rejected_total`,
    help: 'Object keys refused by the key policy (never enqueued or stored), by reason and trigger',
    labelNames: ['reason', 'trigger'],
    registers: [registry],
  });
  const enqueued = new Counter({
    name: `${prefix}objects_enqueued_total`,
    help: 'Object versions handed to the ingest queue, by trigger',
    labelNames: ['trigger'],
    registers: [registry],
  });
  const stale = new Counter({
    name: `${prefix}stale_events_dropped_total`,
    help: 'Notifications older than what was already processed for their key',
    registers: [registry],
  });
  const compression = new Counter({
    name: `${prefix}compression_detected_total`,
    help: 'Objects found compressed, by kind (gzip, br, zip)',
    labelNames: ['kind'],
    registers: [registry],
  });
  const entriesSkipped = new Counter({
    name: `${prefix}archive_entries_skipped_total`,
    help: 'Zip archive entries not analysed, by reason (directory, binary, empty, encrypted, bad-name)',
    labelNames: ['reason'],
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: `${prefix}queue_jobs`,
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
  });
  const oldestWaitingAge = new Gauge({
    name: `${prefix}queue_oldest_waiting_age_seconds`,
    help: 'Age of the oldest waiting job per queue',
    labelNames: ['queue'],
    registers: [registry],
  });
  const archivedEvents = new Counter({
    name: `${prefix}events_archived_total`,
    help: 'Published events written to the event archive',
    registers: [registry],
  });
  const archiveObjects = new Counter({
    name: `${prefix}archive_objects_total`,
    help: 'Objects written to the event archive',
    registers: [registry],
  });
  const archiveFailures = new Counter({
    name: `${prefix}archive_failures_total`,
    help: 'Archiver steps that failed (retried)',
    registers: [registry],
  });
  const archiveWaiting = new Gauge({
    name: `${prefix}archive_waiting_events`,
    help: 'Published events waiting in Redis to be archived',
    registers: [registry],
  });
  const archiveOldest = new Gauge({
    name: `${prefix}archive_oldest_waiting_age_seconds`,
    help: 'Age of the oldest event waiting to be archived',
    registers: [registry],
  });
  return {
    registry,
    queueJobs,
    oldestWaitingAge,
    observeStage: (stage, seconds) => stageDuration.observe({ stage }, seconds),
    articlePublished: (outcome, kind) => {
      articles.inc({ outcome });
      if (kind) duplicates.inc({ kind });
    },
    quarantined: (reason, count = 1) => quarantined.inc({ reason }, count),
    charsetDetected: (charset) => charsets.inc({ charset }),
    jobFailed: (errorClass, permanent) =>
      failed.inc({ error_class: errorClass, permanent: String(permanent) }),
    notificationIgnored: (kind) => ignored.inc({ kind }),
    notificationRefused: (reason) => refused.inc({ reason }),
    keyRejected: (reason, trigger) => keysRejected.inc({ reason, trigger }),
    objectsEnqueued: (trigger, count) => enqueued.inc({ trigger }, count),
    staleEventDropped: () => stale.inc(),
    compressionDetected: (kind) => compression.inc({ kind }),
    archiveEntriesSkipped: (reason, count) => entriesSkipped.inc({ reason }, count),
    eventsArchived: (events, objects) => {
      archivedEvents.inc(events);
      archiveObjects.inc(objects);
    },
    archiveFailed: () => archiveFailures.inc(),
    archiveWaiting: (events, oldestAgeSeconds) => {
      archiveWaiting.set(events);
      archiveOldest.set(oldestAgeSeconds);
    },
  };
}
