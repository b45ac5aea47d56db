// The `news-ingest` command line.
import { loadEnvFile } from '../config/env-file.js';
import { ConfigError } from '../config/load-config.js';
import { RedisUnreachableError } from '../queue/redis-connection.js';
import { dedupHelp, runDedup } from './commands/dedup.js';
import { dedupRebuildHelp, runDedupRebuild } from './commands/dedup-rebuild.js';
import { dlqHelp, runDlq } from './commands/dlq.js';
import { eventsHelp, runEvents } from './commands/events.js';
import { indexerHelp, runIndexer } from './commands/indexer.js';
import { parseHelp, runParse } from './commands/parse.js';
import { replayHelp, runReplay } from './commands/replay.js';
import { runSearch, searchHelp } from './commands/search.js';
import { runStatus, statusHelp } from './commands/status.js';
import { runSubscriberReplay, subscriberReplayHelp } from './commands/subscriber-replay.js';
import { runUpload, uploadHelp } from './commands/upload.js';
import { type CliIo, EXIT, UsageError } from './io.js';

const HELP = `usage: news-ingest <command> [options]

commands:
  start                 run API + triggers + ingest worker in one process (embedded S3 when S3_ENDPOINT is unset)
  upload <paths...>     upload files or directories under the raw prefix
  parse <files...>      parse files offline and print the articles
  dedup <files...>      run duplicate detection over files in order, offline
  events                print the events held in the downstream queue (--follow to keep watching)
  status                queue counts, lag, rates and failures by reason
  replay                re-enqueue objects from the bucket (idempotent)
  dlq <list|retry|purge> triage failed ingest jobs by reason
  dedup-rebuild         re-index the duplicate index from published events or from the bucket
  indexer               run the reference search indexer (PostgreSQL at DATABASE_URL)
  search "query"        full-text search over the indexer's articles
  subscriber-replay     re-deliver stored events to one subscriber's queue
Run \`news-ingest <command> --help\` for a command's options. Configuration comes from the
environment (see .env.example).`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  start: {
    run: async () => {
      await import('../../workers/start.js');
      return -1; // keeps running; exits on a signal
    },
    help: 'usage: news-ingest start\n\nRuns API, triggers and ingest worker in this process; SIGTERM drains it.',
  },
  upload: { run: runUpload, help: uploadHelp },
  parse: { run: runParse, help: parseHelp },
  dedup: { run: runDedup, help: dedupHelp },
  'dedup-rebuild': { run: runDedupRebuild, help: dedupRebuildHelp },
  events: { run: runEvents, help: eventsHelp },
  status: { run: runStatus, help: statusHelp },
  replay: { run: runReplay, help: replayHelp },
  dlq: { run: runDlq, help: dlqHelp },
  indexer: { run: runIndexer, help: indexerHelp },
  search: { run: runSearch, help: searchHelp },
  'subscriber-replay': { run: runSubscriberReplay, help: subscriberReplayHelp },
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`news-ingest: unknown command "${name}"\n\n${HELP}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`news-ingest ${name}: ${(error as Error).message}`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr(`news-ingest: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof RedisUnreachableError) {
      io.stderr(`news-ingest: ${error.message}`);
      return EXIT.unavailable;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stderr(`news-ingest ${name}: ${(error as Error).message}`);
      return EXIT.failure;
    }
    throw error;
  }
}

const isEntry = process.argv[1] && /news-ingest(\.js)?$|cli[/\\]main\.(js|ts)$/.test(process.argv[1]);
if (isEntry) {
  loadEnvFile();
  // `news-ingest events --json | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stderr.isTTY),
  });
  if (code >= 0) process.exitCode = code;
}
