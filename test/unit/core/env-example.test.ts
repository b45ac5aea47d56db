// .env.example documents every variable the code reads: the loaders' schema keys and any env.NAME
// read elsewhere in src/ and workers/. A variable added without documentation fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
/** The service's per-concern schemas (src/config/*.ts) and the indexer's. */
const LOADERS = () => [...sourceFiles('src/config'), 'src/indexer/config.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(repo, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(repo, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Variable names the code reads: `NAME:` keys of the loaders' zod schemas, and env.NAME / env['NAME']. */
function variablesRead(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of LOADERS()) {
    const text = readFileSync(join(repo, file), 'utf8');
    for (const block of text.matchAll(/z\.object\(\{([\s\S]*?)\n\}\)/g)) {
      for (const m of block[1]!.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)) found.set(m[1]!, file);
    }
  }
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
