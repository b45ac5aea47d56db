// Decoding and parsing run in a piscina pool of worker threads: BullMQ renews job locks from the main event
// loop, and untrusted input must not hold that loop. Every parse has a deadline: when it passes, piscina
// terminates the thread (a synchronous parse cannot be interrupted any other way) and starts a fresh one, and
// the object is quarantined as parse-timeout. With threads = 0 everything runs inline (CLI, small machines):
// then there is no deadline.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { PermanentError } from '../errors/permanent-error.js';
import { TransientError } from '../errors/transient-error.js';
import type { AnalyseRequest, AnalyseResult } from './analyse-object.js';
import type { AnalyseTask, AnalyseThreadData } from './analyse-thread.js';

export interface AnalyseRunner {
  analyse(request: AnalyseRequest): Promise<AnalyseResult>;
  close(): Promise<void>;
}

/** Objects smaller than this are analysed on the calling thread, without a deadline. 0: none are. */
export const DEFAULT_INLINE_BELOW_BYTES = 0;

/** Threads idle this long are stopped, giving their memory (a second copy of the parser) back. */
export const DEFAULT_THREAD_IDLE_MS = 10_000;

/** How long one object's decode and parse may run in a thread. */
export const DEFAULT_PARSE_TIMEOUT_MS = 10_000;

/** Young-generation size of each parse thread, MB. */
const THREAD_YOUNG_GENERATION_MB = 4;

/** A thread that has not started an object this long after it was handed over is broken (retried). */
const THREAD_START_TIMEOUT_MS = 60_000;

/** A thread whose heap grows past this is stopped; the object is quarantined as parse-out-of-memory. */
export const DEFAULT_THREAD_MEMORY_MB = 1024;

export interface AnalyseRunnerOptions {
  /** Worker threads; 0 analyses everything inline (no deadline, no memory cap). */
  threads: number;
  /** Objects smaller than this are analysed on the calling thread. */
  inlineBelowBytes?: number;
  idleMs?: number;
  timeoutMs?: number;
  /** Old-generation heap cap of each thread, in MB. */
  memoryLimitMb?: number;
  /** The thread's module; tests pass a broken one. */
  entry?: ThreadEntry;
}

