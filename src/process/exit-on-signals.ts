// The one place signals are handled: SIGTERM/SIGINT start an ordered drain (`stop`) and exit 0 when it
// is done (1 if it failed); a second signal exits at once with 130.
import type { Logger } from 'pino';

export function exitOnSignals(stop: () => Promise<void>, log: Logger): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    log.info({ signal }, 'draining');
    stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
