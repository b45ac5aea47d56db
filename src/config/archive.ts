// The event archive (published events written to object storage in batches) and how long finished jobs
// stay in Redis: with the archive holding history, completed jobs are kept only briefly.
import { z } from 'zod';
import { prefixesOverlap } from '../keys/object-key.js';
import { asFolder, ConfigError, duration, flag, optionalText, positiveInt } from './fields.js';

export const archiveEnv = z.object({
  /** false: no archive; completed publish jobs are then kept 7 days, as replay and rebuild read them there. */
  ARCHIVE_EVENTS: flag('true'),
  /** Bucket of the archive; defaults to S3_BUCKET. */
  ARCHIVE_BUCKET: optionalText,
  /** Key prefix of the archive: must not overlap RAW_PREFIX or QUARANTINE_PREFIX in the same bucket. */
  ARCHIVE_PREFIX: z.string().min(1).default('events/'),
  /** A batch is written once this many events wait... */
  ARCHIVE_BATCH_EVENTS: positiveInt(1000),
  /** ...or once the oldest waiting event is this old. */
  ARCHIVE_BATCH_AGE: duration('10s'),
  /** A batch stops growing past this many bytes of event JSON: bounds the archiver's memory beside the worker. */
  ARCHIVE_BATCH_BYTES: positiveInt(4 * 1024 * 1024),
  /** Completed ingest and publish jobs kept (the most recent), for the dashboard and `news-ingest events`. */
  COMPLETED_JOBS_KEPT: z.coerce.number().int().min(0).default(1000),
  /** ...and for at most this long. */
  COMPLETED_JOBS_RETENTION: duration('1h'),
});
type ArchiveEnv = z.infer<typeof archiveEnv>;

export interface ArchiveConfig {
  enabled: boolean;
  bucket: string;
  prefix: string;
  batchEvents: number;
  batchAgeMs: number;
  batchBytes: number;
}

export interface RetentionConfig {
  /** Completed jobs kept per queue: at most `count`, none older than `ageMs`. */
  completed: { count: number; ageMs: number };
}

export function archiveConfig(
  e: ArchiveEnv,
  s3: { bucket: string; rawPrefix: string; quarantinePrefix: string },
): ArchiveConfig {
  const prefix = asFolder(e.ARCHIVE_PREFIX);
  const bucket = e.ARCHIVE_BUCKET ?? s3.bucket;
  const enabled = e.ARCHIVE_EVENTS === 'true';
  if (enabled && bucket === s3.bucket) {
    for (const [name, other] of [
      ['RAW_PREFIX', s3.rawPrefix],
      ['QUARANTINE_PREFIX', s3.quarantinePrefix],
    ] as const) {
      if (prefixesOverlap(prefix, other))
        throw new ConfigError(`invalid configuration: ARCHIVE_PREFIX and ${name} must not overlap`);
    }
  }
  return {
    enabled,
    bucket,
    prefix,
    batchEvents: e.ARCHIVE_BATCH_EVENTS,
    batchAgeMs: e.ARCHIVE_BATCH_AGE,
    batchBytes: e.ARCHIVE_BATCH_BYTES,
  };
}

export function retentionConfig(e: ArchiveEnv): RetentionConfig {
  return { completed: { count: e.COMPLETED_JOBS_KEPT, ageMs: e.COMPLETED_JOBS_RETENTION } };
}
