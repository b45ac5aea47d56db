// The service's Redis key layout besides BullMQ's own (`<prefix>:<queue>:…`): every key starts with the
// queue prefix, so with a hash tag in QUEUE_PREFIX they all live in one slot of a Redis Cluster.

/** Where the duplicate index lives. */
export function dedupKeyPrefix(queuePrefix: string): string {
  return `${queuePrefix}:dedup:`;
}

/** One object version's ledger entry (a hash), by its job id. */
export function ledgerEntryKey(queuePrefix: string, jobId: string): string {
  return `${queuePrefix}:ledger:${jobId}`;
}

/** A key's fetched versions, by first-fetch time (a sorted set, bounded). */
export function keyVersionsKey(queuePrefix: string, bucket: string, key: string): string {
  return `${queuePrefix}:keyversions:${bucket}/${key}`;
}

/** The reconciling scan's settled chunk digests for one scanned prefix (a hash). */
export function scanDigestKey(queuePrefix: string, bucket: string, prefix: string): string {
  return `${queuePrefix}:scan-digest:${bucket}/${prefix}`;
}

/** The event archive's intake: `pending` (stream), `seen:<eventId>`, `batch` (manifest), `lock`. */
export function archiveKeyPrefix(queuePrefix: string): string {
  return `${queuePrefix}:archive:`;
}

/** One object key's lifecycle state (a JSON string; lifecycle/key-state.ts). */
export function keyStateKey(queuePrefix: string, bucket: string, key: string): string {
  return `${queuePrefix}:keystate:${bucket}/${key}`;
}

/** The bucket's keys with published documents (a sorted set, all scores 0: read by ZRANGEBYLEX). */
export function liveKeysKey(queuePrefix: string, bucket: string): string {
  return `${queuePrefix}:livekeys:${bucket}`;
}

/** The document of a canonical article (a string), so a duplicate of it can name the document. */
export function documentOfKey(queuePrefix: string, articleId: string): string {
  return `${queuePrefix}:docof:${articleId}`;
}
