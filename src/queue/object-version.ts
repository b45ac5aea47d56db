// The job contract: one version of one object, as every trigger adapter hands it over (through the one
// normaliser, or the scan/replay listing) and as the ingest job carries it. Nothing converts it on the
// way: the enqueuer adds it as the job's data, the worker parses it back with this schema.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const objectVersionSchema = z.object({
  bucket: z.string().min(1),
  /** Decoded key, exactly as S3 stores it. */
  key: z.string().min(1),
  /** Only to fetch this exact version; the ledger knows a version by its ETag (see versionIdentity). */
  versionId: z.string().min(1).optional(),
  /** ETag without surrounding quotes. */
  etag: z.string().min(1).optional(),
  size: z.number().int().nonnegative().optional(),
  /** ISO-8601: when the trigger saw the write (the notification's eventTime, the listing's LastModified). */
  eventTime: z.string().optional(),
  /** S3's per-key ordering token (hex), when the trigger has one. */
  sequencer: z.string().optional(),
  /** Which adapter saw it: embedded, webhook, sqs, scan, replay, upload. */
  trigger: z.string().min(1),
});

export type ObjectVersion = z.infer<typeof objectVersionSchema>;

/** The fields a version's identity is made of. */
export type VersionIdentityFields = Pick<ObjectVersion, 'bucket' | 'key'> & {
  versionId?: string | undefined;
  etag?: string | undefined;
};

/**
 * One identity per version, in the ledger and as the ingest job id: the ETag when known (the scan, every
 * notification and the embedded server all have it, so they name one version alike), the versionId only
 * for a trigger without ETag, else "latest". Two versions with byte-identical content share an ETag and
 * so an identity: the second yields nothing new. (Article ids keep their own, older rule: ids.ts.)
 */
export function versionIdentity(version: VersionIdentityFields): string {
  if (version.etag) return `e:${stripQuotes(version.etag)}`;
  if (version.versionId && version.versionId !== 'null') return `v:${version.versionId}`;
  return 'latest';
}

export function stripQuotes(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"+|"+$/g, '');
}

/** sha256 (hex) of the parts, each ended by NUL: the one hash behind every deterministic id. */
export function idDigest(...parts: string[]): string {
  const h = createHash('sha256');
  for (const part of parts) h.update(part).update('\u0000');
  return h.digest('hex');
}

/** BullMQ job id (and ledger id) of one object version; BullMQ forbids ':' in custom ids. */
export function ingestJobId(version: VersionIdentityFields): string {
  return `obj-${idDigest('object', version.bucket, version.key, versionIdentity(version)).slice(0, 40)}`;
}

/** An ObjectVersion without absent or empty optional fields (the job data stays small and comparable). */
export function objectVersion(fields: {
  bucket: string;
  key: string;
  trigger: string;
  versionId?: string | undefined;
  etag?: string | undefined;
  size?: number | undefined;
  eventTime?: string | undefined;
  sequencer?: string | undefined;
}): ObjectVersion {
  const out: ObjectVersion = { bucket: fields.bucket, key: fields.key, trigger: fields.trigger };
  // "null" is what versioning-suspended buckets report; it names no version.
  if (fields.versionId && fields.versionId !== 'null') out.versionId = fields.versionId;
  const etag = fields.etag ? stripQuotes(fields.etag) : '';
  if (etag) out.etag = etag;
  if (fields.size !== undefined) out.size = fields.size;
  if (fields.eventTime) out.eventTime = fields.eventTime;
  if (fields.sequencer) out.sequencer = fields.sequencer;
  return out;
}
