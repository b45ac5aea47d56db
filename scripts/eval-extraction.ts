// Scores parseDocument's article bodies on every extraction dev set under ../shared/corpus (a folder with a
// ground-truth.json of { id: { articleBody, dataset? } } next to <id>.txt and <id>.html.gz), per set and per
// source dataset, plain text and HTML separately, with the shared scorer. Prints a Markdown table.
// Usage: npm run eval:extraction [-- --out FILE.md] [--dump DIR] [--set NAME]
//   --out   also writes the Markdown table to FILE.md
//   --dump  writes each page's predicted body to DIR/<set>/<kind>/<id>.txt for inspection
//   --set   scores only the named set(s) (repeatable)
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseDocument } from '../src/parse/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared');
const corpusDir = join(shared, 'corpus');
const scorer = join(shared, 'tools', 'score-extraction.mjs');

function fail(message: string): never {
  console.error(`eval:extraction: ${message}`);
  process.exit(1);
}

function argValues(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === name && process.argv[i + 1]) out.push(process.argv[i + 1]!);
  });
  return out;
}

if (!existsSync(corpusDir))
  fail(`corpus not found at ${corpusDir} (clone the repo next to a shared/ folder)`);
if (!existsSync(scorer)) fail(`scorer not found at ${scorer}`);

const only = argValues('--set');
const outFile = argValues('--out')[0];
const dumpDir = argValues('--dump')[0];

interface Truth {
  articleBody: string;
  dataset?: string;
}
interface Score {
  precision: number;
  recall: number;
  f1: number;
  empty: number;
}
type Kind = 'text' | 'html';
const KINDS: Kind[] = ['text', 'html'];

const sets = readdirSync(corpusDir)
  .filter((d) => existsSync(join(corpusDir, d, 'ground-truth.json')))
  .filter((d) => !only.length || only.includes(d))
  .sort();
if (!sets.length) fail(`no extraction dev set (a folder with ground-truth.json) under ${corpusDir}`);

const work = mkdtempSync(join(tmpdir(), 'eval-extraction-'));

function score(
  ids: readonly string[],
  truth: Record<string, Truth>,
  predictions: Record<string, string>,
  tag: string,
): Score {
  const truthFile = join(work, `${tag}-truth.json`);
  const predFile = join(work, `${tag}-pred.json`);
  writeFileSync(truthFile, JSON.stringify(Object.fromEntries(ids.map((id) => [id, truth[id]]))));
  writeFileSync(
    predFile,
    JSON.stringify(Object.fromEntries(ids.map((id) => [id, { articleBody: predictions[id] ?? '' }]))),
  );
  const out = execFileSync(process.execPath, [scorer, predFile, truthFile], { encoding: 'utf8' });
  const m = out.match(/precision ([\d.]+)\s+recall ([\d.]+)\s+F1 ([\d.]+)/);
  if (!m) fail(`unexpected scorer output: ${out}`);
  return {
    precision: Number(m[1]),
    recall: Number(m[2]),
    f1: Number(m[3]),
    empty: ids.filter((id) => !predictions[id]).length,
  };
}

interface Row {
  set: string;
  dataset: string;
  pages: number;
  scores: Record<Kind, Score>;
}
const rows: Row[] = [];
const msPerPage: Record<string, Record<Kind, number>> = {};

for (const set of sets) {
  const dir = join(corpusDir, set);
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, Truth>;
  const ids = Object.keys(truth).sort();
  const missing = ids.filter(
    (id) => !existsSync(join(dir, `${id}.txt`)) || !existsSync(join(dir, `${id}.html.gz`)),
  );
  if (missing.length)
    fail(`${set}: ${missing.length} pages of ground-truth.json have no .txt/.html.gz (e.g. ${missing[0]})`);
  const predictions = {} as Record<Kind, Record<string, string>>;
  msPerPage[set] = { text: 0, html: 0 };
  for (const kind of KINDS) {
    predictions[kind] = {};
    const inputs = ids.map((id) =>
      kind === 'text'
        ? readFileSync(join(dir, `${id}.txt`), 'utf8')
        : gunzipSync(readFileSync(join(dir, `${id}.html.gz`))).toString('utf8'),
    );
    const started = performance.now();
    ids.forEach((id, i) => {
      const result = parseDocument(inputs[i]!, { name: kind === 'text' ? `${id}.txt` : `${id}.html` });
      predictions[kind][id] = result.items[0]?.article.body ?? '';
    });
    msPerPage[set][kind] = (performance.now() - started) / ids.length;
    if (dumpDir) {
      mkdirSync(join(dumpDir, set, kind), { recursive: true });
      for (const id of ids) writeFileSync(join(dumpDir, set, kind, `${id}.txt`), predictions[kind][id] ?? '');
    }
  }
  const datasets = [...new Set(ids.map((id) => truth[id]!.dataset ?? 'all'))].sort();
  const groups: [string, string[]][] = [['all', ids]];
  if (datasets.length > 1 || datasets[0] !== 'all')
    for (const ds of datasets) groups.push([ds, ids.filter((id) => (truth[id]!.dataset ?? 'all') === ds)]);
  for (const [dataset, members] of groups) {
    const scores = {} as Record<Kind, Score>;
    for (const kind of KINDS)
      scores[kind] = score(members, truth, predictions[kind], `${set}-${dataset}-${kind}`);
    rows.push({ set, dataset, pages: members.length, scores });
  }
}
rmSync(work, { recursive: true, force: true });

const f = (n: number) => n.toFixed(3);
const cells = (s: Score) => `${f(s.precision)} | ${f(s.recall)} | **${f(s.f1)}** | ${s.empty}`;
const lines = [
  '| set | dataset | pages | plain P | plain R | plain F1 | plain empty | HTML P | HTML R | HTML F1 | HTML empty |',
  '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ...rows.map(
    (r) =>
      `| ${r.set} | ${r.dataset === 'all' ? '**all**' : r.dataset} | ${r.pages} | ${cells(r.scores.text)} | ${cells(r.scores.html)} |`,
  ),
  '',
  ...sets.map(
    (s) =>
      `${s}: ${msPerPage[s]!.text.toFixed(1)} ms/page plain, ${msPerPage[s]!.html.toFixed(1)} ms/page HTML (whole pages, entities included)`,
  ),
];

// Throughput on typical articles (the near-duplicate set's scraped dumps), entities and all, on this one thread.
const neardup = join(corpusDir, 'neardup-dev', 'docs');
if (existsSync(neardup)) {
  const docs = readdirSync(neardup)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(neardup, f), 'utf8'));
  for (const d of docs.slice(0, 100)) parseDocument(d); // warm-up
  const started = performance.now();
  let articles = 0;
  for (const d of docs) articles += parseDocument(d).items.length;
  const seconds = (performance.now() - started) / 1000;
  lines.push(
    `throughput: ${docs.length} neardup-dev docs, ${articles} articles, ${(docs.length / seconds).toFixed(0)} docs/s (one core)`,
  );
}

const table = lines.join('\n');
console.log(table);
if (outFile) {
  mkdirSync(dirname(resolve(outFile)), { recursive: true });
  writeFileSync(outFile, `${table}\n`);
  console.log(`\nwritten to ${outFile}`);
}
