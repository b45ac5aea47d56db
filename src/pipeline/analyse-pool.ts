// A small pool of worker threads running analyseObject. BullMQ renews job locks from the main event
// loop; parsing a large page inline could block it long enough for a lock to lapse and the job to be
// processed twice. With threads = 0 it runs inline (CLI, tests).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type AnalyseRequest, type AnalyseResult, analyseObject } from './analyse-object.js';

export interface AnalyseRunner {
  analyse(request: AnalyseRequest): Promise<AnalyseResult>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (result: AnalyseResult) => void;
  reject: (error: Error) => void;
}

/**
 * Objects smaller than this are analysed on the calling thread: a typical article parses in about
 * 2 ms, far below anything that could delay lock renewal, and a round trip to a thread costs more
 * CPU than it saves. Larger ones (big HTML pages can take seconds) go to the threads.
 */
export const DEFAULT_INLINE_BELOW_BYTES = 64 * 1024;

/** Threads idle this long are stopped, giving their memory (a second copy of the parser) back. */
export const DEFAULT_THREAD_IDLE_MS = 10_000;

export function createAnalyseRunner(
  threads: number,
  inlineBelowBytes = DEFAULT_INLINE_BELOW_BYTES,
  idleMs = DEFAULT_THREAD_IDLE_MS,
): AnalyseRunner {
  const inline = async (request: AnalyseRequest) => analyseObject(request);
  if (threads <= 0) return { analyse: inline, close: async () => {} };
  const entry = threadEntry();
  let workers: Array<{ worker: Worker; pending: Map<number, Pending> }> = [];
  let nextId = 0;
  let closed = false;
  let idleTimer: NodeJS.Timeout | null = null;
  const stopWhenIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (closed || workers.some((w) => w.pending.size > 0)) return;
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (workers.some((w) => w.pending.size > 0)) return;
      const stopping = workers;
      workers = [];
      for (const w of stopping) void w.worker.terminate();
    }, idleMs);
    idleTimer.unref();
  };
  const spawn = (slot: number) => {
    const worker = entry.url ? new Worker(entry.url) : new Worker(entry.bootstrap, { eval: true });
    const pending = new Map<number, Pending>();
    worker.on('message', (m: { id: number; result?: AnalyseResult; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(`analyse thread: ${m.error}`));
      else p.resolve(m.result as AnalyseResult);
      stopWhenIdle();
    });
    const failAll = (error: Error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      // A crashed thread is replaced (its requests fail and are retried); a retired idle one is not.
      if (!closed && workers[slot]?.worker === worker) spawn(slot);
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (!closed && code !== 0 && workers[slot]?.worker === worker)
        failAll(new Error(`analyse thread exited with code ${code}`));
    });
    workers[slot] = { worker, pending };
  };
  return {
    analyse(request) {
      if (closed) return Promise.reject(new Error('analyse pool is closed'));
      if (request.bytes.byteLength < inlineBelowBytes) return inline(request);
      // Threads start on first use (and stop when idle): a worker that only sees small objects never
      // pays for them.
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      if (workers.length === 0) for (let i = 0; i < threads; i++) spawn(i);
      // Least-loaded thread first.
      let target = workers[0]!;
      for (const w of workers) if (w.pending.size < target.pending.size) target = w;
      const id = nextId++;
      return new Promise<AnalyseResult>((resolve, reject) => {
        target.pending.set(id, { resolve, reject });
        target.worker.postMessage({ id, request });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

/** The compiled .js entry in production; the .ts source through tsx when running from source (tests). */
function threadEntry(): { url: URL; bootstrap?: never } | { url?: never; bootstrap: string } {
  const js = new URL('./analyse-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { url: js };
  const ts = new URL('./analyse-thread.ts', import.meta.url).href;
  return {
    bootstrap: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(ts)}); });`,
  };
}
