// Amplification limits (what one object or notification may cost) and the dedup policy.
import { z } from 'zod';
import {
  DEFAULT_MAX_COMPRESSION_RATIO,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
} from '../pipeline/decompression-limits.js';
import { duration, positiveInt } from './fields.js';

export const limitsEnv = z.object({
  MAX_OBJECT_BYTES: positiveInt(20 * 1024 * 1024),
  MAX_ARTICLE_CHARS: positiveInt(500_000),
  /** A container (JSON Lines) with more articles is quarantined whole as too-many-articles. */
  MAX_ARTICLES_PER_OBJECT: positiveInt(1000),
  /** A compressed object (gzip, Brotli, all entries of a zip) inflating past this is quarantined too-large. */
  MAX_DECOMPRESSED_BYTES: positiveInt(DEFAULT_MAX_DECOMPRESSED_BYTES),
  /** Decompressed / compressed bytes beyond which an object is a bomb (checked past 1 MiB of output). */
  MAX_COMPRESSION_RATIO: positiveInt(DEFAULT_MAX_COMPRESSION_RATIO),
  /** A webhook/SNS/SQS notification with more S3 records is refused (413) or dropped; S3 sends one. */
  MAX_RECORDS_PER_NOTIFICATION: positiveInt(100),
  DEDUP_POLICY: z.enum(['publish', 'drop', 'link']).default('publish'),
  /** 0 keeps index entries forever. */
  DEDUP_RETENTION: duration('0'),
});
type LimitsEnv = z.infer<typeof limitsEnv>;

export interface LimitsConfig {
  maxObjectBytes: number;
  maxArticleChars: number;
  maxArticlesPerObject: number;
  maxRecordsPerNotification: number;
  maxDecompressedBytes: number;
  maxCompressionRatio: number;
}

export interface DedupConfig {
  policy: 'publish' | 'drop' | 'link';
  retentionMs: number;
}

export function limitsConfig(e: LimitsEnv): LimitsConfig {
  return {
    maxObjectBytes: e.MAX_OBJECT_BYTES,
    maxArticleChars: e.MAX_ARTICLE_CHARS,
    maxArticlesPerObject: e.MAX_ARTICLES_PER_OBJECT,
    maxRecordsPerNotification: e.MAX_RECORDS_PER_NOTIFICATION,
    maxDecompressedBytes: e.MAX_DECOMPRESSED_BYTES,
    maxCompressionRatio: e.MAX_COMPRESSION_RATIO,
  };
}

export function dedupConfig(e: LimitsEnv): DedupConfig {
  return { policy: e.DEDUP_POLICY, retentionMs: e.DEDUP_RETENTION };
}
