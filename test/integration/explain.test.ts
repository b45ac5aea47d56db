// "What happened to my file?": `news-ingest explain KEY` and GET /v1/objects/{key} tell the same story,
// built once from the ledger and the queues, on real Redis and the embedded S3 server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStory } from '../../src/pipeline/object-story.js';
import { syntheticArticle } from '../helpers/articles.js';
import { runCliCaptured as cli } from '../helpers/cli.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = 'explain-token';

describe('explain a key', () => {
  let svc: TestService;
  let env: Record<string, string>;
  const objectUrl = (key: string) => `${svc.service.http!.url}/v1/objects/${encodeURIComponent(key)}`;
  beforeAll(async () => {
    svc = await startTestService({ WEBHOOK_TOKEN: TOKEN });
    env = {
      REDIS_URL: svc.redisUrl,
      QUEUE_PREFIX: svc.config.queues.prefix,
      S3_BUCKET: svc.config.s3.bucket,
    };
  });
  afterAll(async () => {
    await svc?.stop();
  });

  // A version is settled once the ledger has its outcome and its job has left `active`: the worker
  // records a quarantine in the ledger before BullMQ moves the job to the failed set.
  const settled = (key: string, versions: number, final = 'published') =>
    waitFor(
      async () => {
        const { code, out } = await cli(['explain', '--json', key], env);
        if (code !== 0) return undefined;
        const story = JSON.parse(out[0]!) as ObjectStory;
        const done = story.versions.filter(
          (v) => (v.state === final || v.state === 'quarantined') && v.job?.state !== 'active',
        );
        return done.length >= versions ? story : undefined;
      },
      20_000,
      `${versions} settled versions of ${key}`,
    );

  it('shows both versions of a key with their states, times and events, and a quarantine reason', async () => {
    const key = 'incoming/story one.txt';
    await svc.put(key, syntheticArticle(701));
    await settled(key, 1);
    await svc.put(key, syntheticArticle(702));
    const story = await settled(key, 2);
    expect(story.bucket).toBe(svc.config.s3.bucket);
    expect(story.key).toBe(key);
    expect(story.versions).toHaveLength(2);
    const [first, second] = story.versions;
    expect(first!.etag).not.toBe(second!.etag);
    for (const v of story.versions) {
      expect(v.kind).toBe('version');
      expect(v.state).toBe('published');
      expect(v.states.map((s) => s.state)).toEqual(['received', 'fetched', 'parsed', 'published']);
      for (const s of v.states) expect(Number.isNaN(Date.parse(s.at))).toBe(false);
      expect(v.events).toHaveLength(1);
      expect(v.events[0]!.eventId).toMatch(/^evt-/);
    }
    // The second version of the key is the same document, updated.
    expect(first!.events[0]).toMatchObject({
      type: 'article.parsed',
      position: 0,
      entry: null,
      duplicateOf: null,
    });
    expect(second!.events[0]).toMatchObject({
      type: 'article.updated',
      position: 0,
      supersedes: first!.events[0]!.articleId,
    });
    expect(first!.firstSeen <= second!.firstSeen).toBe(true);

    const bad = 'incoming/empty.txt';
    await svc.put(bad, new Uint8Array());
    const badStory = await settled(bad, 1, 'quarantined');
    const [version] = badStory.versions;
    expect(version).toMatchObject({ state: 'quarantined', reason: 'empty', events: [] });
    expect(version!.states.map((s) => s.state)).toContain('quarantined');
    expect(version!.job).toMatchObject({ state: 'failed', failureReason: 'empty' });
    expect(version!.job!.failedReason).toMatch(/empty/);

    // The text form names the versions, the states and the reason.
    const text = await cli(['explain', bad], env);
    expect(text.code).toBe(0);
    expect(text.out.join('\n')).toMatch(/1 version\(s\)[\s\S]*quarantined \(empty\)/);
  });

  it('points a duplicate at the article it duplicates', async () => {
    await svc.put('incoming/original.txt', syntheticArticle(710));
    await settled('incoming/original.txt', 1);
    await svc.put('incoming/copy.txt', syntheticArticle(710));
    const story = await settled('incoming/copy.txt', 1);
    const original = await settled('incoming/original.txt', 1);
    expect(story.versions[0]!.events[0]).toMatchObject({
      type: 'article.duplicate',
      duplicateOf: { articleId: original.versions[0]!.events[0]!.articleId, kind: 'exact', similarity: 1 },
    });
  });

  it('GET /v1/objects/{key} returns the same story behind the API token; unknown keys are 404', async () => {
    const key = 'incoming/story one.txt';
    const { out } = await cli(['explain', '--json', key], env);
    const response = await fetch(objectUrl(key), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(out[0]!));
    expect((await fetch(objectUrl(key))).status).toBe(401);
    expect((await fetch(objectUrl(key), { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const unknown = await fetch(objectUrl('incoming/never.txt'), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(
      /no record of key "incoming\/never.txt"/,
    );
    const malformed = await fetch(`${svc.service.http!.url}/v1/objects/%E0%A4%A`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(malformed.status).toBe(400);
    const tooLong = await fetch(objectUrl(`incoming/${'k'.repeat(1100)}`), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(tooLong.status).toBe(400);
  });

  it('explain exits 1 with a clear message for an unknown key and 2 without one', async () => {
    const unknown = await cli(['explain', 'incoming/never.txt'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toMatch(/no record of .*incoming\/never\.txt: never fetched/);
    expect((await cli(['explain'], env)).code).toBe(2);
  });
});
