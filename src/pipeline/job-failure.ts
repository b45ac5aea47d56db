// Why an ingest job failed, kept as data on the job (`lastFailure`), so triage (`dlq`, `status`, the
// dashboard) reads the reason as it was decided instead of parsing it back out of an error message.
import { z } from 'zod';
import type { LedgerEntry } from '../ledger/ledger.js';

export const jobFailureSchema = z.object({
  /** The PipelineError's reason (empty, gone, s3-access-denied, transient, …) or `unexpected`. */
  reason: z.string().min(1),
  permanent: z.boolean(),
});

export type JobFailure = z.infer<typeof jobFailureSchema>;

const withFailureSchema = z.object({ lastFailure: jobFailureSchema });

/** The job's data with its latest failure recorded beside the input fields. */
export function dataWithFailure(data: unknown, failure: JobFailure): Record<string, unknown> {
  const base =
    data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : { invalidData: data };
  return { ...base, lastFailure: failure };
}

/** The recorded failure reason; `unknown` for jobs that failed without one (stalled too often). */
export function failureReasonOf(data: unknown): string {
  const parsed = withFailureSchema.safeParse(data);
  return parsed.success ? parsed.data.lastFailure.reason : 'unknown';
}

/** Ledger outcomes that a re-run cannot change: the version has moved on or is already published. */
export function whyNotRetry(entry: LedgerEntry | null): string | null {
  if (entry?.state === 'published') {
    return `already published (${entry.eventIds?.length ?? 0} events); \`news-ingest replay --force\` re-processes it`;
  }
  if (entry?.state === 'skipped' && (entry.reason === 'superseded' || entry.reason === 'stale-event')) {
    return `${entry.reason}: the key holds a newer version, which has its own job`;
  }
  return null;
}
