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

/** Copies a bad object under the quarantine prefix, its reason in metadata; the original stays put. */
export async function quarantineObject(store: ObjectStore, request: QuarantineRequest): Promise<string> {
  const target = quarantineKeyFor(request.key, request.quarantinePrefix);
  await store.copyObject(
    request.key,
    target,
    {
      'quarantine-reason': request.reason,
      // S3 metadata is ASCII-only: keep the message printable and short.
      'quarantine-message': request.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 512),
      'quarantined-at': new Date().toISOString(),
      'original-key': encodeURIComponent(request.key),
    },
    request.versionId,
  );
  return target;
}
