// Runs `workers/ingest-worker.ts` as a real child process (from source, through tsx), so tests can
// SIGKILL and restart it.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export function spawnIngestWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', 'workers/ingest-worker.ts'],
    {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', HTTP_PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr?.on('data', () => {}); // drained; warnings about our own SIGKILLs are expected
  return {
    child,
    kill(signal = 'SIGKILL') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}
