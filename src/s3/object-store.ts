// The object store port the pipeline uses, and its S3 adapter. Errors are classified here, once:
// what S3 says about an object becomes a PermanentError or a TransientError.

import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PermanentError } from '../errors/permanent-error.js';
import { TransientError } from '../errors/transient-error.js';
import { stripQuotes } from '../queue/object-version.js';

export interface StoredObject {
  bytes: Uint8Array;
  etag: string;
  versionId: string | undefined;
  size: number;
  contentType: string | undefined;
  /** Content-Encoding the object was stored with (gzip, br), if any. */
  contentEncoding?: string | undefined;
  /** When this version was written (S3's LastModified): orders the versions of a key. */
  lastModified?: Date | undefined;
}

/** What HEAD says about the key's current version. */
export interface HeadedObject {
  etag: string;
  versionId: string | undefined;
}

export interface ListedObject {
  key: string;
  etag: string;
  size: number;
  lastModified: Date | undefined;
}

export interface GetObjectRequest {
  key: string;
  versionId?: string | undefined;
  /** Pin the read to this version of an unversioned object (If-Match). */
  etag?: string | undefined;
  /** Objects larger than this are refused before their body is read. */
  maxBytes: number;
}

export interface ObjectStore {
  readonly bucket: string;
  getObject(request: GetObjectRequest): Promise<StoredObject>;
  /** A stream body needs its `contentLength`; it is sent as it is read, never buffered whole. */
  putObject(
    key: string,
    body: Uint8Array | string | Readable,
    options?: {
      contentType?: string;
      contentLength?: number;
      metadata?: Record<string, string>;
      /** Cuts the request short: S3 stores nothing for an incomplete PUT. */
      abortSignal?: AbortSignal;
    },
  ): Promise<{ etag: string }>;
  copyObject(
    fromKey: string,
    toKey: string,
    metadata: Record<string, string>,
    fromVersionId?: string,
  ): Promise<void>;
  list(prefix: string, options?: { startAfter?: string }): AsyncGenerator<ListedObject>;
  /** The key's current version, or null when the key is gone (deleted, or a delete marker is current). */
  headObject(key: string): Promise<HeadedObject | null>;
  ping(): Promise<void>;
}

export interface ObjectStoreOptions {
  /** ping() lists one key under this prefix (what a prefix-scoped IAM policy allows) instead of HeadBucket. */
  probePrefix?: string;
}

