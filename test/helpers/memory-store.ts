// An in-memory ObjectStore for unit tests of the worker: objects by key (the latest version) and by
// versionId, ETags as S3 computes them for a single-part upload, and S3's answers as the real store
// classifies them (gone, superseded, too-large). `failNextGet` injects one failure.
import { createHash } from 'node:crypto';
import { PermanentError } from '../../src/errors/permanent-error.js';
import type { ListedObject, ObjectStore, StoredObject } from '../../src/s3/object-store.js';

interface Stored extends StoredObject {
  key: string;
  lastModified: Date;
  metadata?: Record<string, string>;
}

export interface MemoryStore extends ObjectStore {
  /** Writes a version of `key` (a new versionId when `versioned`) and returns what a PUT answers. */
  put(
    key: string,
    body: string | Uint8Array,
    options?: { contentType?: string; contentEncoding?: string },
  ): { etag: string; versionId: string | undefined };
  delete(key: string): void;
  /** The store's clock, one second on: a time after every write so far (e.g. a removal's). */
  now(): Date;
  /** Every object written, quarantine copies included. */
  objects: Map<string, Stored>;
  gets: number;
  failNextGet(error: Error): void;
}

export function memoryStore(bucket = 'news-raw', options: { versioned?: boolean } = {}): MemoryStore {
  const objects = new Map<string, Stored>();
  const byVersion = new Map<string, Stored>();
  let nextFailure: Error | null = null;
  let versions = 0;
  // Strictly increasing write times, like distinct LastModified values of a key's versions.
  let clock = Date.parse('2026-11-30T08:00:00.000Z');
  const tick = () => {
    clock += 1000;
    return new Date(clock);
  };
  const write = (key: string, bytes: Uint8Array, contentType?: string, contentEncoding?: string) => {
    const etag = createHash('md5').update(bytes).digest('hex');
    const versionId = options.versioned ? `v${++versions}` : undefined;
    const object: Stored = {
      key,
      bytes,
      etag,
      versionId,
      size: bytes.byteLength,
      contentType,
      contentEncoding,
      lastModified: tick(),
    };
    objects.set(key, object);
    if (versionId) byVersion.set(versionId, object);
    return object;
  };
  const store: MemoryStore = {
    bucket,
    objects,
    gets: 0,
    put(key, body, o = {}) {
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      const object = write(key, bytes, o.contentType, o.contentEncoding);
      return { etag: object.etag, versionId: object.versionId };
    },
    delete(key) {
      objects.delete(key);
    },
    now: () => tick(),
    failNextGet(error) {
      nextFailure = error;
    },
    async getObject({ key, versionId, etag, maxBytes }) {
      store.gets++;
      if (nextFailure) {
        const error = nextFailure;
        nextFailure = null;
        throw error;
      }
      const object = versionId ? byVersion.get(versionId) : objects.get(key);
      if (!object || object.key !== key) throw new PermanentError('gone', `get ${key}: NoSuchKey`);
      if (object.size > maxBytes)
        throw new PermanentError(
          'too-large',
          `object is ${object.size} bytes, over the ${maxBytes}-byte limit`,
        );
      if (!versionId && etag && etag !== object.etag)
        throw new PermanentError('superseded', `get ${key}: the object now holds a newer version`);
      const { key: _key, metadata: _m, ...stored } = object;
      return { ...stored, bytes: object.bytes.slice() };
    },
    async putObject(key, body, o = {}) {
      if (typeof body !== 'string' && !(body instanceof Uint8Array)) throw new Error('streams are not kept');
      const object = write(
        key,
        typeof body === 'string' ? new TextEncoder().encode(body) : body,
        o.contentType,
      );
      if (o.metadata) object.metadata = o.metadata;
      return { etag: object.etag };
    },
    async copyObject(fromKey, toKey, metadata, fromVersionId) {
      const from = fromVersionId ? byVersion.get(fromVersionId) : objects.get(fromKey);
      if (!from) throw new PermanentError('gone', `copy ${fromKey}: NoSuchKey`);
      write(toKey, from.bytes, from.contentType).metadata = metadata;
    },
    async *list(prefix, o = {}): AsyncGenerator<ListedObject> {
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      for (const key of keys) {
        if (o.startAfter !== undefined && key <= o.startAfter) continue;
        const object = objects.get(key)!;
        yield { key, etag: object.etag, size: object.size, lastModified: object.lastModified };
      }
    },
    async headObject(key) {
      const object = objects.get(key);
      return object ? { etag: object.etag, versionId: object.versionId } : null;
    },
    ping: async () => {},
  };
  return store;
}
