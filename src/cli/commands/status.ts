import { parseArgs } from 'node:util';
import type { Queue } from 'bullmq';
import { failureReasonOf } from '../../pipeline/job-failure.js';
import { cliConfig, openQueues } from '../context.js';
import { type CliIo, EXIT } from '../io.js';

export const statusHelp = `usage: news-ingest status [--json]

Queue counts (waiting, active, delayed, completed, failed) for the ingest queue and every publish
queue, the age of the oldest waiting job (lag), completion and failure rates over the last minutes,
and failed ingest jobs per reason (quarantine counts).`;

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const config = cliConfig(io);
  const context = await openQueues(config);
  try {
    const names = [config.queues.ingest, ...config.queues.publish];
    const queues = await Promise.all(names.map((name) => describeQueue(context.queue(name))));
    const failed = await context.queue(config.queues.ingest).getFailed(0, -1);
    const byReason: Record<string, number> = {};
    for (const job of failed) {
      if (!job) continue;
      const reason = failureReasonOf(job.data);
      byReason[reason] = (byReason[reason] ?? 0) + 1;
    }
    const status = { queues, failedByReason: byReason };
    if (values.json) {
      io.stdout(JSON.stringify(status));
    } else {
      for (const q of queues) {
        io.stdout(
          `${q.name.padEnd(16)} ${STATES.map((s) => `${s} ${q.counts[s]}`).join('  ')}  lag ${q.oldestWaitingSeconds.toFixed(1)}s  ` +
            `done/min ${q.completedPerMinute.toFixed(1)}  failed/min ${q.failedPerMinute.toFixed(1)}`,
        );
      }
      const reasons = Object.entries(byReason);
      io.stdout(
        `failed ingest jobs by reason: ${reasons.length ? reasons.map(([r, n]) => `${r} ${n}`).join(', ') : 'none'}`,
      );
    }
    return EXIT.ok;
  } finally {
    await context.close();
  }
}

async function describeQueue(queue: Queue) {
  const counts = await queue.getJobCounts(...STATES);
  const [oldest] = await queue.getWaiting(0, 0);
  const rate = async (type: 'completed' | 'failed') => {
    // Worker metrics keep one data point per minute; average the last five minutes.
    const metrics = await queue.getMetrics(type, 0, 4).catch(() => null);
    const points = metrics?.data ?? [];
    return points.length ? points.reduce((a, b) => a + b, 0) / points.length : 0;
  };
  return {
    name: queue.name,
    counts: Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) as Record<
      (typeof STATES)[number],
      number
    >,
    oldestWaitingSeconds: oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0,
    completedPerMinute: await rate('completed'),
    failedPerMinute: await rate('failed'),
  };
}
