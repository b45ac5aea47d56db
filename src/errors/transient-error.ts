import { PipelineError } from './pipeline-error.js';

/** A dependency (S3, Redis, network) failed for now: retried with exponential backoff and jitter. */
export class TransientError extends PipelineError {
  override name = 'TransientError';
  readonly permanent = false;
  readonly reason = 'transient';
}
