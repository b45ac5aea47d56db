import { parseArgs } from 'node:util';
import type { Job } from 'bullmq';
import { createConfiguredLedger } from '../../ledger/ledger.js';
import { failureReasonOf, whyNotRetry } from '../../pipeline/job-failure.js';
import { cliConfig, openQueues } from '../context.js';
import { type CliIo, EXIT } from '../io.js';

export const dlqHelp = `usage: news-ingest dlq <list|retry|purge> [--reason R] [--json] [--limit N]

Triage of ingest jobs that failed (the dead-letter set): permanent failures (quarantined objects:
empty, binary, too-large, no-body, schema-violation; skipped versions: gone, superseded, s3-refused)
and transient ones that ran out of attempts (transient, s3-access-denied, s3-no-such-bucket).
  list     one line per failed job: reason, key, attempts, failed-at, message (and a count per reason)
  retry    re-runs the failed jobs (after a parser fix, or once a dependency is back), exactly as
           the dashboard's retry button does, quarantined and skipped ones included. A job whose
           version was published since, or whose key holds a newer version, is not retried: each such
           job is named with the reason on stderr, and only retried jobs are counted
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
      .filter((job) => !values.reason || failureReasonOf(job.data) === values.reason)
      .slice(0, limit);
    const keyOf = (job: Job) => (job.data as { key?: string }).key;
    if (action === 'list') {
      const counts = new Map<string, number>();
      for (const job of failed) {
        const reason = failureReasonOf(job.data);
        counts.set(reason, (counts.get(reason) ?? 0) + 1);
        const row = {
          jobId: job.id,
          reason,
          key: keyOf(job),
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
    if (action === 'purge') {
      for (const job of failed) await job.remove();
      io.stdout(
        values.json ? JSON.stringify({ action, jobs: failed.length }) : `purged ${failed.length} failed jobs`,
      );
      return EXIT.ok;
    }
    const ledger = createConfiguredLedger(context.redis, config);
    const notRetried: Array<{ jobId: string | undefined; key: string | undefined; why: string }> = [];
    let retried = 0;
    for (const job of failed) {
      const entry = job.id ? await ledger.get(job.id) : null;
      const why = whyNotRetry(entry);
      if (why) {
        notRetried.push({ jobId: job.id, key: keyOf(job), why });
        if (!values.json) io.stderr(`not retried: ${keyOf(job)} (${job.id}): ${why}`);
        continue;
      }
      if (
        job.id &&
        entry &&
        (entry.state === 'quarantined' || entry.state === 'skipped') &&
        entry.jobTimestamp !== job.timestamp
      ) {
        // The outcome was recorded by another job for this version: point it at this one, so the worker
        // treats this as a retry of the job that settled it and re-runs it.
        await ledger.mark(job.id, entry.state, {
          ...(entry.reason ? { reason: entry.reason } : {}),
          jobTimestamp: job.timestamp,
        });
      }
      await job.retry('failed');
      retried++;
    }
    io.stdout(
      values.json
        ? JSON.stringify({ action, jobs: retried, notRetried })
        : `retried ${retried} failed jobs${notRetried.length ? ` (${notRetried.length} not retried, see above)` : ''}`,
    );
    return EXIT.ok;
  } finally {
    await context.close();
  }
}
