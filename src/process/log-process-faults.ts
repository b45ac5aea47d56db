// The last resort of a process (workers/* only, like signals): an unhandled promise rejection is
// logged and the process goes on; an uncaught exception is logged and the process exits 1, because
// its state is unknown after one. Request handlers never get here: errors in them become logged 500s.
import type { Logger } from 'pino';

export function logProcessFaults(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error, origin) => {
    log.fatal({ err: error, origin }, 'uncaught exception: exiting, the process state is unknown');
    process.exit(1);
  });
}
