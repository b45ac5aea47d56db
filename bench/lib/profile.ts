// Reads V8 .cpuprofile files (node --cpu-prof) and sums self time per function and per owner: our
// code (dist/src), each npm package, Node internals, and V8's pseudo-frames (GC, program, idle).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  thread: string;
  /** Wall time covered by the profile (or its window), ms, and the part spent idle. */
  totalMs: number;
  idleMs: number;
  byOwner: Array<{ owner: string; ms: number; pctBusy: number }>;
  /** Self time of native and Node-internal frames charged to the nearest package or our code calling them. */
  byCaller: Array<{ owner: string; ms: number; pctBusy: number }>;
  topFunctions: Array<{ fn: string; owner: string; ms: number; pctBusy: number }>;
}

export function ownerOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/(dist\/)?(src|workers)\/(.*)$/.exec(url);
  if (ours) return `ours: ${ours[2]}/${ours[3]!.split('/')[0]}`;
  return url;
}

function shortUrl(url: string): string {
  const pkg = /node_modules\/(.*)$/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/((dist\/)?(src|workers)\/.*)$/.exec(url);
  return ours ? ours[1]! : url.replace(/^file:\/\//, '');
}

/**
 * A window in CLOCK_MONOTONIC microseconds: V8 stamps profiles with the same clock as
 * process.hrtime.bigint(), so the bench can keep only the samples taken during its timed run.
 */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

export function summariseProfile(path: string, top = 15, window?: ProfileWindow): ProfileSummary {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byNode = new Map<number, number>();
  let at = p.startTime;
  p.samples.forEach((id, i) => {
    const delta = p.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    byNode.set(id, (byNode.get(id) ?? 0) + delta);
  });
  const byFn = new Map<string, { fn: string; owner: string; us: number }>();
  const byOwner = new Map<string, number>();
  const byCaller = new Map<string, number>();
  const parent = new Map<number, number>();
  const nodeById = new Map(p.nodes.map((n) => [n.id, n]));
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const callerOf = (id: number): string => {
    let cur: number | undefined = id;
    while (cur !== undefined) {
      const n = nodeById.get(cur)!;
      const o = ownerOf(n.callFrame.url, n.callFrame.functionName);
      if (o !== '(native)' && o !== 'node internals' && o !== '(root)') return o;
      cur = parent.get(cur);
    }
    return 'node internals (no JS caller)';
  };
  let idle = 0;
  let total = 0;
  for (const node of p.nodes) {
    const us = byNode.get(node.id) ?? 0;
    if (!us) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const owner = ownerOf(url, functionName);
    const name = functionName.length > 60 ? `${functionName.slice(0, 57)}...` : functionName;
    const fn = `${name || '(anonymous)'}${url ? ` ${shortUrl(url)}:${lineNumber + 1}` : ''}`;
    const cur = byFn.get(fn) ?? { fn, owner, us: 0 };
    cur.us += us;
    byFn.set(fn, cur);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    const caller = callerOf(node.id);
    byCaller.set(caller, (byCaller.get(caller) ?? 0) + us);
  }
  const busy = Math.max(1, total - idle);
  const thread = /\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(path);
  return {
    file: path,
    thread: thread
      ? thread[2] === '0'
        ? `main (pid ${thread[1]})`
        : `thread ${thread[2]} (pid ${thread[1]})`
      : '?',
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    byOwner: topShares(byOwner, busy),
    byCaller: topShares(byCaller, busy),
    topFunctions: [...byFn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({
        fn: f.fn,
        owner: f.owner,
        ms: Math.round(f.us / 1000),
        pctBusy: Math.round((f.us / busy) * 1000) / 10,
      })),
  };
}

export function summariseProfileDir(dir: string, top = 15, window?: ProfileWindow): ProfileSummary[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .map((f) => summariseProfile(join(dir, f), top, window));
}

// Standalone: tsx bench/lib/profile.ts <file-or-dir>
if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (!target) throw new Error('usage: tsx bench/lib/profile.ts <.cpuprofile | dir>');
  const list = target.endsWith('.cpuprofile') ? [summariseProfile(target)] : summariseProfileDir(target);
  for (const s of list) {
    console.log(`\n${s.thread}: ${s.totalMs} ms profiled, ${s.idleMs} ms idle`);
    console.table(s.byOwner);
    console.table(s.byCaller);
    console.table(s.topFunctions);
  }
}

/** The 12 largest owners of busy time, in ms and as a share of it. */
function topShares(microsByOwner: Map<string, number>, busyMicros: number) {
  return [...microsByOwner.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([owner, us]) => ({
      owner,
      ms: Math.round(us / 1000),
      pctBusy: Math.round((us / busyMicros) * 1000) / 10,
    }));
}
