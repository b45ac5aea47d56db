// npm run bench [-- --quick] [--shared-redis] [--no-write]
//
// Issue 7's benchmark of the real service: worker processes from dist/ against real Redis and the
// embedded S3 server (s3rver) in an api process. Measures the three ceilings (BullMQ no-op jobs, S3
// GETs, in-process parse + dedup), end-to-end throughput with a CPU profile of the worker, upload-to-event
// latency at 25/50/90% of the measured maximum with both triggers, scaling over 1/2/4 worker processes,
// the default one-process topology (`npm start`) draining a backlog against `news-ingest dedup`,
// the dedup index at 10k/100k/1M, Redis bytes per article, worker RSS, CLI start-up and the reconciling
// scan's cost per pass at 1k/10k/100k objects. Writes
// bench/results/<date>[-quick].json and .md. Every figure is reported with its aim and the baseline
// measured in the same run that it is a ratio to; nothing here asserts timings.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/load-config.js';
import { benchCliStartup } from './cli-startup.js';
import { benchDedupIndex } from './dedup-index.js';
import { benchDefaultTopology } from './default-topology.js';
import { benchIndexer } from './indexer.js';
import { benchArticles, loadCorpus, totalBytes } from './lib/corpus.js';
import {
  type LatencyResult,
  type RedisTraffic,
  redisTrafficProbe,
  runLatency,
  runThroughput,
  type ThroughputResult,
  warmUp,
} from './lib/e2e.js';
import { type SteadyFootprint, steadyStateFootprint } from './lib/footprint.js';
import { bullmqNoop, inProcessRates, type S3Limits, s3Rates } from './lib/limits.js';
import { ensureBuilt, machineInfo } from './lib/machine.js';
import { summariseProfileDir } from './lib/profile.js';
import { memoryByCategory, startBenchRedis } from './lib/redis.js';
import { renderMarkdown } from './lib/report.js';
import { startTopology, type Topology } from './lib/topology.js';
import { benchScan } from './scan.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
// `npm run bench --quick` (without `--`) reaches us as npm_config_quick, not as an argument.
const quick = args.has('--quick') || process.env.npm_config_quick === 'true';
const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const plan = quick
  ? {
      noopJobs: 2000,
      e2eArticles: 300,
      scaleArticles: 240,
      scaleWorkers: [1, 2],
      latencyFractions: [0.5],
      latencySeconds: 3,
      scanInterval: '250ms',
      dedupSizes: [10_000, 100_000],
      warmArticles: 16,
      probeArticles: 20,
      variants: [] as Array<{ label: string; env: Record<string, string> }>,
      variantArticles: 0,
      defaultArticles: 600,
    }
  : {
      noopJobs: 10_000,
      e2eArticles: 2000,
      scaleArticles: 1500,
      scaleWorkers: [1, 2, 4],
      latencyFractions: [0.25, 0.5, 0.9],
      latencySeconds: 15,
      scanInterval: '250ms',
      dedupSizes: [10_000, 100_000, 1_000_000],
      warmArticles: 40,
      probeArticles: 50,
      variants: [
        { label: 'defaults (concurrency 8, 1 parse thread, LOG_LEVEL=info)', env: {} },
        { label: 'LOG_LEVEL=warn', env: { LOG_LEVEL: 'warn' } },
        { label: 'PARSE_THREADS=0 (parse inline)', env: { PARSE_THREADS: '0' } },
        { label: 'PARSE_THREADS=2', env: { PARSE_THREADS: '2' } },
        { label: 'WORKER_CONCURRENCY=32', env: { WORKER_CONCURRENCY: '32' } },
      ],
      variantArticles: 800,
      defaultArticles: 1200,
    };

