// The shapes every notification (embedded server, MinIO webhook, S3 → SQS/SNS, EventBridge) is reduced
// to, so the HTTP handler, the SQS poller and the embedded trigger share one vocabulary and one set of tests.
import type { ObjectRemoval } from '../queue/object-removal.js';
import type { ObjectVersion } from '../queue/object-version.js';

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
  /** The event name as the source spelled it ("ObjectRemoved:Delete", "s3:ObjectCreated:PutTagging"). */
  eventName: string;
}

export type NormalisedNotification =
  /** Created versions to ingest, removed keys to check for takedowns, and what was ignored. */
  | { kind: 'objects'; objects: ObjectVersion[]; removed: ObjectRemoval[]; ignored: IgnoredEvent[] }
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

/** What the normaliser needs to know about where a payload came from. */
export interface NormaliseOptions {
  /** The adapter's name, carried by every ObjectVersion it produces (webhook, sqs, embedded). */
  trigger: string;
  /** More S3 records than this in one notification: { kind: 'too-many-records' }, nothing read. */
  maxRecords?: number | undefined;
  /**
   * The embedded server (s3rver) raises records with keys as stored; S3, MinIO and the SNS/SQS
   * deliveries form-encode them. Default true.
   */
  formEncodedKeys?: boolean | undefined;
}
