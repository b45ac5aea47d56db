import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { MultiBar, Presets } from 'cli-progress';
import { checkObjectKey, DEFAULT_KEY_LIMITS } from '../../keys/object-key.js';
import { EMBEDDED_STORE_KEY_LIMITS } from '../../s3/embedded-key-limits.js';
import { MULTIPART_PART_BYTES, uploadFile } from '../../s3/upload-file.js';
import { cliConfig, cliS3Endpoint, openStore } from '../context.js';
import { expandFiles } from '../files.js';
import { type CliIo, EXIT } from '../io.js';

export const uploadHelp = `usage: news-ingest upload [--prefix SUB/] [--json] [--concurrency N] <files or dirs...>

Puts files under RAW_PREFIX (default incoming/) of S3_BUCKET at S3_ENDPOINT (default: the embedded
server of a local \`news-ingest start\`, http://127.0.0.1:$S3_PORT). Directories are walked; their files
keep their relative paths. Files over 8 MiB are streamed as multipart uploads (8 MiB parts, as the AWS
CLI does). On a terminal, a bar per large file and one for the total show progress; nothing otherwise.
Keys are the NFC spelling of the file names; a file whose key the key policy refuses (empty, "." or
".." segments, control characters, too long: see docs/security.md) is reported and not uploaded.`;

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
  const sizes = await Promise.all(files.map(async (f) => (await stat(f.path)).size));
  const { client, close } = openStore(config);
  const sub = values.prefix && !values.prefix.endsWith('/') ? `${values.prefix}/` : values.prefix;
  const progress = io.interactive && !values.json ? createProgress(sizes) : null;
  // Without S3_ENDPOINT the target is the embedded store, whose file names bound the key segments.
  const keyLimits = config.s3.endpoint ? DEFAULT_KEY_LIMITS : EMBEDDED_STORE_KEY_LIMITS;
  let failed = 0;
  let refused = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index]!;
      // File names are often NFD (macOS): the key is the NFC spelling of the same name.
      const key = `${config.rawPrefix}${sub}${file.relativeKey}`.normalize('NFC');
      const check = checkObjectKey(key, keyLimits);
      if (!check.ok) {
        failed++;
        refused++;
        progress?.addBytes(sizes[index]!);
        io.stderr(`${file.path}: not uploaded: ${check.message} (${check.reason})`);
        continue;
      }
      const fileBar = progress?.file(file.relativeKey, sizes[index]!);
      let sent = 0;
      try {
        const contentType = CONTENT_TYPES[extname(file.path).toLowerCase()];
        const uploaded = await uploadFile(client, {
          bucket: config.s3.bucket,
          key,
          path: file.path,
          ...(contentType ? { contentType } : {}),
          onProgress: (loaded) => {
            fileBar?.update(loaded);
            progress?.addBytes(loaded - sent);
            sent = loaded;
          },
        });
        progress?.addBytes(uploaded.size - sent);
        if (values.json) {
          io.stdout(
            JSON.stringify({
              file: file.path,
              key,
              etag: uploaded.etag,
              size: uploaded.size,
              parts: uploaded.parts,
            }),
          );
        } else if (!progress) io.stdout(`uploaded ${file.path} → s3://${config.s3.bucket}/${key}`);
      } catch (error) {
        failed++;
        progress?.addBytes(sizes[index]! - sent);
        io.stderr(`${file.path}: upload failed: ${(error as Error).message}`);
      } finally {
        fileBar?.done();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Number(values.concurrency) || 8) }, worker));
  } finally {
    progress?.stop();
    close();
  }
  if (failed > 0) {
    io.stderr(`${failed} of ${files.length} uploads failed (endpoint ${cliS3Endpoint(config)})`);
    return failed === files.length && refused === 0 ? EXIT.unavailable : EXIT.failure;
  }
  if (!values.json && progress)
    io.stdout(`uploaded ${files.length} files to s3://${config.s3.bucket}/${config.rawPrefix}${sub}`);
  return EXIT.ok;
}

/** Terminal progress: one bar for the total bytes, and one per file large enough to go multipart. */
function createProgress(sizes: number[]) {
  const total = sizes.reduce((a, b) => a + b, 0);
  const multi = new MultiBar(
    { format: '{name} [{bar}] {percentage}% {mb}/{totalMb} MB', hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
  const totalBar = multi.create(total, 0, { name: `${sizes.length} files`, mb: mb(0), totalMb: mb(total) });
  let done = 0;
  return {
    /** A bar for a file that goes multipart; none for smaller ones (they are done in one request). */
    file(name: string, size: number): { update(loaded: number): void; done(): void } | undefined {
      if (size < MULTIPART_PART_BYTES) return undefined;
      const bar = multi.create(size, 0, { name, mb: mb(0), totalMb: mb(size) });
      return {
        update: (loaded) => bar.update(loaded, { mb: mb(loaded) }),
        done: () => multi.remove(bar),
      };
    },
    addBytes(bytes: number) {
      done += bytes;
      totalBar.update(done, { mb: mb(done) });
    },
    stop: () => multi.stop(),
  };
}
