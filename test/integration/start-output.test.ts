// What a newcomer sees from `news-ingest start`: readable log lines with LOG_FORMAT=pretty (the default
// on a terminal), JSON lines with LOG_FORMAT=json (the default when piped), and the AWS SDK's Node 22
// notice as one log line instead of a multi-line warning block on stderr.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliCommandLine, spawnCli } from '../helpers/cli-process.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../helpers/redis.js';

/** util-linux `script` gives the process a pseudo-terminal: the newcomer's `npm start` in a terminal. */
const noPty = spawnSync('script', ['--version']).status === 0 ? null : 'util-linux script is not installed';
const prefixes: string[] = [];
const dirs: string[] = [];

async function startEnv(format: string): Promise<Record<string, string>> {
  const prefix = uniquePrefix('start-out');
  const dir = mkdtempSync(join(tmpdir(), 'ni-start-out-'));
  prefixes.push(prefix);
  dirs.push(dir);
  return {
    REDIS_URL: await testRedisUrl(),
    QUEUE_PREFIX: prefix,
    HTTP_PORT: '0',
    S3_PORT: '0',
    DATA_DIR: dir,
    LOG_FORMAT: format,
  };
}

describe('news-ingest start output', () => {
  afterAll(async () => {
    const redisUrl = await testRedisUrl();
    for (const prefix of prefixes) await deleteKeys(redisUrl, prefix);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('LOG_FORMAT=pretty prints readable lines, the SDK notice on one of them, nothing on stderr', async () => {
    const cli = spawnCli(['start'], { env: await startEnv('pretty') });
    try {
      await cli.waitForStdout(/news-ingest is running/);
      const lines = cli.stdout().trim().split('\n');
      expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
      expect(lines[0]).not.toMatch(/Node|SDK/); // the notice is not the first thing on screen
      expect(cli.stdout()).toMatch(
        /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(news-ingest\): news-ingest is running \{"roles":/m,
      );
      if (Number(process.versions.node.split('.')[0]) < 22)
        await cli.waitForStdout(
          /INFO \(news-ingest\): Node v\d+.*AWS SDK releases after early January 2027 need Node 22/,
        );
      expect(cli.stderr()).not.toMatch(/NodeVersionSupportWarning/);
      expect(cli.stderr()).toBe('');
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });

  it.skipIf(noPty !== null)(
    'on a terminal, with LOG_FORMAT unset, prints readable coloured lines',
    async () => {
      const env = await startEnv('auto');
      const child = spawn('script', ['-qec', `exec ${cliCommandLine(['start'])}`, '/dev/null'], {
        cwd: tmpdir(),
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      let out = '';
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          out += chunk;
          if (out.includes('news-ingest is running')) resolve();
        });
        child.on('exit', () => reject(new Error(`exited early: ${out}`)));
      });
      child.stdin.write('\x03'); // Ctrl-C at the terminal: SIGINT, the service drains
      expect(await exited).toBe(0);
      const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
      expect(out).toMatch(/\x1b\[32mINFO/); // coloured level
      expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(news-ingest\): news-ingest is running /m);
      expect(plain.split(/\r?\n/).filter((l) => l.startsWith('{'))).toEqual([]);
      expect(plain).not.toMatch(/NodeVersionSupportWarning/);
    },
  );

  it('LOG_FORMAT=json prints one JSON object per line', async () => {
    const cli = spawnCli(['start'], { env: await startEnv('json') });
    try {
      await cli.waitForStdout(/news-ingest is running/);
      const records = cli
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string; level: number });
      expect(records.map((r) => r.msg)).toContain('news-ingest is running');
      expect(cli.stderr()).not.toMatch(/NodeVersionSupportWarning/);
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });
});
