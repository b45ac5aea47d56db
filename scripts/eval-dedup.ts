// Evaluates duplicate detection: both labelled near-duplicate dev sets from ../shared (parse + fingerprint
// + in-memory index over the pages in upload order, the code of `news-ingest dedup --json`) and a
// generated set of reworded copies (test/helpers/rewording-set.ts; bodies straight into the index).
// For each set: precision, recall per op, false positives per negative kind, and the similarity the
// decision gives each labelled pair: true duplicates against their original, hard negatives against the
// earlier file they quote or share a paragraph or sidebar with.
//
// Usage: npm run eval:dedup [-- --dir <labelled dir>] [--json] [--misses]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOTH_WAYS_CONTAINMENT, ONE_WAY_CONTAINMENT, scorePair } from '../src/dedup/decision.js';
import { type Fingerprint, fingerprintText } from '../src/dedup/fingerprint.js';
import { createMemoryDuplicateIndex } from '../src/dedup/memory-index.js';
import { dedupDocuments } from '../src/dedup/offline.js';
import { decodeBytes, parseDocument } from '../src/parse/index.js';
import { buildRewordingSet, type RewordingSetOptions, type Story } from '../test/helpers/rewording-set.js';
import { article } from '../test/unit/dedup/helpers.js';
import { type DedupScore, type NearDupLabel, scoreDedup } from './lib/dedup-evaluation.js';

const SHARED = '../shared/corpus';
const DEV_SETS = ['neardup-dev', 'neardup-hard-dev'];

export interface PairSimilarity {
  file: string;
  op: string;
  /** The original (duplicates) or the quoted / paired earlier file (negatives). */
  other: string;
  duplicate: boolean;
  /** The decision's score (1 is the cut-off) and the containment behind it (decision.ts). */
  score: number;
  similarity: number;
  /** False when too few samples are shared for the decision to consider the pair at all. */
  trusted: boolean;
}

export interface SetEvaluation {
  name: string;
  docs: number;
  millis: number;
  score: DedupScore;
  pairs: PairSimilarity[];
}

type Decision = { file: string; duplicateOf: string | null };

/** Labelled pairs with the similarity the decision sees (1 for exact copies). */
export function pairSimilarities(
  labels: readonly NearDupLabel[],
  fingerprints: ReadonlyMap<string, Fingerprint | null>,
): PairSimilarity[] {
  const order = new Map(labels.map((l, i) => [l.file, i]));
  const out: PairSimilarity[] = [];
  for (const l of labels) {
    const other = l.of ?? l.quotes ?? l.pair;
    if (other === undefined) continue;
    // The later upload is the probe, the earlier one is what the index holds.
    const [probeFile, storedFile] =
      (order.get(other) ?? 0) < (order.get(l.file) ?? 0) ? [l.file, other] : [other, l.file];
    const probe = fingerprints.get(probeFile);
    const stored = fingerprints.get(storedFile);
    if (!probe || !stored) continue;
    const s = scorePair(probe, stored.sketch);
    out.push({ file: l.file, op: l.op, other, duplicate: l.of !== undefined, ...s });
  }
  return out;
}

export async function evaluateDedupDir(dir: string): Promise<SetEvaluation> {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as NearDupLabel[];
  const files = readdirSync(join(dir, 'docs'))
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const docs = files.map((name) => ({ name, bytes: readFileSync(join(dir, 'docs', name)) }));
  const decisions: Decision[] = [];
  const started = performance.now();
  for await (const line of dedupDocuments(docs)) {
    decisions.push({ file: line.file, duplicateOf: line.duplicate?.ofFile ?? null });
  }
  const millis = performance.now() - started;
  const fingerprints = new Map<string, Fingerprint | null>();
  for (const d of docs) {
    const body = parseDocument(decodeBytes(d.bytes).text, { name: d.name }).items[0]?.article.body;
    fingerprints.set(d.name, body ? fingerprintText(body) : null);
  }
  return {
    name: dir.split('/').filter(Boolean).pop() ?? dir,
    docs: files.length,
    millis,
    score: scoreDedup(labels, decisions),
    pairs: pairSimilarities(labels, fingerprints),
  };
}

/** Bodies in upload order straight into a fresh in-memory index. */
export async function evaluateBodies(
  name: string,
  docs: readonly Story[],
  labels: readonly NearDupLabel[],
): Promise<SetEvaluation> {
  const index = createMemoryDuplicateIndex();
  const fileOf = new Map<string, string>();
  const decisions: Decision[] = [];
  const started = performance.now();
  for (const d of docs) {
    fileOf.set(d.name, d.name);
    const verdict = await index.checkAndInsert(d.name, article(d.body));
    decisions.push({ file: d.name, duplicateOf: verdict ? (fileOf.get(verdict.of) ?? verdict.of) : null });
  }
  const millis = performance.now() - started;
  const fingerprints = new Map(docs.map((d) => [d.name, fingerprintText(d.body)]));
  return {
    name,
    docs: docs.length,
    millis,
    score: scoreDedup(labels, decisions),
    pairs: pairSimilarities(labels, fingerprints),
  };
}

