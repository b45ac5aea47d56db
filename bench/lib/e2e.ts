// End-to-end runs against a Topology: throughput (uploads racing the workers, or a pre-filled queue
// drained by them) and open-loop latency at a fixed upload rate.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { COMMIT_SCRIPT, LOOKUP_SCRIPT } from '../../src/dedup/redis-scripts.js';
import type { BenchArticle } from './corpus.js';
import { monotonicUs, type ProfileWindow } from './profile.js';
import { mapLimit, sleep, summarise } from './stats.js';
import {
  cpuMs,
  rssMB,
  rssSampler,
  type Topology,
  threadCpuMs,
  threadSplit,
  type Uploaded,
} from './topology.js';

export interface ThroughputResult {
  mode: 'upload-while-processing' | 'drain';
  workers: number;
  articles: number;
  mb: number;
  seconds: number;
  articlesPerSecond: number;
  mbPerSecond: number;
  uploadSeconds: number;
  missingEvents: number;
  /** The timed run in CLOCK_MONOTONIC µs (to cut CPU profiles to it). */
  window: ProfileWindow;
  /** CPU time per article, ms: all worker processes, the api process (S3 server + triggers), the bench. */
  cpuMsPerArticle: { workers: number; api: number; bench: number; redis: number };
  /**
   * Worker CPU per article by thread (summed over workers): the event loop, the parse thread, the rest
   * (GC helpers, libuv); and how busy each worker's main thread was over the run (1 = saturated).
   */
  workerThreads: { mainMs: number; parseMs: number; otherMs: number; mainUtilisation: number };
  /** Worker RSS after warm-up, just before the timed run. */
  workerRssStartMB: number[];
  workerRssMaxMB: number[];
  apiRssMaxMB: number;
}

