// The `news-ingest` command line.
// Each command's module is imported only when that command runs: `--help` and `parse` must not pay
// for the AWS SDK, BullMQ, ioredis or pg (see the bench's cli-startup section).
import { loadEnvFile } from '../config/env-file.js';
import { type CliIo, EXIT, UsageError } from './io.js';

const HELP = `usage: news-ingest <command> [options]

commands:
  start                 run API + triggers + ingest worker in one process (embedded S3 when S3_ENDPOINT is unset)
  upload <paths...>     upload files or directories under the raw prefix
  parse <files...>      parse files offline and print the articles
  dedup <files...>      run duplicate detection over files in order, offline
  events                print the events held in the downstream queue (--follow to keep watching)
  status                queue counts, lag, rates and failures by reason
  explain <key>         what happened to an object: its versions, states, failures and events
  replay                re-enqueue objects from the bucket (idempotent)
  dlq <list|retry|purge> triage failed ingest jobs by reason
  dedup-rebuild         re-index the duplicate index from published events or from the bucket
  indexer               run the reference search indexer (PostgreSQL at DATABASE_URL)
  search "query"        full-text search over the indexer's articles
  subscriber-replay     re-deliver stored events to one subscriber's queue
Run \`news-ingest <command> --help\` for a command's options. Configuration comes from the
environment (see .env.example).`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, () => Promise<{ run: Command; help: string }>> = {
  start: async () => ({
    run: async () => {
      const { runService } = await import('../process/run-service.js');
      await runService(['api', 'triggers', 'worker'], process.env, { indexerWhenDatabase: true });
      return -1; // keeps running; exits on a signal
    },
    help: 'usage: news-ingest start\n\nRuns API, triggers and ingest worker in this process; SIGTERM drains it.',
  }),
  upload: async () => {
    const m = await import('./commands/upload.js');
    return { run: m.runUpload, help: m.uploadHelp };
  },
  parse: async () => {
    const m = await import('./commands/parse.js');
    return { run: m.runParse, help: m.parseHelp };
  },
  dedup: async () => {
    const m = await import('./commands/dedup.js');
    return { run: m.runDedup, help: m.dedupHelp };
  },
  'dedup-rebuild': async () => {
    const m = await import('./commands/dedup-rebuild.js');
    return { run: m.runDedupRebuild, help: m.dedupRebuildHelp };
  },
  events: async () => {
    const m = await import('./commands/events.js');
    return { run: m.runEvents, help: m.eventsHelp };
  },
  explain: async () => {
    const m = await import('./commands/explain.js');
    return { run: m.runExplain, help: m.explainHelp };
  },
  status: async () => {
    const m = await import('./commands/status.js');
    return { run: m.runStatus, help: m.statusHelp };
  },
  replay: async () => {
    const m = await import('./commands/replay.js');
    return { run: m.runReplay, help: m.replayHelp };
  },
  dlq: async () => {
    const m = await import('./commands/dlq.js');
    return { run: m.runDlq, help: m.dlqHelp };
  },
  indexer: async () => {
    const m = await import('./commands/indexer.js');
    return { run: m.runIndexer, help: m.indexerHelp };
  },
  search: async () => {
    const m = await import('./commands/search.js');
    return { run: m.runSearch, help: m.searchHelp };
  },
  'subscriber-replay': async () => {
    const m = await import('./commands/subscriber-replay.js');
    return { run: m.runSubscriberReplay, help: m.subscriberReplayHelp };
  },
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`news-ingest: unknown command "${name}"\n\n${HELP}`);
    return EXIT.usage;
  }
  const command = await load();
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
    // Error path only (a command that threw one of these has loaded its module already).
    const { ConfigError } = await import('../config/load-config.js');
    const { RedisUnreachableError } = await import('../queue/redis-connection.js');
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
