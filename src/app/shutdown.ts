// Ordered, idempotent, time-bounded shutdown: steps run in the order they were registered (intake
// first, storage last); each gets what is left of the budget; calling stop() twice returns the same
// promise.

import { settleWithin } from '../deadline.js';
import type { Log } from '../observability/log.js';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
  /** Called when `run` overran the budget (e.g. force-close a worker). */
  force?: () => Promise<void>;
}

export interface Shutdown {
  add(step: ShutdownStep): void;
  stop(): Promise<void>;
  readonly stopping: boolean;
}

export function createShutdown(budgetMs: number, log: Pick<Log, 'warn' | 'error'>): Shutdown {
  const steps: ShutdownStep[] = [];
  let stopping: Promise<void> | null = null;
  const runAll = async () => {
    const deadline = Date.now() + budgetMs;
    for (const step of steps) {
      const left = Math.max(100, deadline - Date.now());
      try {
        if (!(await settleWithin(step.run(), left)).settled) {
          log.warn({ step: step.name }, 'shutdown step overran its budget; forcing');
          await step
            .force?.()
            .catch((error: unknown) => log.error({ err: error, step: step.name }, 'force failed'));
        }
      } catch (error) {
        log.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
  };
  return {
    add: (step) => steps.push(step),
    stop() {
      stopping ??= runAll();
      return stopping;
    },
    get stopping() {
      return stopping !== null;
    },
  };
}
