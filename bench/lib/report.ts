// Turns the bench results into the Markdown written next to the JSON: every figure with its aim and the
// same-run baseline it is a ratio to.
import type { CliStartupResult } from '../cli-startup.js';
import type { DedupBenchRow } from '../dedup-index.js';
import {
  DEFAULT_TOPOLOGY_AIM,
  type DefaultTopologyResult,
  renderDefaultTopology,
} from '../default-topology.js';
import type { ScanBenchResult } from '../scan.js';
import type { LatencyResult, RedisTraffic, ThroughputResult } from './e2e.js';
import type { SteadyFootprint } from './footprint.js';
import type { InProcessLimits, RateFigure, S3Limits } from './limits.js';
import type { MachineInfo } from './machine.js';
import type { ProfileSummary } from './profile.js';

export interface BenchResults {
  date: string;
  mode: string;
  durationSeconds: number;
  machine: MachineInfo;
  setup: {
    build: string;
    redis: string;
    s3: string;
    workerProcess: string;
    workerConcurrency: number;
    parseThreads: number;
    logLevel: string;
    corpus: { origin: string; documents: number; bytes: number };
    e2eArticles: number;
    e2eMB: number;
  };
  limits: {
    bullmqNoop: RateFigure;
    s3: S3Limits;
    inProcess: Omit<InProcessLimits, 'items'> & { items?: undefined };
  };
  e2e: ThroughputResult;
  redisBytes: Record<string, number>;
  /** Absent in results written before the steady-state measurement existed. */
  redisFootprint?: SteadyFootprint | null;
  redisTraffic: RedisTraffic | null;
  loadAverage: Array<{ phase: string; loadavg1: number }>;
  latency: LatencyResult[];
  scaling: ThroughputResult[];
  variants: Array<{ label: string; env: Record<string, string>; result: ThroughputResult }>;
  dedup: DedupBenchRow[];
  /** Absent in results written before the section existed. */
  cliStartup?: CliStartupResult;
  /** Absent in results written before the section existed. */
  scan?: ScanBenchResult;
  /** `npm start` draining a backlog; absent in results written before the section existed. */
  defaultTopology?: DefaultTopologyResult;
  profiles: ProfileSummary[];
  profileDir: string;
}

export const AIMS = {
  e2eRatio: 0.8,
  p99AtHalfMs: 250,
  bytesPerArticle: 256,
  redisBytesPerPublishedArticle: 1500,
  workerRssMB: 200,
  /** Worker CPU per article / in-process decode + parse + Redis dedup CPU per article. */
  workerCpuRatio: 1.5,
} as const;

