// The pipeline makes the same duplicate decisions as `news-ingest dedup`: documents uploaded one by
// one (first-seen order matters) become events whose verdicts match the offline run, on the repo's own
// fixtures (test/eval/dedup-pipeline-dev.test.ts does it on the labelled dev corpus). Then the index
// is lost and rebuilt from the published events, and a new copy still points at its canonical.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { dedupKeyPrefix } from '../../src/queue/redis-keys.js';
import { withArticle } from '../helpers/article-events.js';
import { type Doc, expectPipelineMatchesOffline } from '../helpers/pipeline-vs-offline.js';
import { deleteKeys } from '../helpers/redis.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const fixtures = new URL('../fixtures/dedup/', import.meta.url).pathname;

function repoDocs(): Doc[] {
  const names = [
    'harbour-bridge.txt',
    'orchard-frost.txt',
    'harbour-bridge-other-outlet.txt',
    'stadium-vote.txt',
  ];
  const docs = names.map((name) => ({ name, bytes: readFileSync(join(fixtures, name)) }));
  const bridge = readFileSync(join(fixtures, 'harbour-bridge.txt'), 'utf8');
  const teaser = `${bridge
    .split(/\n\s*\n/)
    .slice(0, 3)
    .join('\n\n')}\n\nRead more`;
  docs.push({ name: 'harbour-bridge-teaser.txt', bytes: Buffer.from(teaser) });
  docs.push({
    name: 'orchard-frost-rewrapped.txt',
    bytes: Buffer.from(readFileSync(join(fixtures, 'orchard-frost.txt'), 'utf8').replace(/\. /g, '.\n')),
  });
  return docs;
}

describe('duplicate decisions through the pipeline', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('match the offline dedup on the repo fixtures (teaser and re-wrapped copies are duplicates)', {
    timeout: 60_000,
  }, async () => {
    const docs = repoDocs();
    await expectPipelineMatchesOffline(svc, docs, 'fixtures');
    const events = await svc.events();
    const byName = (name: string) =>
      withArticle(events.find((e) => e.source.key === `incoming/fixtures/${name}`));
    expect(byName('harbour-bridge-teaser.txt').duplicate?.of).toBe(byName('harbour-bridge.txt').articleId);
    expect(byName('orchard-frost-rewrapped.txt').duplicate).toMatchObject({
      of: byName('orchard-frost.txt').articleId,
      kind: 'exact',
    });
    expect(byName('harbour-bridge-other-outlet.txt').duplicate).toBeNull();
  });

  it('rebuilds a lost index from the published events', { timeout: 60_000 }, async () => {
    await deleteKeys(svc.redisUrl, dedupKeyPrefix(svc.config.queues.prefix));
    const out: string[] = [];
    const code = await runCli(['dedup-rebuild', '--json'], {
      // The events come from the archive (and those waiting for it) on the service's S3 server.
      env: {
        REDIS_URL: svc.redisUrl,
        QUEUE_PREFIX: svc.config.queues.prefix,
        S3_ENDPOINT: svc.service.s3Endpoint,
        S3_BUCKET: svc.config.s3.bucket,
        S3_ACCESS_KEY_ID: svc.config.s3.credentials?.accessKeyId ?? 'minioadmin',
        S3_SECRET_ACCESS_KEY: svc.config.s3.credentials?.secretAccessKey ?? 'minioadmin',
      },
      stdout: (l) => out.push(l),
      stderr: () => {},
      interactive: false,
    });
    expect(code).toBe(0);
    expect((JSON.parse(out[0]!) as { indexed: number }).indexed).toBeGreaterThanOrEqual(4);
    await svc.put(
      'incoming/after-rebuild/stadium-copy.txt',
      readFileSync(join(fixtures, 'stadium-vote.txt')),
    );
    const event = await waitFor(async () =>
      (await svc.events()).find((e) => e.source.key === 'incoming/after-rebuild/stadium-copy.txt'),
    );
    const canonical = (await svc.events()).find(
      (e) => e.source.key === 'incoming/fixtures/stadium-vote.txt',
    )!;
    expect(withArticle(event).duplicate).toMatchObject({ of: canonical.articleId, kind: 'exact' });
  });
});
