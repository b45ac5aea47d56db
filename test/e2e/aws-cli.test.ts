// The README's first flow with the real AWS CLI against the running service (embedded S3 server):
// two `aws s3 cp` of the sample, then `news-ingest events` shows article.parsed and article.duplicate.
// Then a file over the CLI's 8 MB multipart threshold: it goes up in parts (counted on the wire),
// arrives byte for byte, and becomes an event — so streaming/chunked uploads stay covered.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withArticle } from '../helpers/article-events.js';
import { AWS_CLI, awsCliEnv, newsIngestCli, runFile } from '../helpers/aws-cli.js';
import { type S3RequestLog, startS3RequestLog } from '../helpers/s3-request-log.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const samplePath = new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url)
  .pathname;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.skipIf(!AWS_CLI)(
  'aws s3 cp into the service (needs the AWS CLI: Debian awscli, see .ci/run)',
  () => {
    let svc: TestService;
    let proxy: S3RequestLog;
    let dir: string;
    let awsEnv: NodeJS.ProcessEnv;
    beforeAll(async () => {
      svc = await startTestService();
      // The CLI talks to the service's S3 endpoint through a logging pass-through, to count parts.
      proxy = await startS3RequestLog(svc.service.s3Endpoint);
      dir = mkdtempSync(join(tmpdir(), 'ni-awscli-'));
      awsEnv = awsCliEnv(svc, dir);
    });
    afterAll(async () => {
      await proxy?.close();
      await svc?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const awsCp = (file: string, key: string) =>
      runFile(
        AWS_CLI!,
        ['--endpoint-url', proxy.endpoint, 's3', 'cp', file, `s3://${svc.config.s3.bucket}/${key}`],
        {
          env: awsEnv,
        },
      );
    // `npx news-ingest events`, from source, as its own process.
    const newsIngest = (...args: string[]) => newsIngestCli(svc, ...args);

    it("the README's two copies become article.parsed and article.duplicate", async () => {
      await awsCp(samplePath, 'incoming/lavrov.txt');
      await awsCp(samplePath, 'incoming/copy of+lavrov.txt');
      await svc.waitForEvents(2);
      const { stdout } = await newsIngest('events');
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^article\.parsed art-\S+ incoming\/lavrov\.txt( |$)/);
      expect(lines[1]).toMatch(/^article\.duplicate art-\S+ incoming\/copy of\+lavrov\.txt( |$)/);
    });

    it('a 9.4 MB upload goes multipart, arrives intact and is processed', async () => {
      // The sample followed by ~9 MB of blank (space-filled) lines: a real article, padded past the
      // CLI's 8 MB threshold and well under MAX_OBJECT_BYTES (20 MB).
      const sample = readFileSync(samplePath);
      const padding = Buffer.from(`${' '.repeat(1023)}\n`.repeat(9 * 1024));
      const bigPath = join(dir, 'padded.txt');
      const big = Buffer.concat([sample, padding]);
      expect(big.byteLength).toBeGreaterThan(8 * 1024 * 1024);
      expect(big.byteLength).toBeLessThan(svc.config.limits.maxObjectBytes);
      writeFileSync(bigPath, big);
      const before = proxy.requests.length;
      await awsCp(bigPath, 'incoming/padded.txt');

      const sent = proxy.requests.slice(before).filter((r) => r.path.endsWith('/incoming/padded.txt'));
      expect(sent.filter((r) => r.method === 'POST' && r.query.has('uploads'))).toHaveLength(1);
      expect(
        sent.filter((r) => r.method === 'PUT' && r.query.has('partNumber')).length,
      ).toBeGreaterThanOrEqual(2);
      expect(sent.filter((r) => r.method === 'POST' && r.query.has('uploadId'))).toHaveLength(1);

      const stored = await svc.s3.send(
        new GetObjectCommand({ Bucket: svc.config.s3.bucket, Key: 'incoming/padded.txt' }),
      );
      expect(sha256(await stored.Body!.transformToByteArray())).toBe(sha256(big));

      // Whitespace adds nothing to the article: it is the sample again, an exact duplicate.
      const events = await waitFor(async () => {
        const all = await svc.events();
        return all.some((e) => e.source.key === 'incoming/padded.txt') ? all : undefined;
      }, 60_000);
      const first = events.find((e) => e.source.key === 'incoming/lavrov.txt')!;
      const padded = withArticle(events.find((e) => e.source.key === 'incoming/padded.txt'));
      expect(padded.type).toBe('article.duplicate');
      expect(padded.duplicate).toMatchObject({ of: first.articleId });
      expect(padded.source.size).toBe(big.byteLength);
    });
  },
);
