// Deterministic identifiers: the same object version always yields the same job, article and event
// ids, so retries, re-deliveries and replays collapse onto what was already done.
import { idDigest as digest, stripQuotes, type VersionIdentityFields } from './queue/object-version.js';

/**
 * The version part of an article id: the versionId the read returned when the bucket is versioned, else
 * the ETag. Kept as it always was so existing articles keep their ids; the ledger and the ingest job name
 * a version by its ETag instead (queue/object-version.ts, versionIdentity).
 */
export function articleVersionToken(ref: VersionIdentityFields): string {
  if (ref.versionId && ref.versionId !== 'null') return `v:${ref.versionId}`;
  if (ref.etag) return `e:${stripQuotes(ref.etag)}`;
  return 'latest';
}

/**
 * The article at `position` within one object version; within a zip archive, at `position` within the
 * entry named `entry` (the same ids as before for objects that are not archives).
 */
export function articleIdFor(ref: VersionIdentityFields, position: number, entry?: string): string {
  const parts = ['article', ref.bucket, ref.key, articleVersionToken(ref), String(position)];
  if (entry !== undefined) parts.push('entry', entry);
  return `art-${digest(...parts).slice(0, 32)}`;
}

/**
 * The document an article is a version of: the same for every version of one (bucket, key, position[, zip
 * entry]), so a subscriber can replace what it holds when a corrected version of the object arrives.
 */
export function documentIdFor(
  object: { bucket: string; key: string },
  position: number,
  entry?: string,
): string {
  const parts = ['document', object.bucket, object.key, String(position)];
  if (entry !== undefined) parts.push('entry', entry);
  return `doc-${digest(...parts).slice(0, 32)}`;
}

/** One event per article: its id derives from the article id alone. */
export function eventIdFor(articleId: string): string {
  return `evt-${digest('event', articleId).slice(0, 32)}`;
}

/**
 * The one `article.deleted` event of a retracted article version: a retried or repeated delete (a
 * notification and the scan both noticing) never yields a second event.
 */
export function deletedEventIdFor(articleId: string): string {
  return `evt-${digest('event-deleted', articleId).slice(0, 32)}`;
}
