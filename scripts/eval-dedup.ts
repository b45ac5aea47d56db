// Evaluates duplicate detection on the labelled dev set: parse + fingerprint + in-memory index over the
// docs in upload order. Usage: npm run eval:dedup [-- --dir <neardup dir>] [--json]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NearDupLabel, scoreDedup } from '../src/dedup/evaluation.js';
import { dedupDocuments } from '../src/dedup/offline.js';

const DEFAULT_DIR = '../shared/corpus/neardup-dev';

export async function evaluateDedupDir(dir: string) {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as NearDupLabel[];
  const files = readdirSync(join(dir, 'docs'))
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const docs = (function* () {
    for (const name of files) yield { name, bytes: readFileSync(join(dir, 'docs', name)) };
  })();
  const decisions: Array<{ file: string; duplicateOf: string | null; similarity: number | null }> = [];
  const started = performance.now();
  for await (const line of dedupDocuments(docs)) {
    decisions.push({
      file: line.file,
      duplicateOf: line.duplicate?.ofFile ?? null,
      similarity: line.duplicate?.similarity ?? null,
    });
  }
  const millis = performance.now() - started;
  return { score: scoreDedup(labels, decisions), docs: files.length, millis };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirAt = args.indexOf('--dir');
  const dir = dirAt >= 0 ? (args[dirAt + 1] ?? DEFAULT_DIR) : (process.env.NEARDUP_DIR ?? DEFAULT_DIR);
  if (!existsSync(join(dir, 'labels.json'))) {
    console.log(`eval:dedup: no labelled set at ${dir}; nothing to evaluate.`);
    return;
  }
  const { score, docs, millis } = await evaluateDedupDir(dir);
  if (args.includes('--json')) {
    console.log(JSON.stringify(score, null, 2));
    return;
  }
  const pct = (x: number) => (100 * x).toFixed(2);
  console.log(`docs ${docs} in ${millis.toFixed(0)} ms`);
  console.log(`precision ${pct(score.precision)}%  recall ${pct(score.recall)}%`);
  console.log(`TP ${score.truePositives}  FP ${score.falsePositives}  FN ${score.falseNegatives}`);
  console.log('recall by kind:');
  for (const [kind, k] of Object.entries(score.perKind).sort()) {
    console.log(`  ${kind.padEnd(12)} ${pct(k.recall).padStart(6)}%  (${k.found}/${k.variants})`);
  }
  console.log('false positives by kind:', JSON.stringify(score.falsePositivesByKind));
  for (const f of score.falsePositiveFiles) console.log(`  FP ${f.file} (${f.op}) -> ${f.of}`);
  for (const f of score.missedFiles) console.log(`  FN ${f.file} (${f.op})`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
