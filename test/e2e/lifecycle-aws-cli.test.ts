// Issue 12's "done when", as a newcomer would try it with the real AWS CLI against the service (embedded
// S3 server): upload an article, upload a corrected version under the same key (exactly one
// article.updated superseding the first), `aws s3 rm` it (exactly one article.deleted), and
// `news-ingest explain` tells the key's story. Every absence is checked once the ingest queue drained.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleEvent } from '../../src/events/article-event.js';
import { deletedEventIdFor } from '../../src/ids.js';
import { AWS_CLI, awsCliEnv, newsIngestCli, runFile } from '../helpers/aws-cli.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitForDrained } from '../helpers/settle.js';
import { waitFor } from '../helpers/wait.js';

const samplePath = new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url)
  .pathname;
const KEY = 'incoming/lifecycle/lavrov.txt';

describe.skipIf(!AWS_CLI)('article lifecycle with the AWS CLI (needs awscli, see .ci/run)', () => {
  let svc: TestService;
  let dir: string;
  let awsEnv: NodeJS.ProcessEnv;
  beforeAll(async () => {
    svc = await startTestService();
    dir = mkdtempSync(join(tmpdir(), 'ni-lifecycle-'));
    awsEnv = awsCliEnv(svc, dir);
  });
  afterAll(async () => {
    await svc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const aws = (...args: string[]) =>
    runFile(AWS_CLI!, ['--endpoint-url', svc.service.s3Endpoint, 's3', ...args], { env: awsEnv });
  const url = (key: string) => `s3://${svc.config.s3.bucket}/${key}`;
  const newsIngest = (...args: string[]) => newsIngestCli(svc, ...args);
  const ofKey = async () => (await svc.events()).filter((e) => e.source.key === KEY);
  const waitForType = <T extends ArticleEvent['type']>(type: T) =>
    waitFor(
      async () => (await ofKey()).find((e): e is Extract<ArticleEvent, { type: T }> => e.type === type),
      60_000,
      `${type} of ${KEY}`,
    );

  it('upload, corrected upload, rm: parsed, one updated superseding it, one deleted; explain tells it', async () => {
    await aws('cp', samplePath, url(KEY));
    const parsed = await waitForType('article.parsed');

    const correctedPath = join(dir, 'corrected.txt');
    // The correction: the talks' month was wrong in the first version.
    const original = readFileSync(samplePath, 'utf8');
    writeFileSync(
      correctedPath,
      original.replace('talks in Alaska in August', 'talks in Alaska in September'),
    );
    expect(readFileSync(correctedPath, 'utf8')).not.toBe(original);
    await aws('cp', correctedPath, url(KEY));
    const updated = await waitForType('article.updated');
    expect(updated).toMatchObject({
      documentId: parsed.documentId,
      supersedes: { articleId: parsed.articleId, eventId: parsed.eventId },
      duplicate: null,
    });

    await aws('rm', url(KEY));
    const deleted = await waitForType('article.deleted');
    expect(deleted).toMatchObject({
      eventId: deletedEventIdFor(updated.articleId),
      articleId: updated.articleId,
      documentId: parsed.documentId,
      deletion: { reason: 'object-removed' },
    });
    expect(deleted.versionOrder > updated.versionOrder).toBe(true);

    // Everything the uploads and the delete set in motion has run: exactly these three events.
    await waitForDrained(svc.queue(svc.config.queues.ingest));
    expect((await ofKey()).map((e) => e.type)).toEqual([
      'article.parsed',
      'article.updated',
      'article.deleted',
    ]);

    const { stdout } = await newsIngest('explain', KEY);
    expect(stdout).toContain(`${KEY}: 3 version(s)`);
    expect(stdout).toMatch(
      new RegExp(`article\\.updated ${updated.eventId} #0 supersedes ${parsed.articleId}`),
    );
    expect(stdout).toMatch(/- removal \(job del-[0-9a-f]+\), first seen \S+: deleted \(object-removed\)/);
    expect(stdout).toContain(`article.deleted ${deleted.eventId} #0`);
    const story = JSON.parse((await newsIngest('explain', '--json', KEY)).stdout) as {
      versions: Array<{ kind: string; state: string; events: Array<{ type: string }> }>;
    };
    expect(story.versions.map((v) => [v.kind, v.state, v.events.map((e) => e.type)])).toEqual([
      ['version', 'published', ['article.parsed']],
      ['version', 'published', ['article.updated']],
      ['removal', 'deleted', ['article.deleted']],
    ]);
  });
});