/** A few articles through the whole path first, so neither JIT nor connection set-up is timed. */
export async function warmUp(top: Topology, articles: BenchArticle[]): Promise<void> {
  const before = await top.articles.count();
  const warm = articles.map((a) => ({ ...a, key: a.key.replace(/^incoming\//, 'incoming/warm/') }));
  await mapLimit(warm, 8, (a) => top.put(a));
  await top.waitForEventCount(before + warm.length, 60_000);
}

export async function runThroughput(
  top: Topology,
  articles: BenchArticle[],
  expectedEvents: number,
  mode: ThroughputResult['mode'],
): Promise<ThroughputResult> {
  const before = await top.articles.count();
  const pids = top.workers.map((w) => w.pid);
  const apiPid = top.api.pid;
  const mb = articles.reduce((s, a) => s + a.bytes.length, 0) / 1e6;
  const rssStart = pids.map((p) => rssMB(p));
  let uploads: Uploaded[] = [];
  let uploadMs = 0;
  let threads0: Array<Map<number, number>> = [];
  let cpu0: { workers: number; api: number; redis: number; bench: NodeJS.CpuUsage };
  let t0: number;
  let fromUs = 0;
  let sampler: ReturnType<typeof rssSampler>;
  const snapshot = async () => {
    cpu0 = {
      workers: pids.reduce<number>((s, p) => s + cpuMs(p), 0),
      api: cpuMs(apiPid),
      redis: cpuMs(top.redisPid),
      bench: process.cpuUsage(),
    };
    sampler = rssSampler([...pids, apiPid]);
    threads0 = pids.map((p) => threadCpuMs(p));
    fromUs = monotonicUs();
  };
  if (mode === 'drain') {
    await top.ingest.pause();
    const queued = (await top.ingest.count()) + articles.length;
    const u0 = performance.now();
    uploads = await mapLimit(articles, 16, (a) => top.put(a));
    uploadMs = performance.now() - u0;
    while ((await top.ingest.count()) < queued) await sleep(20);
    await snapshot();
    t0 = Date.now();
    await top.ingest.resume();
  } else {
    await snapshot();
    t0 = Date.now();
    const u0 = performance.now();
    uploads = await mapLimit(articles, 16, (a) => top.put(a));
    uploadMs = performance.now() - u0;
  }
  const got = await top.waitForEventCount(before + expectedEvents, 120_000 + articles.length * 50);
  const toUs = monotonicUs();
  const rss = sampler!.stop();
  const split = pids.map((p, i) => threadSplit(p, threads0[i]!, threadCpuMs(p)));
  const wallMs = Date.now() - t0!;
  const cpu = {
    workers: pids.reduce<number>((s, p) => s + cpuMs(p), 0) - cpu0!.workers,
    api: cpuMs(apiPid) - cpu0!.api,
    redis: cpuMs(top.redisPid) - cpu0!.redis,
    bench: (() => {
      const d = process.cpuUsage(cpu0!.bench);
      return (d.user + d.system) / 1000;
    })(),
  };
  const times = (await top.eventTimes(uploads.map((u) => u.eventId))).filter(
    (x): x is number => x !== undefined,
  );
  const last = Math.max(...times);
  const seconds = (last - t0!) / 1000;
  const n = articles.length;
  return {
    mode,
    workers: pids.length,
    articles: n,
    mb,
    seconds,
    articlesPerSecond: times.length / seconds,
    mbPerSecond: mb / seconds,
    uploadSeconds: uploadMs / 1000,
    missingEvents: Math.max(0, before + expectedEvents - got),
    window: { fromUs, toUs },
    cpuMsPerArticle: {
      workers: cpu.workers / n,
      api: cpu.api / n,
      bench: cpu.bench / n,
      redis: cpu.redis / n,
    },
    workerThreads: {
      mainMs: split.reduce((s, x) => s + x.main, 0) / n,
      parseMs: split.reduce((s, x) => s + x.busiestOther, 0) / n,
      otherMs: split.reduce((s, x) => s + x.rest, 0) / n,
      mainUtilisation: split.reduce((s, x) => s + x.main, 0) / pids.length / wallMs,
    },
    workerRssStartMB: rssStart,
    workerRssMaxMB: rss.slice(0, pids.length),
    apiRssMaxMB: rss[pids.length] ?? Number.NaN,
  };
}

export interface RedisTraffic {
  articles: number;
  /** Commands sent by the service's clients (pipelined or not), per article, by command. */
  clientCommands: Record<string, number>;
  clientTotal: number;
  /** Commands run inside Lua scripts (EVALSHA bodies: BullMQ's and the dedup index's), per article. */
  luaCommands: Record<string, number>;
  luaTotal: number;
  /** Scripts called per article (EVALSHA by script name) and the commands each ran inside, per article. */
  scripts: Array<{ script: string; calls: number; innerCommands: number }>;
}

/** sha1 → script name for BullMQ's Lua scripts and the dedup index's. */
function scriptNames(): Map<string, string> {
  const out = new Map<string, string>();
  const sha = (text: string) => createHash('sha1').update(text).digest('hex');
  try {
    const require = createRequire(import.meta.url);
    const bull = require('bullmq/dist/cjs/scripts/index.js') as Record<
      string,
      { name: string; content: string }
    >;
    for (const s of Object.values(bull)) if (s?.content) out.set(sha(s.content), `bullmq ${s.name}`);
  } catch {
    // names are a nicety; the counts stand without them
  }
  out.set(sha(LOOKUP_SCRIPT), 'dedup lookup');
  out.set(sha(COMMIT_SCRIPT), 'dedup commit');
  return out;
}

/**
 * Counts the Redis commands the service issues per article with MONITOR, over a small batch uploaded
 * outside the timed runs (MONITOR slows Redis down). Only commands touching this topology's prefix count;
 * the bench's own connection is left out.
 */
export async function redisTrafficProbe(top: Topology, articles: BenchArticle[]): Promise<RedisTraffic> {
  const monitor = await top.redis.monitor();
  const own = `:${top.redis.stream.localPort}`;
  const client: Record<string, number> = {};
  const lua: Record<string, number> = {};
  const names = scriptNames();
  const scripts = new Map<string, { calls: number; inner: number }>();
  let current: { calls: number; inner: number } | null = null;
  monitor.on('monitor', (_time: string, argv: string[], source: string) => {
    if (source.endsWith(own) || !argv.some((a) => a.includes(top.prefix))) return;
    const cmd = (argv[0] ?? '?').toLowerCase();
    const into = source === 'lua' ? lua : client;
    into[cmd] = (into[cmd] ?? 0) + 1;
    if (source !== 'lua' && (cmd === 'evalsha' || cmd === 'eval')) {
      const name =
        cmd === 'eval' ? 'eval (inline script)' : (names.get(argv[1] ?? '') ?? `sha ${argv[1]?.slice(0, 8)}`);
      current = scripts.get(name) ?? { calls: 0, inner: 0 };
      current.calls++;
      scripts.set(name, current);
    } else if (source === 'lua' && current) current.inner++;
    else if (source !== 'lua') current = null;
  });
  try {
    const before = await top.articles.count();
    await mapLimit(articles, 4, (a) => top.put(a));
    await top.waitForEventCount(before + articles.length, 60_000);
    await sleep(300); // let the last ledger writes land
  } finally {
    monitor.disconnect();
  }
  const per = (m: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(m)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, Math.round((v / articles.length) * 10) / 10]),
    );
  const total = (m: Record<string, number>) =>
    Math.round((Object.values(m).reduce((s, v) => s + v, 0) / articles.length) * 10) / 10;
  return {
    articles: articles.length,
    clientCommands: per(client),
    clientTotal: total(client),
    luaCommands: per(lua),
    luaTotal: total(lua),
    scripts: [...scripts.entries()]
      .sort((a, b) => b[1].inner - a[1].inner)
      .map(([script, v]) => ({
        script,
        calls: Math.round((v.calls / articles.length) * 100) / 100,
        innerCommands: Math.round((v.inner / articles.length) * 10) / 10,
      })),
  };
}

export interface LatencyResult {
  trigger: 'notifications' | 'scan';
  targetFraction: number;
  targetRate: number;
  achievedRate: number;
  uploads: number;
  missingEvents: number;
  latencyMs: { n: number; p50: number; p95: number; p99: number; max: number };
  workerRssMaxMB: number[];
}

/** Open loop: upload i is sent at t0 + i/rate whatever happened to the earlier ones. */
export async function runLatency(
  top: Topology,
  articles: BenchArticle[],
  trigger: LatencyResult['trigger'],
  fraction: number,
  rate: number,
  seconds: number,
): Promise<LatencyResult> {
  const count = Math.max(10, Math.min(articles.length, Math.round(rate * seconds)));
  const before = await top.articles.count();
  const sampler = rssSampler(top.workers.map((w) => w.pid));
  const start = performance.now();
  const pending: Array<Promise<Uploaded>> = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(top.put(articles[i]!));
  }
  const uploads = await Promise.all(pending);
  const sentSeconds = (performance.now() - start) / 1000;
  const got = await top.waitForEventCount(before + count, 60_000 + count * 50);
  const rss = sampler.stop();
  const times = await top.eventTimes(uploads.map((u) => u.eventId));
  const latencies: number[] = [];
  times.forEach((t, i) => {
    if (t !== undefined) latencies.push(t - uploads[i]!.sentAt);
  });
  return {
    trigger,
    targetFraction: fraction,
    targetRate: rate,
    achievedRate: count / sentSeconds,
    uploads: count,
    missingEvents: Math.max(0, before + count - got),
    latencyMs: summarise(latencies),
    workerRssMaxMB: rss,
  };
}
