// The news-ingest CLI against a running service: upload, events, status, replay, dlq; parse and
// dedup offline.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured as cli } from '../helpers/cli.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitForDrained } from '../helpers/settle.js';
import { waitFor } from '../helpers/wait.js';

const samplePath = new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url)
  .pathname;

describe('offline commands', () => {
  it('parse --json prints one line per article with the sample facts', async () => {
    const { code, out } = await cli(['parse', '--json', samplePath]);
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const line = JSON.parse(out[0]!) as {
      file: string;
      article: { paragraphs: string[]; related: string[]; language: string };
    };
    expect(line.file).toBe(samplePath);
    expect(line.article.paragraphs).toHaveLength(5);
    expect(line.article.related).toHaveLength(16);
    expect(line.article.language).toBe('en');
  });

  it('dedup --json flags a copy under another name as an exact duplicate of the first file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ni-cli-'));
    const copy = join(dir, 'copy of+sample.txt');
    writeFileSync(copy, await import('node:fs').then((fs) => fs.readFileSync(samplePath)));
    const { code, out } = await cli(['dedup', '--json', samplePath, copy]);
    expect(code).toBe(0);
    const [first, second] = out.map(
      (l) => JSON.parse(l) as { file: string; articleId: string; duplicate: unknown },
    );
    expect(first!.duplicate).toBeNull();
    expect(second!.duplicate).toEqual({
      of: first!.articleId,
      ofFile: samplePath,
      kind: 'exact',
      similarity: 1,
    });
  });

  it('parse and dedup read .gz and .zip files through the same decompression step', async () => {
    const fs = await import('node:fs');
    const { gzipSync } = await import('node:zlib');
    const { zipOf } = await import('../helpers/archives.js');
    const sample = fs.readFileSync(samplePath);
    const dir = mkdtempSync(join(tmpdir(), 'ni-cli-'));
    const gz = join(dir, 'sample.txt.gz');
    writeFileSync(gz, gzipSync(sample));
    const zip = join(dir, 'two.zip');
    writeFileSync(
      zip,
      await zipOf([
        { name: 'a/sample.txt', data: sample },
        { name: 'b.txt', data: sample },
      ]),
    );
    const parsed = await cli(['parse', '--json', gz, zip]);
    expect(parsed.code).toBe(0);
    const lines = parsed.out.map((l) => JSON.parse(l) as { file: string; entry?: string });
    expect(lines.map((l) => [l.file, l.entry])).toEqual([
      [gz, undefined],
      [zip, 'a/sample.txt'],
      [zip, 'b.txt'],
    ]);
    const deduped = await cli(['dedup', '--json', samplePath, gz]);
    const [, second] = deduped.out.map((l) => JSON.parse(l) as { duplicate: { kind: string } | null });
    expect(second!.duplicate?.kind).toBe('exact');
    writeFileSync(join(dir, 'cut.gz'), gzipSync(sample).subarray(0, 50));
    const cut = await cli(['parse', join(dir, 'cut.gz')]);
    expect(cut.code).toBe(1);
    expect(cut.err.join('\n')).toMatch(/corrupt-compression/);
  });

  it('exits 2 with usage on unknown commands and missing arguments, and 1 on missing files', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['parse'])).code).toBe(2);
    expect((await cli(['parse', '/nonexistent/file.txt'])).code).toBe(1);
    const help = await cli(['dlq', '--help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/usage: news-ingest dlq/);
  });

  it('upload refuses keys the key policy refuses before contacting S3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ni-keys-'));
    const long = join(dir, `${'a'.repeat(250)}.txt`);
    writeFileSync(long, 'x');
    const env = { S3_ENDPOINT: 'http://127.0.0.1:1' }; // nothing listens: an upload attempt would fail otherwise
    const traversal = await cli(['upload', '--prefix', '../../escape', samplePath], env);
    expect(traversal.code).toBe(1);
    expect(traversal.err.join('\n')).toMatch(/not uploaded: .*"\.\." segments \(dot-segment\)/);
    // Without S3_ENDPOINT the target is the embedded store: 233 bytes per segment.
    const tooLong = await cli(['upload', long], { S3_PORT: '1' });
    expect(tooLong.code).toBe(1);
    expect(tooLong.err.join('\n')).toMatch(/\(segment-too-long\)/);
  });

  it('exits 3 with one clear line when Redis is unreachable', async () => {
    const { code, err } = await cli(['status'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(code).toBe(3);
    expect(err.join('\n')).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*redis-server/);
  });
});

