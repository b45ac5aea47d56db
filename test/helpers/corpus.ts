// The shared evaluation corpus: `shared/` beside the repo's clone (../shared/corpus), resolved from
// this file so the working directory does not matter. Eval suites call `corpusDir` at load time: a
// missing corpus fails the suite with a clear message instead of skipping it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** ../shared/corpus beside the repo. */
export const SHARED_CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus');

/** The path of a corpus set, e.g. `neardup-dev`. */
export function corpusPath(set: string): string {
  return join(SHARED_CORPUS, set);
}

/**
 * The path of a corpus set that must be present: throws naming the missing file when `marker`
 * (a file every copy of the set has, e.g. `labels.json`) is absent.
 */
export function corpusDir(set: string, marker: string): string {
  const dir = corpusPath(set);
  const file = join(dir, marker);
  if (!existsSync(file)) {
    throw new Error(
      `eval corpus missing: ${file} does not exist. The eval tier needs the shared corpus beside the ` +
        `repo (../shared/corpus/${set}); run the other tiers without it (npm run test:unit etc.).`,
    );
  }
  return dir;
}
