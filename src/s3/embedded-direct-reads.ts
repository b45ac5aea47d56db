// When the embedded S3 server runs in the same process as the ingest worker (`npm start`), the worker reads
// an object straight from the server's files instead of a GET over loopback HTTP: the SDK's request
// building and signing, s3rver's Koa stack and the socket round trip cost several times the parse itself
// (bench/default-topology.ts). The paths come from the fenced store, so the bucket and key checks are the
// ones every HTTP request passes; the answer (bytes, ETag, size, type, errors) is what the GET would give.
import { createHash } from 'node:crypto';
import { type FileHandle, open, readFile } from 'node:fs/promises';
import { PermanentError } from '../errors/permanent-error.js';
import { TransientError } from '../errors/transient-error.js';
import { stripQuotes } from '../ids.js';
import {
  classifyS3Error,
  type GetObjectRequest,
  type ObjectStore,
  type StoredObject,
} from './object-store.js';

/** The fenced store's path resolution: throws an S3 error (with `code`) for a bucket or key it refuses. */
export interface EmbeddedPaths {
  getResourcePath(bucket: string, key: string, resource: string): string;
}

export type ObjectReader = (request: GetObjectRequest) => Promise<StoredObject>;

/** s3rver answers a GET of an object stored without a type with this one. */
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

export function createEmbeddedObjectReader(paths: EmbeddedPaths, bucket: string): ObjectReader {
  return async ({ key, etag, maxBytes }) => {
    const what = `get ${key}`;
    let objectPath: string;
    let metadataPath: string;
    try {
      objectPath = paths.getResourcePath(bucket, key, 'object');
      metadataPath = paths.getResourcePath(bucket, key, 'metadata.json');
    } catch (error) {
      throw classifyS3Error(
        { Code: (error as { code?: string }).code, message: (error as Error).message },
        what,
      );
    }
    let handle: FileHandle;
    try {
      handle = await open(objectPath, 'r');
    } catch (error) {
      throw fileError(error, what);
    }
    try {
      // The open handle pins one version: a PUT renames a new file into place, never rewrites this one.
      const info = await handle.stat();
      if (info.size > maxBytes)
        throw new PermanentError(
          'too-large',
          `object is ${info.size} bytes, over the ${maxBytes}-byte limit`,
        );
      const [bytes, metadata] = await Promise.all([
        handle.readFile(),
        readFile(metadataPath, 'utf8').then(parseMetadata, orNothing),
      ]);
      // s3rver's ETag is the MD5 of the object's bytes, multipart uploads included (it stores them
      // joined). Computed from the bytes read, it cannot name another version, as the .md5 file may.
      const actualEtag = createHash('md5').update(bytes).digest('hex');
      if (etag && actualEtag !== stripQuotes(etag))
        throw new PermanentError(
          'superseded',
          `${what}: the object now holds a newer version (ETag ${actualEtag})`,
        );
      return {
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        etag: actualEtag,
        versionId: undefined,
        size: bytes.byteLength,
        contentType: metadata?.['content-type'] ?? DEFAULT_CONTENT_TYPE,
        contentEncoding: metadata?.['content-encoding'],
        // Whole seconds, as the GET's Last-Modified header has it.
        lastModified: new Date(Math.floor(info.mtimeMs / 1000) * 1000),
      };
    } catch (error) {
      throw error instanceof PermanentError || error instanceof TransientError
        ? error
        : fileError(error, what);
    } finally {
      await handle.close().catch(() => {});
    }
  };
}

/** The store with getObject served from the embedded server's files (versioned reads keep the S3 path). */
export function withDirectReads(store: ObjectStore, read: ObjectReader): ObjectStore {
  return { ...store, getObject: (request) => (request.versionId ? store.getObject(request) : read(request)) };
}

function parseMetadata(text: string): Record<string, string | undefined> {
  const parsed: unknown = JSON.parse(text);
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, string | undefined>) : {};
}

function orNothing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}

function fileError(error: unknown, what: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new PermanentError('gone', `${what}: NoSuchKey`, { cause: error });
  return new TransientError(`${what}: ${(error as Error).message}`, { cause: error });
}
