// The shapes every trigger (MinIO webhook, S3 → SQS/SNS, EventBridge) is reduced to, so the HTTP
// handler and the SQS poller share one vocabulary and one set of tests.

/** One object version that was written and should be ingested. */
export interface ObjectCreated {
  bucket: string;
  /** Decoded key, exactly as S3 stores it. */
  key: string;
  versionId?: string;
  /** ETag without surrounding quotes. */
  etag?: string;
  size?: number;
  /** ISO-8601 (`Date#toISOString`). */
  eventTime?: string;
  sequencer?: string;
  /** The event name as the source spelled it ("ObjectCreated:Put", "s3:ObjectCreated:Put", "Object Created"). */
  eventName: string;
}

/** Why a record was not turned into an object; callers count these. */
export type IgnoredKind =
  | 'delete'
  | 'tagging'
  | 'retention'
  | 'acl'
  | 'restore'
  | 'replication'
  | 'lifecycle'
  | 'other';

export const IGNORED_KINDS: readonly IgnoredKind[] = [
  'delete',
  'tagging',
  'retention',
  'acl',
  'restore',
  'replication',
  'lifecycle',
  'other',
];

export interface IgnoredEvent {
  kind: IgnoredKind;
  eventName: string;
}

export type NormalisedNotification =
  | { kind: 'objects'; objects: ObjectCreated[]; ignored: IgnoredEvent[] }
  /** S3's `s3:TestEvent`, sent once when a notification configuration is saved. */
  | { kind: 'test' }
  /**
   * An empty body: MinIO's liveness check of a webhook target is a body-less `HEAD` on the endpoint
   * (or, in newer releases, only a TCP connect). Answer 200, do nothing.
   */
  | { kind: 'probe' }
  /** SNS asks the subscriber to confirm by fetching `subscribeUrl`; the caller decides whether to. */
  | { kind: 'subscription-confirmation'; subscribeUrl: string }
  /**
   * More S3 records than MAX_RECORDS_PER_NOTIFICATION (S3 and MinIO send one): an HTTP caller answers
   * 413, the SQS poller logs, counts and drops it. None of its records is enqueued.
   */
  | { kind: 'too-many-records'; records: number; limit: number }
  /** Malformed: an HTTP caller answers 400 with `message`; the SQS poller logs and drops it. */
  | { kind: 'invalid'; message: string };