export function createS3ObjectStore(
  client: S3Client,
  bucket: string,
  options: ObjectStoreOptions = {},
): ObjectStore {
  // The last configuration failure (403, no credentials, no bucket) of each operation, until that
  // operation next gets an answer: ping() reports them, so /readyz stays red while S3 refuses us.
  const refusals = new Map<string, TransientError>();
  const succeeded = (operation: string) => refusals.delete(operation);
  const failed = (operation: string, error: unknown, what: string): Error => {
    const classified = classifyS3Error(error, what);
    if (classified instanceof TransientError && classified.reason !== 'transient') {
      refusals.set(operation, classified);
    } else if (classified instanceof PermanentError) {
      succeeded(operation); // S3 answered about the object itself: our access works
    }
    return classified;
  };
  return {
    bucket,
    async getObject({ key, versionId, etag, maxBytes }) {
      try {
        // One round trip: the headers arrive before the body, so size and version are checked before
        // any byte of an oversize or superseded object is read.
        const response = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            VersionId: versionId,
            IfMatch: pinnedEtag(versionId, etag),
          }),
        );
        const size = response.ContentLength ?? 0;
        const actualEtag = stripQuotes(response.ETag ?? '');
        if (size > maxBytes) {
          discardBody(response.Body);
          throw new PermanentError('too-large', `object is ${size} bytes, over the ${maxBytes}-byte limit`);
        }
        // Servers that ignore If-Match (some S3 emulators) would hand back a newer version: check it here.
        if (!versionId && etag && actualEtag && actualEtag !== stripQuotes(etag)) {
          discardBody(response.Body);
          throw new PermanentError(
            'superseded',
            `get ${key}: the object now holds a newer version (ETag ${actualEtag})`,
          );
        }
        const bytes = response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
        succeeded('get');
        return {
          bytes,
          etag: actualEtag,
          versionId: response.VersionId ?? undefined,
          size: bytes.byteLength,
          contentType: response.ContentType ?? undefined,
          contentEncoding: response.ContentEncoding ?? undefined,
          lastModified: response.LastModified ?? undefined,
        };
      } catch (error) {
        throw failed('get', error, `get ${key}`);
      }
    },
    async putObject(key, body, options = {}) {
      try {
        const out = await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: options.contentType,
            ContentLength: options.contentLength,
            Metadata: options.metadata,
          }),
          options.abortSignal ? { abortSignal: options.abortSignal } : {},
        );
        succeeded('put');
        return { etag: stripQuotes(out.ETag ?? '') };
      } catch (error) {
        throw failed('put', error, `put ${key}`);
      }
    },
    async copyObject(fromKey, toKey, metadata, fromVersionId) {
      const source = `${bucket}/${encodeKeyForCopySource(fromKey)}${fromVersionId ? `?versionId=${encodeURIComponent(fromVersionId)}` : ''}`;
      try {
        await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: toKey,
            CopySource: source,
            Metadata: metadata,
            MetadataDirective: 'REPLACE',
          }),
        );
        succeeded('copy');
      } catch (error) {
        throw failed('copy', error, `copy ${fromKey} to ${toKey}`);
      }
    },
    async *list(prefix, options = {}) {
      // The SDK's paginator follows continuation tokens; errors are classified per page as everywhere else.
      const pages = paginateListObjectsV2(
        { client },
        { Bucket: bucket, Prefix: prefix, ...(options.startAfter ? { StartAfter: options.startAfter } : {}) },
      );
      const iterator = pages[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<ListObjectsV2CommandOutput>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw failed('list', error, `list ${prefix}`);
        }
        if (next.done) return;
        succeeded('list');
        for (const item of next.value.Contents ?? []) {
          if (!item.Key) continue;
          yield {
            key: item.Key,
            etag: stripQuotes(item.ETag ?? ''),
            size: item.Size ?? 0,
            lastModified: item.LastModified,
          };
        }
      }
    },
    async headObject(key) {
      try {
        const response = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        succeeded('head');
        return { etag: stripQuotes(response.ETag ?? ''), versionId: response.VersionId ?? undefined };
      } catch (error) {
        const classified = failed('head', error, `head ${key}`);
        // A HEAD has no body to name the error: a 404 (or a delete marker's 404/405) is "gone".
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (
          (classified instanceof PermanentError && classified.reason === 'gone') ||
          status === 404 ||
          status === 405
        )
          return null;
        throw classified;
      }
    },
    async ping() {
      const { probePrefix } = options;
      try {
        if (probePrefix === undefined) await client.send(new HeadBucketCommand({ Bucket: bucket }));
        else await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: probePrefix, MaxKeys: 1 }));
      } catch (error) {
        throw classifyS3Error(
          error,
          probePrefix === undefined ? `head bucket ${bucket}` : `list ${probePrefix}`,
        );
      }
      const [refused] = refusals.values();
      if (refused) throw refused;
    },
  };
}

/** Closes an unread response body so its connection is freed, not left half-read. */
function discardBody(body: unknown): void {
  const stream = body as { destroy?: () => void } | undefined;
  stream?.destroy?.();
}

function pinnedEtag(versionId: string | undefined, etag: string | undefined): string | undefined {
  return versionId || !etag ? undefined : `"${stripQuotes(etag)}"`;
}

/** CopySource is "bucket/key" with the key URL-encoded but its slashes kept. */
export function encodeKeyForCopySource(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

const GONE = new Set(['NoSuchKey', 'NotFound', 'NoSuchVersion']);
/** About this object only: retrying cannot help, and other objects are unaffected. */
const REFUSED = new Set(['InvalidObjectState', 'InvalidArgument', 'KeyTooLongError']);

/** Maps an S3 error to the retry decision it implies. */
export function classifyS3Error(error: unknown, what: string): Error {
  if (error instanceof PermanentError || error instanceof TransientError) return error;
  const e = error as {
    name?: string;
    Code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const code = e.Code ?? e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const message = `${what}: ${code}${e.message && e.message !== code ? ` (${e.message})` : ''}`;
  // Configuration failures first: they hit every object (a 403 from a missing IAM permission, no
  // credentials at all, a misnamed bucket's 404). Retried and alerted on, never a per-object skip.
  if (status === 403 || code === 'AccessDenied' || code === 'CredentialsProviderError') {
    return new TransientError(message, { cause: error, reason: 's3-access-denied' });
  }
  if (code === 'NoSuchBucket') {
    return new TransientError(message, { cause: error, reason: 's3-no-such-bucket' });
  }
  if (GONE.has(code) || status === 404) return new PermanentError('gone', message, { cause: error });
  if (code === 'PreconditionFailed' || status === 412) {
    // The key now holds a newer version; that version has (or will have) its own event.
    return new PermanentError('superseded', message, { cause: error });
  }
  if (REFUSED.has(code)) return new PermanentError('s3-refused', message, { cause: error });
  return new TransientError(message, { cause: error });
}
