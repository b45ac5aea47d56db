// The embedded S3 server's front door: before a request reaches s3rver, find the bucket and key it
// names (path-style, or virtual-host style on *.s3*.amazonaws.com as s3rver does with vhostBuckets
// off), the copy source (header or query) and the multipart upload ids, the same way s3rver will read
// them, and refuse what the key policy or the store's file-system limits do not allow. Pure.
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

  const copySources = [
    ...[...query.entries()].filter(([k]) => k.toLowerCase() === 'x-amz-copy-source').map(([, v]) => v),
    ...[req.headers['x-amz-copy-source'] ?? []].flat(),
  ];
  if (copySources.length > 1) return invalidArgument('more than one x-amz-copy-source');
  if (copySources.length === 1) return copySourceRefusal(copySources[0]!, policy);
  return null;
}

/** s3rver reads x-amz-copy-source as decodeURI(value), then "bucket/key" with an optional leading "/". */
function copySourceRefusal(value: string, policy: FrontDoorPolicy): S3Refusal | null {
  let source: string;
  try {
    source = decodeURI(value);
  } catch {
    return invalidArgument('x-amz-copy-source is not valid percent-encoding');
  }
  if (source.startsWith('/')) source = source.slice(1);
  const slash = source.indexOf('/');
  if (slash < 0) return invalidArgument('x-amz-copy-source must be "bucket/key"');
  if (!policy.buckets.has(source.slice(0, slash))) return noSuchBucket();
  return keyRefusal(source.slice(slash + 1), policy.limits, 'copy source ');
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
