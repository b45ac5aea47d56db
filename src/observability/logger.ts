import { type Logger, pino } from 'pino';

export type { Logger };

/** The one root logger of a process; everything else logs through children of it. */
export function createRootLogger(level: string, name = 'news-ingest'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
