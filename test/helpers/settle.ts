// Facts a test waits for before it checks that something did NOT happen: the work the system would do
// is finished, so an absence is proven rather than a race won by a slow worker.
import { Writable } from 'node:stream';
import type { Queue } from 'bullmq';
import { type Logger, pino } from 'pino';
import { waitFor } from './wait.js';

/**
 * Waits until no job of the queue is waiting, active, delayed or prioritised: every job enqueued so
 * far has reached a final state (a stalled job of a killed worker counts as active until re-run).
 */
export async function waitForDrained(queue: Queue, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      const counts = await queue.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'waiting-children',
      );
      return Object.values(counts).every((n) => n === 0) ? true : undefined;
    },
    timeoutMs,
    `queue ${queue.name} to drain`,
  );
}

export interface LogRecord {
  msg: string;
  [field: string]: unknown;
}

export interface RecordingLogger {
  log: Logger;
  records: LogRecord[];
  /** Waits for the `nth` record with this message logged after position `from` (records.length). */
  waitForMessage(msg: string, from: number, nth?: number, timeoutMs?: number): Promise<LogRecord>;
}

/** A pino logger that keeps its records so a test can wait for one (e.g. a reconciling scan's result). */
export function recordingLogger(level = 'debug'): RecordingLogger {
  const records: LogRecord[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) records.push(JSON.parse(line));
      done();
    },
  });
  return {
    log: pino({ level }, stream),
    records,
    waitForMessage: (msg, from, nth = 1, timeoutMs = 60_000) =>
      waitFor(
        async () => records.slice(from).filter((r) => r.msg === msg)[nth - 1],
        timeoutMs,
        `log record "${msg}" #${nth}`,
      ),
  };
}

/**
 * The reconciling scan has nothing left to enqueue and the ingest queue is drained: two scans that
 * found nothing missed were logged after `from` (the second began after the first ended, so after
 * `from`), then no ingest job is pending. Needs RECONCILE_INTERVAL short and the recording logger.
 */
export async function waitForScanSettled(
  recorder: RecordingLogger,
  ingest: Queue,
  from: number,
  timeoutMs = 60_000,
): Promise<void> {
  await recorder.waitForMessage('reconciling scan found nothing missed', from, 2, timeoutMs);
  await waitForDrained(ingest, timeoutMs);
}
