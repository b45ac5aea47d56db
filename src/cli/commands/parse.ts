import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PermanentError } from '../../errors/permanent-error.js';
import { analyseContent } from '../../pipeline/analyse-content.js';
import { analyseInline } from '../../pipeline/analyse-object.js';
import { DEFAULT_DECOMPRESSION_LIMITS } from '../../pipeline/decompression-limits.js';
import { type CliIo, EXIT } from '../io.js';

export const parseHelp = `usage: news-ingest parse [--json] [--max-article-chars N] <files...>

Parses files offline (no Redis, no S3) with the same code the worker runs and prints one line per
article: {"file": ..., "position": ..., "charset": ..., "article": {...}} with --json, a summary otherwise.
gzip (.gz), Brotli (.br) and zip files are decompressed first (with the service's default caps); an
article from a zip entry carries "entry".
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
    let analysis: Awaited<ReturnType<typeof analyseContent>>;
    try {
      analysis = await analyseContent(
        { bytes, name: file, contentType: undefined, contentEncoding: undefined },
        {
          analyse: analyseInline,
          limits: DEFAULT_DECOMPRESSION_LIMITS,
          maxArticleChars,
        },
      );
    } catch (error) {
      if (!(error instanceof PermanentError)) throw error;
      io.stderr(`${file}: ${error.reason}: ${error.message}`);
      failed++;
      continue;
    }
    let articles = 0;
    for (const part of analysis.parts) {
      const where = part.entry !== undefined ? `${file}!${part.entry}` : file;
      for (const r of part.rejected) io.stderr(`${where}: item ${r.position}: ${r.reason}: ${r.message}`);
      articles += part.items.length;
      for (const item of part.items) {
        if (values.json) {
          io.stdout(
            JSON.stringify({
              file,
              ...(part.entry !== undefined ? { entry: part.entry } : {}),
              position: item.position,
              charset: part.charset,
              article: item.article,
            }),
          );
        } else {
          const a = item.article;
          io.stdout(
            `${where}#${item.position}: ${a.headline ?? '(no headline)'} — ${a.paragraphs.length} paragraphs, ` +
              `${a.wordCount} words, ${a.language}, ${a.related.length} related headlines stripped, ` +
              `people: ${a.entities.people.join(', ') || '-'}`,
          );
        }
      }
    }
    if (articles === 0) failed++;
  }
  return failed > 0 ? EXIT.failure : EXIT.ok;
}