const f = (n: number, d = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
    : 'n/a';
const verdict = (ok: boolean) => (ok ? 'meets' : '**misses**');

export function renderMarkdown(r: BenchResults): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const inproc = r.limits.inProcess.parseRedisDedup.perSecond;
  const e2eRate = r.e2e.articlesPerSecond;
  const ratio = e2eRate / inproc;
  const inprocCpuMs = r.limits.inProcess.cpuMsPerArticle.parseRedisDedup;
  const c = r.e2e.cpuMsPerArticle;
  const cpuPerArticle = c.workers + c.api;
  const systemCpu = c.workers + c.api + c.bench + (Number.isFinite(c.redis) ? c.redis : 0);
  const cpuCeiling = (r.machine.cores * 1000) / systemCpu;
  const half = r.latency.find((l) => l.trigger === 'notifications' && l.targetFraction === 0.5);
  const dedupBytes = r.redisBytes.dedup ?? 0;
  const published = r.redisFootprint?.events ?? r.e2e.articles;
  const e2eRedisPerArticle = Object.values(r.redisBytes).reduce((s, v) => s + v, 0) / published;
  const maxRss = Math.max(...r.e2e.workerRssMaxMB, ...r.scaling.flatMap((s) => s.workerRssMaxMB));
  const biggest = r.dedup[r.dedup.length - 1];
  const first = r.dedup[0];

  push(
    `## Benchmark results — ${r.date.slice(0, 10)} (${r.mode})`,
    '',
    `Machine: ${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.ramGiB} GiB RAM, Node ${r.machine.node}, ` +
      `${r.machine.platform}, Redis ${r.machine.redis}. Run took ${r.durationSeconds} s. ` +
      `1-minute load average at each phase (other users share the machine): ${r.loadAverage.map((l) => l.loadavg1).join(', ')}.`,
    `Setup: ${r.setup.redis}; ${r.setup.s3}; workers \`${r.setup.workerProcess}\` (concurrency ` +
      `${r.setup.workerConcurrency}, ${r.setup.parseThreads} parse thread, log ${r.setup.logLevel}); ` +
      `corpus ${r.setup.corpus.documents} docs from ${r.setup.corpus.origin}; dist: ${r.setup.build}.`,
    '',
    '### Headline figures',
    '',
    '| Figure | Value | Aim | Baseline (same run) | Ratio | Verdict |',
    '|---|---:|---|---|---:|---|',
    `| End to end, 1 worker (${r.e2e.articles} articles, ${f(r.e2e.mb, 2)} MB) | ${f(e2eRate, 1)} articles/s, ${f(r.e2e.mbPerSecond, 2)} MB/s | ≥ 0.8 × in-process | in-process decode+parse+Redis dedup ${f(inproc, 1)}/s | ${f(ratio, 2)} | ${verdict(ratio >= AIMS.e2eRatio)} |`,
    `| CPU per article (worker + api processes) | ${f(cpuPerArticle, 1)} ms (worker ${f(c.workers, 1)}, api ${f(c.api, 1)}) | as close to in-process as possible | in-process decode+parse+Redis dedup ${f(inprocCpuMs, 1)} ms CPU/article | ${f(cpuPerArticle / inprocCpuMs, 2)} | — |`,
    `| CPU per article, whole box (+ Redis ${f(c.redis, 1)}, bench uploader ${f(c.bench, 1)}) | ${f(systemCpu, 1)} ms → CPU-bound ceiling ${f(cpuCeiling, 1)}/s on ${r.machine.cores} cores | — | e2e ${f(e2eRate, 1)}/s | ${f(e2eRate / cpuCeiling, 2)} of that ceiling | — |`,
    half
      ? `| Upload→event p99 at 50% of max (notifications) | ${f(half.latencyMs.p99)} ms (p50 ${f(half.latencyMs.p50)}, p95 ${f(half.latencyMs.p95)}) | ≤ ${AIMS.p99AtHalfMs} ms | max = e2e ${f(e2eRate, 1)}/s; offered ${f(half.achievedRate, 1)}/s | ${f(half.latencyMs.p99 / AIMS.p99AtHalfMs, 2)} of aim | ${verdict(half.latencyMs.p99 <= AIMS.p99AtHalfMs)} |`
      : '| Upload→event p99 at 50% | not measured | ≤ 250 ms | | | |',
    biggest
      ? `| Dedup index Redis bytes / article at ${f(biggest.indexed)} | ${f(biggest.bytesPerArticle)} B | ≤ ${AIMS.bytesPerArticle} B | — | ${f(biggest.bytesPerArticle / AIMS.bytesPerArticle, 2)} of aim | ${verdict(biggest.bytesPerArticle <= AIMS.bytesPerArticle)} |`
      : '',
    steadyRow(r, biggest),
    biggest && first
      ? `| Dedup lookup (checkAndInsert) at ${f(biggest.indexed)} | ${f(biggest.lookupMicros)} µs | flat as the index grows | ${f(first.lookupMicros)} µs at ${f(first.indexed)} | ${f(biggest.lookupMicros / first.lookupMicros, 2)} | — |`
      : '',
    ...workerCpuRows(r, inprocCpuMs),
    ...(r.defaultTopology
      ? [
          `| Default topology: \`npm start\` drains a ${f(r.defaultTopology.articles)}-article backlog after a Redis flush | ${f(r.defaultTopology.service.articlesPerSecond, 1)} articles/s (${f(r.defaultTopology.service.cpuMsPerArticle, 1)} ms CPU/article) | ≥ ${DEFAULT_TOPOLOGY_AIM} × \`news-ingest dedup\` | \`news-ingest dedup\` same files ${f(r.defaultTopology.dedupCli.articlesPerSecond, 1)}/s | ${f(r.defaultTopology.ratio, 2)} | ${verdict(r.defaultTopology.ratio >= DEFAULT_TOPOLOGY_AIM)} |`,
        ]
      : []),
    `| Worker RSS under load (max over e2e + scaling) | ${f(maxRss)} MB | ≤ ${AIMS.workerRssMB} MB | — | ${f(maxRss / AIMS.workerRssMB, 2)} of aim | ${verdict(maxRss <= AIMS.workerRssMB)} |`,
    '',
    '### Limits (ceilings, each measured alone)',
    '',
    '| Ceiling | Rate | MB/s | e2e as a fraction of it |',
    '|---|---:|---:|---:|',
    `| BullMQ no-op jobs (1 Worker, concurrency ${r.setup.workerConcurrency}, ${f(r.limits.bullmqNoop.count)} jobs) | ${f(r.limits.bullmqNoop.perSecond)} jobs/s | — | ${f(e2eRate / r.limits.bullmqNoop.perSecond, 3)} |`,
    `| S3 GET, raw (concurrency ${r.setup.workerConcurrency}) | ${f(r.limits.s3.get.perSecond)} GET/s | ${f(r.limits.s3.get.mbPerSecond, 2)} | ${f(e2eRate / r.limits.s3.get.perSecond, 3)} |`,
    `| S3 HEAD + GET (what ObjectStore.getObject did before it became a single GET) | ${f(r.limits.s3.headGet.perSecond)} objects/s | — | ${f(e2eRate / r.limits.s3.headGet.perSecond, 3)} |`,
    ...(r.scaling[0]
      ? [
          `| S3 PUT (bench uploader, 16 in flight, ingest queue paused) | ${f(r.scaling[0].articles / r.scaling[0].uploadSeconds)} PUT/s | ${f(r.scaling[0].mb / r.scaling[0].uploadSeconds, 2)} | — |`,
        ]
      : []),
    `| In-process decode + parse (1 thread) | ${f(r.limits.inProcess.parse.perSecond, 1)} articles/s | ${f(r.limits.inProcess.parse.mbPerSecond, 2)} | ${f(e2eRate / r.limits.inProcess.parse.perSecond, 2)} |`,
    `| In-process decode + parse + memory dedup | ${f(r.limits.inProcess.parseMemoryDedup.perSecond, 1)} articles/s | ${f(r.limits.inProcess.parseMemoryDedup.mbPerSecond, 2)} | ${f(e2eRate / r.limits.inProcess.parseMemoryDedup.perSecond, 2)} |`,
    `| In-process decode + parse + Redis dedup (baseline) | ${f(inproc, 1)} articles/s | ${f(r.limits.inProcess.parseRedisDedup.mbPerSecond, 2)} | ${f(ratio, 2)} |`,
    '',
    `In-process CPU per article (bench process): parse ${f(r.limits.inProcess.cpuMsPerArticle.parse, 2)} ms, ` +
      `+ memory dedup ${f(r.limits.inProcess.cpuMsPerArticle.parseMemoryDedup, 2)} ms, + Redis dedup ` +
      `${f(r.limits.inProcess.cpuMsPerArticle.parseRedisDedup, 2)} ms (client side only). Rates above are wall-clock, ` +
      'second pass over the same articles (the first warms the JIT). ' +
      `In-process duplicates found: memory ${r.limits.inProcess.duplicates.memory}, Redis ${r.limits.inProcess.duplicates.redis} of ${r.limits.inProcess.articles}.`,
    '',
    '### End to end',
    '',
    `${r.e2e.articles} articles uploaded by the bench (16 PUTs in flight, ${f(r.e2e.uploadSeconds, 1)} s to upload) ` +
      `while 1 worker process ran under \`--cpu-prof\`; time to the last event ${f(r.e2e.seconds, 2)} s; ` +
      `${f(e2eRate, 1)} articles/s, ${f(r.e2e.mbPerSecond, 2)} MB/s; missing events: ${r.e2e.missingEvents}. ` +
      `CPU per article: worker ${f(c.workers, 2)} ms (event loop ${f(r.e2e.workerThreads.mainMs, 2)}, parse thread ` +
      `${f(r.e2e.workerThreads.parseMs, 2)}, other threads ${f(r.e2e.workerThreads.otherMs, 2)}; the event loop was busy ` +
      `${f(r.e2e.workerThreads.mainUtilisation * 100)}% of the run), api ${f(c.api, 2)} ms, Redis server ${f(c.redis, 2)} ms, ` +
      `bench uploader ${f(c.bench, 2)} ms. Worker RSS ${f(r.e2e.workerRssStartMB[0] ?? Number.NaN)} MB after warm-up, ` +
      `max ${f(r.e2e.workerRssMaxMB[0] ?? Number.NaN)} MB under load (profiler attached); api max ${f(r.e2e.apiRssMaxMB)} MB.`,
    '',
    `Redis bytes per article right after the run, before any subscriber consumed (MEMORY USAGE by key family): ` +
      Object.entries(r.redisBytes)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${f(v / published)} B`)
        .join(', ') +
      `; total ${f(e2eRedisPerArticle)} B over ${f(published)} published events (the dedup index alone: ${f(dedupBytes / published)} B, aim ≤ ${AIMS.bytesPerArticle} B; ` +
      'the rest is mostly the waiting BullMQ jobs holding the full event body, and the ledger).',
    '',
    ...steadyParagraph(r, biggest),
  );
  if (r.redisTraffic) {
    const t = r.redisTraffic;
    const list = (m: Record<string, number>) =>
      Object.entries(m)
        .slice(0, 12)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    push(
      `Redis commands per article (MONITOR over ${t.articles} articles outside the timed runs, api + worker): ` +
        `**${t.clientTotal} sent by clients** (${list(t.clientCommands)}); ${t.luaTotal} more run inside Lua scripts ` +
        `(${list(t.luaCommands)}). Scripts per article (calls / commands inside): ` +
        t.scripts.map((x) => `${x.script} ${x.calls} / ${x.innerCommands}`).join(', ') +
        '.',
      '',
    );
  }
  push(
    '### Latency (upload → event, open-loop uploads)',
    '',
    `Rates are fractions of the end-to-end maximum (${f(e2eRate, 1)}/s, 1 worker). Scan-only runs use TRIGGERS=scan and a short RECONCILE_INTERVAL.`,
    '',
    '| Trigger | Load | Offered rate | Uploads | p50 ms | p95 ms | p99 ms | max ms | Aim | Verdict |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...r.latency.map(
      (l) =>
        `| ${l.trigger} | ${l.targetFraction * 100}% | ${f(l.achievedRate, 1)}/s | ${l.uploads}${l.missingEvents ? ` (${l.missingEvents} missing)` : ''} | ${f(l.latencyMs.p50)} | ${f(l.latencyMs.p95)} | ${f(l.latencyMs.p99)} | ${f(l.latencyMs.max)} | ${l.targetFraction === 0.5 && l.trigger === 'notifications' ? `p99 ≤ ${AIMS.p99AtHalfMs} ms` : '—'} | ${l.targetFraction === 0.5 && l.trigger === 'notifications' ? verdict(l.latencyMs.p99 <= AIMS.p99AtHalfMs) : '—'} |`,
    ),
    '',
    '### Scaling (worker processes draining a pre-filled queue)',
    '',
    `Objects are uploaded and enqueued with the ingest queue paused, then it is resumed; time to the last event. ${r.machine.cores} cores.`,
    '',
    '| Workers | Articles | Articles/s | MB/s | × 1 worker | Ideal on this machine | CPU ms/article (workers / api) | Worker event loop / parse thread ms/article, loop busy | Worker RSS MB (after warm-up → max) |',
    '|---:|---:|---:|---:|---:|---:|---|---|---|',
    ...r.scaling.map((s) => {
      const base = r.scaling[0]!.articlesPerSecond;
      return `| ${s.workers} | ${s.articles} | ${f(s.articlesPerSecond, 1)} | ${f(s.mbPerSecond, 2)} | ${f(s.articlesPerSecond / base, 2)} | ${f(Math.min(s.workers, r.machine.cores))}× | ${f(s.cpuMsPerArticle.workers, 1)} / ${f(s.cpuMsPerArticle.api, 1)} | ${f(s.workerThreads.mainMs, 1)} / ${f(s.workerThreads.parseMs, 1)}, ${f(s.workerThreads.mainUtilisation * 100)}% | ${s.workerRssMaxMB.map((x, i) => `${f(s.workerRssStartMB[i] ?? Number.NaN)} → ${f(x)}`).join(', ')} |`;
    }),
    '',
    ...(r.variants.length > 0
      ? [
          '### What-if: configuration knobs (1 worker, draining a pre-filled queue)',
          '',
          'Each row is a fresh topology; the baseline is the first row of this table (same run).',
          '',
          '| Worker settings | Articles/s | × defaults | Worker CPU ms/article (event loop / busiest other thread = parse thread when there is one / rest) | Event loop busy | Worker RSS MB (after warm-up → max) |',
          '|---|---:|---:|---|---:|---|',
          ...r.variants.map((v) => {
            const base = r.variants[0]!.result.articlesPerSecond;
            const x = v.result;
            return `| ${v.label} | ${f(x.articlesPerSecond, 1)} | ${f(x.articlesPerSecond / base, 2)} | ${f(x.cpuMsPerArticle.workers, 1)} (${f(x.workerThreads.mainMs, 1)} / ${f(x.workerThreads.parseMs, 1)} / ${f(x.workerThreads.otherMs, 1)}) | ${f(x.workerThreads.mainUtilisation * 100)}% | ${f(x.workerRssStartMB[0] ?? Number.NaN)} → ${f(x.workerRssMaxMB[0] ?? Number.NaN)} |`;
          }),
          '',
        ]
      : []),
    '### Dedup index (bench/dedup-index.ts)',
    '',
    '| Indexed articles | Lookup (checkAndInsert) µs, median | × at smallest | 80-word briefs µs | × at smallest | Redis bytes / article | Aim |',
    '|---:|---:|---:|---:|---:|---:|---|',
    ...r.dedup.map(
      (d) =>
        `| ${f(d.indexed)} | ${f(d.lookupMicros)} | ${f(d.lookupMicros / (first?.lookupMicros ?? 1), 2)} | ${f(d.shortLookupMicros)} | ${f(d.shortLookupMicros / (first?.shortLookupMicros ?? 1), 2)} | ${f(d.bytesPerArticle)} | ≤ ${AIMS.bytesPerArticle} B: ${verdict(d.bytesPerArticle <= AIMS.bytesPerArticle)} |`,
    ),
    '',
    ...(r.defaultTopology ? renderDefaultTopology(r.defaultTopology) : []),
    ...(r.cliStartup ? renderCliStartup(r.cliStartup) : []),
    ...(r.scan ? renderScan(r.scan) : []),
    '### CPU profile of the worker during the e2e run (self time)',
    '',
    '`node --cpu-prof` on the worker process; only samples taken between the first upload and the last event count ' +
      '(start-up and warm-up are cut out).',
    '',
  );
  for (const p of r.profiles) {
    if (p.totalMs - p.idleMs < 50) continue;
    push(
      `**${p.thread}** — ${f(p.totalMs)} ms profiled, ${f(p.totalMs - p.idleMs)} ms busy. By owner: ` +
        p.byOwner.map((o) => `${o.owner} ${o.pctBusy}%`).join(', ') +
        '. Native and Node-internal time charged to its nearest calling package: ' +
        p.byCaller.map((o) => `${o.owner} ${o.pctBusy}%`).join(', ') +
        '.',
      '',
      '| Function | Owner | Self ms | % of busy |',
      '|---|---|---:|---:|',
      ...p.topFunctions
        .slice(0, 12)
        .map((t) => `| \`${t.fn.replace(/\|/g, '\\|')}\` | ${t.owner} | ${f(t.ms)} | ${t.pctBusy} |`),
      '',
    );
  }
  return `${out.filter((l, i) => l !== '' || out[i - 1] !== '').join('\n')}\n`;
}

