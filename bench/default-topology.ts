// The default topology as `npm start` runs it: ONE process with the api, the embedded S3 server, the
// triggers and the ingest worker. Its bucket holds a backlog of N real articles (uploaded while the ingest
// queue was paused); Redis then loses everything (the prefix is deleted), the process starts again and
// its startup scan re-ingests the backlog. The drain rate is compared with `news-ingest dedup` over the
// same files in one process (parse + fingerprint + in-memory index), measured in the same run.
//
// Rates: the service from the first ingest job to the last event (start-up cut out); the CLI from its
// first output line to its last (start-up cut out too), and as a whole command (what `time` says).
//
// Standalone: tsx bench/default-topology.ts [--articles 600] [--cpu-prof <dir>] [--env K=V ...]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EMBEDDED_S3_DEFAULT_KEYS } from '../src/config/s3.js';
import { createS3Client } from '../src/s3/client.js';
import { type BenchArticle, benchArticles, loadCorpus, totalBytes } from './lib/corpus.js';
import { ensureBuilt } from './lib/machine.js';
import { monotonicUs, type ProfileSummary, summariseProfileDir } from './lib/profile.js';
import { deletePrefix, freePort, startBenchRedis } from './lib/redis.js';
import { mapLimit, sleep } from './lib/stats.js';
import {
  cpuMs,
  rssSampler,
  spawnService,
  stopChild,
  threadCpuMs,
  threadSplit,
  waitUntil,
} from './lib/topology.js';

export const DEFAULT_TOPOLOGY_AIM = 0.8;

export interface DefaultTopologyResult {
  articles: number;
  mb: number;
  events: number;
  service: {
    command: string;
    /** First ingest job seen → last event. */
    seconds: number;
    articlesPerSecond: number;
    /** Process spawn → last event (start-up and scan included). */
    fromStartSeconds: number;
    failedJobs: number;
    /** CPU of the one process per article over the drain, and by thread. */
    cpuMsPerArticle: number;
    threads: { mainMs: number; parseMs: number; otherMs: number; mainUtilisation: number };
    rssMaxMB: number;
  };
  dedupCli: {
    command: string;
    /** First output line → last. */
    seconds: number;
    articlesPerSecond: number;
    /** The whole command, start-up included. */
    wholeSeconds: number;
    wholePerSecond: number;
    cpuMsPerArticle: number;
    maxRssMB: number;
  };
  /** Service drain rate / CLI rate (both with start-up cut out). */
  ratio: number;
  profiles: ProfileSummary[];
}

export interface DefaultTopologyOptions {
  root: string;
  redisUrl: string;
  articles: BenchArticle[];
  /** Extra env for the service (PARSE_THREADS, LOG_LEVEL...). */
  env?: Record<string, string>;
  /** Profile the draining service process (inflates its CPU: not for the headline figure). */
  cpuProfDir?: string;
  log?: (line: string) => void;
}

/** The embedded server's keys (MinIO's defaults). */
const ACCESS = EMBEDDED_S3_DEFAULT_KEYS;

