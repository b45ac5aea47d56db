// Cuts the sorted listing into content-defined chunks and digests each one, so the reconciling scan can
// skip a chunk it already settled with one Redis field per chunk instead of one ledger look-up per key.
// A chunk ends after a key whose hash hits 1 in CHUNK_HASH_MODULUS (once the chunk holds MIN_CHUNK_KEYS),
// or at MAX_CHUNK_KEYS: boundaries depend on the keys themselves, not on their positions, so an inserted
// or deleted key changes only the chunk it falls in (fixed-size chunks would shift every later chunk).
// The bounds keep chunk counts near one per ~1,250 keys whatever the key names are (adversarial included).
import { createHash } from 'node:crypto';
import type { ListedObject } from '../s3/object-store.js';

export const MIN_CHUNK_KEYS = 250;
export const CHUNK_HASH_MODULUS = 1000;
export const MAX_CHUNK_KEYS = 4000;

export interface ListingChunk {
  /** Stable name: the chunk's last key (the boundary), or '' for the tail chunk ending the listing. */
  id: string;
  objects: ListedObject[];
  /** sha1 over every (key, etag, size) of the chunk, in order: any new, changed or deleted key changes it. */
  digest: string;
}

/** FNV-1a over the key's UTF-16 code units: cheap, deterministic, well spread for the boundary test. */
function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function isBoundary(key: string, keysInChunk: number): boolean {
  if (keysInChunk >= MAX_CHUNK_KEYS) return true;
  return keysInChunk >= MIN_CHUNK_KEYS && keyHash(key) % CHUNK_HASH_MODULUS === 0;
}

export function digestOf(objects: readonly ListedObject[]): string {
  const hash = createHash('sha1');
  for (const o of objects) hash.update(`${o.key}\0${o.etag ?? ''}\0${o.size ?? ''}\n`);
  return hash.digest('base64');
}

/** Groups a sorted listing into chunks as it streams (at most MAX_CHUNK_KEYS objects held). */
export async function* chunkListing(listing: AsyncIterable<ListedObject>): AsyncGenerator<ListingChunk> {
  let objects: ListedObject[] = [];
  for await (const object of listing) {
    objects.push(object);
    if (isBoundary(object.key, objects.length)) {
      yield { id: object.key, objects, digest: digestOf(objects) };
      objects = [];
    }
  }
  if (objects.length > 0) yield { id: '', objects, digest: digestOf(objects) };
}
