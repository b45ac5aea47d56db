// The one place where our retry decision becomes BullMQ's: permanent errors must not be retried.
import { UnrecoverableError } from 'bullmq';
import { PipelineError } from './pipeline-error.js';

export function toBullmqError(error: unknown): Error {
  if (error instanceof PipelineError && error.permanent) {
    const unrecoverable = new UnrecoverableError(`${error.reason}: ${error.message}`);
    unrecoverable.cause = error;
    return unrecoverable;
  }
  return error instanceof Error ? error : new Error(String(error));
}
