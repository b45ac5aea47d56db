import { parseArgs } from 'node:util';
import type { Job } from 'bullmq';
import { reasonOfFailure } from '../../errors/to-bullmq-error.js';
import { cliConfig, openQueues } from '../context.js';
import { type CliIo, EXIT } from '../io.js';

export const dlqHelp = `usage: news-ingest dlq <list|retry|purge> [--reason R] [--json] [--limit N]

Triage of ingest jobs that failed (the dead-letter set): permanent failures (quarantined objects:
empty, binary, too-large, no-body, schema-violation, ...) and transient ones that ran out of attempts.
  list     one line per failed job: reason, key, attempts, failed-at, message (and a count per reason)
  retry    re-runs the failed jobs (after a parser fix, or once a dependency is back), exactly as
           the dashboard's retry button does
  purge    removes the failed jobs (the quarantined copies in the bucket stay)
--reason R limits the command to one reason.`;

export async function runDlq(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      reason: { type: 'string' },
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
    },
  });
  const action = positionals[0];
  if (action !== 'list' && action !== 'retry' && action !== 'purge') {
    io.stderr(dlqHelp);
    return EXIT.usage;
  }
  const config = cliConfig(io);
  const context = await openQueues(config);
  try {
    const queue = context.queue(config.queues.ingest);
    const limit = values.limit ? Number(values.limit) : Number.POSITIVE_INFINITY;
    const failed = (await queue.getFailed(0, -1))
      .filter((job): job is Job => Boolean(job))
      .filter((job) => !values.reason || reasonOfFailure(job.failedReason) === values.reason)
      .slice(0, limit);
    if (action === 'list') {
      const counts = new Map<string, number>();
      for (const job of failed) {
        const reason = reasonOfFailure(job.failedReason);
        counts.set(reason, (counts.get(reason) ?? 0) + 1);
        const data = job.data as { key?: string };
        const row = {
          jobId: job.id,
          reason,
          key: data.key,
          attempts: job.attemptsMade,
          failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
          message: job.failedReason,
        };
        io.stdout(
          values.json
            ? JSON.stringify(row)
            : `${row.reason}\t${row.key}\t${row.attempts} attempts\t${row.failedAt}\t${row.message}`,
        );
      }
      if (!values.json) {
        const summary = [...counts].map(([r, n]) => `${r}: ${n}`).join(', ');
        io.stderr(`${failed.length} failed jobs${summary ? ` (${summary})` : ''}`);
      }
      return EXIT.ok;
    }
    let done = 0;
    for (const job of failed) {
      if (action === 'retry') {
        // The worker re-runs a retried job even when its version was quarantined (same job, same timestamp).
        await job.retry('failed');
      } else {
        await job.remove();
      }
      done++;
    }
    io.stdout(
      values.json
        ? JSON.stringify({ action, jobs: done })
        : `${action === 'retry' ? 'retried' : 'purged'} ${done} failed jobs`,
    );
    return EXIT.ok;
  } finally {
    await context.close();
  }
}
