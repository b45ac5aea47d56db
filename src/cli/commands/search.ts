// `news-ingest search "query"`: ranked full-text search over the reference indexer's index.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError } from '../../config/load-config.js';
import { type SearchResult, searchArticles } from '../../indexer/search.js';
import { searchParamsSchema } from '../../indexer/search-query.js';
import { cliConfig } from '../context.js';
import { type CliIo, EXIT, UsageError } from '../io.js';

export const searchHelp = `usage: news-ingest search "query" [--lang en] [--person "Name"] [--limit N] [--json]

Searches the reference indexer's PostgreSQL index (DATABASE_URL). The query uses web-search syntax
("quoted phrase", -excluded, or), stemmed with each article's language; results are ranked (headline
over lede over body) with the matching terms marked. Duplicates are folded under their canonical.`;

export async function runSearch(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lang: { type: 'string' },
      person: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const parsed = searchParamsSchema.safeParse({
    q: positionals.join(' '),
    lang: values.lang,
    person: values.person,
    limit: values.limit,
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  const { databaseUrl } = cliConfig(io);
  if (!databaseUrl) throw new ConfigError('DATABASE_URL is required to search the index');
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    io.stderr(`news-ingest search: cannot reach PostgreSQL: ${(error as Error).message}`);
    return EXIT.unavailable;
  }
  try {
    const results = await searchArticles(client, parsed.data);
    if (values.json) io.stdout(JSON.stringify({ query: parsed.data, count: results.length, results }));
    else if (results.length === 0) io.stdout('no matching articles');
    else for (const [i, result] of results.entries()) io.stdout(formatResult(result, i + 1));
    return EXIT.ok;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') {
      io.stderr('news-ingest search: no article index at DATABASE_URL; start `news-ingest indexer` first');
      return EXIT.failure;
    }
    throw error;
  } finally {
    await client.end();
  }
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
/** The API's highlight HTML (escaped text, <mark> tags) as terminal text with **bold** marks. */
const mark = (html: string) =>
  html
    .replace(/<\/?mark>/g, '**')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

export function formatResult(result: SearchResult, position: number): string {
  const lines = [
    `${position}. ${result.headlineHighlight ? mark(result.headlineHighlight) : (result.headline ?? '(no headline)')}  [${result.language}, rank ${result.rank.toFixed(3)}]`,
    `   ${result.articleId}  ${result.source.key}`,
    `   ${mark(result.snippet).replace(/\s+/g, ' ')}`,
  ];
  if (result.duplicateOf) lines.push(`   duplicate of ${result.duplicateOf} (not indexed)`);
  for (const d of result.duplicates) {
    lines.push(`   + ${d.kind ?? 'duplicate'} ${d.articleId}  ${d.key}`);
  }
  return lines.join('\n');
}
