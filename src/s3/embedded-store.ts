// The store fence of the embedded S3 server: s3rver's FilesystemStore joins bucket names and keys
// into paths under DATA_DIR, writes objects with unhandled stream errors (a bad name took the whole
// process down) and lets one unreadable entry fail every listing. This subclass is the second line
// behind the front door: every path it touches comes from a configured bucket and a key the policy
// accepts, and is checked to stay inside the bucket's directory; writes go to a temporary file that is
// renamed into place only when complete (and removed on failure), so a failed write leaves the
// previous object as it was; listings skip entries they cannot read, logging each, so one broken file
// cannot break the scan.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkObjectKey, type KeyLimits, type KeyRejectionReason, keyForLog } from '../keys/object-key.js';
import type { Log } from '../observability/log.js';
import { EMBEDDED_STORE_MARKER } from './embedded-key-limits.js';

const require = createRequire(import.meta.url);

/** The subset of pino the fence logs through. */
interface S3ErrorClass {
  new (code: string, message: string, detail?: Record<string, string>): Error;
}

interface S3ObjectClass {
  new (bucket: string, key: string, content: unknown, metadata: Record<string, unknown>): unknown;
}

interface StoredObjectInput {
  bucket: string;
  key: string;
  content: NodeJS.ReadableStream | Buffer;
  metadata: Record<string, unknown>;
}

interface ListOptions {
  delimiter?: string;
  startAfter?: string;
  prefix?: string;
  maxKeys?: number;
}

interface FilesystemStoreBase {
  rootDirectory: string;
  getBucketPath(bucket: string): string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5?: string): Promise<void>;
  getBucket(bucket: string): Promise<unknown>;
  putBucket(bucket: string): Promise<unknown>;
  deleteBucket(bucket: string): Promise<unknown>;
  initiateUpload(bucket: string, key: string, uploadId: string, metadata: unknown): Promise<void>;
  putObjectMultipart(bucket: string, uploadId: string, parts: unknown[]): Promise<unknown>;
}

const OBJECT_SUFFIX = `${EMBEDDED_STORE_MARKER}object`;
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const PATH_MAX = 4095;

export interface FencedStoreOptions {
  directory: string;
  buckets: readonly string[];
  limits: KeyLimits;
  log: Pick<Log, 'warn'>;
  onKeyRejected?: (reason: KeyRejectionReason) => void;
}