/** Worker CPU per article against the in-process figure: the unprofiled 1-worker drain, and the profiled e2e. */
function workerCpuRows(r: BenchResults, inprocCpuMs: number): string[] {
  const drain = r.scaling[0];
  const rows: string[] = [];
  if (drain) {
    const x = drain.cpuMsPerArticle.workers / inprocCpuMs;
    rows.push(
      `| Worker CPU per article, 1 worker draining (no profiler) | ${f(drain.cpuMsPerArticle.workers, 2)} ms (event loop ${f(drain.workerThreads.mainMs, 2)}, parse thread ${f(drain.workerThreads.parseMs, 2)}, rest ${f(drain.workerThreads.otherMs, 2)}) | ≤ ${AIMS.workerCpuRatio} × in-process | in-process decode+parse+Redis dedup ${f(inprocCpuMs, 2)} ms | ${f(x, 2)} | ${verdict(x <= AIMS.workerCpuRatio)} |`,
    );
  }
  const e = r.e2e.cpuMsPerArticle.workers / inprocCpuMs;
  rows.push(
    `| Worker CPU per article, e2e (under --cpu-prof, uploads competing) | ${f(r.e2e.cpuMsPerArticle.workers, 2)} ms | ≤ ${AIMS.workerCpuRatio} × in-process | ${f(inprocCpuMs, 2)} ms | ${f(e, 2)} | ${verdict(e <= AIMS.workerCpuRatio)} |`,
  );
  return rows;
}

