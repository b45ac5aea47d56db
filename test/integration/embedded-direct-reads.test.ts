// A worker in the embedded server's process reads objects from its files (embedded-direct-reads.ts):
// every answer must be the one a GET over S3 gives — bytes, ETag (multipart too), size, type, encoding —
// and every refusal must carry the same retry decision.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors/permanent-error.js';
import { createS3Client } from '../../src/s3/client.js';
import {
  type ObjectReader,
  SYNC_READ_MAX_BYTES,
  withDirectReads,
} from '../../src/s3/embedded-direct-reads.js';
import { type EmbeddedS3Server, startEmbeddedS3Server } from '../../src/s3/embedded-server.js';
import { createS3ObjectStore, type ObjectStore } from '../../src/s3/object-store.js';

describe('reading objects straight from the embedded server files', () => {
  const bucket = `direct-${randomBytes(4).toString('hex')}`;
  let dir: string;
  let server: EmbeddedS3Server;
  let client: S3Client;
  let viaS3: ObjectStore;
  let direct: ObjectReader;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ni-direct-'));
    server = await startEmbeddedS3Server({ port: 0, directory: dir, buckets: [bucket] });
    client = createS3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin' },
      forcePathStyle: true,
    });
    viaS3 = createS3ObjectStore(client, bucket);
    direct = server.directReader(bucket);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const put = (key: string, body: string | Uint8Array, extra: Record<string, string> = {}) =>
    client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }));

  it.each([
    ['a typed text object', 'incoming/typed.txt', { ContentType: 'text/plain; charset=utf-8' }],
    ['an object stored without a type', 'incoming/untyped.txt', {}],
    ['a gzip-encoded object', 'incoming/encoded.txt', { ContentType: 'text/plain', ContentEncoding: 'gzip' }],
    ['a key with spaces and reserved characters', 'incoming/copy of+lavrov & ü.txt', {}],
  ])('answers like a GET over S3 for %s', async (_, key, extra) => {
    await put(key, `body of ${key}\n`, extra);
    const expected = await viaS3.getObject({ key, maxBytes: 1000 });
    const got = await direct({ key, maxBytes: 1000 });
    expect({ ...got, bytes: Buffer.from(got.bytes).toString() }).toEqual({
      ...expected,
      bytes: Buffer.from(expected.bytes).toString(),
      contentEncoding: expected.contentEncoding,
    });
  });

  it('gives a multipart object the ETag S3 lists for it (s3rver: the MD5 of the joined parts)', async () => {
    const key = 'incoming/multipart.txt';
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const parts = [Buffer.alloc(5 * 1024 * 1024, 'a'), Buffer.from('tail\n')];
    const etags = [];
    for (const [i, body] of parts.entries()) {
      const out = await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body: body }),
      );
      etags.push({ ETag: out.ETag, PartNumber: i + 1 });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: etags },
      }),
    );
    const listed = [];
    for await (const o of viaS3.list('incoming/multipart')) listed.push(o);
    const got = await direct({ key, etag: listed[0]!.etag, maxBytes: 10 * 1024 * 1024 });
    expect(got.etag).toBe(listed[0]!.etag);
    expect(got.size).toBe(5 * 1024 * 1024 + 5);
  });

  const refusal = async (read: Promise<unknown>) => {
    const error = await read.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PermanentError);
    return (error as PermanentError).reason;
  };

  it('refuses like a GET over S3: missing, superseded, too large, a key the store refuses', async () => {
    await put('incoming/v.txt', 'version two\n');
    const cases = [
      { key: 'incoming/missing.txt', maxBytes: 1000 },
      { key: 'incoming/v.txt', etag: '0123456789abcdef0123456789abcdef', maxBytes: 1000 },
      { key: 'incoming/v.txt', maxBytes: 4 },
      { key: 'incoming/sneaky._S3rver_object', maxBytes: 1000 },
    ];
    const directReasons = [];
    const s3Reasons = [];
    for (const request of cases) {
      directReasons.push(await refusal(direct(request)));
      s3Reasons.push(await refusal(viaS3.getObject(request)));
    }
    expect(directReasons).toEqual(['gone', 'superseded', 'too-large', 's3-refused']);
    expect(directReasons).toEqual(s3Reasons);
  });

  it('reads objects over SYNC_READ_MAX_BYTES asynchronously, with the same answers and the same size check', async () => {
    const key = 'incoming/large.txt';
    const body = Buffer.alloc(SYNC_READ_MAX_BYTES + 1000, 'b');
    await put(key, body, { ContentType: 'text/plain' });
    const expected = await viaS3.getObject({ key, maxBytes: body.length });
    const got = await direct({ key, maxBytes: body.length });
    expect(Buffer.from(got.bytes).equals(body)).toBe(true);
    expect({ ...got, bytes: null }).toEqual({
      ...expected,
      bytes: null,
      contentEncoding: expected.contentEncoding,
    });
    expect(await refusal(direct({ key, maxBytes: SYNC_READ_MAX_BYTES }))).toBe('too-large');
  });

  it('gives every read the ETag of the bytes it read, while a newer version lands', async () => {
    const key = 'incoming/racing.txt';
    await put(key, 'first version\n');
    const reads = Array.from({ length: 20 }, () => direct({ key, maxBytes: 1000 }));
    await put(key, 'second version, longer\n');
    const results = [...(await Promise.all(reads)), await direct({ key, maxBytes: 1000 })];
    for (const got of results) {
      expect(['first version\n', 'second version, longer\n']).toContain(Buffer.from(got.bytes).toString());
      expect(got.etag).toBe(createHash('md5').update(got.bytes).digest('hex'));
      expect(got.size).toBe(got.bytes.byteLength);
    }
    expect(Buffer.from(results.at(-1)!.bytes).toString()).toBe('second version, longer\n');
  });

  it('keeps versioned reads on the S3 path', async () => {
    const calls: string[] = [];
    const store = withDirectReads(
      {
        ...viaS3,
        getObject: (r) => {
          calls.push(`s3 ${r.key}`);
          return viaS3.getObject(r);
        },
      },
      (r) => {
        calls.push(`direct ${r.key}`);
        return direct(r);
      },
    );
    await put('incoming/plain.txt', 'plain\n');
    await store.getObject({ key: 'incoming/plain.txt', maxBytes: 100 });
    await store.getObject({ key: 'incoming/plain.txt', versionId: 'v1', maxBytes: 100 }).catch(() => {});
    expect(calls).toEqual(['direct incoming/plain.txt', 's3 incoming/plain.txt']);
  });
});
