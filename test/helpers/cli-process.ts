// Runs the `news-ingest` CLI as a real child process (from source, through tsx), so tests see its exit
// code, its stderr and what it reads from its working directory (.env).
import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsx = pathToFileURL(`${repo}node_modules/tsx/dist/loader.mjs`).href;
const cliMain = `${repo}src/cli/main.ts`;

/** The command line that runs the CLI from source, for wrappers that take one string (`script -c`). */
export function cliCommandLine(args: string[]): string {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  return [process.execPath, '--openssl-legacy-provider', '--import', tsx, cliMain, ...args]
    .map(quote)
    .join(' ');
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCliProcess(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', tsx, cliMain, ...args], {
      // Not the repo: a developer's .env there must not leak into the test.
      cwd: options.cwd ?? tmpdir(),
      // Only what the test gives: no REDIS_URL or S3_ENDPOINT leaks in from the test runner.
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`news-ingest ${args.join(' ')} did not exit; stderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface LongRunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches (the process announces facts in its log: no sleeping). */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a command that keeps running (`start`, `indexer`). */
export function spawnCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): LongRunningCli {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', tsx, cliMain, ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStdout(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = stdout.match(pattern);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no ${pattern} on stdout within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`),
          );
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`exited before ${pattern}; stdout: ${stdout}; stderr: ${stderr}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
