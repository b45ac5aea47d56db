// A real S3-protocol server for integration tests: S3_ENDPOINT when set; else MinIO via
// testcontainers when a Docker engine is reachable; else the embedded s3rver on a random loopback
// port with its data in a temp dir. Each test gets its own bucket.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/s3/client.js';
import { type EmbeddedS3Server, startEmbeddedS3Server } from '../../src/s3/embedded-server.js';
import { dockerAvailable } from './docker.js';

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

let minio: Promise<{ endpoint: string }> | null = null;

export async function startTestS3(label = 'test'): Promise<TestS3> {
  const bucket = `${label}-${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const accessKeyId = process.env.S3_ACCESS_KEY_ID ?? 'minioadmin';
  const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY ?? 'minioadmin';
  let endpoint = process.env.S3_ENDPOINT;
  let embedded: EmbeddedS3Server | null = null;
  let dir: string | null = null;
  if (!endpoint && (await dockerAvailable())) {
    minio ??= (async () => {
      const { GenericContainer, Wait } = await import('testcontainers');
      const container = await new GenericContainer('minio/minio:latest')
        .withCommand(['server', '/data'])
        .withExposedPorts(9000)
        .withWaitStrategy(Wait.forHttp('/minio/health/live', 9000))
        .start();
      return { endpoint: `http://${container.getHost()}:${container.getMappedPort(9000)}` };
    })();
    endpoint = (await minio).endpoint;
  }
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
