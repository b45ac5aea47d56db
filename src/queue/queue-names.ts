import type { JobsOptions } from 'bullmq';
import { RETRY_BACKOFF_TYPE } from './retry-backoff.js';

const DAY_MS = 86_400_000;

/** Default of FAILED_JOBS_KEPT. */
export const DEFAULT_FAILED_JOBS_KEPT = 10_000;

/** Completed jobs a queue keeps: at most `count`, none older than `ageMs`. */
export interface CompletedJobsKept {
  /** Unset: no count limit. */
  count?: number;
  ageMs: number;
}

/** COMPLETED_JOBS_KEPT / COMPLETED_JOBS_RETENTION: the archive holds history, Redis only the latest. */
export const DEFAULT_COMPLETED_JOBS_KEPT: CompletedJobsKept = { count: 1000, ageMs: 3_600_000 };

/** Without the event archive, published events stay 7 days: replay and rebuild read them there. */
export const UNARCHIVED_EVENTS_KEPT: CompletedJobsKept = { ageMs: 7 * DAY_MS };

const keepJobs = (kept: CompletedJobsKept) => ({
  age: Math.ceil(kept.ageMs / 1000),
  ...(kept.count !== undefined ? { count: kept.count } : {}),
});

/**
 * Ingest jobs: retried with exponential backoff and jitter; completed ones pruned, failed ones kept for
 * triage — at most `failedKept` of them, so notifications naming missing objects cannot pile up.
 */
export function ingestJobOptions(
  attempts: number,
  failedKept = DEFAULT_FAILED_JOBS_KEPT,
  completedKept = DEFAULT_COMPLETED_JOBS_KEPT,
): JobsOptions {
  return {
    attempts,
    // Delays come from the worker's backoffStrategy (retry-backoff.ts).
    backoff: { type: RETRY_BACKOFF_TYPE },
    // The ledger, not the completed job, remembers each version's outcome (LEDGER_RETENTION).
    removeOnComplete: keepJobs(completedKept),
    removeOnFail: { age: (30 * DAY_MS) / 1000, count: failedKept },
  };
}

/** How long a published event id blocks a second publication of the same event (BullMQ deduplication). */
export const EVENT_DEDUP_TTL_MS = 7 * DAY_MS;

/**
 * A published event's job. Consumed events stay in the completed set briefly (the latest, for the dashboard
 * and `news-ingest events`); the archive keeps them for good. The deduplication id outlives the job, so a
 * re-publication within EVENT_DEDUP_TTL_MS adds nothing even after the job is trimmed.
 */
export function articleJobOptions(eventId: string, completedKept = UNARCHIVED_EVENTS_KEPT): JobsOptions {
  return {
    jobId: eventId,
    deduplication: { id: eventId, ttl: EVENT_DEDUP_TTL_MS },
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
    removeOnComplete: keepJobs(completedKept),
    removeOnFail: { age: (30 * DAY_MS) / 1000 },
  };
}
