// `news-ingest upload` streams large files as multipart uploads to the real embedded S3 server: the
// object arrives byte for byte, in 8 MiB parts, and progress is reported as parts complete.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { uploadFile } from '../../src/s3/upload-file.js';
import { type S3RequestLog, startS3RequestLog } from '../helpers/s3-request-log.js';
import { startTestService, type TestService } from '../helpers/service.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('news-ingest upload of a 12 MB file', () => {
  let svc: TestService;
  let proxy: S3RequestLog;
  let env: Record<string, string>;
  let dir: string;
  let bigPath: string;
  beforeAll(async () => {
    // The api role alone (no triggers, no worker): this is about the bytes arriving, not parsing noise.
    svc = await startTestService({}, ['api']);
    proxy = await startS3RequestLog(svc.service.s3Endpoint);
    env = {
      S3_ENDPOINT: proxy.endpoint,
      S3_ACCESS_KEY_ID: 'minioadmin',
      S3_SECRET_ACCESS_KEY: 'minioadmin',
      S3_BUCKET: svc.config.s3.bucket,
    };
    dir = mkdtempSync(join(tmpdir(), 'ni-multipart-'));
    bigPath = join(dir, 'big.txt');
    // Text lines of random base64: 12 MB that no layer can shortcut by compressing or deduplicating.
    const lines: string[] = [];
    for (let size = 0; size < 12 * 1024 * 1024; ) {
      const line = `${randomBytes(57).toString('base64')}\n`;
      lines.push(line);
      size += line.length;
    }
    writeFileSync(bigPath, lines.join(''));
    writeFileSync(join(dir, 'small.txt'), 'a small file\n');
  });
  afterAll(async () => {
    await proxy?.close();
    await svc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const read = async (key: string) => {
    const out = await svc.s3.send(new GetObjectCommand({ Bucket: svc.config.s3.bucket, Key: key }));
    return out.Body!.transformToByteArray();
  };

  // Real S3 would end the ETag in "-2"; s3rver gives the whole object's MD5, so the parts are
  // counted on the wire instead.
  it('arrives intact as a 2-part multipart upload; a small file is one PUT', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['upload', '--json', '--prefix', 'mp', dir], {
      env,
      stdout: (l) => out.push(l),
      stderr: (l) => err.push(l),
      interactive: false,
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const lines = out.map((l) => JSON.parse(l) as { key: string; etag: string; size: number; parts: number });
    const big = lines.find((l) => l.key === 'incoming/mp/big.txt')!;
    const small = lines.find((l) => l.key === 'incoming/mp/small.txt')!;
    const local = readFileSync(bigPath);
    expect(big.size).toBe(local.byteLength);
    expect(big.parts).toBe(2); // 12 MB in 8 MiB parts
    // What the server saw: one multipart upload of two parts for the big file, one PUT for the small.
    const bigRequests = proxy.requests.filter((r) => r.path.endsWith('/incoming/mp/big.txt'));
    expect(bigRequests.filter((r) => r.query.has('uploads'))).toHaveLength(1);
    expect(
      bigRequests.filter((r) => r.query.has('partNumber')).map((r) => r.query.get('partNumber')),
    ).toEqual(expect.arrayContaining(['1', '2']));
    expect(bigRequests.filter((r) => r.query.has('partNumber'))).toHaveLength(2);
    const smallRequests = proxy.requests.filter((r) => r.path.endsWith('/incoming/mp/small.txt'));
    expect(smallRequests.map((r) => `${r.method} ${r.query}`)).toEqual(['PUT x-id=PutObject']);
    const head = await svc.s3.send(new HeadObjectCommand({ Bucket: svc.config.s3.bucket, Key: big.key }));
    expect(head.ETag?.replace(/"/g, '')).toBe(big.etag);
    expect(head.ContentType).toBe('text/plain');
    expect(sha256(await read(big.key))).toBe(sha256(local));
    expect(small.parts).toBe(1);
    expect(new TextDecoder().decode(await read(small.key))).toBe('a small file\n');
  });

  it('reports progress up to the file size as parts complete', async () => {
    const seen: number[] = [];
    const size = readFileSync(bigPath).byteLength;
    const uploaded = await uploadFile(svc.s3, {
      bucket: svc.config.s3.bucket,
      key: 'incoming/mp/progress.txt',
      path: bigPath,
      partBytes: 5 * 1024 * 1024,
      onProgress: (loaded, total) => {
        expect(total).toBe(size);
        seen.push(loaded);
      },
    });
    expect(uploaded.parts).toBe(3);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toBe(uploaded.size);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
