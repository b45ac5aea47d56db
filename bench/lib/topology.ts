// The service as deployed, in child processes: one api process (dist/workers/api.js: embedded S3
// server + triggers + HTTP) and N ingest worker processes (dist/workers/ingest-worker.js) pointed at it
// with S3_ENDPOINT, all sharing one Redis and one unique queue prefix. The bench process uploads over S3
// like any client and reads the published events from Redis.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EMBEDDED_S3_DEFAULT_KEYS } from '../../src/config/s3.js';
import { articleIdFor, eventIdFor } from '../../src/ids.js';
import { stripQuotes } from '../../src/queue/object-version.js';
import { createS3Client } from '../../src/s3/client.js';
import type { BenchArticle } from './corpus.js';
import { deletePrefix, freePort } from './redis.js';
import { sleep } from './stats.js';

export interface TopologyOptions {
  root: string;
  redisUrl: string;
  workers: number;
  label: string;
  /** Extra env for every process (TRIGGERS, RECONCILE_INTERVAL, WORKER_CONCURRENCY...). */
  env?: Record<string, string>;
  /** The Redis server's pid when it is the bench's own (its CPU time is then counted per article). */
  redisPid?: number | undefined;
  /** Write a V8 CPU profile of each worker process (and its threads) here. */
  cpuProfDir?: string;
}

export interface Uploaded {
  key: string;
  eventId: string;
  bytes: number;
  /** Date.now() when the PUT was sent. */
  sentAt: number;
  /** performance.now() when the PUT was sent and answered. */
  t0: number;
  t1: number;
}

export interface Topology {
  prefix: string;
  bucket: string;
  endpoint: string;
  redis: Redis;
  s3: S3Client;
  ingest: Queue;
  articles: Queue;
  api: ChildProcess;
  workers: ChildProcess[];
  redisPid: number | undefined;
  logDir: string;
  put(article: BenchArticle): Promise<Uploaded>;
  /** Waits until the articles queue holds `count` events (no consumer runs in the bench). */
  waitForEventCount(count: number, timeoutMs: number): Promise<number>;
  /** Event job timestamps (ms since epoch) for these event ids; undefined where absent. */
  eventTimes(eventIds: string[]): Promise<Array<number | undefined>>;
  stop(): Promise<void>;
}

/** The embedded server's keys (MinIO's defaults). */
const ACCESS = EMBEDDED_S3_DEFAULT_KEYS;

export function nodeArgs(script: string, cpuProfDir: string | undefined, args: string[] = []): string[] {
  return [
    '--openssl-legacy-provider',
    ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []),
    script,
    ...args,
  ];
}

export function spawnService(
  script: string,
  env: Record<string, string>,
  logFile: string,
  cpuProfDir: string | undefined,
  args: string[] = [],
): ChildProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, nodeArgs(script, cpuProfDir, args), {
    // NODE_OPTIONS from `npm run bench` (and tsx's loader) must not leak into the service processes.
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  return child;
}

