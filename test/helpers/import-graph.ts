// The modules and npm packages a TypeScript entry loads when imported: follows every static import and
// re-export (an `import { type X }` too: under verbatimModuleSyntax it still loads the module), skips
// `import type`/`export type` and dynamic import() (loaded only when called). Reads files; runs nothing.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface ImportClosure {
  /** Repo-relative paths of the TypeScript modules loaded, the entry included. */
  modules: Set<string>;
  /** npm package names (node: builtins left out). */
  packages: Set<string>;
}

const STATIC_IMPORT = /(?:^|[\n;])\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(STATIC_IMPORT)) if (!match[1] && match[2]) found.push(match[2]);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

export function importClosure(entry: string): ImportClosure {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const pending = [resolve(repoRoot, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    const path = relative(repoRoot, file);
    if (modules.has(path)) continue;
    modules.add(path);
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('node:')) continue;
      if (!specifier.startsWith('.')) {
        packages.add(packageName(specifier));
        continue;
      }
      if (specifier.endsWith('.json')) continue;
      pending.push(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
    }
  }
  return { modules, packages };
}
