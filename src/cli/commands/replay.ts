import { parseArgs } from 'node:util';
import { createConfiguredLedger } from '../../ledger/ledger.js';
import { createMetrics } from '../../observability/metrics.js';
import type { ObjectVersion } from '../../queue/object-version.js';
import { createObjectEnqueuer } from '../../trigger/object-enqueuer.js';
import { listedVersion } from '../../trigger/reconcile-scan.js';
import { cliConfig, openQueues, openStore } from '../context.js';
import { type CliIo, EXIT, UsageError } from '../io.js';

export const replayHelp = `usage: news-ingest replay [--prefix P] [--since T] [--force] [--dry-run] [--json]

Re-enqueues objects from the bucket: every object under P (default: RAW_PREFIX; P must lie under it)
last modified at or after T (ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00:00Z). Idempotent: an
object version that already has an outcome yields nothing new, unless --force clears its ledger entry
so it is processed again (a quarantined version re-checked; a published one whose key state still
holds it publishes nothing new, and its events keep their ids either way).`;

export async function runReplay(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      prefix: { type: 'string' },
      since: { type: 'string' },
      force: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const config = cliConfig(io);
  const prefix = values.prefix ?? config.rawPrefix;
  if (!prefix.startsWith(config.rawPrefix))
    throw new UsageError(`--prefix must lie under RAW_PREFIX (${config.rawPrefix})`);
  const since = values.since ? new Date(values.since) : null;
  if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since: not a date: ${values.since}`);
  const { store, close } = openStore(config);
  const context = await openQueues(config);
  try {
    const ledger = createConfiguredLedger(context.redis, config);
    const enqueuer = createObjectEnqueuer({
      queue: context.queue(config.queues.ingest),
      ledger,
      metrics: createMetrics({ defaultMetrics: false }),
      bucket: config.s3.bucket,
      rawPrefix: config.rawPrefix,
      attempts: config.worker.attempts,
      failedJobsKept: config.worker.failedJobsKept,
      completedJobsKept: config.retention.completed,
    });
    let matched = 0;
    let enqueued = 0;
    let batch: ObjectVersion[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      if (!values['dry-run']) enqueued += (await enqueuer.enqueue(batch, { force: values.force })).enqueued;
      batch = [];
    };
    for await (const item of store.list(prefix)) {
      if (since && item.lastModified && item.lastModified < since) continue;
      matched++;
      batch.push(listedVersion(config.s3.bucket, item, 'replay'));
      if (batch.length >= 500) await flush();
    }
    await flush();
    const result = {
      prefix,
      since: since?.toISOString() ?? null,
      matched,
      enqueued,
      dryRun: values['dry-run'],
    };
    io.stdout(
      values.json
        ? JSON.stringify(result)
        : `${matched} objects under ${prefix}${since ? ` since ${since.toISOString()}` : ''}; ${values['dry-run'] ? 'dry run, nothing enqueued' : `${enqueued} handed to the ingest queue (versions already done yield nothing new)`}`,
    );
    return EXIT.ok;
  } finally {
    close();
    await context.close();
  }
}
