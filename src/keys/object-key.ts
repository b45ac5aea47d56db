// The one object-key policy. Every way a key enters the service (PUT /v1/raw, the webhook, SQS, the
// reconciling scan, the embedded S3 server and its notifications, `news-ingest upload`) asks
// checkObjectKey before the key reaches a store, a queue or a file system. Pure: no I/O.

export const KEY_REJECTION_REASONS = [
  'empty',
  'invalid-unicode',
  'control-character',
  'backslash',
  'too-long',
  'leading-slash',
  'trailing-slash',
  'empty-segment',
  'dot-segment',
  'segment-too-long',
  'reserved-name',
  'not-nfc',
] as const;

export type KeyRejectionReason = (typeof KEY_REJECTION_REASONS)[number];

export interface KeyLimits {
  /** Whole key, UTF-8 bytes. */
  maxKeyBytes: number;
  /** Each `/`-separated segment, UTF-8 bytes. */
  maxSegmentBytes: number;
  /** Substrings no segment may contain (a store's own file names). */
  reservedSubstrings: readonly string[];
}

/**
 * 900 bytes leaves room for the quarantine prefix under S3's 1,024-byte key limit; 255 bytes per
 * segment is NAME_MAX of common file systems, which file-backed stores (MinIO, s3rver) map segments to.
 */
export const DEFAULT_KEY_LIMITS: KeyLimits = {
  maxKeyBytes: 900,
  maxSegmentBytes: 255,
  reservedSubstrings: [],
};

export type KeyCheck = { ok: true; key: string } | { ok: false; reason: KeyRejectionReason; message: string };

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function checkObjectKey(key: string, limits: KeyLimits = DEFAULT_KEY_LIMITS): KeyCheck {
  if (key.length === 0) return refuse('empty', 'key is empty');
  // Lone surrogates cannot be encoded as UTF-8: S3 would store U+FFFD, another key than the one named.
  if (!isWellFormed(key)) return refuse('invalid-unicode', 'key is not valid Unicode (lone surrogate)');
  if (CONTROL.test(key)) return refuse('control-character', 'key contains a control character');
  if (key.includes('\\')) return refuse('backslash', 'key contains a backslash');
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > limits.maxKeyBytes)
    return refuse('too-long', `key is ${bytes} bytes, over the ${limits.maxKeyBytes}-byte limit`);
  if (key.startsWith('/')) return refuse('leading-slash', 'key must not start with "/"');
  if (key.endsWith('/'))
    return refuse('trailing-slash', 'key ends with "/": it names a folder, not an object');
  for (const segment of key.split('/')) {
    if (segment === '') return refuse('empty-segment', 'key has an empty segment ("//")');
    if (segment === '.' || segment === '..')
      return refuse('dot-segment', 'key must not contain "." or ".." segments');
    const segmentBytes = Buffer.byteLength(segment, 'utf8');
    if (segmentBytes > limits.maxSegmentBytes)
      return refuse(
        'segment-too-long',
        `a key segment is ${segmentBytes} bytes, over the ${limits.maxSegmentBytes}-byte limit per segment`,
      );
    const reserved = limits.reservedSubstrings.find((r) => segment.includes(r));
    if (reserved) return refuse('reserved-name', `key segments must not contain "${reserved}"`);
  }
  // One spelling per name: a decomposed "é" and a composed one would be two keys that look the same.
  if (key.normalize('NFC') !== key) return refuse('not-nfc', 'key is not in Unicode normal form C (NFC)');
  return { ok: true, key };
}

/** A bounded, printable excerpt of a key for logs (a hostile key may be long or unprintable). */
export function keyForLog(key: string): string {
  const printable = key.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return printable.length > 200 ? `${printable.slice(0, 200)}…(${printable.length} chars)` : printable;
}

function refuse(reason: KeyRejectionReason, message: string): KeyCheck {
  return { ok: false, reason, message };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/**
 * Whether two key prefixes of one bucket share keys (one contains the other). The service's own writes
 * (quarantine copies, the event archive) must never land under the raw prefix, where they would be ingested.
 */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}