export function createAnalyseRunner({
  threads,
  inlineBelowBytes = DEFAULT_INLINE_BELOW_BYTES,
  idleMs = DEFAULT_THREAD_IDLE_MS,
  timeoutMs = DEFAULT_PARSE_TIMEOUT_MS,
  memoryLimitMb = DEFAULT_THREAD_MEMORY_MB,
  entry = threadEntry(),
}: AnalyseRunnerOptions): AnalyseRunner {
  // The parser is loaded on the calling thread only when it parses there: with threads, the event loop's
  // process does not carry a second copy of it (tens of MB of RSS).
  const inline = async (request: AnalyseRequest) =>
    (await import('./analyse-object.js')).analyseObject(request);
  if (threads <= 0) return { analyse: inline, close: async () => {} };
  // Each task in flight owns one cell (its slot): the thread stamps it with the time the analysis starts.
  const starts = new BigInt64Array(new SharedArrayBuffer(8 * threads));
  const workerData: AnalyseThreadData = { starts: starts.buffer as SharedArrayBuffer };
  // minThreads 0: threads start on first use and stop after idleMs, so a worker that sees no objects never
  // pays for them. A thread that crashes or is terminated is replaced by piscina.
  const pool = new Piscina({
    filename: entry.filename,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: idleMs,
    workerData,
    // A hostile object that makes the parser's heap explode kills its own thread, not the process. The
    // young generation is capped well below V8's default: a parse allocates a few MB that die young, and
    // a young generation grown to its default size under load added ~35 MB of RSS per thread (4 MB: the
    // same parse CPU per article as 8 MB over the shared corpus, ~6 MB less RSS).
    resourceLimits: {
      maxOldGenerationSizeMb: memoryLimitMb,
      maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB,
    },
    ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
  });
  // Tasks wait here, not in piscina's queue: the deadline must not count time spent waiting for a thread.
  const slots = createSlots(threads);
  let closed = false;
  // A thread that cannot start (its module fails to load) is reported here, not to the task, which would
  // otherwise wait for ever: fail the tasks not started yet, as a retryable error.
  const waiting = new Map<number, (error: Error) => void>();
  pool.on('error', (error: Error) => {
    for (const [slot, fail] of waiting) if (Atomics.load(starts, slot) === 0n) fail(error);
  });

  const inThread = async (request: AnalyseRequest): Promise<AnalyseResult> => {
    const slot = await slots.acquire();
    Atomics.store(starts, slot, 0n);
    const abort = new AbortController();
    let startFailure: Error | undefined;
    const fail = (error: Error) => {
      startFailure = error;
      abort.abort();
    };
    waiting.set(slot, fail);
    const postedAt = Date.now();
    // One timer follows the task: until the thread stamps the start (a thread still starting loads the
    // parser, which must not eat into the deadline) it waits up to THREAD_START_TIMEOUT_MS; from the
    // stamp on, the deadline runs.
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      const now = Date.now();
      const startedAt = Number(Atomics.load(starts, slot));
      if (startedAt === 0) {
        const waited = now - postedAt;
        if (waited >= THREAD_START_TIMEOUT_MS)
          fail(new Error(`no analyse thread started within ${THREAD_START_TIMEOUT_MS} ms`));
        else timer = setTimeout(check, Math.min(timeoutMs, THREAD_START_TIMEOUT_MS - waited));
        return;
      }
      const left = startedAt + timeoutMs - now;
      if (left <= 0) abort.abort();
      else timer = setTimeout(check, left);
    };
    timer = setTimeout(check, timeoutMs);
    try {
      const task: AnalyseTask = { request, slot };
      return (await pool.run(task, { signal: abort.signal })) as AnalyseResult;
    } catch (error) {
      if (startFailure)
        throw new TransientError(`analyse thread failed to start: ${startFailure.message}`, { cause: error });
      if (isOutOfMemory(error))
        throw new PermanentError(
          'parse-out-of-memory',
          `decoding and parsing needed more than the thread's ${memoryLimitMb} MB heap; the thread was stopped`,
          { cause: error },
        );
      if (abort.signal.aborted)
        throw new PermanentError(
          'parse-timeout',
          `decoding and parsing took longer than ${timeoutMs} ms; the thread was stopped`,
          { cause: error },
        );
      throw error;
    } finally {
      waiting.delete(slot);
      clearTimeout(timer);
      slots.release(slot);
    }
  };

  return {
    analyse(request) {
      if (closed) return Promise.reject(new Error('analyse pool is closed'));
      if (request.bytes.byteLength < inlineBelowBytes) return inline(request);
      return inThread(request);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.destroy();
    },
  };
}

function isOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/** A FIFO semaphore over `size` numbered slots: each holder gets its own slot index. */
function createSlots(size: number): { acquire(): Promise<number>; release(slot: number): void } {
  const free = Array.from({ length: size }, (_, i) => i);
  const waiting: ((slot: number) => void)[] = [];
  return {
    acquire() {
      const slot = free.pop();
      if (slot !== undefined) return Promise.resolve(slot);
      return new Promise((resolve) => waiting.push(resolve));
    },
    release(slot) {
      const next = waiting.shift();
      if (next) next(slot);
      else free.push(slot);
    },
  };
}

/** The compiled .js entry in production; the .ts source through tsx's require hook when running from source. */
export interface ThreadEntry {
  filename: string;
  execArgv?: string[];
}

function threadEntry(): ThreadEntry {
  const js = fileURLToPath(new URL('./analyse-thread.js', import.meta.url));
  if (existsSync(js)) return { filename: js };
  return {
    filename: fileURLToPath(new URL('./analyse-thread.ts', import.meta.url)),
    // Resolved here: a bare --require resolves from the process's working directory, not this package.
    execArgv: ['--require', createRequire(import.meta.url).resolve('tsx/cjs')],
  };
}
