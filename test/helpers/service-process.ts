// Runs the whole service (`workers/start.ts`: API, triggers and worker, with the embedded S3 server)
// as a real child process, so a test can tell whether hostile input takes the process down. The
// HTTP and S3 addresses are read from its log (HTTP_PORT=0 and S3_PORT=0 pick free ports).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  httpUrl: string;
  s3Endpoint: string;
  /** Parsed JSON log lines so far. */
  logs: Array<Record<string, unknown>>;
  alive(): boolean;
  stop(): Promise<number | null>;
}

export async function spawnService(env: Record<string, string>, timeoutMs = 30_000): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', 'workers/start.ts'],
    {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', HTTP_PORT: '0', S3_PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const ready = new Promise<{ httpUrl: string; s3Endpoint: string }>((resolve, reject) => {
    let httpUrl: string | undefined;
    let s3Endpoint: string | undefined;
    const timer = setTimeout(() => reject(new Error(`service did not start: ${stderr}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before it was ready: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'embedded S3 server started') s3Endpoint = String(entry.endpoint);
      if (entry.msg === 'HTTP server listening') httpUrl = String(entry.url);
      if (httpUrl && s3Endpoint && entry.msg === 'news-ingest is running') {
        clearTimeout(timer);
        resolve({ httpUrl, s3Endpoint });
      }
    });
  });
  const { httpUrl, s3Endpoint } = await ready;
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    httpUrl,
    s3Endpoint,
    logs,
    alive,
    stop: () =>
      new Promise((resolve) => {
        if (!alive()) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
