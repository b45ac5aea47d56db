// Retry delays for transient failures: exponential with full jitter, capped, so that after a long
// outage every job is retried within the cap of the dependency coming back (plain exponential
// backoff would leave jobs waiting minutes after S3 or Redis has recovered).
export const RETRY_BACKOFF_TYPE = 'capped-exponential';

export interface RetryBackoff {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY_BACKOFF: RetryBackoff = { baseMs: 1000, capMs: 15_000 };

/** Delay before retry number `attemptsMade` (1-based): base·2^(n-1), capped, jittered into [½, 1]. */
export function retryDelayMs(
  attemptsMade: number,
  backoff: RetryBackoff = DEFAULT_RETRY_BACKOFF,
  random = Math.random,
): number {
  const exponential = backoff.baseMs * 2 ** Math.max(0, attemptsMade - 1);
  const capped = Math.min(backoff.capMs, exponential);
  return Math.round(capped / 2 + (random() * capped) / 2);
}
