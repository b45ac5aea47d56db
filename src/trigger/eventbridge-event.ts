// EventBridge events (source "aws.s3"). Their object.key is the plain key, NOT form-encoded.
import { z } from 'zod';
import { objectVersion } from '../queue/object-version.js';
import {
  firstIssue,
  invalid,
  isRecord,
  optionalSize,
  optionalString,
  toIsoTime,
} from './notification-fields.js';
import type { IgnoredKind, NormalisedNotification, NormaliseOptions } from './notification-types.js';

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

export function isEventBridgeEvent(payload: Record<string, unknown>): boolean {
  return typeof payload['detail-type'] === 'string' && typeof payload.source === 'string';
}

export function normaliseEventBridge(
  payload: Record<string, unknown>,
  options: NormaliseOptions,
): NormalisedNotification {
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
      objectVersion({
        bucket: bucket.name,
        key: object.key,
        versionId: object['version-id'],
        etag: object.etag,
        size: object.size,
        eventTime: toIsoTime(event.time),
        sequencer: object.sequencer,
        trigger: options.trigger,
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