describe('commands against a running service', () => {
  let svc: TestService;
  let env: Record<string, string>;
  beforeAll(async () => {
    svc = await startTestService();
    env = {
      REDIS_URL: svc.redisUrl,
      QUEUE_PREFIX: svc.config.queues.prefix,
      S3_ENDPOINT: svc.service.s3Endpoint,
      S3_ACCESS_KEY_ID: 'minioadmin',
      S3_SECRET_ACCESS_KEY: 'minioadmin',
      S3_BUCKET: svc.config.s3.bucket,
    };
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('uploads files and directories under the raw prefix, then shows the events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ni-upload-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    const { code, out } = await cli(['upload', '--json', '--prefix', 'batch1', samplePath, dir], env);
    expect(code).toBe(0);
    const keys = out.map((l) => (JSON.parse(l) as { key: string }).key).sort();
    expect(keys).toEqual(['incoming/batch1/empty.txt', 'incoming/batch1/lavrov-us-ukraine-with-sidebar.txt']);
    await svc.waitForEvents(1);
    const events = await cli(['events', '--json'], env);
    expect(events.code).toBe(0);
    expect(events.out).toHaveLength(1);
    expect(JSON.parse(events.out[0]!)).toMatchObject({
      type: 'article.parsed',
      source: { key: 'incoming/batch1/lavrov-us-ukraine-with-sidebar.txt' },
    });
  });

  it('status reports the queues and failures by reason', async () => {
    await waitFor(async () =>
      (await svc.queue(svc.config.queues.ingest).getFailedCount()) === 1 ? true : undefined,
    );
    const { code, out } = await cli(['status', '--json'], env);
    expect(code).toBe(0);
    const status = JSON.parse(out[0]!) as {
      queues: Array<{ name: string; counts: Record<string, number> }>;
      failedByReason: Record<string, number>;
    };
    expect(status.queues.map((q) => q.name)).toEqual(['ingest', 'articles']);
    expect(status.failedByReason).toEqual({ empty: 1 });
  });

  it('dlq lists by reason, retries (the empty object fails again) and purges', async () => {
    const list = await cli(['dlq', 'list', '--json', '--reason', 'empty'], env);
    expect(list.out).toHaveLength(1);
    expect(JSON.parse(list.out[0]!)).toMatchObject({ reason: 'empty', key: 'incoming/batch1/empty.txt' });
    expect((await cli(['dlq', 'list', '--json', '--reason', 'binary'], env)).out).toHaveLength(0);
    const retry = await cli(['dlq', 'retry', '--reason', 'empty'], env);
    expect(retry.out[0]).toBe('retried 1 failed jobs');
    const failedAgain = await waitFor(async () => {
      const [job] = await svc.queue(svc.config.queues.ingest).getFailed(0, 0);
      return job && job.attemptsMade >= 1 && job.finishedOn && job.processedOn ? job : undefined;
    });
    expect(failedAgain.failedReason).toMatch(/^empty: /);
    const purge = await cli(['dlq', 'purge', '--reason', 'empty'], env);
    expect(purge.out[0]).toBe('purged 1 failed jobs');
    expect(await svc.queue(svc.config.queues.ingest).getFailedCount()).toBe(0);
  });

  it('replay is idempotent: versions already done yield no new event', async () => {
    const before = (await svc.events()).length;
    const { code, out } = await cli(['replay', '--json'], env);
    expect(code).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ matched: 2 });
    // Replay enqueued before it returned: once the ingest queue is drained, every replayed job has run.
    await waitForDrained(svc.queue(svc.config.queues.ingest));
    expect((await svc.events()).length).toBe(before);
    expect((await cli(['replay', '--prefix', 'elsewhere/'], env)).code).toBe(2);
  });
});
