// One pure function turns any object-created trigger body into a NormalisedNotification:
// MinIO webhook bodies, raw S3 event notifications (as delivered to SQS, SNS or Lambda), SNS
// envelopes, S3's s3:TestEvent and EventBridge "aws.s3" events. It never throws: a body we cannot
// read becomes { kind: 'invalid' } so the HTTP handler can answer 400 and the poller can drop it.
import { z } from 'zod';
import { stripQuotes } from '../ids.js';
import type {
  IgnoredEvent,
  IgnoredKind,
  NormalisedNotification,
  ObjectCreated,
} from './notification-types.js';

export type {
  IgnoredEvent,
  IgnoredKind,
  NormalisedNotification,
  ObjectCreated,
} from './notification-types.js';

/** SNS → SNS → … wrapping beyond this is a loop or an attack, not a notification. */
const MAX_ENVELOPE_DEPTH = 3;

/** Default of MAX_RECORDS_PER_NOTIFICATION. S3 and MinIO send one record per notification. */
export const DEFAULT_MAX_RECORDS = 100;

export interface NormaliseOptions {
  /** More S3 records than this in one notification: { kind: 'too-many-records' }, nothing read. */
  maxRecords?: number | undefined;
}

/**
 * Decodes an object key from an S3-style event record. S3 and MinIO both form-encode the key
 * (`application/x-www-form-urlencoded`: space → `+`, `+` → `%2B`; MinIO also encodes `/` as `%2F`),
 * so `+` must become a space *before* percent-decoding. A malformed percent run is kept as is.
 */
export function decodeS3EventKey(raw: string): string {
  return raw.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run; // not valid UTF-8: keep the raw sequence rather than guess
    }
  });
}

export function normaliseNotification(
  payload: unknown,
  options: NormaliseOptions = {},
): NormalisedNotification {
  try {
    return normaliseAt(payload, 0, options.maxRecords ?? DEFAULT_MAX_RECORDS);
  } catch (err) {
    // Defensive only: every branch below validates before it reads.
    return invalid(`could not read notification: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function normaliseAt(payload: unknown, depth: number, maxRecords: number): NormalisedNotification {
  if (depth > MAX_ENVELOPE_DEPTH) return invalid('notification envelopes are nested too deeply');
  if (payload === undefined) return { kind: 'probe' };
  if (payload instanceof Uint8Array)
    return normaliseText(Buffer.from(payload).toString('utf8'), depth, maxRecords);
  if (typeof payload === 'string') return normaliseText(payload, depth, maxRecords);
  if (!isRecord(payload)) return invalid(`expected a JSON object, got ${typeName(payload)}`);

  if (isSnsEnvelope(payload)) return normaliseSns(payload as Record<string, unknown>, depth, maxRecords);
  if (payload.Event === 's3:TestEvent') return { kind: 'test' };
  if (typeof payload['detail-type'] === 'string' && typeof payload.source === 'string') {
    return normaliseEventBridge(payload);
  }
  if ('Records' in payload) return normaliseRecords(payload, maxRecords);
  return invalid(
    'unrecognised notification: expected S3 event Records, an SNS envelope, an EventBridge event or s3:TestEvent',
  );
}

/** Raw bodies: HTTP request text or an SQS message Body. */
function normaliseText(text: string, depth: number, maxRecords: number): NormalisedNotification {
  if (text.trim() === '') return { kind: 'probe' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid('body is not valid JSON');
  }
  if (typeof parsed === 'string') return invalid('body is a JSON string, expected a JSON object');
  return normaliseAt(parsed, depth, maxRecords);
}

// ---------------------------------------------------------------------------------------------
// SNS envelope (HTTP subscription, or SQS subscription without raw message delivery)

const snsEnvelopeSchema = z.object({
  Type: z.string(),
  Message: z.string().optional(),
  SubscribeURL: z.string().optional(),
});

/** True when the body's top level is an SNS envelope (HTTP delivery, or SQS without raw delivery). */
export function isSnsEnvelope(payload: unknown): boolean {
  return (
    isRecord(payload) && typeof payload.Type === 'string' && ('Message' in payload || 'TopicArn' in payload)
  );
}

function normaliseSns(
  payload: Record<string, unknown>,
  depth: number,
  maxRecords: number,
): NormalisedNotification {
  const parsed = snsEnvelopeSchema.safeParse(payload);
  if (!parsed.success) return invalid(`SNS envelope: ${firstIssue(parsed.error)}`);
  const sns = parsed.data;
  switch (sns.Type) {
    case 'Notification': {
      if (sns.Message === undefined) return invalid('SNS Notification has no Message');
      let message: unknown;
      try {
        message = JSON.parse(sns.Message);
      } catch {
        return invalid('SNS Notification Message is not valid JSON');
      }
      if (!isRecord(message)) return invalid('SNS Notification Message is not a JSON object');
      return normaliseAt(message, depth + 1, maxRecords);
    }
    case 'SubscriptionConfirmation': {
      const url = sns.SubscribeURL;
      if (url === undefined || !isHttpUrl(url)) {
        return invalid('SNS SubscriptionConfirmation has no valid SubscribeURL');
      }
      return { kind: 'subscription-confirmation', subscribeUrl: url };
    }
    case 'UnsubscribeConfirmation':
      return {
        kind: 'objects',
        objects: [],
        ignored: [{ kind: 'other', eventName: 'UnsubscribeConfirmation' }],
      };
    default:
      return invalid(`unknown SNS message Type ${JSON.stringify(sns.Type)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// S3 event notification records (AWS and MinIO share the shape)

/** Optional metadata: a wrongly typed value is dropped rather than failing the whole record. */
const optionalString = z.string().optional().catch(undefined);
const optionalSize = z.number().int().nonnegative().optional().catch(undefined);

const s3RecordSchema = z.object({
  eventName: z.string().min(1),
  eventTime: optionalString,
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: optionalSize,
      eTag: optionalString,
      versionId: optionalString,
      sequencer: optionalString,
    }),
  }),
});

