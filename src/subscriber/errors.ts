// Errors a subscriber's handler can throw to steer retries. Anything else is treated as transient and
// retried with the attempts/backoff the producer put on the job.

/** Retrying cannot help (bad data for this consumer, a 4xx from its API): the job fails at once. */
export class PermanentHandlerError extends Error {
  override name = 'PermanentHandlerError';
}

/** The event is being handled by another worker right now (claim held): retry later. */
export class EventInProgressError extends Error {
  override name = 'EventInProgressError';
  constructor(readonly eventId: string) {
    super(`event ${eventId} is being processed by another worker; will retry`);
  }
}
