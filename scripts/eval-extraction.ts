// Scores parseDocument's article bodies on the shared extraction benchmark (plain text and HTML separately).
// Usage: npm run eval:extraction [-- --dump DIR]   (DIR receives per-page predictions for inspection)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseDocument } from '../src/parse/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared');
const corpus = join(shared, 'corpus', 'extraction-dev');
const scorer = join(shared, 'tools', 'score-extraction.mjs');

if (!existsSync(corpus) || !existsSync(scorer)) {
  console.log(`extraction corpus not found at ${corpus}; nothing to evaluate`);
  process.exit(0);
}

const dumpArg = process.argv.indexOf('--dump');
const dumpDir = dumpArg > 0 ? process.argv[dumpArg + 1] : undefined;
const ids = readdirSync(corpus)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -4))
  .sort();
const out = mkdtempSync(join(tmpdir(), 'eval-extraction-'));

for (const kind of ['text', 'html'] as const) {
  const predictions: Record<string, { articleBody: string }> = {};
  const started = performance.now();
  for (const id of ids) {
    const input =
      kind === 'text'
        ? readFileSync(join(corpus, `${id}.txt`), 'utf8')
        : gunzipSync(readFileSync(join(corpus, `${id}.html.gz`))).toString('utf8');
    const result = parseDocument(input, { name: kind === 'text' ? `${id}.txt` : `${id}.html` });
    predictions[id] = { articleBody: result.items[0]?.article.body ?? '' };
  }
  const ms = performance.now() - started;
  const file = join(out, `predictions-${kind}.json`);
  writeFileSync(file, JSON.stringify(predictions));
  if (dumpDir) {
    mkdirSync(join(dumpDir, kind), { recursive: true });
    for (const [id, p] of Object.entries(predictions))
      writeFileSync(join(dumpDir, kind, `${id}.txt`), p.articleBody);
  }
  const score = execFileSync(process.execPath, [scorer, file], { encoding: 'utf8' }).trim();
  console.log(
    `${kind.padEnd(4)} (${ids.length} pages, ${(ms / ids.length).toFixed(1)} ms/page)\n  ${score.replace(/\n/g, '\n  ')}`,
  );
}
console.log(`predictions in ${out}`);

// Throughput on typical articles (the near-duplicate set's scraped dumps), entities and all.
const neardup = join(shared, 'corpus', 'neardup-dev', 'docs');
if (existsSync(neardup)) {
  const docs = readdirSync(neardup)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(neardup, f), 'utf8'));
  for (const d of docs.slice(0, 100)) parseDocument(d); // warm-up
  const started = performance.now();
  let articles = 0;
  for (const d of docs) articles += parseDocument(d).items.length;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `throughput: ${docs.length} neardup-dev docs, ${articles} articles, ${(docs.length / seconds).toFixed(0)} docs/s (one core)`,
  );
}
