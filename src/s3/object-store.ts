// The object store port the pipeline uses, and its S3 adapter. Errors are classified here, once:
// what S3 says about an object becomes a PermanentError or a TransientError.
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PermanentError } from '../errors/permanent-error.js';
import { TransientError } from '../errors/transient-error.js';
import { stripQuotes } from '../ids.js';

export interface StoredObject {
  bytes: Uint8Array;
  etag: string;
  versionId: string | undefined;
  size: number;
  contentType: string | undefined;
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
  putObject(
    key: string,
    body: Uint8Array | string,
    options?: { contentType?: string; metadata?: Record<string, string> },
  ): Promise<{ etag: string }>;
  copyObject(
    fromKey: string,
    toKey: string,
    metadata: Record<string, string>,
    fromVersionId?: string,
  ): Promise<void>;
  list(prefix: string, options?: { startAfter?: string }): AsyncGenerator<ListedObject>;
  ping(): Promise<void>;
}

export function createS3ObjectStore(client: S3Client, bucket: string): ObjectStore {
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
        return {
          bytes,
          etag: actualEtag,
          versionId: response.VersionId ?? undefined,
          size: bytes.byteLength,
          contentType: response.ContentType ?? undefined,
        };
      } catch (error) {
        throw classifyS3Error(error, `get ${key}`);
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
            Metadata: options.metadata,
          }),
        );
        return { etag: stripQuotes(out.ETag ?? '') };
      } catch (error) {
        throw classifyS3Error(error, `put ${key}`);
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
      } catch (error) {
        throw classifyS3Error(error, `copy ${fromKey} to ${toKey}`);
      }
    },
    async *list(prefix, options = {}) {
      let token: string | undefined;
      do {
        let page: ListObjectsV2CommandOutput;
        try {
          page = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ContinuationToken: token,
              StartAfter: token ? undefined : options.startAfter,
            }),
          );
        } catch (error) {
          throw classifyS3Error(error, `list ${prefix}`);
        }
        for (const item of page.Contents ?? []) {
          if (!item.Key) continue;
          yield {
            key: item.Key,
            etag: stripQuotes(item.ETag ?? ''),
            size: item.Size ?? 0,
            lastModified: item.LastModified,
          };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async ping() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        throw classifyS3Error(error, `head bucket ${bucket}`);
      }
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
const PERMANENT = new Set(['AccessDenied', 'InvalidObjectState', 'InvalidArgument', 'NoSuchBucket']);

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
  if (GONE.has(code) || status === 404) return new PermanentError('gone', message, { cause: error });
  if (code === 'PreconditionFailed' || status === 412) {
    // The key now holds a newer version; that version has (or will have) its own event.
    return new PermanentError('superseded', message, { cause: error });
  }
  if (PERMANENT.has(code) || status === 403)
    return new PermanentError('s3-refused', message, { cause: error });
  return new TransientError(message, { cause: error });
}