export async function waitUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (error) {
      last = error;
    }
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export async function stopChild(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const id = randomBytes(4).toString('hex');
  const prefix = `{bench-${options.label}-${id}}`;
  const bucket = `bench-${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'news-ingest-bench-s3-'));
  const logDir = mkdtempSync(join(tmpdir(), 'news-ingest-bench-logs-'));
  const s3Port = await freePort();
  const endpoint = `http://127.0.0.1:${s3Port}`;
  const common: Record<string, string> = {
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: prefix,
    S3_BUCKET: bucket,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT: '10s',
    ...options.env,
  };
  const api = spawnService(
    join(options.root, 'dist/workers/api.js'),
    { ...common, S3_PORT: String(s3Port), DATA_DIR: dataDir },
    join(logDir, 'api.log'),
    undefined,
  );
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const s3 = createS3Client({ endpoint, region: 'us-east-1', credentials: ACCESS, forcePathStyle: true });
  const ingest = new Queue('ingest', { connection: redis, prefix });
  const articles = new Queue('articles', { connection: redis, prefix });
  const workers: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(workers.map((w) => stopChild(w)));
    await stopChild(api);
    await ingest.close();
    await articles.close();
    s3.destroy();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(logDir, { recursive: true, force: true });
  };
  try {
    // Workers start alongside the api process: they only need S3 once a job arrives.
    if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
    for (let i = 0; i < options.workers; i++) {
      workers.push(
        spawnService(
          join(options.root, 'dist/workers/ingest-worker.js'),
          {
            ...common,
            S3_ENDPOINT: endpoint,
            S3_ACCESS_KEY_ID: ACCESS.accessKeyId,
            S3_SECRET_ACCESS_KEY: ACCESS.secretAccessKey,
          },
          join(logDir, `worker-${i}.log`),
          options.cpuProfDir,
        ),
      );
    }
    await waitUntil(
      async () => {
        if (api.exitCode !== null)
          throw new Error(`api exited: ${readFileSync(join(logDir, 'api.log'), 'utf8')}`);
        for (const [i, w] of workers.entries())
          if (w.exitCode !== null)
            throw new Error(`worker ${i} exited: ${readFileSync(join(logDir, `worker-${i}.log`), 'utf8')}`);
        if ((await ingest.getWorkersCount()) < options.workers) return false;
        await s3.send(new HeadBucketCommand({ Bucket: bucket }));
        return true;
      },
      30_000,
      `the api process (embedded S3) and ${options.workers} ingest workers`,
    );
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }

  return {
    prefix,
    bucket,
    endpoint,
    redis,
    s3,
    ingest,
    articles,
    api,
    workers,
    redisPid: options.redisPid,
    logDir,
    async put(article) {
      const sentAt = Date.now();
      const t0 = performance.now();
      const out = await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: article.key,
          Body: article.bytes,
          ContentType: article.contentType,
        }),
      );
      const t1 = performance.now();
      const etag = stripQuotes(out.ETag ?? '');
      const versionId = out.VersionId && out.VersionId !== 'null' ? out.VersionId : undefined;
      const articleId = articleIdFor({ bucket, key: article.key, etag, versionId }, 0);
      return {
        key: article.key,
        eventId: eventIdFor(articleId),
        bytes: article.bytes.length,
        sentAt,
        t0,
        t1,
      };
    },
    async waitForEventCount(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let n = 0;
      while (Date.now() < deadline) {
        n = await articles.count();
        if (n >= count) return n;
        await sleep(25);
      }
      return n;
    },
    async eventTimes(eventIds) {
      const out: Array<number | undefined> = [];
      for (let i = 0; i < eventIds.length; i += 1000) {
        const pipe = redis.pipeline();
        for (const id of eventIds.slice(i, i + 1000)) pipe.hget(articles.toKey(id), 'timestamp');
        const res = (await pipe.exec()) ?? [];
        for (const [, v] of res) out.push(v ? Number(v) : undefined);
      }
      return out;
    },
    stop,
  };
}

/** utime + stime of a process (all its threads), in ms; NaN once it has exited. */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11], fields[12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** CPU ms per thread of a process, keyed by thread id. */
export function threadCpuMs(pid: number | undefined): Map<number, number> {
  const out = new Map<number, number>();
  if (!pid) return out;
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // thread ended
    }
  }
  return out;
}

/**
 * Splits a process's CPU time between two snapshots into its main thread (tid = pid), its busiest other
 * thread (in a worker: the parse thread) and the rest (GC helpers, libuv pool).
 */
export function threadSplit(
  pid: number | undefined,
  before: Map<number, number>,
  after: Map<number, number>,
): { main: number; busiestOther: number; rest: number } {
  let main = 0;
  let busiest = 0;
  let total = 0;
  for (const [tid, ms] of after) {
    const d = ms - (before.get(tid) ?? 0);
    total += d;
    if (tid === pid) main = d;
    else if (d > busiest) busiest = d;
  }
  return { main, busiestOther: busiest, rest: total - main - busiest };
}

/** Resident set size in MB (VmRSS, all threads). */
export function rssMB(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Samples the RSS of some processes every `everyMs` and keeps the maximum per process. */
export function rssSampler(pids: Array<number | undefined>, everyMs = 200) {
  const max = pids.map(() => 0);
  const tick = () =>
    pids.forEach((pid, i) => {
      const v = rssMB(pid);
      if (Number.isFinite(v) && v > max[i]!) max[i] = v;
    });
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop(): number[] {
      clearInterval(timer);
      tick();
      return max;
    },
  };
}
