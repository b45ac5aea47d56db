import type { JobsOptions } from 'bullmq';
import { RETRY_BACKOFF_TYPE } from './retry-backoff.js';

const DAY_MS = 86_400_000;

/** Default of FAILED_JOBS_KEPT. */
export const DEFAULT_FAILED_JOBS_KEPT = 10_000;

/**
 * Ingest jobs: retried with exponential backoff and jitter; completed ones pruned, failed ones kept for
 * triage — at most `failedKept` of them, so notifications naming missing objects cannot pile up.
 */
export function ingestJobOptions(attempts: number, failedKept = DEFAULT_FAILED_JOBS_KEPT): JobsOptions {
  return {
    attempts,
    // Delays come from the worker's backoffStrategy (retry-backoff.ts).
    backoff: { type: RETRY_BACKOFF_TYPE },
    removeOnComplete: { age: DAY_MS / 1000, count: 50_000 },
    removeOnFail: { age: (30 * DAY_MS) / 1000, count: failedKept },
  };
}

/** How long a published event id blocks a second publication of the same event (BullMQ deduplication). */
export const EVENT_DEDUP_TTL_MS = 7 * DAY_MS;

/** Published events stay visible in the completed set for subscribers' audits and `news-ingest events`. */
export function articleJobOptions(eventId: string): JobsOptions {
  return {
    jobId: eventId,
    deduplication: { id: eventId, ttl: EVENT_DEDUP_TTL_MS },
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
    removeOnComplete: { age: (7 * DAY_MS) / 1000 },
    removeOnFail: { age: (30 * DAY_MS) / 1000 },
  };
}