/** A FilesystemStore for s3rver that cannot write outside its buckets or be broken by one entry. */
export function createFencedStore(options: FencedStoreOptions): unknown {
  const FilesystemStore = require('s3rver/lib/stores/filesystem.js') as new (
    root: string,
  ) => FilesystemStoreBase;
  const S3Error = require('s3rver/lib/models/error.js') as S3ErrorClass;
  const S3Object = require('s3rver/lib/models/object.js') as S3ObjectClass;
  const buckets = new Set(options.buckets);
  const { limits, log } = options;

  const assertBucket = (bucket: string) => {
    if (!buckets.has(bucket))
      throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
  };
  const assertKey = (key: string) => {
    const check = checkObjectKey(key, limits);
    if (check.ok) return;
    options.onKeyRejected?.(check.reason);
    const tooLong = check.reason === 'too-long' || check.reason === 'segment-too-long';
    throw new S3Error(tooLong ? 'KeyTooLongError' : 'InvalidArgument', check.message);
  };
  const assertUploadId = (uploadId: unknown) => {
    if (typeof uploadId !== 'string' || !UPLOAD_ID.test(uploadId))
      throw new S3Error('NoSuchUpload', 'The specified upload does not exist.');
  };

  class FencedFilesystemStore extends FilesystemStore {
    override getBucketPath(bucket: string): string {
      assertBucket(bucket);
      return super.getBucketPath(bucket);
    }

    override getResourcePath(bucket: string, key: string | undefined, resource: string): string {
      assertBucket(bucket);
      if (key) assertKey(key);
      const path = super.getResourcePath(bucket, key, resource);
      const bucketPath = resolve(this.rootDirectory, bucket);
      const resolved = resolve(path);
      if (!resolved.startsWith(bucketPath + sep))
        throw new S3Error('InvalidArgument', 'key resolves outside its bucket');
      if (Buffer.byteLength(resolved) > PATH_MAX)
        throw new S3Error('KeyTooLongError', 'key is too long for the embedded store');
      return path;
    }

    override async getBucket(bucket: string): Promise<unknown> {
      return buckets.has(bucket) ? super.getBucket(bucket) : null;
    }

    override async putBucket(bucket: string): Promise<unknown> {
      if (!buckets.has(bucket))
        throw new S3Error('AccessDenied', 'the embedded server serves only its configured buckets');
      return super.putBucket(bucket);
    }

    override async deleteBucket(_bucket: string): Promise<unknown> {
      throw new S3Error('AccessDenied', 'the embedded server keeps its configured buckets');
    }

    override async initiateUpload(bucket: string, key: string, uploadId: string, metadata: unknown) {
      assertBucket(bucket);
      assertKey(key);
      assertUploadId(uploadId);
      return super.initiateUpload(bucket, key, uploadId, metadata);
    }

    async putPart(bucket: string, uploadId: string, partNumber: unknown, content: NodeJS.ReadableStream) {
      assertUploadId(uploadId);
      const part = Number(partNumber);
      if (!Number.isInteger(part) || part < 1 || part > 10_000)
        throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000');
      const partPath = join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(part));
      const md5 = await writeFileAtomically(partPath, content);
      await writeFile(`${partPath}.md5`, md5.md5);
      return md5;
    }

    override async putObjectMultipart(bucket: string, uploadId: string, parts: unknown[]) {
      assertUploadId(uploadId);
      return super.putObjectMultipart(bucket, uploadId, parts);
    }

    async putObject(object: StoredObjectInput): Promise<{ size: number; md5: string }> {
      const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
      const temp = `${objectPath.slice(0, -OBJECT_SUFFIX.length)}${EMBEDDED_STORE_MARKER}tmp-${randomBytes(3).toString('hex')}`;
      let written: { size: number; md5: string };
      try {
        written = await writeFileAtomically(temp, object.content, { rename: false });
        // A stale .md5 would give the new bytes the old ETag; without one, s3rver recomputes it.
        await rm(`${objectPath}.md5`, { force: true });
        await rename(temp, objectPath);
      } catch (error) {
        await rm(temp, { force: true }).catch(() => {});
        throw error;
      }
      await this.putMetadata(object.bucket, object.key, object.metadata, written.md5);
      return written;
    }

    /** Like s3rver's listing, but asynchronous, in S3's byte order, and tolerant of broken entries. */
    async listObjects(bucket: string, listOptions: ListOptions) {
      const {
        delimiter = '',
        startAfter = '',
        prefix = '',
        maxKeys = Number.POSITIVE_INFINITY,
      } = listOptions;
      const bucketPath = this.getBucketPath(bucket);
      const keys: string[] = [];
      const walk = async (dir: string, relative: string): Promise<void> => {
        let entries: import('node:fs').Dirent[];
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (error) {
          log.warn({ err: error, dir: relative }, 'embedded store: skipping an unreadable directory');
          return;
        }
        for (const entry of entries) {
          const name = entry.name;
          if (entry.isDirectory()) {
            if (name.includes(EMBEDDED_STORE_MARKER)) continue; // uploads in progress, not keys
            const sub = `${relative}${name}/`;
            if (!(sub.startsWith(prefix) || prefix.startsWith(sub))) continue;
            if (startAfter && byteCompare(sub, startAfter) < 0 && !startAfter.startsWith(sub)) continue;
            await walk(join(dir, name), sub);
          } else if (name.endsWith(OBJECT_SUFFIX)) {
            const key = `${relative}${name.slice(0, -OBJECT_SUFFIX.length)}`;
            if (!key.startsWith(prefix) || (startAfter && byteCompare(key, startAfter) <= 0)) continue;
            const check = checkObjectKey(key, limits);
            if (!check.ok) {
              log.warn(
                { key: keyForLog(key), reason: check.reason },
                'embedded store: skipping an entry whose key the policy refuses',
              );
              continue;
            }
            keys.push(key);
          }
        }
      };
      await walk(bucketPath, '');
      keys.sort(byteCompare);

      const commonPrefixes = new Set<string>();
      const page: string[] = [];
      let isTruncated = false;
      for (const key of keys) {
        const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
        if (at >= 0) {
          commonPrefixes.add(key.slice(0, at + delimiter.length));
          continue;
        }
        if (page.length >= maxKeys) {
          isTruncated = true;
          break;
        }
        page.push(key);
      }
      const objects: unknown[] = [];
      for (const key of page) {
        try {
          objects.push(new S3Object(bucket, key, null, await this.getMetadata(bucket, key)));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
            log.warn({ err: error, key: keyForLog(key) }, 'embedded store: skipping an unreadable entry');
        }
      }
      return { objects, commonPrefixes: [...commonPrefixes].sort(byteCompare), isTruncated };
    }
  }

  return new FencedFilesystemStore(options.directory);
}

/** Streams content to `path` (creating its directory), hashing it; rejects (never throws async) on error. */
async function writeFileAtomically(
  path: string,
  content: NodeJS.ReadableStream | Buffer,
  options: { rename?: boolean } = {},
): Promise<{ size: number; md5: string }> {
  await mkdir(dirname(path), { recursive: true });
  const target = options.rename === false ? path : `${path}${EMBEDDED_STORE_MARKER}tmp`;
  const hash = createHash('md5');
  let size = 0;
  const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
  try {
    await pipeline(
      source,
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      }),
      createWriteStream(target),
    );
    if (target !== path) await rename(target, path);
  } catch (error) {
    await rm(target, { force: true }).catch(() => {});
    throw error;
  }
  return { size, md5: hash.digest('hex') };
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
