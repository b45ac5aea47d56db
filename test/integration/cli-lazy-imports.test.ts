// A fast CLI: each command loads only what it uses, so `--help` and `parse` start without the AWS
// SDK, BullMQ/ioredis or pg. Measured start-up lives in the bench (cli-startup); this checks the cause.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const samplePath = new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url)
  .pathname;

function packagesLoadedBy(args: string[]): string[] {
  const out = execFileSync(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', 'test/helpers/cli-loaded-packages.ts', ...args],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

const SERVICE_PACKAGES = ['@aws-sdk/client-s3', 'ioredis', 'bullmq', 'pg', 'cli-progress', 'prom-client'];

describe('CLI start-up loads only what the command uses', () => {
  it('--help loads none of the service packages', () => {
    const loaded = packagesLoadedBy(['--help']);
    for (const name of SERVICE_PACKAGES) expect(loaded).not.toContain(name);
  });

  it('parse loads the parser but none of the service packages', () => {
    const loaded = packagesLoadedBy(['parse', samplePath]);
    expect(loaded).toContain('@mozilla/readability');
    for (const name of SERVICE_PACKAGES) expect(loaded).not.toContain(name);
  });

  it('status still loads the queue packages it needs', () => {
    expect(packagesLoadedBy(['status', '--help'])).toEqual(expect.arrayContaining(['ioredis', 'bullmq']));
  });
});
