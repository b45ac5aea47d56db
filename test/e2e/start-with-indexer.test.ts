// A newcomer with DATABASE_URL set gets search results from `news-ingest start` alone: the all-in-one
// process runs the reference indexer in-process and publishes to its queue. A separate `news-ingest
// indexer` takes no HTTP port unless asked, so it runs beside a service on the same HTTP_PORT.
// Real processes, real Redis, real PostgreSQL (a fresh schema), the embedded S3 server.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured as cli } from '../helpers/cli.js';
import { type LongRunningCli, spawnCli } from '../helpers/cli-process.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { type FreshSchema, freshSchema, postgresUnavailable } from '../integration/indexer/postgres.js';

const samplePath = new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url)
  .pathname;
const skip = await postgresUnavailable();
if (skip) console.warn(`skipping the start-with-indexer test: ${skip}`);

describe.skipIf(skip !== null)('news-ingest start with DATABASE_URL', () => {
  let db: FreshSchema;
  let redisUrl: string;
  const prefix = uniquePrefix('start-idx');
  const dataDir = mkdtempSync(join(tmpdir(), 'ni-start-idx-'));
  let start: LongRunningCli;
  let running: { s3: string; http: string; publish: string[]; indexer?: string };

  beforeAll(async () => {
    db = await freshSchema('start');
    redisUrl = await testRedisUrl();
    start = spawnCli(['start'], {
      env: {
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        HTTP_PORT: '0',
        S3_PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: db.url,
        LOG_FORMAT: 'json',
      },
    });
    await start.waitForStdout(/news-ingest is running/);
    const line = start
      .stdout()
      .split('\n')
      .find((l) => l.includes('"news-ingest is running"'))!;
    running = JSON.parse(line);
  });
  afterAll(async () => {
    if (start) expect(await start.stop()).toBe(0);
    await db?.drop();
    await deleteKeys(redisUrl, prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes to the indexer queue too and finds an uploaded article with `search`', async () => {
    expect(running.publish).toEqual(['articles', 'search-index']);
    expect(running.indexer).toBe('search-index');
    const env = {
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      S3_ENDPOINT: running.s3,
      S3_ACCESS_KEY_ID: 'minioadmin',
      S3_SECRET_ACCESS_KEY: 'minioadmin',
      DATABASE_URL: db.url,
    };
    const upload = await cli(['upload', samplePath], env);
    expect(upload.code).toBe(0);
    const results = await waitFor(
      async () => {
        const search = await cli(['search', 'Lavrov Rubio', '--json'], env);
        if (search.code !== 0) return undefined;
        const { results } = JSON.parse(search.out.join('\n')) as {
          results: Array<{ source: { key: string } }>;
        };
        return results.length > 0 ? results : undefined;
      },
      30_000,
      'search to find the uploaded article',
    );
    expect(results.map((r) => r.source.key)).toEqual(['incoming/lavrov-us-ukraine-with-sidebar.txt']);
    const api = await fetch(`${running.http}/v1/articles/search?q=${encodeURIComponent('Lavrov')}`);
    expect(api.status).toBe(200);
  });

  it('a separate `news-ingest indexer` takes no HTTP port unless asked', async () => {
    // Whatever HTTP_PORT says is taken (as by a `news-ingest start` beside it).
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const { port } = busy.address() as { port: number };
    const env = {
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      HTTP_PORT: String(port),
      DATABASE_URL: db.url,
      INDEXER_QUEUE: 'search-index-2',
      LOG_FORMAT: 'json',
    };
    try {
      const indexer = spawnCli(['indexer'], { env });
      await indexer.waitForStdout(/"indexer running"/);
      expect(indexer.stdout()).not.toMatch(/"http":/);
      expect(await indexer.stop()).toBe(0);

      const served = spawnCli(['indexer', '--http-port', '0'], { env });
      const [line] = await served.waitForStdout(/.*"indexer running".*/);
      const url = (JSON.parse(line) as { http: string }).http;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await served.stop()).toBe(0);
    } finally {
      busy.close();
    }
  });
});