export function renderCliStartup(r: CliStartupResult): string[] {
  const ms = (n: number) => n.toFixed(0);
  return [
    '### CLI start-up (bench/cli-startup.ts)',
    '',
    `Fresh \`node\` process per run, ${r.runs} interleaved runs each; baseline \`node -e 0\` in the same run: ` +
      `median ${ms(r.baseline.medianMs)} ms (min ${ms(r.baseline.minMs)}).`,
    '',
    '| Command | Median ms | Min ms | × node -e 0 |',
    '|---|---:|---:|---:|',
    ...r.rows.map(
      (row) => `| \`${row.command}\` | ${ms(row.medianMs)} | ${ms(row.minMs)} | ${row.ratio.toFixed(2)} |`,
    ),
    '',
  ];
}

export function renderScan(r: ScanBenchResult): string[] {
  const f = (n: number, d = 1) => n.toFixed(d);
  return [
    '### Reconciling scan over a processed bucket (bench/scan.ts)',
    '',
    `One pass over N objects that all reached an outcome; ${r.lister}. Baseline in the same run: the ` +
      'per-key pass (the ledger asked about every key; what each pass cost before the chunk digests).',
    '',
    '| Objects | LIST requests | Per-key: Redis cmds / 1k keys | Per-key: ms / 1k keys | Digest: Redis cmds / 1k keys | Digest: ms / 1k keys | Keys re-checked after 1 insert | Digest ≤ 1 cmd / 1k keys |',
    '|---:|---:|---:|---:|---:|---:|---:|---|',
    ...r.rows.map(
      (row) =>
        `| ${row.objects} | ${row.listRequests} | ${f(row.perKey.commandsPer1k)} | ${f(row.perKey.msPer1k, 2)} | ${f(row.digest.commandsPer1k, 2)} | ${f(row.digest.msPer1k, 2)} | ${row.recheckedAfterInsert} | ${verdict(row.digest.commandsPer1k <= 1)} |`,
    ),
    '',
    `Digest pass, largest / smallest size per 1,000 keys: Redis commands ${f(r.commandsRatio, 2)}×, ` +
      `wall time ${f(r.msRatio, 2)}× (aim ≤ 1.5: ${verdict(r.commandsRatio <= 1.5 && r.msRatio <= 1.5)}).`,
    '',
  ];
}

