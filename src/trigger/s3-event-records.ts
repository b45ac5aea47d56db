// S3 event notification records (AWS, MinIO and the embedded server share the shape): one ObjectVersion
// per created object, every other event named and counted as ignored.
import { z } from 'zod';
import { objectRemoval } from '../queue/object-removal.js';
import { objectVersion } from '../queue/object-version.js';
import { firstIssue, invalid, optionalSize, optionalString, toIsoTime } from './notification-fields.js';
import type { IgnoredKind, NormalisedNotification, NormaliseOptions } from './notification-types.js';

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

export function normaliseRecords(
  payload: Record<string, unknown>,
  maxRecords: number,
  options: NormaliseOptions,
): NormalisedNotification {
  // Counted before any record is read: a huge batch costs no parsing and plants no jobs.
  if (Array.isArray(payload.Records) && payload.Records.length > maxRecords)
    return { kind: 'too-many-records', records: payload.Records.length, limit: maxRecords };
  const envelope = recordsSchema.safeParse(payload);
  if (!envelope.success) return invalid(firstIssue(envelope.error));

  const result: Extract<NormalisedNotification, { kind: 'objects' }> = {
    kind: 'objects',
    objects: [],
    removed: [],
    ignored: [],
  };
  for (const [index, raw] of envelope.data.Records.entries()) {
    const parsed = s3RecordSchema.safeParse(raw);
    // One unreadable record rejects the body: real senders never mix, and a partial accept would
    // hide the problem behind a 200.
    if (!parsed.success) return invalid(`Records[${index}]: ${firstIssue(parsed.error)}`);
    const record = parsed.data;
    const kind = classifyS3EventName(record.eventName);
    const { object } = record.s3;
    const key = options.formEncodedKeys === false ? object.key : decodeS3EventKey(object.key);
    if (kind === 'delete') {
      result.removed.push(
        objectRemoval({
          bucket: record.s3.bucket.name,
          key,
          versionId: object.versionId,
          sequencer: object.sequencer,
          eventTime: toIsoTime(record.eventTime),
          // A DELETE without versionId on a versioned bucket leaves a delete marker: still a takedown.
          reason: record.eventName.endsWith(':DeleteMarkerCreated') ? 'delete-marker' : 'object-removed',
          trigger: options.trigger,
        }),
      );
      continue;
    }
    if (kind !== 'object') {
      result.ignored.push({ kind, eventName: record.eventName });
      continue;
    }
    result.objects.push(
      objectVersion({
        bucket: record.s3.bucket.name,
        key,
        versionId: object.versionId,
        etag: object.eTag,
        size: object.size,
        eventTime: toIsoTime(record.eventTime),
        sequencer: object.sequencer,
        trigger: options.trigger,
      }),
    );
  }
  return result;
}

/**
 * Maps an S3 event name to 'object' (created), 'delete' (ObjectRemoved:*, handed over as a removal) or
 * the reason it is ignored. AWS writes names without the
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
