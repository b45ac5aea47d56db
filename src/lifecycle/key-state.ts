// What the producer remembers per object key to turn versions into a document lifecycle: the order of the
// version (or deletion) applied last and the documents it published. One small record per live key; after
// a takedown a tombstone (no documents) that expires, so a late older version stays deleted meanwhile.
import { createHash } from 'node:crypto';

export interface PublishedDocument {
  /** Position within the object (within the zip entry `e`). */
  p: number;
  e?: string;
  /** The article id subscribers hold for this document (what an update supersedes). */
  a: string;
  /** Hash of its normalised body: an unchanged re-upload publishes nothing. */
  h: string;
  /**
   * This document's article ids in the duplicate index, newest first (at most MAX_INDEXED_IDS): a new
   * version is never judged a duplicate of its own earlier versions.
   */
  i: string[];
}

export interface KeyState {
  /** versionOrder of the version, or deletion, applied last (events/version-order.ts). */
  order: string;
  etag?: string;
  versionId?: string;
  /** Published documents; empty in a tombstone. */
  docs: PublishedDocument[];
  deleted?: true;
}

export const MAX_INDEXED_IDS = 4;

/** The port: per-key states, the live-key set the scan reads, and canonical article → document. */
export interface KeyStates {
  get(bucket: string, key: string): Promise<KeyState | null>;
  /**
   * Writes the state unless one with a higher order was written meanwhile (false then). A live state
   * joins the live-key set; a tombstone leaves it and expires. `canonicals`: [articleId, documentId] of
   * articles newly indexed as canonicals, so duplicates of them can name their document.
   */
  put(bucket: string, key: string, state: KeyState, canonicals?: Array<[string, string]>): Promise<boolean>;
  /** The document of a canonical article, when known. */
  documentOf(articleId: string): Promise<string | null>;
  /** Live (published, not deleted) keys after `after` (exclusive; null: from the start) up to `upTo` (inclusive; null: to the end), in byte order. */
  liveKeys(bucket: string, after: string | null, upTo: string | null): AsyncGenerator<string>;
}

/** A document's body fingerprint for "unchanged": sha256 of its normalised body, 16 hex digits. */
export function bodyHash(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/** Whether a version of order `order` (and ETag `etag`) is older than what the key's state holds. */
export function isStale(state: KeyState | null, order: string, etag: string | undefined): boolean {
  if (!state) return false;
  // The same version again (a lost ledger entry, a scan after a notification): not stale, just unchanged.
  if (!state.deleted && etag !== undefined && state.etag === etag) return false;
  return state.order > order;
}

export function sameDocument(doc: PublishedDocument, position: number, entry: string | undefined): boolean {
  return doc.p === position && doc.e === entry;
}
