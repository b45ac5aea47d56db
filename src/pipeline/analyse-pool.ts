// Decoding and parsing run in a piscina pool of worker threads: BullMQ renews job locks from the main event
// loop, and untrusted input must not hold that loop. Every parse has a deadline: when it passes, piscina
// terminates the thread (a synchronous parse cannot be interrupted any other way) and starts a fresh one, and
// the object is quarantined as parse-timeout. With threads = 0 everything runs inline (CLI, small machines):
// then there is no deadline.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { PermanentError } from '../errors/permanent-error.js';
import { TransientError } from '../errors/transient-error.js';
import { type AnalyseRequest, type AnalyseResult, analyseObject } from './analyse-object.js';
import type { AnalyseTask } from './analyse-thread.js';

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
  const inline = async (request: AnalyseRequest) => analyseObject(request);
  if (threads <= 0) return { analyse: inline, close: async () => {} };
  // minThreads 0: threads start on first use and stop after idleMs, so a worker that sees no objects never
  // pays for them. A thread that crashes or is terminated is replaced by piscina.
  const pool = new Piscina({
    filename: entry.filename,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: idleMs,
    // A hostile object that makes the parser's heap explode kills its own thread, not the process.
    resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb },
    ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
  });
  // Tasks wait here, not in piscina's queue: the deadline must not count time spent waiting for a thread.
  const slots = createSlots(threads);
  let closed = false;
  // A thread that cannot start (its module fails to load) is reported here, not to the task, which would
  // otherwise wait for ever: fail the tasks still waiting for a thread, as a retryable error.
  const notStarted = new Set<(error: Error) => void>();
  pool.on('error', (error: Error) => {
    for (const fail of notStarted) fail(error);
  });

  const inThread = async (request: AnalyseRequest): Promise<AnalyseResult> => {
    await slots.acquire();
    const abort = new AbortController();
    // The thread says when the analysis starts: a thread that is still starting (loading the parser) must
    // not eat into the deadline either.
    const { port1, port2 } = new MessageChannel();
    let timer: NodeJS.Timeout | undefined;
    let startFailure: Error | undefined;
    const fail = (error: Error) => {
      startFailure = error;
      abort.abort();
    };
    notStarted.add(fail);
    const startTimer = setTimeout(
      () => fail(new Error(`no analyse thread started within ${THREAD_START_TIMEOUT_MS} ms`)),
      THREAD_START_TIMEOUT_MS,
    );
    port1.once('message', () => {
      notStarted.delete(fail);
      clearTimeout(startTimer);
      timer = setTimeout(() => abort.abort(), timeoutMs);
    });
    try {
      const task: AnalyseTask = { request, started: port2 };
      return (await pool.run(task, { signal: abort.signal, transferList: [port2] })) as AnalyseResult;
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
      notStarted.delete(fail);
      clearTimeout(startTimer);
      clearTimeout(timer);
      port1.close();
      slots.release();
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

/** A FIFO counting semaphore: at most `size` holders at once. */
function createSlots(size: number): { acquire(): Promise<void>; release(): void } {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    acquire() {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
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
