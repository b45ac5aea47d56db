// Hostile object keys against the real service (one process: API, triggers, worker and the embedded
// S3 server; real Redis): keys too long for the embedded store's file names, traversal through the
// S3 port, half-written entries from earlier crashes. The process must stay up and answer /healthz
// within a second throughout, refuse every bad key with a 4xx, write nothing outside DATA_DIR, and
// its listing and reconciling scan must keep working.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticArticle } from '../helpers/articles.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { type ServiceProcess, spawnService } from '../helpers/service-process.js';
import { waitFor } from '../helpers/wait.js';

const BUCKET = 'news-raw-edge';
const seg = (bytes: number) => `${'a'.repeat(bytes - 4)}.txt`;

interface Health {
  checks: number;
  failures: string[];
  slowestMs: number;
}

/** Polls /healthz every 100 ms with a 1 s deadline per call until stopped. */
function pollHealth(url: string): { health: Health; stop: () => Promise<void> } {
  const health: Health = { checks: 0, failures: [], slowestMs: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.status !== 200) health.failures.push(`status ${res.status}`);
        await res.arrayBuffer();
      } catch (error) {
        health.failures.push(String(error));
      }
      health.checks++;
      health.slowestMs = Math.max(health.slowestMs, performance.now() - started);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    health,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** A raw request, so no client normalises "%2E%2E" or re-encodes the path. */
function rawRequest(
  endpoint: string,
  method: string,
  path: string,
  body = 'x',
): Promise<{ status: number; body: string }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function s3Status(action: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await action;
    return { status: 200, code: 'OK' };
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    return { status: e.$metadata?.httpStatusCode ?? 0, code: e.name ?? 'Error' };
  }
}

async function metricValue(url: string, series: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(series));
  return line ? Number(line.slice(series.length).trim()) : 0;
}

