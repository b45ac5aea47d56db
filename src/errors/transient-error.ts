import { PipelineError } from './pipeline-error.js';

/**
 * Why a transient failure happened. `transient`: a dependency failed for now. The `s3-*` reasons are
 * configuration failures (S3 refuses our credentials, the bucket does not exist): every object fails
 * until an operator fixes them, so they retry (never skip an object for good) and alert.
 */
export type TransientReason = 'transient' | 's3-access-denied' | 's3-no-such-bucket';

/** A dependency (S3, Redis, network) failed for now: retried with exponential backoff and jitter. */
export class TransientError extends PipelineError {
  override name = 'TransientError';
  readonly permanent = false;
  readonly reason: TransientReason;
  constructor(message: string, options?: { cause?: unknown; reason?: TransientReason }) {
    super(message, options);
    this.reason = options?.reason ?? 'transient';
  }
}
