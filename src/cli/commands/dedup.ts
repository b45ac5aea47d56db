import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { dedupDocuments } from '../../dedup/offline.js';
import { type CliIo, EXIT } from '../io.js';

export const dedupHelp = `usage: news-ingest dedup [--json] <files...>

Runs parse + fingerprint + the duplicate index over the files in the given order, against a fresh
in-memory index, and prints one line per file:
{"file", "articleId", "duplicate": null | {"of", "ofFile", "kind": "exact"|"near", "similarity"}}.`;

export async function runDedup(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) {
    io.stderr(dedupHelp);
    return EXIT.usage;
  }
  async function* documents() {
    for (const name of positionals) yield { name, bytes: await readFile(name) };
  }
  let duplicates = 0;
  for await (const line of dedupDocuments(documents())) {
    if (line.duplicate) duplicates++;
    if (values.json) io.stdout(JSON.stringify(line));
    else if (line.duplicate) {
      const d = line.duplicate;
      io.stdout(`${line.file}: ${d.kind} duplicate of ${d.ofFile} (similarity ${d.similarity.toFixed(3)})`);
    } else io.stdout(`${line.file}: new`);
  }
  if (!values.json) io.stderr(`${positionals.length} files, ${duplicates} duplicates`);
  return EXIT.ok;
}
