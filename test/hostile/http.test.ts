// The HTTP API tried as an attacker and a clumsy uploader would (issue #11): cross-site requests from a
// browser page, an open dashboard, huge and concurrent uploads, a paused Redis, HTML in headlines.
// Everything runs against the real app on real Redis, the real embedded S3 server and real PostgreSQL.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createPgArticleIndex } from '../../src/indexer/article-index.js';
import { createSearchRoutes } from '../../src/indexer/http.js';
import { migrate } from '../../src/indexer/migrate.js';
import { exampleArticleEvent } from '../../src/subscriber/example-event.js';
import { type PrivateRedis, redisServerAvailable, startPrivateRedis } from '../helpers/redis-server.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';
import { type FreshSchema, freshSchema, postgresUnavailable } from '../integration/indexer/postgres.js';

const EVIL = 'https://evil.example';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The headers a browser adds to a form post from another site's page. */
const fromEvilPage = { origin: EVIL, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' };

function minioPut(bucket: string, key: string) {
  return {
    EventName: 's3:ObjectCreated:Put',
    Key: `${bucket}/${key}`,
    Records: [
      {
        eventVersion: '2.0',
        eventSource: 'minio:s3',
        eventTime: new Date().toISOString(),
        eventName: 's3:ObjectCreated:Put',
        s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key), size: 10 } },
      },
    ],
  };
}