export async function benchDefaultTopology(options: DefaultTopologyOptions): Promise<DefaultTopologyResult> {
  const log = options.log ?? (() => {});
  const id = randomBytes(4).toString('hex');
  const prefix = `{bench-default-${id}}`;
  const bucket = `bench-${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'news-ingest-bench-default-s3-'));
  const logDir = mkdtempSync(join(tmpdir(), 'news-ingest-bench-default-logs-'));
  const filesDir = mkdtempSync(join(tmpdir(), 'news-ingest-bench-default-files-'));
  const s3Port = await freePort();
  const env: Record<string, string> = {
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: prefix,
    S3_BUCKET: bucket,
    S3_PORT: String(s3Port),
    DATA_DIR: dataDir,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT: '10s',
    // The reference indexer would join the process when a database is configured: not this figure.
    DATABASE_URL: '',
    // The drain is over when every job has an outcome: keep them all (the default trims at 1,000).
    COMPLETED_JOBS_KEPT: String(options.articles.length * 2),
    ...options.env,
  };
  const bin = join(options.root, 'bin/news-ingest.js');
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const ingest = new Queue('ingest', { connection: redis, prefix });
  const events = new Queue('articles', { connection: redis, prefix });
  const s3 = createS3Client({
    endpoint: `http://127.0.0.1:${s3Port}`,
    region: 'us-east-1',
    credentials: ACCESS,
    forcePathStyle: true,
  });
  const start = (name: string, cpuProfDir?: string) => {
    const child = spawnService(bin, env, join(logDir, `${name}.log`), cpuProfDir, ['start']);
    const ready = waitUntil(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`npm start exited: ${readFileSync(join(logDir, `${name}.log`), 'utf8')}`);
        if ((await ingest.getWorkersCount()) < 1) return false;
        await s3.send(new HeadBucketCommand({ Bucket: bucket }));
        return true;
      },
      60_000,
      'the one-process service',
    );
    return { child, ready };
  };
  const articles = [...options.articles].sort((a, b) => (a.key < b.key ? -1 : 1));
  try {
    // ---- The backlog: uploaded while the queue is paused, so nothing is processed --------------
    const fill = start('fill');
    await fill.ready;
    await ingest.pause();
    await mapLimit(articles, 16, (a) =>
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: a.key, Body: a.bytes, ContentType: a.contentType }),
      ),
    );
    await waitUntil(async () => (await ingest.count()) >= articles.length, 60_000, 'the backlog enqueued');
    await stopChild(fill.child);
    await deletePrefix(redis, prefix);
    log(`default topology: ${articles.length} objects in the bucket, Redis emptied; npm start again`);

    // ---- The drain: the startup scan finds the backlog --------------------------------------------
    const spawnedAt = Date.now();
    const drain = start('drain', options.cpuProfDir);
    const pid = drain.child.pid;
    for (;;) {
      if (drain.child.exitCode !== null) throw new Error('npm start exited during the drain');
      const counts = await ingest.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
      if (Object.values(counts).some((n) => n > 0)) break;
      await sleep(5);
    }
    const firstAt = Date.now();
    const cpu0 = cpuMs(pid);
    const threads0 = threadCpuMs(pid);
    const fromUs = monotonicUs();
    const sampler = rssSampler([pid]);
    // Every object yields its events; how many is known only once its job has an outcome.
    await waitUntil(
      async () => {
        const c = await ingest.getJobCounts('completed', 'failed');
        return (c.completed ?? 0) + (c.failed ?? 0) >= articles.length;
      },
      300_000,
      'the backlog drained',
    );
    const toUs = monotonicUs();
    const cpu = cpuMs(pid) - cpu0;
    const split = threadSplit(pid, threads0, threadCpuMs(pid));
    const [rssMax] = sampler.stop();
    await drain.ready;
    const ids = await redis.lrange(events.toKey('wait'), 0, -1);
    const pipe = redis.pipeline();
    for (const eventId of ids) pipe.hget(events.toKey(eventId), 'timestamp');
    const times = ((await pipe.exec()) ?? []).map(([, v]) => Number(v)).filter(Number.isFinite);
    const lastAt = Math.max(...times);
    const failed = await ingest.getFailedCount();
    await stopChild(drain.child);
    const seconds = (lastAt - firstAt) / 1000;
    const n = articles.length;

    // ---- The same files through `news-ingest dedup`, one process ------------------------------------
    const files = articles.map((a, i) => {
      const file = join(filesDir, `${String(i).padStart(6, '0')}.txt`);
      writeFileSync(file, a.bytes);
      return file;
    });
    const cli = await timeDedupCli(bin, files, join(logDir, 'dedup.time'));
    const profiles = options.cpuProfDir ? summariseProfileDir(options.cpuProfDir, 15, { fromUs, toUs }) : [];
    const serviceRate = n / seconds;
    return {
      articles: n,
      mb: totalBytes(articles) / 1e6,
      events: times.length,
      service: {
        command: 'node --openssl-legacy-provider bin/news-ingest.js start (= npm start)',
        seconds,
        articlesPerSecond: serviceRate,
        fromStartSeconds: (lastAt - spawnedAt) / 1000,
        failedJobs: failed,
        cpuMsPerArticle: cpu / n,
        threads: {
          mainMs: split.main / n,
          parseMs: split.busiestOther / n,
          otherMs: split.rest / n,
          mainUtilisation: split.main / (lastAt - firstAt),
        },
        rssMaxMB: rssMax ?? Number.NaN,
      },
      dedupCli: cli,
      ratio: serviceRate / cli.articlesPerSecond,
      profiles,
    };
  } finally {
    await ingest.close();
    await events.close();
    s3.destroy();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    for (const dir of [dataDir, logDir, filesDir]) rmSync(dir, { recursive: true, force: true });
  }
}

