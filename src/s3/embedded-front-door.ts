// The embedded S3 server's front door: before a request reaches s3rver, find the bucket and key it
// names (path-style, or virtual-host style on *.s3*.amazonaws.com as s3rver does with vhostBuckets
// off), the copy source (header or query) and the multipart upload ids, the same way s3rver will read
// them, and refuse what the key policy or the store's file-system limits do not allow. Pure.
// A copy source is read as S3 reads it (URL-decoded) and handed to s3rver re-spelled for its own
// decodeURI, so keys with "&", "+" or "?" copy (quarantine) correctly.
// Keys that arrive in bodies (multi-object delete, browser form POST) are checked by the store fence
// (embedded-store.ts), the second line that every file path goes through.
import { checkObjectKey, type KeyLimits, type KeyRejectionReason } from '../keys/object-key.js';

export interface FrontDoorRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export interface S3Refusal {
  status: number;
  code: string;
  message: string;
  /** Set when a key was refused by the key policy (for the rejected-keys metric). */
  reason?: KeyRejectionReason;
}

export interface FrontDoorPolicy {
  buckets: ReadonlySet<string>;
  limits: KeyLimits;
}

const VHOST = /^(?:(.+)\.)?s3(-website)?([-.].+)?\.amazonaws\.com$/;
const UPLOAD_ID = /^[0-9a-f]{32}$/; // s3rver's own ids: 16 random bytes in hex
const PART_NUMBER = /^[1-9][0-9]{0,4}$/;

export function embeddedRequestRefusal(req: FrontDoorRequest, policy: FrontDoorPolicy): S3Refusal | null {
  const target = req.url ?? '';
  // Origin-form only; s3rver's URL parser would turn "\" into "/" and cut at "#".
  if (!target.startsWith('/') || target.includes('#') || target.includes('\\'))
    return invalidUri('request target must be an origin-form path without "#" or "\\"');
  const queryAt = target.indexOf('?');
  const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1));

  const hostBucket = VHOST.exec(hostnameOf(req.headers.host))?.[1];
  let rawBucket: string;
  let rawKey: string | undefined;
  if (hostBucket !== undefined) {
    rawBucket = hostBucket;
    rawKey = rawPath.length > 1 ? rawPath.slice(1) : undefined;
  } else {
    const slash = rawPath.indexOf('/', 1);
    rawBucket = slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash);
    rawKey = slash < 0 || slash === rawPath.length - 1 ? undefined : rawPath.slice(slash + 1);
  }

  if (rawBucket !== '') {
    const bucket = decode(rawBucket);
    if (bucket === null) return invalidUri('bucket is not valid percent-encoding');
    if (!policy.buckets.has(bucket)) return noSuchBucket();
  } else if (rawKey !== undefined) {
    return noSuchBucket();
  }

  if (rawKey !== undefined) {
    const key = decode(rawKey);
    if (key === null) return invalidUri('key is not valid percent-encoding');
    const refusal = keyRefusal(key, policy.limits);
    if (refusal) return refusal;
  }

  for (const name of ['uploadId', 'partNumber']) {
    const values = query.getAll(name);
    if (values.length === 0) continue;
    const pattern = name === 'uploadId' ? UPLOAD_ID : PART_NUMBER;
    if (
      values.length > 1 ||
      !pattern.test(values[0]!) ||
      (name === 'partNumber' && Number(values[0]) > 10_000)
    )
      return invalidArgument(`${name} is not valid`);
  }

  if ([...query.keys()].some((k) => k.toLowerCase() === 'x-amz-copy-source'))
    return invalidArgument('x-amz-copy-source must be sent as a header');
  const header = req.headers['x-amz-copy-source'];
  if (Array.isArray(header)) return invalidArgument('more than one x-amz-copy-source');
  if (header !== undefined) {
    const source = parseCopySource(header);
    if (!source) return invalidArgument('x-amz-copy-source must be "bucket/key", URL-encoded');
    if (!policy.buckets.has(source.bucket)) return noSuchBucket();
    return keyRefusal(source.key, policy.limits, 'copy source ');
  }
  return null;
}

/**
 * x-amz-copy-source as S3 reads it: "[/]bucket/key[?versionId=…]", URL-encoded (a "?" in the key is
 * "%3F"). Null when it is not that shape.
 */
export function parseCopySource(value: string): { bucket: string; key: string } | null {
  const raw = value.split('?', 1)[0]!;
  const path = decode(raw.startsWith('/') ? raw.slice(1) : raw);
  if (path === null) return null;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) return null;
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/**
 * The same copy source spelled for s3rver, which reads the header with decodeURI (not
 * decodeURIComponent): encodeURI leaves "&", "+", "?"… as they are, so s3rver sees the exact key.
 */
export function copySourceForS3rver(source: { bucket: string; key: string }): string {
  return `/${encodeURI(source.bucket)}/${encodeURI(source.key)}`;
}

function keyRefusal(key: string, limits: KeyLimits, what = ''): S3Refusal | null {
  const check = checkObjectKey(key, limits);
  if (check.ok) return null;
  const tooLong = check.reason === 'too-long' || check.reason === 'segment-too-long';
  return {
    status: 400,
    code: tooLong ? 'KeyTooLongError' : 'InvalidArgument',
    message: `${what}${check.message}`,
    reason: check.reason,
  };
}

/** Koa's ctx.hostname: the Host header without its port (IPv6 literals never match the vhost pattern). */
function hostnameOf(host: string | string[] | undefined): string {
  const value = Array.isArray(host) ? (host[0] ?? '') : (host ?? '');
  if (value.startsWith('[')) return value;
  const colon = value.indexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}

function decode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function invalidUri(message: string): S3Refusal {
  return { status: 400, code: 'InvalidURI', message };
}

function invalidArgument(message: string): S3Refusal {
  return { status: 400, code: 'InvalidArgument', message };
}

function noSuchBucket(): S3Refusal {
  return {
    status: 404,
    code: 'NoSuchBucket',
    message: 'The specified bucket does not exist (the embedded server serves only its configured buckets)',
  };
}

/** The S3 XML error document for a refusal. */
export function s3ErrorXml(refusal: S3Refusal): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${escapeXml(refusal.message)}</Message></Error>`;
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}