async function jobCount(svc: TestService, queue: string): Promise<number> {
  const counts = await svc.queue(queue).getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('no secrets set (the default): cross-site requests and the dashboard', () => {
  let svc: TestService;
  let base: string;
  beforeAll(async () => {
    // No triggers: only the requests below can create ingest jobs.
    svc = await startTestService({}, ['api']);
    base = svc.service.http!.url;
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('refuses a cross-site text/plain form post to the dashboard add-job route; no job is added', async () => {
    const forged = JSON.stringify({ name: 'forged', data: { eventId: 'forged' }, options: {} });
    const browsers: Array<Record<string, string>> = [
      fromEvilPage,
      { origin: EVIL }, // browsers without Fetch Metadata
      { 'sec-fetch-site': 'same-site' }, // another port of localhost is the same site
    ];
    for (const headers of browsers) {
      const response = await fetch(`${base}/admin/queues/api/queues/articles/add`, {
        method: 'POST',
        body: forged,
        headers: { 'content-type': 'text/plain', ...headers },
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await jobCount(svc, 'articles')).toBe(0);
  });

  it('refuses a cross-site text/plain post to the webhook, and any non-JSON body without the SNS header', async () => {
    const key = 'incoming/forged.txt';
    await svc.put(key, 'Some text that would be ingested if the forged notification got in.');
    const body = JSON.stringify(minioPut(svc.config.s3.bucket, key));
    const crossSite = await fetch(`${base}/v1/s3-events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain', ...fromEvilPage },
    });
    expect(crossSite.status).toBe(403);
    // Even without browser headers, a form-encodable type is refused: only JSON (or SNS) gets in.
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const response = await fetch(`${base}/v1/s3-events`, {
        method: 'POST',
        body,
        headers: { 'content-type': type },
      });
      expect(response.status, type).toBe(415);
    }
    expect(await jobCount(svc, svc.config.queues.ingest)).toBe(0);
    // The same notification as JSON is accepted: the refusals above were about where it came from.
    const json = await fetch(`${base}/v1/s3-events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(202);
  });

  it('refuses a cross-site upload', async () => {
    const response = await fetch(`${base}/v1/raw/cross-site.txt`, {
      method: 'PUT',
      body: 'x',
      headers: { 'content-type': 'text/plain', ...fromEvilPage },
    });
    expect(response.status).toBe(403);
  });

  it('answers only requests addressed to a loopback name (a DNS-rebound page is same-origin)', async () => {
    const port = new URL(base).port;
    const rebound = await rawRequest(base, 'GET', '/admin/queues/api/queues', {
      host: `rebind.evil.example:${port}`,
    });
    expect(rebound).toBe(421);
    const webhook = await rawRequest(base, 'POST', '/v1/s3-events', {
      host: `rebind.evil.example:${port}`,
      origin: `http://rebind.evil.example:${port}`,
      'content-type': 'application/json',
    });
    expect(webhook).toBe(421);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`])
      expect(await rawRequest(base, 'GET', '/healthz', { host }), host).toBe(200);
  });

  it('serves the dashboard read-only without ADMIN_PASSWORD: every write is refused', async () => {
    const page = await fetch(`${base}/admin/queues/`); // trailing slash: redirected, not a 404
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">|bull/i);
    const api = (await (await fetch(`${base}/admin/queues/api/queues`)).json()) as {
      queues: Array<{ name: string; readOnlyMode: boolean }>;
    };
    expect(api.queues.length).toBeGreaterThan(0);
    expect(api.queues.every((q) => q.readOnlyMode)).toBe(true);
    // Same-origin JSON, as the board's own page would send: still refused.
    const add = await fetch(`${base}/admin/queues/api/queues/articles/add`, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', data: {} }),
      headers: { 'content-type': 'application/json', origin: base, 'sec-fetch-site': 'same-origin' },
    });
    expect(add.status).toBe(403);
    const pause = await fetch(`${base}/admin/queues/api/queues/ingest/pause`, { method: 'PUT' });
    expect(pause.status).toBe(403);
    expect(await svc.queue('ingest').isPaused()).toBe(false);
    expect(await jobCount(svc, 'articles')).toBe(0);
  });
});

describe('dashboard with ADMIN_PASSWORD', () => {
  let svc: TestService;
  let base: string;
  const auth = basic('admin', 'board-secret');
  beforeAll(async () => {
    svc = await startTestService({ ADMIN_PASSWORD: 'board-secret' }, ['api']);
    base = svc.service.http!.url;
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('is writable with the password, still refuses cross-site form posts that carry it', async () => {
    const url = `${base}/admin/queues/api/queues/articles/add`;
    const body = JSON.stringify({ name: 'manual', data: { note: 'added by an operator' }, options: {} });
    expect(
      (await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status,
    ).toBe(401);
    // A browser sends cached basic credentials with a cross-site form post.
    const forged = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain', authorization: auth, ...fromEvilPage },
    });
    expect(forged.status).toBe(403);
    expect(await jobCount(svc, 'articles')).toBe(0);
    const added = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: auth },
    });
    expect(added.status).toBe(200);
    expect(await jobCount(svc, 'articles')).toBe(1);
    const trailing = await fetch(`${base}/admin/queues/`, { headers: { authorization: auth } });
    expect(trailing.status).toBe(200);
  });
});

describe('start-up without secrets', () => {
  it('says so in one warning line per missing secret, on loopback too', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const svc = await startTestService({}, ['api'], {}, { log: pino({ level: 'warn' }, sink) });
    await svc.stop();
    const warnings = lines.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warnings.filter((m) => m.startsWith('WEBHOOK_TOKEN is not set'))).toHaveLength(1);
    expect(warnings.filter((m) => m.startsWith('ADMIN_PASSWORD is not set'))).toHaveLength(1);
  });

  it('`news-ingest start` on 0.0.0.0 without the secrets exits 2 naming them', () => {
    const cli = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('../../bin/news-ingest.js', import.meta.url)), 'start'],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HTTP_HOST: '0.0.0.0', LOG_LEVEL: 'silent' },
        cwd: tmpdir(), // no .env there
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(cli.status, cli.stderr).toBe(2);
    expect(cli.stderr).toMatch(/WEBHOOK_TOKEN and ADMIN_PASSWORD are unset.*ALLOW_UNAUTHENTICATED/s);
  });

  it('refuses a non-loopback HTTP_HOST without WEBHOOK_TOKEN / ADMIN_PASSWORD unless opted out', () => {
    expect(() => loadConfig({ HTTP_HOST: '0.0.0.0' })).toThrow(/WEBHOOK_TOKEN and ADMIN_PASSWORD are unset/);
    expect(() => loadConfig({ HTTP_HOST: '0.0.0.0', WEBHOOK_TOKEN: 'tok' })).toThrow(
      /ADMIN_PASSWORD is unset/,
    );
    expect(loadConfig({ HTTP_HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' }).http.host).toBe('0.0.0.0');
    expect(loadConfig({ HTTP_HOST: '0.0.0.0', WEBHOOK_TOKEN: 'tok', ADMIN_PASSWORD: 'pw' }).http.host).toBe(
      '0.0.0.0',
    );
  });
});

/** A request with headers fetch() will not let a test set (Host); resolves with the status. */
function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

// ------------------------------------------------------------------------------------------------
// Uploads
// ------------------------------------------------------------------------------------------------

interface RawUpload {
  /** Resolves with the status (and the Retry-After header) once the server answers. */
  response: Promise<{ status: number; retryAfter: string | undefined }>;
  /** Writes `body` (respecting backpressure), then ends the request. */
  send(body: Buffer, chunkBytes?: number): Promise<void>;
  /** Writes part of the body and leaves the request open. */
  write(chunk: Buffer): Promise<void>;
  /** Hangs up. */
  destroy(): void;
}

/** A PUT with a declared Content-Length whose body is written when the test says so. */
function rawUpload(base: string, key: string, contentLength: number): RawUpload {
  const url = new URL(`${base}/v1/raw/${key}`);
  const req = httpRequest({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'PUT',
    headers: { 'content-length': String(contentLength), 'content-type': 'text/plain' },
  });
  req.on('error', () => {}); // the server may close the socket after an early answer
  const response = new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
    req.once('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined });
    });
    req.once('close', () => reject(new Error(`${key}: connection closed without an answer`)));
  });
  response.catch(() => {});
  req.flushHeaders();
  let answered = false;
  response.then(
    () => {
      answered = true;
    },
    () => {},
  );
  return {
    response,
    async send(body, chunkBytes = 1024 * 1024) {
      for (let at = 0; at < body.length && !answered && !req.destroyed; at += chunkBytes) {
        const chunk = body.subarray(at, at + chunkBytes);
        if (!req.write(chunk))
          await new Promise<void>((resolve) => {
            const done = () => {
              req.off('drain', done).off('close', done);
              resolve();
            };
            req.on('drain', done).on('close', done);
          });
      }
      if (!answered && !req.destroyed) req.end();
    },
    destroy: () => req.destroy(),
    write: (chunk) =>
      new Promise<void>((resolve, reject) => req.write(chunk, (e) => (e ? reject(e) : resolve()))),
  };
}

describe('uploads with the default limits', () => {
  let svc: TestService;
  let base: string;
  beforeAll(async () => {
    svc = await startTestService({}, ['api']);
    base = svc.service.http!.url;
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('defaults MAX_UPLOAD_BYTES to MAX_OBJECT_BYTES and MAX_CONCURRENT_UPLOADS to 4', () => {
    expect(svc.config.http.maxUploadBytes).toBe(svc.config.limits.maxObjectBytes);
    expect(svc.config.http.maxConcurrentUploads).toBe(4);
  });

  it('answers 413 to each of 6 concurrent 49 MB uploads and stays within a bounded memory growth', async () => {
    const body = Buffer.alloc(49 * 1024 * 1024, 'news ');
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const uploads = Array.from({ length: 6 }, (_, i) => rawUpload(base, `big-${i}.txt`, body.length));
      await Promise.all(uploads.map((u) => u.send(body)));
      const answers = await Promise.all(uploads.map((u) => u.response));
      expect(answers.map((a) => a.status)).toEqual([413, 413, 413, 413, 413, 413]);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    // The app runs in this process: buffering the bodies would add ~6 × 49 MB (main: 179 → 629 MB).
    // Streaming keeps the growth to socket buffers; 100 MB is a generous bound for GC noise.
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('streams an allowed 15 MB upload to S3 intact', async () => {
    const body = Buffer.alloc(15 * 1024 * 1024);
    for (let i = 0; i < body.length; i += 4) body.writeUInt32LE((i * 2654435761) >>> 0, i);
    const upload = rawUpload(base, 'large/fifteen.txt', body.length);
    await upload.send(body);
    expect((await upload.response).status).toBe(201);
    const stored = await svc.s3.send(
      new GetObjectCommand({ Bucket: svc.config.s3.bucket, Key: 'incoming/large/fifteen.txt' }),
    );
    const bytes = await stored.Body!.transformToByteArray();
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256').update(body).digest('hex'),
    );
  });

  it('streams 4 concurrent 19 MB uploads (within the limits) without holding them in memory', async () => {
    const body = Buffer.alloc(19 * 1024 * 1024, 'wire copy ');
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const uploads = Array.from({ length: 4 }, (_, i) => rawUpload(base, `nineteen-${i}.txt`, body.length));
      await Promise.all(uploads.map((u) => u.send(body)));
      const answers = await Promise.all(uploads.map((u) => u.response));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    // Buffered (main) this adds ~4 × 2 × 19 MB; streamed, socket and stream buffers only.
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('caps concurrent uploads: beyond MAX_CONCURRENT_UPLOADS a 503 with Retry-After', async () => {
    const size = 1024 * 1024;
    const body = Buffer.alloc(size, 'a');
    const held = Array.from({ length: 4 }, (_, i) => rawUpload(base, `held-${i}.txt`, size));
    // Each holds a slot: headers and a first chunk sent, the rest withheld.
    for (const u of held) await u.write(body.subarray(0, 1024));
    const refused = await waitFor(async () => {
      const probe = rawUpload(base, 'probe.txt', 1);
      await probe.send(Buffer.from('p'));
      const answer = await probe.response;
      return answer.status === 503 ? answer : undefined;
    });
    expect(refused.retryAfter).toBeDefined();
    // The held uploads were admitted: finishing them stores them.
    await Promise.all(held.map((u) => u.send(body.subarray(1024))));
    expect((await Promise.all(held.map((u) => u.response))).map((a) => a.status)).toEqual([
      201, 201, 201, 201,
    ]);
  });

  it('aborts the S3 request when the client hangs up mid-upload: nothing is stored, the slot is freed', async () => {
    const upload = rawUpload(base, 'hung-up.txt', 5 * 1024 * 1024);
    await upload.write(Buffer.alloc(256 * 1024, 'h'));
    upload.destroy();
    // All four slots come back: four uploads at once are admitted again.
    await waitFor(async () => {
      const probes = Array.from({ length: 4 }, (_, i) => rawUpload(base, `after-hang-up-${i}.txt`, 1));
      await Promise.all(probes.map((p) => p.send(Buffer.from('x'))));
      const statuses = (await Promise.all(probes.map((p) => p.response))).map((a) => a.status);
      return statuses.every((s) => s === 201) ? true : undefined;
    });
    // S3 and MinIO store nothing for an incomplete PUT; the embedded server must not either.
    await expect(
      svc.s3.send(new GetObjectCommand({ Bucket: svc.config.s3.bucket, Key: 'incoming/hung-up.txt' })),
    ).rejects.toThrow(/NoSuchKey|does not exist/i);
  });

  it('refuses a chunked body without Content-Length (411)', async () => {
    const response = await fetch(`${base}/v1/raw/chunked.txt`, {
      method: 'PUT',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('hello'));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(411);
  });
});

// ------------------------------------------------------------------------------------------------
// Server-side timeouts
// ------------------------------------------------------------------------------------------------
describe.skipIf(!redisServerAvailable())('Redis paused', () => {
  let redis: PrivateRedis;
  let svc: TestService;
  afterEach(async () => {
    if (redis?.child.pid) redis.child.kill('SIGCONT');
    await svc?.stop();
    await redis?.stop();
  });

  it('the webhook answers 503 within HTTP_REQUEST_TIMEOUT instead of hanging; /healthz stays up', async () => {
    redis = await startPrivateRedis();
    svc = await startTestService({ REDIS_URL: redis.url, HTTP_REQUEST_TIMEOUT: '2s' }, ['api']);
    const base = svc.service.http!.url;
    redis.child.kill('SIGSTOP');
    const started = performance.now();
    // The client gives up at 4× the server's deadline: main (no server-side deadline) hangs until then.
    const response = await fetch(`${base}/v1/s3-events`, {
      method: 'POST',
      body: JSON.stringify(minioPut(svc.config.s3.bucket, 'incoming/paused.txt')),
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(8000),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeTruthy();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    expect((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).status).toBe(200);
  });
});

// ------------------------------------------------------------------------------------------------
// Search output is HTML: escaped
// ------------------------------------------------------------------------------------------------
const noPostgres = await postgresUnavailable();
describe.skipIf(noPostgres !== null)('search highlights are escaped HTML (PostgreSQL)', () => {
  let db: FreshSchema;
  beforeAll(async () => {
    db = await freshSchema('xss');
    await migrate(db.pool);
    const event = exampleArticleEvent({
      n: 1,
      headline: 'Telescope <img src=x onerror=alert(1)> & "mirror"',
      key: 'incoming/xss.jsonl',
    });
    event.article.body = `The telescope budget: 3 < 4 & "fine". ${event.article.body}`;
    await createPgArticleIndex(db.pool).apply(event);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('escapes headlineHighlight and snippet; headline stays the plain text it was', async () => {
    const response = await createSearchRoutes(db.pool).request('/v1/articles/search?q=telescope');
    const { results } = (await response.json()) as {
      results: Array<{ headline: string; headlineHighlight: string; snippet: string }>;
    };
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result!.headline).toBe('Telescope <img src=x onerror=alert(1)> & "mirror"');
    expect(result!.headlineHighlight).toBe(
      '<mark>Telescope</mark> &lt;img src=x onerror=alert(1)&gt; &amp; &quot;mirror&quot;',
    );
    expect(result!.snippet).toContain('<mark>telescope</mark> budget: 3 &lt; 4 &amp; &quot;fine&quot;');
    for (const html of [result!.headlineHighlight, result!.snippet]) {
      expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    }
  });
});
