// The variables the config loaders read, found in their source: the `NAME:` keys of the zod schemas in
// src/config/*.ts (one module per concern) and the indexer's src/indexer/config.ts. Shared by the
// .env.example and manifest checks so both follow the loaders wherever they move.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(REPO_ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Loader source files: the service's per-concern schemas and the indexer's. */
export function configLoaderFiles(): string[] {
  return [...sourceFiles('src/config'), 'src/indexer/config.ts'];
}

/** Variable name → the loader file whose schema reads it. */
export function configVariables(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of configLoaderFiles()) {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    for (const block of text.matchAll(/z\.object\(\{([\s\S]*?)\n\}\)/g)) {
      for (const m of block[1]!.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)) found.set(m[1]!, file);
    }
  }
  return found;
}
