// The logging port: the pino methods modules call, as a plain interface, so pure modules, the subscriber
// kit and unit tests need not bring pino (a pino Logger satisfies it). Take Pick<Log, 'warn'> when less is used.
export interface Log {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const SILENT_LOG: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
