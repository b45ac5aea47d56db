// `news-ingest subscriber-replay --queue Q`: re-delivers stored events to ONE subscriber's queue.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError } from '../../config/load-config.js';
import { indexEventSource } from '../../indexer/indexed-events.js';
import {
  archiveEventSource,
  queueEventSource,
  type ReplayEventSource,
  replayEvents,
} from '../../subscriber/replay.js';
import type { ReplayFilter } from '../../subscriber/replay-selection.js';
import { cliConfig, openQueues } from '../context.js';
import { type EventHistory, openEventHistory } from '../event-history.js';
import { type CliIo, EXIT, UsageError } from '../io.js';

export const subscriberReplayHelp = `usage: news-ingest subscriber-replay --queue NAME [--since ISO] [--until ISO] [--prefix KEYPREFIX]
                                    [--from-index] [--dry-run]

Re-delivers the events of a time range (processedAt, since inclusive, until exclusive) and/or a source
key prefix to ONE subscriber's queue; other subscribers' queues are untouched. Events are read from the
event archive (ARCHIVE_PREFIX in ARCHIVE_BUCKET, and the events still waiting to be archived), or with
--from-index from the reference indexer's table at DATABASE_URL; with ARCHIVE_EVENTS=false from that
queue's completed and failed sets (kept 7 and 30 days). A new subscriber back-fills this way. Each is added as a new job "replay-<eventId>-<ts>" with
the same eventId, so the subscriber's idempotency (processed-events helper or an idempotent upsert)
decides what runs again.`;

export async function runSubscriberReplay(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      queue: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      prefix: { type: 'string' },
      'from-index': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.queue) throw new UsageError('--queue is required (the one subscriber queue to replay into)');
  const filter: ReplayFilter = {
    ...(values.since ? { since: parseInstant('--since', values.since) } : {}),
    ...(values.until ? { until: parseInstant('--until', values.until) } : {}),
    ...(values.prefix ? { keyPrefix: values.prefix } : {}),
  };
  const config = cliConfig(io);
  if (values['from-index'] && !config.databaseUrl) {
    throw new ConfigError('--from-index needs DATABASE_URL (the indexer database)');
  }
  const context = await openQueues(config);
  const db = values['from-index'] ? new pg.Client({ connectionString: config.databaseUrl }) : null;
  let history: EventHistory | null = null;
  try {
    const target = context.queue(values.queue);
    const sources: ReplayEventSource[] = [];
    if (db) {
      await db.connect();
      sources.push(indexEventSource(db));
    } else if (config.archive.enabled) {
      history = openEventHistory(config, context.redis);
      sources.push(archiveEventSource(history.name, history.read));
    } else {
      sources.push(queueEventSource(target));
    }
    const result = await replayEvents({
      target,
      sources,
      filter,
      dryRun: values['dry-run'],
      ...(config.archive.enabled ? { completedKept: config.retention.completed } : {}),
    });
    const verb = values['dry-run'] ? 'would replay' : 'replayed';
    io.stdout(
      `${verb} ${result.replayed} events to queue ${values.queue} from ${sources.map((s) => s.name).join(', ')}` +
        (result.invalid > 0
          ? ` (${result.invalid} stored jobs were not valid v1 events and were skipped)`
          : ''),
    );
    return EXIT.ok;
  } finally {
    await db?.end().catch(() => {});
    history?.close();
    await context.close();
  }
}

function parseInstant(flag: string, text: string): Date {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`${flag}: not an ISO date/time: "${text}"`);
  return new Date(ms);
}
