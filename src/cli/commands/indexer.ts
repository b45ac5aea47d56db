// `news-ingest indexer`: runs the reference indexer in this process until a signal.
import { parseArgs } from 'node:util';
import type { CliIo } from '../io.js';

export const indexerHelp = `usage: news-ingest indexer [--queue NAME] [--concurrency N]

Runs the reference indexer: consumes its fan-out queue (INDEXER_QUEUE, default search-index; add it to
the producer's PUBLISH_QUEUES) into the PostgreSQL full-text index at DATABASE_URL, applying pending
migrations first. Serves /healthz, /readyz, /metrics and GET /v1/articles/search on HTTP_PORT.
SIGTERM drains in-flight events; a second signal exits at once.`;

export async function runIndexer(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { queue: { type: 'string' }, concurrency: { type: 'string' } },
  });
  const env = {
    ...io.env,
    ...(values.queue ? { INDEXER_QUEUE: values.queue } : {}),
    ...(values.concurrency ? { INDEXER_CONCURRENCY: values.concurrency } : {}),
  };
  const { runIndexerProcess } = await import('../../../workers/indexer.js');
  await runIndexerProcess(env);
  return -1; // keeps running; exits on a signal
}
