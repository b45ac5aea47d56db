import { type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  name?: string;
  /** auto: readable lines on a terminal, JSON lines otherwise; json and pretty force one. */
  format?: 'auto' | 'json' | 'pretty';
  /** Whether stdout is a terminal (process.stdout.isTTY at the entry point). */
  isTty?: boolean;
}

/** Readable output for people at a terminal; JSON for log collectors. */
export function usePrettyLogs(format: LoggerOptions['format'], isTty: boolean): boolean {
  return format === 'pretty' || (format !== 'json' && isTty);
}

/** The one root logger of a process; everything else logs through children of it. */
export function createRootLogger(level: string, options: LoggerOptions = {}): Logger {
  const settings = { name: options.name ?? 'news-ingest', level, base: { pid: process.pid } };
  if (!usePrettyLogs(options.format ?? 'json', options.isTty ?? false)) return pino(settings);
  // In-process formatting (no transport thread): a CLI-started service writes a few lines a second.
  return pino(
    settings,
    pretty({
      colorize: options.isTty ?? false,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      singleLine: true,
      sync: true,
    }),
  );
}
