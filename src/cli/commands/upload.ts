import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { cliConfig, cliS3Endpoint, openStore } from '../context.js';
import { expandFiles } from '../files.js';
import { type CliIo, EXIT } from '../io.js';

export const uploadHelp = `usage: news-ingest upload [--prefix SUB/] [--json] [--concurrency N] <files or dirs...>

Puts files under RAW_PREFIX (default incoming/) of S3_BUCKET at S3_ENDPOINT (default: the embedded
server of a local \`news-ingest start\`, http://127.0.0.1:$S3_PORT). Directories are walked; their files
keep their relative paths. Shows a progress bar for many files on a terminal.`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.jsonl': 'application/x-ndjson',
  '.ndjson': 'application/x-ndjson',
  '.json': 'application/json',
  '.txt': 'text/plain',
};

export async function runUpload(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      prefix: { type: 'string', default: '' },
      json: { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '8' },
    },
  });
  if (positionals.length === 0) {
    io.stderr(uploadHelp);
    return EXIT.usage;
  }
  const config = cliConfig(io);
  const files = await expandFiles(positionals);
  const { store, close } = openStore(config);
  const sub = values.prefix && !values.prefix.endsWith('/') ? `${values.prefix}/` : values.prefix;
  const bar =
    io.interactive && files.length > 1 && !values.json
      ? new SingleBar({ format: 'upload [{bar}] {value}/{total} {key}' })
      : null;
  bar?.start(files.length, 0, { key: '' });
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const key = `${config.rawPrefix}${sub}${file.relativeKey}`;
      try {
        const body = await readFile(file.path);
        const contentType = CONTENT_TYPES[extname(file.path).toLowerCase()];
        const { etag } = await store.putObject(key, body, contentType ? { contentType } : {});
        if (values.json) io.stdout(JSON.stringify({ file: file.path, key, etag, size: body.byteLength }));
        else if (!bar) io.stdout(`uploaded ${file.path} → s3://${config.s3.bucket}/${key}`);
      } catch (error) {
        failed++;
        io.stderr(`${file.path}: upload failed: ${(error as Error).message}`);
      }
      bar?.increment(1, { key });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Number(values.concurrency) || 8) }, worker));
  } finally {
    bar?.stop();
    close();
  }
  if (failed > 0) {
    io.stderr(`${failed} of ${files.length} uploads failed (endpoint ${cliS3Endpoint(config)})`);
    return failed === files.length ? EXIT.unavailable : EXIT.failure;
  }
  if (!values.json && bar)
    io.stdout(`uploaded ${files.length} files to s3://${config.s3.bucket}/${config.rawPrefix}${sub}`);
  return EXIT.ok;
}
