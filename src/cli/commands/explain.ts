import { parseArgs } from 'node:util';
import { createConfiguredLedger } from '../../ledger/ledger.js';
import { buildObjectStory, formatObjectStory } from '../../pipeline/object-story.js';
import { cliConfig, openQueues } from '../context.js';
import { type CliIo, EXIT } from '../io.js';

export const explainHelp = `usage: news-ingest explain [--json] <key>

What happened to an object: every version of the key the service fetched (the most recent
50, kept LEDGER_RETENTION), each state with its time (received, fetched, parsed,
published/quarantined/skipped), the reason of a failure, the ingest job, and the events emitted
(type, article, zip entry, the article a duplicate points to). --json prints the same as
GET /v1/objects/{key}. Exit status 1 when nothing is known about the key.`;

export async function runExplain(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) {
    io.stderr(explainHelp);
    return EXIT.usage;
  }
  const key = positionals[0]!;
  const config = cliConfig(io);
  const context = await openQueues(config);
  try {
    const ledger = createConfiguredLedger(context.redis, config);
    const story = await buildObjectStory(
      {
        ledger,
        ingestQueue: context.queue(config.queues.ingest),
        eventsQueue: context.queue(config.queues.publish[0]!),
      },
      config.s3.bucket,
      key,
    );
    if (!story) {
      io.stderr(
        `no record of ${config.s3.bucket}/${key}: never fetched, or forgotten after LEDGER_RETENTION`,
      );
      return EXIT.failure;
    }
    if (values.json) io.stdout(JSON.stringify(story));
    else for (const line of formatObjectStory(story)) io.stdout(line);
    return EXIT.ok;
  } finally {
    await context.close();
  }
}