const recordsSchema = z.object({ Records: z.array(z.unknown()).min(1) });

function normaliseRecords(payload: Record<string, unknown>, maxRecords: number): NormalisedNotification {
  // Counted before any record is read: a huge batch costs no parsing and plants no jobs.
  if (Array.isArray(payload.Records) && payload.Records.length > maxRecords)
    return { kind: 'too-many-records', records: payload.Records.length, limit: maxRecords };
  const envelope = recordsSchema.safeParse(payload);
  if (!envelope.success) return invalid(firstIssue(envelope.error));

  const objects: ObjectCreated[] = [];
  const ignored: IgnoredEvent[] = [];
  for (const [index, raw] of envelope.data.Records.entries()) {
    const parsed = s3RecordSchema.safeParse(raw);
    // One unreadable record rejects the body: real senders never mix, and a partial accept would
    // hide the problem behind a 200.
    if (!parsed.success) return invalid(`Records[${index}]: ${firstIssue(parsed.error)}`);
    const record = parsed.data;
    const kind = classifyS3EventName(record.eventName);
    if (kind !== 'object') {
      ignored.push({ kind, eventName: record.eventName });
      continue;
    }
    const key = decodeS3EventKey(record.s3.object.key);
    objects.push(
      objectCreated({
        bucket: record.s3.bucket.name,
        key,
        versionId: record.s3.object.versionId,
        etag: record.s3.object.eTag,
        size: record.s3.object.size,
        eventTime: record.eventTime,
        sequencer: record.s3.object.sequencer,
        eventName: record.eventName,
      }),
    );
  }
  return { kind: 'objects', objects, ignored };
}

/**
 * Maps an S3 event name to 'object' or the reason it is ignored. AWS writes names without the
 * `s3:` prefix in records ("ObjectCreated:Put"); MinIO keeps it ("s3:ObjectCreated:Put").
 * MinIO files tagging/retention/legal-hold changes under ObjectCreated (s3:ObjectCreated:PutTagging,
 * …PutRetention, …PutLegalHold, …DeleteTagging), so those must be caught before the prefix rule.
 */
export function classifyS3EventName(eventName: string): 'object' | IgnoredKind {
  const name = eventName.startsWith('s3:') ? eventName.slice(3) : eventName;
  const [family = '', action = ''] = name.split(':', 2);
  switch (family) {
    case 'ObjectCreated':
      if (action === 'PutTagging' || action === 'DeleteTagging') return 'tagging';
      if (action === 'PutRetention' || action === 'PutLegalHold') return 'retention';
      return 'object';
    case 'ObjectRemoved':
      return 'delete';
    case 'ObjectTagging':
      return 'tagging';
    case 'ObjectRetention':
    case 'ObjectLegalHold':
      return 'retention';
    case 'ObjectAcl':
      return 'acl';
    case 'ObjectRestore':
      return 'restore';
    case 'Replication':
      return 'replication';
    case 'LifecycleExpiration':
    case 'LifecycleTransition':
    case 'LifecycleDelMarkerExpiration':
    case 'ObjectTransition': // MinIO's tiering
    case 'IntelligentTiering':
      return 'lifecycle';
    default:
      return 'other';
  }
}