/** Per-article bytes at steady state, with the dedup index's share at its largest measured size. */
function steadyFigures(r: BenchResults, biggest: DedupBenchRow | undefined) {
  const fp = r.redisFootprint;
  if (!fp) return null;
  const total = Object.values(fp.perArticle).reduce((s, v) => s + v, 0) / fp.events;
  const dedup = (fp.perArticle.dedup ?? 0) / fp.events;
  const atScale = biggest ? total - dedup + biggest.bytesPerArticle : total;
  return { fp, total, dedup, atScale };
}

function steadyRow(r: BenchResults, biggest: DedupBenchRow | undefined): string {
  const s = steadyFigures(r, biggest);
  if (!s) return '';
  const aim = AIMS.redisBytesPerPublishedArticle;
  const backlog = Object.values(r.redisBytes).reduce((a, v) => a + v, 0) / s.fp.events;
  return (
    `| Redis bytes / published article at steady state (subscriber drained, archive flushed; dedup index at ${biggest ? f(biggest.indexed) : 'e2e'}) | ` +
    `${f(s.atScale)} B (${f(s.total)} B with the e2e's own ${f(s.fp.events)}-article dedup index) | ≤ ${f(aim)} B | ` +
    `right after the run, before consumers: ${f(backlog)} B | ${f(s.atScale / aim, 2)} of aim | ${verdict(s.atScale <= aim)} |`
  );
}

