// EventBridge events (source "aws.s3"). Their object.key is the plain key, NOT form-encoded.
import { z } from 'zod';
import { objectRemoval } from '../queue/object-removal.js';
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
  'deletion-type': optionalString,
});

/** 'delete' is not ignored: "Object Deleted" is handed over as a removal. */
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
  const kind = event.source === 'aws.s3' ? eventBridgeKind(detailType, event.detail) : 'other';
  if (kind !== 'object' && kind !== 'delete')
    return { kind: 'objects', objects: [], removed: [], ignored: [{ kind, eventName: detailType }] };
  const detail = eventBridgeObjectDetailSchema.safeParse(event.detail);
  if (!detail.success) return invalid(`EventBridge detail: ${firstIssue(detail.error)}`);
  const { bucket, object } = detail.data;
  if (kind === 'delete')
    return {
      kind: 'objects',
      objects: [],
      removed: [
        objectRemoval({
          bucket: bucket.name,
          key: object.key,
          versionId: object['version-id'],
          sequencer: object.sequencer,
          eventTime: toIsoTime(event.time),
          reason:
            detail.data['deletion-type'] === 'Delete Marker Created' ? 'delete-marker' : 'object-removed',
          trigger: options.trigger,
        }),
      ],
      ignored: [],
    };
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
    removed: [],
    ignored: [],
  };
}

function eventBridgeKind(detailType: string, detail: unknown): 'object' | IgnoredKind {
  if (detailType === 'Object Created') return 'object';
  // Lifecycle expirations arrive as "Object Deleted" with reason "Lifecycle Expiration".
  if (detailType === 'Object Deleted' && isRecord(detail) && detail.reason === 'Lifecycle Expiration') {
    return 'lifecycle';
  }
  return EVENTBRIDGE_IGNORED[detailType] ?? 'other';
}