describe('hostile object keys', () => {
  let service: ServiceProcess;
  let s3: S3Client;
  let poller: ReturnType<typeof pollHealth>;
  let redisUrl: string;
  const prefix = uniquePrefix('edge-keys');
  const root = mkdtempSync(join(tmpdir(), 'news-ingest-edge-keys-'));
  const dataDir = join(root, 'data');
  const incomingDir = join(dataDir, BUCKET, 'incoming');

  beforeAll(async () => {
    // What earlier crashes left behind: a 240-byte name whose .md5 and metadata could not be
    // written, an entry whose .md5 is unreadable (a directory), and a dangling link.
    mkdirSync(incomingDir, { recursive: true });
    writeFileSync(join(incomingDir, `${seg(240)}._S3rver_object`), syntheticArticle(1));
    writeFileSync(join(incomingDir, 'unreadable.txt._S3rver_object'), syntheticArticle(2));
    mkdirSync(join(incomingDir, 'unreadable.txt._S3rver_object.md5'));
    symlinkSync(join(root, 'nowhere'), join(incomingDir, 'dangling.txt._S3rver_object'));
    // A directory where an object's file would go: any write to that key fails inside the store.
    mkdirSync(join(incomingDir, 'clash.txt._S3rver_object'));

    redisUrl = await testRedisUrl();
    service = await spawnService({
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      DATA_DIR: dataDir,
      S3_BUCKET: BUCKET,
      // Only the scan finds objects here, so an ingested object proves the scan works.
      TRIGGERS: 'scan',
      RECONCILE_INTERVAL: '1s',
      SHUTDOWN_TIMEOUT: '10s',
    });
    poller = pollHealth(service.httpUrl);
    s3 = new S3Client({
      endpoint: service.s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    await poller?.stop();
    s3?.destroy();
    await service?.stop();
    await deleteKeys(redisUrl, prefix);
    rmSync(root, { recursive: true, force: true });
  });

  const put = (key: string, body = 'x') =>
    fetch(`${service.httpUrl}/v1/raw/${key}`, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'text/plain' },
    });

  it('refuses a 241-byte segment via PUT /v1/raw with 400, and stays up', async () => {
    const res = await put(`incoming/${seg(241)}`, syntheticArticle(3));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ reason: 'segment-too-long' });
    expect(service.alive()).toBe(true);
  });

  it('refuses a 241-byte segment sent straight to the embedded S3 port, and stays up', async () => {
    const key = `incoming/${seg(241)}`;
    const result = await s3Status(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' })));
    expect(result).toEqual({ status: 400, code: 'KeyTooLongError' });
    expect(service.alive()).toBe(true);
  });

  it('refuses a 240-byte segment, writes nothing, and listing and scan still work', async () => {
    const res = await put(`incoming/${seg(240)}`, syntheticArticle(4));
    expect(res.status).toBe(400);
    const direct = await s3Status(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `incoming/${seg(240)}`, Body: 'x' })),
    );
    expect(direct.status).toBe(400);
    // Only the planted leftover carries that name; no half-written file next to it.
    expect(readdirSync(incomingDir).filter((n) => n.startsWith(seg(240)))).toEqual([
      `${seg(240)}._S3rver_object`,
    ]);

    const good = await put('good-after-bad.txt', syntheticArticle(5));
    expect(good.status).toBe(201);
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'incoming/' }));
    expect((listing.Contents ?? []).map((o) => o.Key)).toEqual(['incoming/good-after-bad.txt']);
    expect(
      service.logs.some((l) => l.msg === 'embedded store: skipping an entry whose key the policy refuses'),
    ).toBe(true);

    // The scan (the only trigger here) finds the good object despite the broken entries.
    await waitFor(
      async () =>
        (await metricValue(service.httpUrl, 'news_ingest_objects_enqueued_total{trigger="scan"}')) >= 1
          ? true
          : undefined,
      20_000,
      'the reconciling scan to enqueue the good object',
    );
    expect(service.logs.some((l) => l.msg === 'reconciling scan failed; will retry next interval')).toBe(
      false,
    );
  });

  it('refuses "../" traversal through the S3 port and writes nothing outside DATA_DIR', async () => {
    const traversal = 'incoming/../../../x/y.txt';
    expect(
      await s3Status(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: traversal, Body: 'x' }))),
    ).toMatchObject({ status: 400 });
    for (const path of [
      `/${BUCKET}/incoming/%2E%2E/%2E%2E/%2E%2E/x/z.txt`,
      `/${BUCKET}/incoming%2F..%2F..%2F..%2Fx%2Fw.txt`,
      `/${BUCKET}/incoming/a.txt?uploadId=..%2F..%2F..%2Fpwn&partNumber=1`,
      `/..%2F..%2Fpwn-bucket`,
    ]) {
      const res = await rawRequest(service.s3Endpoint, 'PUT', path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.body).toContain('<Error>');
    }
    expect(
      await s3Status(
        s3.send(
          new CopyObjectCommand({
            Bucket: BUCKET,
            Key: 'incoming/copy.txt',
            CopySource: `${BUCKET}/incoming/../../../etc/hostname`,
          }),
        ),
      ),
    ).toMatchObject({ status: 400 });
    expect(
      await s3Status(
        s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: '../../../x' }] } })),
      ),
    ).toMatchObject({ status: 400 });
    // Nothing appeared next to DATA_DIR (the traversals above all aim at its parent).
    expect(readdirSync(root).sort()).toEqual(['data']);
    expect(existsSync(join(root, 'x'))).toBe(false);
    expect(readdirSync(dataDir)).toEqual([BUCKET]);
    expect(service.alive()).toBe(true);
  });

  it('answers a write that fails inside the embedded store with a logged 500, not an exit', async () => {
    const direct = await s3Status(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'incoming/clash.txt', Body: 'x' })),
    );
    expect(direct.status).toBe(500);
    const viaApi = await put('clash.txt', syntheticArticle(6));
    expect(viaApi.status).toBe(500);
    expect(service.logs.some((l) => l.msg === 'embedded S3 request failed')).toBe(true);
    expect(readdirSync(incomingDir).filter((n) => n.includes('clash.txt'))).toEqual([
      'clash.txt._S3rver_object',
    ]);
    expect(service.alive()).toBe(true);
  });

  it('answers 400 for "a//b.txt" via PUT', async () => {
    const res = await put('a//b.txt');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ reason: 'empty-segment' });
  });

  it('counts refused keys by reason and way in', async () => {
    expect(
      await metricValue(
        service.httpUrl,
        'news_ingest_keys_rejected_total{reason="segment-too-long",trigger="put"}',
      ),
    ).toBeGreaterThanOrEqual(2);
    expect(
      await metricValue(
        service.httpUrl,
        'news_ingest_keys_rejected_total{reason="segment-too-long",trigger="s3-port"}',
      ),
    ).toBeGreaterThanOrEqual(2);
  });

  it('kept answering /healthz within a second throughout, and the process is alive', async () => {
    // A few more answers after the last attack, then stop polling.
    const after = poller.health.checks;
    await waitFor(async () => (poller.health.checks >= after + 3 ? true : undefined), 5_000, 'healthz');
    await poller.stop();
    expect(poller.health.checks).toBeGreaterThan(5);
    expect(poller.health.failures).toEqual([]);
    expect(poller.health.slowestMs).toBeLessThan(1000);
    expect(service.alive()).toBe(true);
  });
});
