import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { cliConfig, openQueues } from '../context.js';
import { type CliIo, EXIT } from '../io.js';

export const eventsHelp = `usage: news-ingest events [--json] [--queue NAME] [--follow] [--limit N]

Prints the article events held in the downstream queue (default ARTICLES_QUEUE): waiting, active and
completed, oldest first, without consuming them. --follow keeps printing new events until interrupted.`;

export async function runEvents(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      queue: { type: 'string' },
      follow: { type: 'boolean', default: false },
      limit: { type: 'string' },
    },
  });
  const config = cliConfig(io);
  const context = await openQueues(config);
  const queue = context.queue(values.queue ?? config.queues.articles);
  const printed = new Set<string>();
  const limit = values.limit ? Number(values.limit) : Number.POSITIVE_INFINITY;
  try {
    do {
      const jobs = await queue.getJobs(['completed', 'active', 'waiting', 'delayed'], 0, -1, true);
      jobs.sort((a, b) => a.timestamp - b.timestamp);
      for (const job of jobs) {
        if (!job.id || printed.has(job.id) || printed.size >= limit) continue;
        printed.add(job.id);
        const event = job.data as {
          type?: string;
          articleId?: string;
          source?: { key?: string };
          article?: { headline?: string };
        };
        if (values.json) io.stdout(JSON.stringify(job.data));
        else
          io.stdout(
            `${event.type} ${event.articleId} ${event.source?.key ?? ''} ${event.article?.headline ?? ''}`,
          );
      }
      if (values.follow) await sleep(1000, undefined, { signal }).catch(() => {});
    } while (values.follow && !signal?.aborted && printed.size < limit);
  } finally {
    await context.close();
  }
  return EXIT.ok;
}
