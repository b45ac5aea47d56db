// One pure function turns any trigger body into a NormalisedNotification of ObjectVersions: the embedded
// server's records, MinIO webhook bodies, raw S3 event notifications (as delivered to SQS, SNS or
// Lambda), SNS envelopes, S3's s3:TestEvent and EventBridge "aws.s3" events. It never throws: a body we
// cannot read becomes { kind: 'invalid' } so the HTTP handler can answer 400 and the poller can drop it.
import { z } from 'zod';
import { isEventBridgeEvent, normaliseEventBridge } from './eventbridge-event.js';
import { firstIssue, invalid, isRecord } from './notification-fields.js';
import type { NormalisedNotification, NormaliseOptions } from './notification-types.js';
import { normaliseRecords } from './s3-event-records.js';

export type {
  IgnoredEvent,
  IgnoredKind,
  NormalisedNotification,
  NormaliseOptions,
} from './notification-types.js';
export { classifyS3EventName, decodeS3EventKey } from './s3-event-records.js';

/** SNS → SNS → … wrapping beyond this is a loop or an attack, not a notification. */
const MAX_ENVELOPE_DEPTH = 3;

/** Default of MAX_RECORDS_PER_NOTIFICATION. S3 and MinIO send one record per notification. */
export const DEFAULT_MAX_RECORDS = 100;

export function normaliseNotification(payload: unknown, options: NormaliseOptions): NormalisedNotification {
  try {
    return normaliseAt(payload, 0, { ...options, maxRecords: options.maxRecords ?? DEFAULT_MAX_RECORDS });
  } catch (err) {
    // Defensive only: every branch below validates before it reads.
    return invalid(`could not read notification: ${err instanceof Error ? err.message : String(err)}`);
  }
}

type Options = NormaliseOptions & { maxRecords: number };

function normaliseAt(payload: unknown, depth: number, options: Options): NormalisedNotification {
  if (depth > MAX_ENVELOPE_DEPTH) return invalid('notification envelopes are nested too deeply');
  if (payload === undefined) return { kind: 'probe' };
  if (payload instanceof Uint8Array)
    return normaliseText(Buffer.from(payload).toString('utf8'), depth, options);
  if (typeof payload === 'string') return normaliseText(payload, depth, options);
  if (!isRecord(payload)) return invalid(`expected a JSON object, got ${typeName(payload)}`);

  if (isSnsEnvelope(payload)) return normaliseSns(payload as Record<string, unknown>, depth, options);
  if (payload.Event === 's3:TestEvent') return { kind: 'test' };
  if (isEventBridgeEvent(payload)) return normaliseEventBridge(payload, options);
  if ('Records' in payload) return normaliseRecords(payload, options.maxRecords, options);
  return invalid(
    'unrecognised notification: expected S3 event Records, an SNS envelope, an EventBridge event or s3:TestEvent',
  );
}

/** Raw bodies: HTTP request text or an SQS message Body. */
function normaliseText(text: string, depth: number, options: Options): NormalisedNotification {
  if (text.trim() === '') return { kind: 'probe' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid('body is not valid JSON');
  }
  if (typeof parsed === 'string') return invalid('body is a JSON string, expected a JSON object');
  return normaliseAt(parsed, depth, options);
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
  options: Options,
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
      return normaliseAt(message, depth + 1, options);
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
        removed: [],
        ignored: [{ kind: 'other', eventName: 'UnsubscribeConfirmation' }],
      };
    default:
      return invalid(`unknown SNS message Type ${JSON.stringify(sns.Type)}`);
  }
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
