// When the embedded S3 server runs in the same process as the ingest worker (`npm start`), the worker reads
// an object straight from the server's files instead of a GET over loopback HTTP: the SDK's request
// building and signing, s3rver's Koa stack and the socket round trip cost several times the parse itself
// (bench/default-topology.ts). The paths come from the fenced store, so the bucket and key checks are the
// ones every HTTP request passes; the answer (bytes, ETag, size, type, errors) is what the GET would give.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { PermanentError } from '../errors/permanent-error.js';
import { TransientError } from '../errors/transient-error.js';
import { stripQuotes } from '../queue/object-version.js';
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

/**
 * Objects up to this size (and their metadata file) are read synchronously: a few syscalls on a local file
 * just written, tens of microseconds, where the ~8 thread-pool hops of an asynchronous read queued behind
 * each other and the scan's listing (8 ms a read in bench/default-topology.ts). Larger ones are read
 * asynchronously, so no object can hold the event loop for long.
 */
export const SYNC_READ_MAX_BYTES = 64 * 1024;

interface FileRead {
  bytes: Buffer;
  metadata: Record<string, string | undefined> | undefined;
  mtimeMs: number;
}

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
    let read: FileRead;
    try {
      read =
        readSmall(objectPath, metadataPath, maxBytes) ??
        (await readLarge(objectPath, metadataPath, maxBytes));
    } catch (error) {
      throw error instanceof PermanentError || error instanceof TransientError
        ? error
        : fileError(error, what);
    }
    const { bytes, metadata, mtimeMs } = read;
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
      // s3rver's Last-Modified is the file's mtime as an HTTP date: whole seconds.
      lastModified: new Date(Math.floor(mtimeMs / 1000) * 1000),
    };
  };
}

/** The whole read on the calling thread, when the object is small; undefined when it is not. */
function readSmall(objectPath: string, metadataPath: string, maxBytes: number): FileRead | undefined {
  const fd = openSync(objectPath, 'r');
  try {
    // The open descriptor pins one version: a PUT renames a new file into place, never rewrites this one.
    const { size, mtimeMs } = fstatSync(fd);
    checkSize(size, maxBytes);
    if (size > SYNC_READ_MAX_BYTES) return undefined;
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const n = readSync(fd, bytes, filled, size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    let metadata: FileRead['metadata'];
    try {
      metadata = parseMetadata(readFileSync(metadataPath, 'utf8'));
    } catch (error) {
      metadata = orNothing(error);
    }
    return { bytes: filled === size ? bytes : bytes.subarray(0, filled), metadata, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

async function readLarge(objectPath: string, metadataPath: string, maxBytes: number): Promise<FileRead> {
  const handle = await open(objectPath, 'r');
  try {
    const { size, mtimeMs } = await handle.stat();
    checkSize(size, maxBytes);
    const [bytes, metadata] = await Promise.all([
      handle.readFile(),
      readFile(metadataPath, 'utf8').then(parseMetadata, orNothing),
    ]);
    return { bytes, metadata, mtimeMs };
  } finally {
    await handle.close().catch(() => {});
  }
}

function checkSize(size: number, maxBytes: number): void {
  if (size > maxBytes)
    throw new PermanentError('too-large', `object is ${size} bytes, over the ${maxBytes}-byte limit`);
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