// ---------------------------------------------------------------------------------------------
// EventBridge (source "aws.s3"). Its object.key is the plain key, NOT form-encoded.

const eventBridgeSchema = z.object({
  source: z.string(),
  'detail-type': z.string(),
  time: optionalString,
  detail: z.unknown(),
});

const eventBridgeObjectDetailSchema = z.object({
  bucket: z.object({ name: z.string().min(1) }),
  object: z.object({
    key: z.string().min(1),
    size: optionalSize,
    etag: optionalString,
    'version-id': optionalString,
    sequencer: optionalString,
  }),
  reason: optionalString,
});

const EVENTBRIDGE_IGNORED: Record<string, IgnoredKind> = {
  'Object Deleted': 'delete',
  'Object Restore Initiated': 'restore',
  'Object Restore Completed': 'restore',
  'Object Restore Expired': 'restore',
  'Object Tags Added': 'tagging',
  'Object Tags Deleted': 'tagging',
  'Object ACL Updated': 'acl',
  'Object Storage Class Changed': 'lifecycle',
  'Object Access Tier Changed': 'lifecycle',
};

function normaliseEventBridge(payload: Record<string, unknown>): NormalisedNotification {
  const parsed = eventBridgeSchema.safeParse(payload);
  if (!parsed.success) return invalid(`EventBridge event: ${firstIssue(parsed.error)}`);
  const event = parsed.data;
  const detailType = event['detail-type'];
  if (event.source !== 'aws.s3' || detailType !== 'Object Created') {
    const kind = event.source === 'aws.s3' ? eventBridgeIgnoredKind(detailType, event.detail) : 'other';
    return { kind: 'objects', objects: [], ignored: [{ kind, eventName: detailType }] };
  }
  const detail = eventBridgeObjectDetailSchema.safeParse(event.detail);
  if (!detail.success) return invalid(`EventBridge detail: ${firstIssue(detail.error)}`);
  const { bucket, object } = detail.data;
  return {
    kind: 'objects',
    objects: [
      objectCreated({
        bucket: bucket.name,
        key: object.key,
        versionId: object['version-id'],
        etag: object.etag,
        size: object.size,
        eventTime: event.time,
        sequencer: object.sequencer,
        eventName: detailType,
      }),
    ],
    ignored: [],
  };
}

function eventBridgeIgnoredKind(detailType: string, detail: unknown): IgnoredKind {
  // Lifecycle expirations arrive as "Object Deleted" with reason "Lifecycle Expiration".
  if (detailType === 'Object Deleted' && isRecord(detail) && detail.reason === 'Lifecycle Expiration') {
    return 'lifecycle';
  }
  return EVENTBRIDGE_IGNORED[detailType] ?? 'other';
}

// ---------------------------------------------------------------------------------------------
// helpers

interface ObjectFields {
  bucket: string;
  key: string;
  versionId: string | undefined;
  etag: string | undefined;
  size: number | undefined;
  eventTime: string | undefined;
  sequencer: string | undefined;
  eventName: string;
}

/** Builds an ObjectCreated without undefined or empty optional fields. */
function objectCreated(f: ObjectFields): ObjectCreated {
  const out: ObjectCreated = { bucket: f.bucket, key: f.key, eventName: f.eventName };
  // "null" is what versioning-suspended buckets report; it names no version.
  if (f.versionId && f.versionId !== 'null') out.versionId = f.versionId;
  const etag = f.etag ? stripQuotes(f.etag) : '';
  if (etag) out.etag = etag;
  if (f.size !== undefined) out.size = f.size;
  const eventTime = toIsoTime(f.eventTime);
  if (eventTime) out.eventTime = eventTime;
  if (f.sequencer) out.sequencer = f.sequencer;
  return out;
}

function toIsoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function invalid(message: string): NormalisedNotification {
  return { kind: 'invalid', message };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return path ? `${path.replace(/^\./, '')}: ${issue.message}` : issue.message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
