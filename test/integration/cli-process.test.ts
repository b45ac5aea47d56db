// The CLI as a process: exit codes the README promises, the .env file, rejected configuration.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/cli-process.js';
import { freePort as unusedPort } from '../helpers/redis-server.js';

describe('news-ingest as a process', () => {
  it('start exits 3 with one clear line when Redis is unreachable', async () => {
    const port = await unusedPort();
    const dir = mkdtempSync(join(tmpdir(), 'ni-start-'));
    const run = await runCliProcess(['start'], {
      env: { REDIS_URL: `redis://127.0.0.1:${port}`, HTTP_PORT: '0', S3_PORT: '0', DATA_DIR: dir },
    });
    expect(run.stderr).toMatch(new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${port}`));
    expect(run.code).toBe(3);
  });

  it('start exits 2 naming the bad value when TRIGGERS has a typo', async () => {
    // An unreachable Redis too: without the check the process would exit 3, not start a service.
    const port = await unusedPort();
    const run = await runCliProcess(['start'], {
      env: { TRIGGERS: 'notifications,scna', REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/TRIGGERS: unknown trigger "scna"/);
  });

  it('reads .env from the working directory; the environment wins over it', async () => {
    const [filePort, envPort] = [await unusedPort(), await unusedPort()];
    const dir = mkdtempSync(join(tmpdir(), 'ni-dotenv-'));
    writeFileSync(join(dir, '.env'), `# a comment\nREDIS_URL=redis://127.0.0.1:${filePort}\n`);
    const fromFile = await runCliProcess(['status'], { cwd: dir });
    expect(fromFile.code).toBe(3);
    expect(fromFile.stderr).toContain(`redis://127.0.0.1:${filePort}`);
    const fromEnv = await runCliProcess(['status'], {
      cwd: dir,
      env: { REDIS_URL: `redis://127.0.0.1:${envPort}` },
    });
    expect(fromEnv.code).toBe(3);
    expect(fromEnv.stderr).toContain(`redis://127.0.0.1:${envPort}`);
  });
});
