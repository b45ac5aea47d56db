import type { ObjectStore } from '../s3/object-store.js';

export interface QuarantineRequest {
  key: string;
  versionId: string | undefined;
  reason: string;
  message: string;
  quarantinePrefix: string;
}

/** The quarantine key keeps the original key readable under the prefix. */
export function quarantineKeyFor(key: string, quarantinePrefix: string): string {
  return `${quarantinePrefix}${key}`;
}

/** Reasons whose object is not copied: a copy of an oversize object would double the disk it takes. */
const BY_REFERENCE = new Set(['too-large']);

/**
 * Records a bad object under the quarantine prefix, its reason in metadata; the original stays put.
 * Usually a copy; for an oversize object an empty marker that names the original (by reference).
 */
export async function quarantineObject(store: ObjectStore, request: QuarantineRequest): Promise<string> {
  const target = quarantineKeyFor(request.key, request.quarantinePrefix);
  const metadata = {
    'quarantine-reason': request.reason,
    // S3 metadata is ASCII-only: keep the message printable and short.
    'quarantine-message': request.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 512),
    'quarantined-at': new Date().toISOString(),
    'original-key': encodeURIComponent(request.key),
  };
  if (BY_REFERENCE.has(request.reason)) {
    await store.putObject(target, new Uint8Array(), {
      metadata: {
        ...metadata,
        'quarantined-by-reference': 'true',
        ...(request.versionId ? { 'original-version-id': request.versionId } : {}),
      },
    });
  } else {
    await store.copyObject(request.key, target, metadata, request.versionId);
  }
  return target;
}
