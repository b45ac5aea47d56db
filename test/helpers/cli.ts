// Runs the CLI in this process with its output captured: for tests that read what a command printed.
import { runCli } from '../../src/cli/main.js';

export interface CapturedRun {
  code: number;
  out: string[];
  err: string[];
}

export async function runCliCaptured(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CapturedRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    interactive: false,
  });
  return { code, out, err };
}
