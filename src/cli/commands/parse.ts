import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { analyseObject } from '../../pipeline/analyse-object.js';
import { type CliIo, EXIT } from '../io.js';

export const parseHelp = `usage: news-ingest parse [--json] [--max-article-chars N] <files...>

Parses files offline (no Redis, no S3) with the same code the worker runs and prints one line per
article: {"file": ..., "position": ..., "charset": ..., "article": {...}} with --json, a summary otherwise.
Exit status 1 when a file yields no article (its reason goes to stderr).`;

export async function runParse(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, 'max-article-chars': { type: 'string' } },
  });
  if (positionals.length === 0) {
    io.stderr(parseHelp);
    return EXIT.usage;
  }
  const maxArticleChars = Number(values['max-article-chars'] ?? 500_000);
  let failed = 0;
  for (const file of positionals) {
    const bytes = await readFile(file);
    const analysed = analyseObject({ bytes, contentType: undefined, name: file, maxArticleChars });
    if (analysed.kind === 'binary') {
      io.stderr(`${file}: binary: not a text document`);
      failed++;
      continue;
    }
    for (const r of analysed.result.rejected)
      io.stderr(`${file}: item ${r.position}: ${r.reason}: ${r.message}`);
    if (analysed.result.items.length === 0) failed++;
    for (const item of analysed.result.items) {
      if (values.json) {
        io.stdout(
          JSON.stringify({ file, position: item.position, charset: analysed.charset, article: item.article }),
        );
      } else {
        const a = item.article;
        io.stdout(
          `${file}#${item.position}: ${a.headline ?? '(no headline)'} — ${a.paragraphs.length} paragraphs, ` +
            `${a.wordCount} words, ${a.language}, ${a.related.length} related headlines stripped, ` +
            `people: ${a.entities.people.join(', ') || '-'}`,
        );
      }
    }
  }
  return failed > 0 ? EXIT.failure : EXIT.ok;
}