export async function evaluateRewording(options: RewordingSetOptions = {}) {
  const set = buildRewordingSet(options);
  const rate = set.swapRate.toFixed(2);
  const evaluation = await evaluateBodies(`reworded ${rate} (${set.source})`, set.docs, set.labels);
  return { ...evaluation, swapRate: set.swapRate, turned: set.turned };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

export interface Distribution {
  n: number;
  min: number;
  p05: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
  max: number;
}

export function distribution(values: readonly number[]): Distribution {
  const s = [...values].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: s.length,
    min: r(quantile(s, 0)),
    p05: r(quantile(s, 0.05)),
    p25: r(quantile(s, 0.25)),
    median: r(quantile(s, 0.5)),
    p75: r(quantile(s, 0.75)),
    p95: r(quantile(s, 0.95)),
    max: r(quantile(s, 1)),
  };
}

const scoreOf = (p: PairSimilarity): number => (p.trusted ? p.score : 0);

/**
 * Decision scores of true duplicates and of hard negatives (1 is the cut-off): how far the lowest
 * duplicate sits above it and the highest negative below it.
 */
export function margin(pairs: readonly PairSimilarity[]) {
  const duplicates = distribution(pairs.filter((p) => p.duplicate).map(scoreOf));
  const negatives = distribution(pairs.filter((p) => !p.duplicate).map(scoreOf));
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    duplicates,
    negatives,
    /** min(duplicate score) - 1 and 1 - max(negative score): both should be well above 0. */
    duplicatesAbove: r(duplicates.min - 1),
    negativesBelow: r(1 - negatives.max),
  };
}

function report(e: SetEvaluation, misses: boolean): void {
  const pct = (x: number) => x.toFixed(3);
  const s = e.score;
  console.log(`\n== ${e.name}: ${e.docs} docs in ${e.millis.toFixed(0)} ms`);
  console.log(
    `precision ${pct(s.precision)}  recall ${pct(s.recall)}  (TP ${s.truePositives} FP ${s.falsePositives} FN ${s.falseNegatives})`,
  );
  const ops = [...new Set(e.pairs.map((p) => p.op)), ...Object.keys(s.perKind)];
  for (const op of [...new Set(ops)].sort()) {
    const k = s.perKind[op];
    const sims = distribution(e.pairs.filter((p) => p.op === op).map(scoreOf));
    const head = k
      ? `found ${String(k.found).padStart(3)}/${String(k.variants).padEnd(3)}`
      : `flagged ${String(s.falsePositivesByKind[op] ?? 0).padStart(2)}     `;
    console.log(
      `  ${op.padEnd(24)} ${head}  score min ${pct(sims.min)} p05 ${pct(sims.p05)} median ${pct(sims.median)} p95 ${pct(sims.p95)} max ${pct(sims.max)} (n ${sims.n})`,
    );
  }
  const m = margin(e.pairs);
  console.log(
    `  margin (score 1 = cut-off: ${ONE_WAY_CONTAINMENT} containment one way or ${BOTH_WAYS_CONTAINMENT} both ways): duplicates min ${pct(m.duplicates.min)} p05 ${pct(m.duplicates.p05)} (${pct(m.duplicatesAbove)} above); hard negatives max ${pct(m.negatives.max)} p95 ${pct(m.negatives.p95)} (${pct(m.negativesBelow)} below)`,
  );
  console.log('  false positives by kind:', JSON.stringify(s.falsePositivesByKind));
  if (misses) {
    for (const f of s.falsePositiveFiles) console.log(`  FP ${f.file} (${f.op}) -> ${f.of}`);
    for (const f of s.missedFiles) console.log(`  FN ${f.file} (${f.op})`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirAt = args.indexOf('--dir');
  const dirs = dirAt >= 0 ? [args[dirAt + 1] ?? ''] : DEV_SETS.map((s) => join(SHARED, s));
  const results: Array<SetEvaluation & { swapRate?: number; turned?: number }> = [];
  for (const dir of dirs) {
    if (existsSync(join(dir, 'labels.json'))) results.push(await evaluateDedupDir(dir));
    else console.log(`eval:dedup: no labelled set at ${dir}; skipped.`);
  }
  if (dirAt < 0) {
    results.push(await evaluateRewording());
    // Harsher than the target rewording: one content word in five.
    results.push(await evaluateRewording({ swapRate: 0.2 }));
  }
  if (args.includes('--json')) {
    console.log(
      JSON.stringify(
        results.map((r) => ({ ...r, margin: margin(r.pairs) })),
        null,
        2,
      ),
    );
    return;
  }
  for (const r of results) {
    report(r, args.includes('--misses'));
    if (r.swapRate !== undefined) {
      console.log(
        `  content words swapped ${(100 * r.swapRate).toFixed(1)}%, attributions turned ${r.turned}`,
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
