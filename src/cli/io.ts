// What a command needs from the outside world, passed in so commands stay testable.
import type { Env } from '../config/load-config.js';

export interface CliIo {
  env: Env;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** True when stderr is a terminal (progress bars). */
  interactive: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failure: 1, usage: 2, unavailable: 3 } as const;