async function withTopology<T>(
  options: Parameters<typeof startTopology>[0],
  fn: (top: Topology) => Promise<T>,
): Promise<T> {
  const top = await startTopology(options);
  try {
    return await fn(top);
  } finally {
    await top.stop();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const build = ensureBuilt(root, log);
  const redis = await startBenchRedis(args.has('--shared-redis'));
  log(`redis: ${redis.kind} ${redis.url} (v${redis.version}); mode: ${quick ? 'quick' : 'full'}`);
  const defaults = loadConfig({});
  const concurrency = defaults.worker.concurrency;
  const { docs, info: corpus } = loadCorpus(root);
  log(`corpus: ${corpus.documents} documents, ${(corpus.bytes / 1e6).toFixed(2)} MB from ${corpus.origin}`);
  const profileDir = mkdtempSync(join(tmpdir(), 'news-ingest-bench-prof-'));

  const load: Array<{ phase: string; loadavg1: number }> = [];
  const phase = (name: string) => {
    load.push({ phase: name, loadavg1: Math.round(loadavg()[0]! * 100) / 100 });
    log(name);
  };
  const topo = (
    workers: number,
    label: string,
    extra: Partial<Parameters<typeof startTopology>[0]> = {},
  ) => ({
    root,
    redisUrl: redis.url,
    workers,
    label,
    redisPid: redis.pid,
    ...extra,
  });

  try {
    // ---- Limits: CPU work in-process, BullMQ alone ----------------------------------------------
    const e2eSet = benchArticles(docs, plan.e2eArticles, 'incoming/e2e/');
    phase(`limits: in-process decode + parse + dedup over ${e2eSet.length} articles`);
    const inProcess = await inProcessRates(redis.url, e2eSet);
    // Only articles that parse into exactly one item: their event id is known from the PUT's ETag.
    const usable = e2eSet.filter((_, i) => inProcess.items[i] === 1);
    phase(`limits: BullMQ no-op jobs x${plan.noopJobs} at concurrency ${concurrency}`);
    const noop = await bullmqNoop(redis.url, plan.noopJobs, concurrency);

    // ---- End to end (1 worker, profiled) -------------------------------------------------------
    const warm = (n: number) => benchArticles(docs, n, 'incoming/warm/', docs.length * 50);
    phase(`e2e: ${usable.length} articles, 1 worker process (--cpu-prof)`);
    let redisBytes: Record<string, number> = {};
    let footprint: SteadyFootprint | null = null;
    let traffic: RedisTraffic | null = null;
    const e2e = await withTopology(topo(1, 'e2e', { cpuProfDir: profileDir }), async (top) => {
      await warmUp(top, warm(plan.warmArticles));
      traffic = await redisTrafficProbe(
        top,
        benchArticles(docs, plan.probeArticles, 'incoming/probe/', docs.length * 60),
      );
      const r = await runThroughput(top, usable, usable.length, 'upload-while-processing');
      redisBytes = await memoryByCategory(top.redis, top.prefix);
      phase('e2e: a subscriber drains the articles queue, the archiver flushes (Redis at steady state)');
      footprint = await steadyStateFootprint(top, ['ingest', 'articles']);
      return r;
    });
    const profiles = summariseProfileDir(profileDir, 15, e2e.window);

    // ---- Latency with notifications, then scaling with 1 worker and the S3 ceiling, one topology ---
    const maxRate = e2e.articlesPerSecond;
    const latency: LatencyResult[] = [];
    const latencySet = (tag: string, n: number) => benchArticles(docs, n, `incoming/${tag}/`, docs.length);
    const scaleSet = (workers: number) =>
      benchArticles(docs, plan.scaleArticles, `incoming/s${workers}/`, docs.length * 2);
    const scaling: ThroughputResult[] = [];
    let s3: S3Limits | null = null;
    await withTopology(topo(1, 'w1'), async (top) => {
      await warmUp(top, warm(plan.warmArticles));
      for (const f of plan.latencyFractions) {
        const rate = maxRate * f;
        phase(`latency: notifications at ${f * 100}% of ${maxRate.toFixed(1)}/s = ${rate.toFixed(1)}/s`);
        const set = latencySet(`lat-n-${f * 100}`, Math.round(rate * plan.latencySeconds));
        latency.push(await runLatency(top, set, 'notifications', f, rate, plan.latencySeconds));
      }
      phase(`scaling: drain ${plan.scaleArticles} queued objects with 1 worker process`);
      const set = scaleSet(1);
      scaling.push(await runThroughput(top, set, set.length, 'drain'));
      phase(`limits: S3 GET of the same ${set.length} objects (workers idle)`);
      s3 = await s3Rates(top, set, concurrency);
    });
    for (const f of plan.latencyFractions) {
      const rate = maxRate * f;
      phase(
        `latency: reconciling scan only (RECONCILE_INTERVAL=${plan.scanInterval}) at ${f * 100}% = ${rate.toFixed(1)}/s`,
      );
      await withTopology(
        topo(1, 'lats', { env: { TRIGGERS: 'scan', RECONCILE_INTERVAL: plan.scanInterval } }),
        async (top) => {
          await warmUp(top, warm(plan.warmArticles));
          const set = latencySet(`lat-s-${f * 100}`, Math.round(rate * plan.latencySeconds));
          latency.push(await runLatency(top, set, 'scan', f, rate, plan.latencySeconds));
        },
      );
    }

    // ---- Scaling beyond one worker process -------------------------------------------------------
    for (const workers of plan.scaleWorkers.filter((w) => w > 1)) {
      phase(`scaling: drain ${plan.scaleArticles} queued objects with ${workers} worker processes`);
      const set = scaleSet(workers);
      scaling.push(
        await withTopology(topo(workers, `w${workers}`), async (top) => {
          await warmUp(top, warm(plan.warmArticles));
          return runThroughput(top, set, set.length, 'drain');
        }),
      );
    }

    // ---- What-if: configuration knobs on one worker (no code change needed to try them) ------------
    const variants: Array<{ label: string; env: Record<string, string>; result: ThroughputResult }> = [];
    for (const v of plan.variants) {
      phase(`what-if: drain ${plan.variantArticles} objects, 1 worker, ${v.label}`);
      const set = benchArticles(
        docs,
        plan.variantArticles,
        `incoming/v-${variants.length}/`,
        docs.length * 3,
      );
      const result = await withTopology(topo(1, `v${variants.length}`, { env: v.env }), async (top) => {
        await warmUp(top, warm(plan.warmArticles));
        return runThroughput(top, set, set.length, 'drain');
      });
      variants.push({ ...v, result });
    }

    // ---- Default topology: `npm start` (one process) draining a backlog, vs `news-ingest dedup` ------
    phase(
      `default topology: npm start drains ${plan.defaultArticles} objects after a Redis flush, vs news-ingest dedup`,
    );
    const defaultTopology = await benchDefaultTopology({
      root,
      redisUrl: redis.url,
      articles: benchArticles(docs, plan.defaultArticles, 'incoming/default/', docs.length * 4),
      log,
    });

    // ---- Dedup index ---------------------------------------------------------------------------
    phase(`dedup index: ${plan.dedupSizes.join(' / ')} (bench/dedup-index.ts)`);
    const dedup = (await benchDedupIndex({ redisUrl: redis.url, sizes: plan.dedupSizes, quick })).rows;
    // ---- Reference indexer (issue 8) -------------------------------------------------------------
    const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    phase(`indexer: ${quick ? 500 : 2000} events into PostgreSQL (bench/indexer.ts)`);
    const indexer = await benchIndexer({
      databaseUrl,
      redisUrl: redis.url,
      events: quick ? 500 : 2000,
    }).catch((error: unknown) => {
      log(`indexer bench skipped: ${(error as Error).message} (set DATABASE_URL)`);
      return null;
    });
    const cliRuns = quick ? 10 : 20;
    phase(`cli start-up: --help and parse, ${cliRuns} runs each against node -e 0 (bench/cli-startup.ts)`);
    const cliStartup = benchCliStartup({ root, runs: cliRuns });
    phase('reconciling scan over 1k / 10k / 100k processed objects (bench/scan.ts)');
    const scan = await benchScan({ redisUrl: redis.url, sizes: [1000, 10_000, 100_000] });
    phase('done');

    const results = {
      schema: 'news-ingest-bench/1',
      date: startedAt.toISOString(),
      mode: quick ? 'quick' : 'full',
      durationSeconds: Math.round((performance.now() - t0) / 1000),
      machine: machineInfo(redis.version),
      setup: {
        build: build.note,
        redis: redis.kind === 'private' ? 'private redis-server spawned by the bench' : `shared ${redis.url}`,
        s3: 'embedded s3rver in a dist/workers/api.js process (notifications + scan triggers)',
        workerProcess: 'node --openssl-legacy-provider dist/workers/ingest-worker.js',
        workerConcurrency: concurrency,
        parseThreads: defaults.worker.parseThreads,
        logLevel: 'info (to a file)',
        corpus,
        e2eArticles: usable.length,
        e2eMB: totalBytes(usable) / 1e6,
      },
      limits: { bullmqNoop: noop, s3: s3!, inProcess: { ...inProcess, items: undefined } },
      e2e,
      redisBytes,
      redisFootprint: footprint,
      redisTraffic: traffic,
      loadAverage: load,
      latency,
      scaling,
      variants,
      dedup,
      cliStartup,
      scan,
      defaultTopology,
      indexer,
      profiles: profiles.map((p) => ({ ...p, file: p.file.replace(/^.*\//, '') })),
      profileDir,
    };
    const md = `${renderMarkdown(results)}${
      indexer
        ? `\n### Reference indexer (bench/indexer.ts)\n\n| Events | Concurrency | Events/s | Words/article |\n|---:|---:|---:|---:|\n| ${indexer.events} | ${indexer.concurrency} | ${indexer.eventsPerSecond.toFixed(1)} | ${indexer.wordsPerArticle} |\n`
        : '\n### Reference indexer\n\nSkipped: PostgreSQL not reachable (set DATABASE_URL).\n'
    }`;
    process.stdout.write(`\n${md}\n`);
    if (!args.has('--no-write')) {
      const dir = join(root, 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      const base = join(dir, `${startedAt.toISOString().slice(0, 10)}${quick ? '-quick' : ''}`);
      writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync(`${base}.md`, md);
      log(`wrote ${base}.json and ${base}.md (CPU profiles kept in ${profileDir})`);
    }
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  } finally {
    await redis.stop();
  }
}

await main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
