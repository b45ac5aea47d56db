// The embedded store (s3rver) keeps object `a/b/name` as files `a/b/name._S3rver_object`,
// `name._S3rver_object.md5` and `name._S3rver_metadata.json`, so a segment must leave room for the
// longest suffix within the file system's 255-byte NAME_MAX, and no segment may spell its suffixes.
import { DEFAULT_KEY_LIMITS, type KeyLimits } from '../keys/object-key.js';

/** Every file-name suffix s3rver adds to an object's last segment. */
export const EMBEDDED_STORE_SUFFIXES = [
  '._S3rver_object',
  '._S3rver_object.md5',
  '._S3rver_metadata.json',
  '._S3rver_tagging.xml',
] as const;

export const EMBEDDED_STORE_MARKER = '._S3rver_';

const NAME_MAX = 255;

export const EMBEDDED_STORE_KEY_LIMITS: KeyLimits = {
  maxKeyBytes: DEFAULT_KEY_LIMITS.maxKeyBytes,
  // 255 − 22 (._S3rver_metadata.json) = 233
  maxSegmentBytes: NAME_MAX - Math.max(...EMBEDDED_STORE_SUFFIXES.map((s) => Buffer.byteLength(s))),
  reservedSubstrings: [EMBEDDED_STORE_MARKER],
};
