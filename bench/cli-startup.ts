// Start-up time of the CLI as a user meets it: `news-ingest --help` and `news-ingest parse` of one small
// file, each a fresh `node` process running bin/news-ingest.js (dist/), against the same-run baseline
// of a bare `node -e 0`. Runs are interleaved so machine load affects all three alike; medians reported.
//
// Standalone: tsx bench/cli-startup.ts [--runs N] (after npm run build)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCliStartup } from './lib/report.js';

export interface CliStartupRow {
  command: string;
  medianMs: number;
  minMs: number;
  /** median / the baseline's median */
  ratio: number;
}

export interface CliStartupResult {
  runs: number;
  baseline: { command: string; medianMs: number; minMs: number };
  rows: CliStartupRow[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function benchCliStartup(options: { root: string; runs: number }): CliStartupResult {
  const bin = join(options.root, 'bin', 'news-ingest.js');
  const sample = join(options.root, 'test', 'fixtures', 'samples', 'lavrov-us-ukraine-with-sidebar.txt');
  // The same flag the bin's shebang passes, so the baseline differs only by what the CLI loads.
  const node = ['--openssl-legacy-provider'];
  const cases = [
    { command: 'node -e 0 (baseline)', args: [...node, '-e', '0'] },
    { command: 'news-ingest --help', args: [...node, bin, '--help'] },
    { command: 'news-ingest parse <one 3 KB article>', args: [...node, bin, 'parse', sample] },
  ];
  const times = cases.map(() => [] as number[]);
  for (let run = 0; run < options.runs + 1; run++) {
    for (const [i, c] of cases.entries()) {
      const started = performance.now();
      const child = spawnSync(process.execPath, c.args, {
        cwd: options.root,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      const ms = performance.now() - started;
      if (child.status !== 0) throw new Error(`${c.command} exited ${child.status}: ${child.stderr}`);
      if (run > 0) times[i]!.push(ms); // the first round warms the file cache
    }
  }
  const [baseline, ...rest] = cases.map((c, i) => ({
    command: c.command,
    medianMs: median(times[i]!),
    minMs: Math.min(...times[i]!),
  }));
  return {
    runs: options.runs,
    baseline: baseline!,
    rows: rest.map((r) => ({ ...r, ratio: r.medianMs / baseline!.medianMs })),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  process.stdout.write(`${renderCliStartup(benchCliStartup({ root, runs })).join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
