// The removal job's contract: an object key that a trigger says is gone (an S3/MinIO ObjectRemoved:*
// notification, EventBridge "Object Deleted", the embedded server's delete, or the reconciling scan not
// listing a key it published). The worker checks the key before it retracts anything (process-removal.ts).
import { z } from 'zod';
import { idDigest } from './object-version.js';

export const deletionReasons = ['object-removed', 'delete-marker', 'scan-missing'] as const;
export type DeletionReason = (typeof deletionReasons)[number];

export const objectRemovalSchema = z.object({
  bucket: z.string().min(1),
  /** Decoded key. */
  key: z.string().min(1),
  /** The version removed (a versioned bucket's DELETE of one version), or the delete marker's id. */
  versionId: z.string().min(1).optional(),
  sequencer: z.string().optional(),
  /** ISO-8601: when the removal happened (the notification's eventTime, or when the scan noticed). */
  eventTime: z.string(),
  reason: z.enum(deletionReasons),
  trigger: z.string().min(1),
});

export type ObjectRemoval = z.infer<typeof objectRemovalSchema>;

/** BullMQ job names on the ingest queue. */
export const OBJECT_JOB = 'object';
export const REMOVAL_JOB = 'removal';

/** Removal job ids start with this (ingest job ids with `obj-`). */
export const REMOVAL_JOB_PREFIX = 'del-';

/** One job per removal as the trigger named it: a re-delivered notification adds no second job. */
export function removalJobId(removal: ObjectRemoval): string {
  const digest = idDigest(
    'removal',
    removal.bucket,
    removal.key,
    removal.versionId ?? '',
    removal.sequencer ?? '',
    removal.eventTime,
  );
  return `${REMOVAL_JOB_PREFIX}${digest.slice(0, 40)}`;
}

/** An ObjectRemoval without absent optional fields; an unreadable or absent time becomes `now`. */
export function objectRemoval(fields: {
  bucket: string;
  key: string;
  reason: DeletionReason;
  trigger: string;
  versionId?: string | undefined;
  sequencer?: string | undefined;
  eventTime?: string | undefined;
  now?: () => Date;
}): ObjectRemoval {
  const out: ObjectRemoval = {
    bucket: fields.bucket,
    key: fields.key,
    eventTime: fields.eventTime ?? (fields.now ?? (() => new Date()))().toISOString(),
    reason: fields.reason,
    trigger: fields.trigger,
  };
  if (fields.versionId && fields.versionId !== 'null') out.versionId = fields.versionId;
  if (fields.sequencer) out.sequencer = fields.sequencer;
  return out;
}