/** `news-ingest dedup --json <files>` under /usr/bin/time (CPU and max RSS) when it is installed. */
async function timeDedupCli(
  bin: string,
  files: string[],
  timeFile: string,
): Promise<DefaultTopologyResult['dedupCli']> {
  const node = [process.execPath, '--openssl-legacy-provider', bin, 'dedup', '--json', ...files];
  const timed = existsSync('/usr/bin/time');
  const argv = timed ? ['/usr/bin/time', '-f', '%e %U %S %M', '-o', timeFile, ...node] : node;
  const t0 = performance.now();
  let first = 0;
  let last = 0;
  let lines = 0;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.on('data', (chunk: Buffer) => {
      const now = performance.now();
      let at = chunk.indexOf(10);
      while (at >= 0) {
        if (lines === 0) first = now;
        lines++;
        last = now;
        at = chunk.indexOf(10, at + 1);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`news-ingest dedup exited with ${code}`)),
    );
  });
  const wholeMs = performance.now() - t0;
  const [, user, sys, maxKb] = timed
    ? readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number)
    : [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
  const seconds = (last - first) / 1000;
  return {
    command: 'node --openssl-legacy-provider bin/news-ingest.js dedup --json <files>',
    seconds,
    articlesPerSecond: (lines - 1) / seconds,
    wholeSeconds: wholeMs / 1000,
    wholePerSecond: files.length / (wholeMs / 1000),
    cpuMsPerArticle: ((user! + sys!) * 1000) / files.length,
    maxRssMB: maxKb! / 1024,
  };
}

export function renderDefaultTopology(r: DefaultTopologyResult): string[] {
  const f = (n: number, d = 1) =>
    Number.isFinite(n)
      ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
      : 'n/a';
  const s = r.service;
  const c = r.dedupCli;
  return [
    '### Default topology: `npm start` draining a backlog (bench/default-topology.ts)',
    '',
    `${r.articles} real articles (${f(r.mb, 2)} MB) in the embedded bucket; Redis emptied; \`npm start\` ` +
      `(api + embedded S3 + triggers + worker in one process) re-ingests them from its startup scan. ` +
      `Baseline in the same run: \`news-ingest dedup\` over the same files in one process. Both rates ` +
      'leave start-up out (service: first ingest job → last event; CLI: first output line → last).',
    '',
    '| Run | Articles/s | Seconds | CPU ms/article | Max RSS MB | Notes |',
    '|---|---:|---:|---:|---:|---|',
    `| \`npm start\`, backlog after a Redis flush | ${f(s.articlesPerSecond)} | ${f(s.seconds, 2)} | ${f(s.cpuMsPerArticle, 2)} (event loop ${f(s.threads.mainMs, 2)}, busiest other thread ${f(s.threads.parseMs, 2)}, rest ${f(s.threads.otherMs, 2)}; loop busy ${f(s.threads.mainUtilisation * 100, 0)}%) | ${f(s.rssMaxMB, 0)} | ${r.events} events; ${f(s.fromStartSeconds, 2)} s from spawn; ${s.failedJobs} failed jobs |`,
    `| \`news-ingest dedup\`, same files | ${f(c.articlesPerSecond)} | ${f(c.seconds, 2)} | ${f(c.cpuMsPerArticle, 2)} (whole command) | ${f(c.maxRssMB, 0)} | whole command ${f(c.wholeSeconds, 2)} s = ${f(c.wholePerSecond)}/s |`,
    '',
    `Ratio \`npm start\` / \`news-ingest dedup\`: **${f(r.ratio, 2)}** (aim ≥ ${DEFAULT_TOPOLOGY_AIM}: ` +
      `${r.ratio >= DEFAULT_TOPOLOGY_AIM ? 'meets' : '**misses**'}).`,
    '',
  ];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const env: Record<string, string> = {};
  args.forEach((a, i) => {
    if (a === '--env') {
      const [k, ...v] = args[i + 1]!.split('=');
      env[k!] = v.join('=');
    }
  });
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  ensureBuilt(root, (line) => process.stderr.write(`${line}\n`));
  const { docs } = loadCorpus(root);
  const count = Number(value('--articles') ?? 600);
  const redis = await startBenchRedis(false);
  try {
    const result = await benchDefaultTopology({
      root,
      redisUrl: redis.url,
      articles: benchArticles(docs, count, 'incoming/default/', docs.length * 4),
      env,
      ...(value('--cpu-prof') ? { cpuProfDir: value('--cpu-prof')! } : {}),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${renderDefaultTopology(result).join('\n')}\n`);
    for (const p of result.profiles) {
      process.stdout.write(
        `\n${p.thread}: ${p.totalMs - p.idleMs} ms busy; ${p.byCaller.map((o) => `${o.owner} ${o.pctBusy}%`).join(', ')}\n`,
      );
      for (const t of p.topFunctions.slice(0, 15)) process.stdout.write(`  ${t.ms} ms ${t.owner} ${t.fn}\n`);
    }
  } finally {
    await redis.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
