import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientSettings {
  endpoint: string | undefined;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export function createS3Client(settings: S3ClientSettings): S3Client {
  return new S3Client({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    forcePathStyle: settings.forcePathStyle,
    // Checksums only where S3 requires them: S3-compatible servers (MinIO releases, s3rver) differ in
    // their support for the streaming checksum trailers the SDK would otherwise send on every PUT.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Our own retry policy (BullMQ backoff) decides; keep the SDK's short.
    maxAttempts: 2,
  });
}
