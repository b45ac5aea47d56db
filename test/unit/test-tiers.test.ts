// Every test file belongs to exactly one tier of vitest.config.ts: a file outside every tier's folder
// would never run.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_TIERS } from '../../vitest.config.js';
import { corpusDir, SHARED_CORPUS } from '../helpers/corpus.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const FORBIDDEN_IN_UNIT = [
  /^ioredis$/,
  /^bullmq$/,
  /^pg$/,
  /^testcontainers$/,
  /^s3rver$/,
  /^@aws-sdk\/client-/,
  /^node:(child_process|net|http|https)$/,
  /helpers\/(redis|redis-server|s3|service|service-process|worker-process|cli-process|docker)\.js$/,
];

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

describe('test tiers', () => {
  it('assign every test file under test/ to one tier', () => {
    const tiers = Object.values(TEST_TIERS);
    const orphans = testFiles('test').filter((f) => !tiers.some((dir) => f.startsWith(`${dir}/`)));
    expect(orphans).toEqual([]);
  });

  it('keep Redis, S3, servers and child processes out of the unit tier', () => {
    // Imported by a unit test or by anything it imports from test/ (helpers): a fact checked on the
    // source, so the unit tier runs with Redis stopped.
    const offending: string[] = [];
    for (const file of readdirSync(join(ROOT, 'test/unit'), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const source = readFileSync(join(ROOT, 'test/unit', file), 'utf8');
      for (const m of source.matchAll(/^import\s+(?!type\s)[^;]*?from '([^']+)'/gm)) {
        if (FORBIDDEN_IN_UNIT.some((f) => f.test(m[1] as string))) offending.push(`${file}: ${m[1]}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('fail an eval suite loudly, naming the missing file, when the shared corpus is absent', () => {
    expect(SHARED_CORPUS).toBe(join(ROOT, '..', 'shared', 'corpus'));
    expect(() => corpusDir('no-such-set', 'labels.json')).toThrow(
      `eval corpus missing: ${join(SHARED_CORPUS, 'no-such-set', 'labels.json')} does not exist`,
    );
  });

  it('resolve ../shared one way: only test/helpers/corpus.ts names it', () => {
    const ONE_WAY = ['test/helpers/corpus.ts', 'test/unit/test-tiers.test.ts'];
    const SHARED_PATH = /['"`](\.\.\/)+shared\/|'shared', 'corpus'/;
    const naming = testFiles('test')
      .concat(readdirSync(join(ROOT, 'test/helpers')).map((f) => `test/helpers/${f}`))
      .filter((f) => !ONE_WAY.includes(f) && SHARED_PATH.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(naming).toEqual([]);
  });
});
