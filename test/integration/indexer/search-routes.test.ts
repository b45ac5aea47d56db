// GET /v1/articles/search (the Hono sub-app) and replay from the index, on real PostgreSQL.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSearch } from '../../../src/cli/commands/search.js';
import { runSubscriberReplay } from '../../../src/cli/commands/subscriber-replay.js';
import type { CliIo } from '../../../src/cli/io.js';
import { createPgArticleIndex } from '../../../src/indexer/article-index.js';
import { createSearchRoutes } from '../../../src/indexer/http.js';
import { migrate } from '../../../src/indexer/migrate.js';
import { exampleArticleEvent } from '../../../src/subscriber/example-event.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';
import { type FreshSchema, freshSchema, postgresUnavailable } from './postgres.js';

const skip = await postgresUnavailable();
if (skip) console.warn(`skipping search route PostgreSQL tests: ${skip}`);

describe.skipIf(skip !== null)('search routes and index replay (PostgreSQL)', () => {
  let db: FreshSchema;
  const events = [
    exampleArticleEvent({ n: 1, headline: 'Orbital telescope launch delayed', key: 'incoming/space/a.txt' }),
    exampleArticleEvent({ n: 2, headline: 'Telescope mirror cracked', key: 'incoming/space/b.txt' }),
    exampleArticleEvent({ n: 3, headline: 'Harbour strike ends', key: 'incoming/ports/c.txt' }),
  ];
  beforeAll(async () => {
    db = await freshSchema('routes');
    await migrate(db.pool);
    const index = createPgArticleIndex(db.pool);
    for (const event of events) await index.apply(event);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('answers ranked JSON results and 400 on bad parameters', async () => {
    const app = createSearchRoutes(db.pool);
    const ok = await app.request('/v1/articles/search?q=telescope&limit=1');
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { count: number; results: Array<{ headlineHighlight: string }> };
    expect(body.count).toBe(1);
    expect(body.results[0]!.headlineHighlight).toMatch(/<mark>Telescope<\/mark>/i);
    const both = (await (await app.request('/v1/articles/search?q=telescope')).json()) as { count: number };
    expect(both.count).toBe(2);
    expect((await app.request('/v1/articles/search?q=')).status).toBe(400);
    expect((await app.request('/v1/articles/search?q=x&lang=english')).status).toBe(400);
  });

  it('prints readable results from the CLI and explains a missing index', async () => {
    const out: string[] = [];
    const io = (url: string): CliIo => ({
      env: { DATABASE_URL: url },
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
      interactive: false,
    });
    expect(await runSearch(['harbour', 'strike'], io(db.url))).toBe(0);
    expect(out.join('\n')).toContain('1. **Harbour** **strike** ends');
    out.length = 0;
    const empty = await freshSchema('noindex');
    try {
      expect(await runSearch(['anything'], io(empty.url))).toBe(1);
      expect(out.join('\n')).toContain('no article index at DATABASE_URL');
    } finally {
      await empty.drop();
    }
    await expect(runSearch([], io(db.url))).rejects.toThrow(/q \(the query\) is required/);
  });

  it('replays from the index (--from-index) by key prefix into one queue', async () => {
    const redisUrl = await testRedisUrl();
    const prefix = uniquePrefix('idxreplay');
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('search-index', { connection: redis, prefix });
    try {
      const out: string[] = [];
      const code = await runSubscriberReplay(
        ['--queue', 'search-index', '--from-index', '--prefix', 'incoming/space/'],
        {
          env: { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, DATABASE_URL: db.url },
          stdout: (l) => out.push(l),
          stderr: (l) => out.push(l),
          interactive: false,
        },
      );
      expect(code).toBe(0);
      expect(out[0]).toMatch(/^replayed 2 events to queue search-index from article index/);
      const jobs = await queue.getJobs(['waiting']);
      expect(jobs.map((j) => j.data.eventId).sort()).toEqual([events[0]!.eventId, events[1]!.eventId]);
      expect(jobs.every((j) => j.id?.startsWith('replay-evt-example-'))).toBe(true);
    } finally {
      await queue.close();
      await redis.quit();
      await deleteKeys(redisUrl, prefix);
    }
  });
});
