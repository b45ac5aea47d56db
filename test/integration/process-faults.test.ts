// The last resort of a process (src/process/log-process-faults.ts), run in a child: an unhandled
// rejection is logged and the process goes on; an uncaught exception is logged, then exit 1.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

const script = `
import { pino } from 'pino';
import { logProcessFaults } from './src/process/log-process-faults.ts';
logProcessFaults(pino());
Promise.reject(new Error('nobody awaits me'));
setTimeout(() => {
  console.log(JSON.stringify({ msg: 'still alive' }));
  setTimeout(() => { throw new Error('boom'); }, 10);
}, 50);
`;

describe('process faults', () => {
  it('logs an unhandled rejection and goes on; logs an uncaught exception and exits 1', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 30_000,
    });
    const lines = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; level?: number; err?: { message: string } });
    expect(lines.map((l) => l.msg)).toEqual([
      'unhandled promise rejection',
      'still alive',
      'uncaught exception: exiting, the process state is unknown',
    ]);
    expect(lines[0]!.err!.message).toBe('nobody awaits me');
    expect(lines[2]!.level).toBe(60);
    expect(run.status).toBe(1);
  });
});