function steadyParagraph(r: BenchResults, biggest: DedupBenchRow | undefined): string[] {
  const s = steadyFigures(r, biggest);
  if (!s) return [];
  const per = Object.entries(s.fp.perArticle)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${f(v / s.fp.events)} B`)
    .join(', ');
  const bounded = Object.entries(s.fp.bounded)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${f(v / 1024)} KB`)
    .join(', ');
  return [
    `At steady state (a subscriber drained the articles queue and the archiver wrote the events to object storage, ` +
      `${f(s.fp.settleSeconds, 1)} s after the run): **${f(s.total)} B per published article** grows with the corpus — ${per}. ` +
      (biggest
        ? `The e2e's ${f(s.fp.events)} articles sit in a dedup layout sized for 1M (${f(s.dedup)} B each); at ${f(biggest.indexed)} articles ` +
          `the dedup index costs ${f(biggest.bytesPerArticle)} B (Dedup index section), so the long-run figure is **${f(s.atScale)} B** ` +
          `(aim ≤ ${f(AIMS.redisBytesPerPublishedArticle)} B). `
        : '') +
      `Bounded whatever the corpus size: ${bounded} (${f(s.fp.keptJobs)} completed/failed jobs kept, at most COMPLETED_JOBS_KEPT ` +
      'per queue, and BullMQ bookkeeping such as the event streams capped at 10,000 entries).',
    '',
  ];
}
