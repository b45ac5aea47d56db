import { S3Client } from '@aws-sdk/client-s3';
import type { S3Credentials } from '../config/load-config.js';
import { takeSdkNodeVersionNotice } from './sdk-node-warning.js';

export interface S3ClientSettings {
  endpoint: string | undefined;
  region: string;
  /** Undefined: the SDK's default credential chain (env, profile, IRSA/web identity, Pod Identity, IMDS). */
  credentials: S3Credentials | undefined;
  forcePathStyle: boolean;
}

export function createS3Client(settings: S3ClientSettings): S3Client {
  takeSdkNodeVersionNotice(); // entry points log it once (see sdk-node-warning.ts)
  return new S3Client({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    region: settings.region,
    ...(settings.credentials ? { credentials: { ...settings.credentials } } : {}),
    forcePathStyle: settings.forcePathStyle,
    // Checksums only where S3 requires them: S3-compatible servers (MinIO releases, s3rver) differ in
    // their support for the streaming checksum trailers the SDK would otherwise send on every PUT.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Our own retry policy (BullMQ backoff) decides; keep the SDK's short.
    maxAttempts: 2,
  });
}
