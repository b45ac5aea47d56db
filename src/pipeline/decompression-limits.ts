// The caps on decompression (no imports: the config loader reads the defaults from here).

export interface DecompressionLimits {
  /** MAX_DECOMPRESSED_BYTES: most bytes one object (all entries of an archive together) may inflate to. */
  maxDecompressedBytes: number;
  /** Most bytes one archive entry may inflate to (MAX_OBJECT_BYTES: no larger than a plain object). */
  maxEntryBytes: number;
  /** MAX_COMPRESSION_RATIO: decompressed / compressed bytes, checked beyond RATIO_FLOOR_BYTES of output. */
  maxRatio: number;
  /** Most entries (directories and skipped files included) an archive may list. */
  maxEntries: number;
}

/** Default of MAX_DECOMPRESSED_BYTES: what MAX_OBJECT_BYTES allows a plain object, so memory per job stays the same. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 20 * 1024 * 1024;
/** Default of MAX_COMPRESSION_RATIO: text compresses 3-10:1; 100:1 past 1 MiB is a bomb's shape. */
export const DEFAULT_MAX_COMPRESSION_RATIO = 100;
/** Below this much output the ratio is not checked: a small, very repetitive text is not a bomb. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

export interface LimitSettings {
  maxObjectBytes: number;
  maxArticlesPerObject: number;
  maxDecompressedBytes?: number | undefined;
  maxCompressionRatio?: number | undefined;
}

export function decompressionLimits(settings: LimitSettings): DecompressionLimits {
  return {
    maxDecompressedBytes: settings.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
    maxEntryBytes: settings.maxObjectBytes,
    maxRatio: settings.maxCompressionRatio ?? DEFAULT_MAX_COMPRESSION_RATIO,
    // Directories and skipped entries count too, so the walk of the directory stays bounded.
    maxEntries: 2 * settings.maxArticlesPerObject,
  };
}

/** For the offline commands (parse, dedup), which read no configuration. */
export const DEFAULT_DECOMPRESSION_LIMITS = decompressionLimits({
  maxObjectBytes: 20 * 1024 * 1024,
  maxArticlesPerObject: 1000,
});
