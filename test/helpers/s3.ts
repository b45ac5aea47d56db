// A real S3-protocol server for integration tests: S3_ENDPOINT when set; else the run's MinIO container
// when a Docker engine is reachable (started once per run by test/global-containers.ts); else the
// embedded s3rver on a random loopback port with its data in a temp dir. Each test gets its own bucket.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { createS3Client } from '../../src/s3/client.js';
import { type EmbeddedS3Server, startEmbeddedS3Server } from '../../src/s3/embedded-server.js';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  client: S3Client;
  accessKeyId: string;
  secretAccessKey: string;
  /** S3_ENDPOINT, S3_BUCKET and the keys, for a service configured against this server. */
  env: Record<string, string>;
  /** The embedded server, when the test runs against it (its notifications are in-process). */
  embedded: EmbeddedS3Server | null;
  close(): Promise<void>;
}

/** An external S3 server for this run: S3_ENDPOINT, or the run's MinIO container; '' for none. */
export function externalS3Endpoint(): string {
  return process.env.S3_ENDPOINT || inject('containerS3Endpoint') || '';
}

export async function startTestS3(label = 'test'): Promise<TestS3> {
  const bucket = `${label}-${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const accessKeyId = process.env.S3_ACCESS_KEY_ID ?? 'minioadmin';
  const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY ?? 'minioadmin';
  let endpoint = externalS3Endpoint() || undefined;
  let embedded: EmbeddedS3Server | null = null;
  let dir: string | null = null;
  if (!endpoint) {
    dir = mkdtempSync(join(tmpdir(), 'news-ingest-s3-'));
    embedded = await startEmbeddedS3Server({ port: 0, directory: dir, buckets: [bucket] });
    endpoint = embedded.endpoint;
  }
  const client = createS3Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    forcePathStyle: true,
  });
  if (!embedded) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    bucket,
    client,
    accessKeyId,
    secretAccessKey,
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
    },
    embedded,
    async close() {
      client.destroy();
      await embedded?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
