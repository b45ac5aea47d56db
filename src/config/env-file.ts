// Entry points only: merges a `.env` file into the process environment before loadConfig reads it.
// Variables already set in the environment win over the file (Node's own loader keeps them).
import { existsSync } from 'node:fs';

/** Loads `path` (default `.env` in the working directory) when it exists; returns whether it did. */
export function loadEnvFile(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
