// What the bench ran on, and making sure dist/ (what the worker processes run) is built from src/.
import { execFileSync } from 'node:child_process';
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  node: string;
  platform: string;
  redis: string;
}

export function machineInfo(redisVersion: string): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    redis: redisVersion,
  };
}

function walk(dir: string, ext: string, pick: (a: number, b: number) => number, init: number): number {
  let acc = init;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return acc;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) acc = pick(acc, walk(p, ext, pick, init));
    else if (e.name.endsWith(ext)) acc = pick(acc, statSync(p).mtimeMs);
  }
  return acc;
}

/**
 * tsc rewrites every output on a build, so dist is fresh when its oldest .js is newer than the newest
 * .ts under src/ and workers/. Builds when stale; a failed build (someone mid-edit) is reported, and the
 * bench carries on with the dist it has when there is one.
 */
export function ensureBuilt(root: string, log: (line: string) => void): { built: boolean; note: string } {
  const newestSource = Math.max(
    walk(join(root, 'src'), '.ts', Math.max, 0),
    walk(join(root, 'workers'), '.ts', Math.max, 0),
  );
  const oldestDist = Math.min(
    walk(join(root, 'dist/src'), '.js', Math.min, Number.POSITIVE_INFINITY),
    walk(join(root, 'dist/workers'), '.js', Math.min, Number.POSITIVE_INFINITY),
  );
  if (Number.isFinite(oldestDist) && oldestDist >= newestSource)
    return { built: false, note: 'dist up to date' };
  log('dist/ is missing or older than src/: npm run build');
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    return { built: true, note: 'built by the bench' };
  } catch (error) {
    if (!Number.isFinite(oldestDist)) throw error;
    log('npm run build failed; benchmarking the existing (possibly stale) dist/');
    return { built: false, note: 'build failed; stale dist used' };
  }
}
