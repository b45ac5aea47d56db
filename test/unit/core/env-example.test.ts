// .env.example documents every variable the code reads: the loaders' schema keys and any env.NAME
// read elsewhere in src/ and workers/. A variable added without documentation fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configVariables, REPO_ROOT as repo, sourceFiles } from '../../helpers/config-variables.js';

/** Variable names the code reads: `NAME:` keys of the loaders' zod schemas, and env.NAME / env['NAME']. */
function variablesRead(): Map<string, string> {
  const found = configVariables();
  for (const file of [...sourceFiles('src'), ...sourceFiles('workers')]) {
    const text = readFileSync(join(repo, file), 'utf8');
    for (const m of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)) {
      found.set((m[1] ?? m[2])!, file);
    }
  }
  return found;
}

function documented(): Set<string> {
  const text = readFileSync(join(repo, '.env.example'), 'utf8');
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
}

describe('.env.example', () => {
  it('finds the variables the loaders read (the scan itself works)', () => {
    const read = variablesRead();
    for (const name of ['REDIS_URL', 'S3_ENDPOINT', 'TRIGGERS', 'INDEXER_QUEUE', 'INDEXER_CONCURRENCY']) {
      expect(read.has(name), name).toBe(true);
    }
  });

  it('documents every variable the code reads', () => {
    const docs = documented();
    const missing = [...variablesRead()].filter(([name]) => !docs.has(name)).map(([n, f]) => `${n} (${f})`);
    expect(missing).toEqual([]);
  });
});
