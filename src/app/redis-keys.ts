/** Where the duplicate index lives: under the queue prefix, so it shares its hash tag on Redis Cluster. */
export function dedupKeyPrefix(queuePrefix: string): string {
  return `${queuePrefix}:dedup:`;
}
