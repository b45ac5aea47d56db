// `news-ingest indexer`: runs the reference indexer in this process until a signal.
import { parseArgs } from 'node:util';
import type { CliIo } from '../io.js';

export const indexerHelp = `usage: news-ingest indexer [--queue NAME] [--concurrency N] [--http-port N]

Runs the reference indexer on its own: consumes its fan-out queue (INDEXER_QUEUE, default
search-index; add it to the producer's PUBLISH_QUEUES) into the PostgreSQL full-text index at
DATABASE_URL, applying pending migrations first. \`news-ingest start\` with DATABASE_URL already runs
one in-process; this command is for running it apart. With --http-port (INDEXER_HTTP_PORT) it serves
/healthz, /readyz, /metrics and GET /v1/articles/search there; without, it takes no port.
SIGTERM drains in-flight events; a second signal exits at once.`;

export async function runIndexer(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { queue: { type: 'string' }, concurrency: { type: 'string' }, 'http-port': { type: 'string' } },
  });
  const env = {
    ...io.env,
    ...(values.queue ? { INDEXER_QUEUE: values.queue } : {}),
    ...(values.concurrency ? { INDEXER_CONCURRENCY: values.concurrency } : {}),
    ...(values['http-port'] ? { INDEXER_HTTP_PORT: values['http-port'] } : {}),
  };
  const { runIndexerProcess } = await import('../../process/run-indexer.js');
  await runIndexerProcess(env);
  return -1; // keeps running; exits on a signal
}
