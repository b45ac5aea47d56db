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

/** The latest S3 sequencer processed for a key (a string). */
export function keySequencerKey(queuePrefix: string, bucket: string, key: string): string {
  return `${queuePrefix}:keyseq:${bucket}/${key}`;
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
