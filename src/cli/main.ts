// The `news-ingest` command line.
import { ConfigError } from '../config/load-config.js';
import { RedisUnreachableError } from '../queue/redis-connection.js';
import { runDedup } from './commands/dedup.js';
import { runEvents } from './commands/events.js';
import { runParse } from './commands/parse.js';
import { runUpload } from './commands/upload.js';
import { type CliIo, EXIT, UsageError } from './io.js';

const HELP = `usage: news-ingest <command> [options]

commands:
  start                 run API + triggers + ingest worker in one process (embedded S3 when S3_ENDPOINT is unset)
  upload <paths...>     upload files or directories under the raw prefix
  parse <files...>      parse files offline and print the articles
  dedup <files...>      run duplicate detection over files in order, offline
  events                print the events held in the downstream queue
Run \`news-ingest <command> --help\` for a command's options. Configuration comes from the
environment (see .env.example).`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; help: () => Promise<string> }> = {
  start: {
    run: async () => {
      await import('../../workers/start.js');
      return -1; // keeps running; exits on a signal
    },
    help: async () =>
      'usage: news-ingest start\n\nRuns the whole service in this process; SIGTERM drains it.',
  },
  upload: { run: runUpload, help: async () => (await import('./commands/upload.js')).uploadHelp },
  parse: { run: runParse, help: async () => (await import('./commands/parse.js')).parseHelp },
  dedup: { run: runDedup, help: async () => (await import('./commands/dedup.js')).dedupHelp },
  events: { run: runEvents, help: async () => (await import('./commands/events.js')).eventsHelp },
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
    io.stdout(await command.help());
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
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stderr.isTTY),
  });
  if (code >= 0) process.exitCode = code;
}
