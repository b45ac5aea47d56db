// The bench's articles: real pages from ../shared/corpus when present (extraction-dev/*.txt and
// neardup-dev/docs/*.txt), else the repo's text fixtures. N articles are taken round-robin; every pass
// after the first edits each document a little (two words swapped for others), so repeats are near
// duplicates with their own bytes rather than exact copies.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface BenchArticle {
  /** S3 key under the raw prefix. */
  key: string;
  bytes: Buffer;
  contentType: string;
  source: string;
  pass: number;
}

export interface CorpusInfo {
  origin: string;
  documents: number;
  bytes: number;
}

function listTxt(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listTxt(p));
    else if (e.name.endsWith('.txt') && statSync(p).size > 0) out.push(p);
  }
  return out.sort();
}

export function loadCorpus(root: string): { docs: Array<{ name: string; bytes: Buffer }>; info: CorpusInfo } {
  const shared = join(root, '..', 'shared', 'corpus');
  const dirs = [join(shared, 'extraction-dev'), join(shared, 'neardup-dev', 'docs')].filter((d) =>
    existsSync(d),
  );
  let files = dirs.flatMap(listTxt);
  let origin = '../shared/corpus (extraction-dev, neardup-dev/docs)';
  if (files.length === 0) {
    files = listTxt(join(root, 'test', 'fixtures')).filter((f) => !f.includes('s3-events'));
    origin = 'test/fixtures';
  }
  // Interleave the two sets deterministically so a short (quick) run sees both kinds of page.
  const a = files.filter((f) => f.includes('extraction-dev'));
  const b = files.filter((f) => !f.includes('extraction-dev'));
  const ordered: string[] = [];
  const ratio = a.length > 0 ? Math.max(1, Math.round(b.length / a.length)) : 0;
  let ia = 0;
  let ib = 0;
  while (ia < a.length || ib < b.length) {
    if (ia < a.length) ordered.push(a[ia++]!);
    for (let k = 0; k < (ratio || 1) && ib < b.length; k++) ordered.push(b[ib++]!);
  }
  const docs = ordered.map((f) => ({ name: relative(shared, f), bytes: readFileSync(f) }));
  return {
    docs,
    info: { origin, documents: docs.length, bytes: docs.reduce((s, d) => s + d.bytes.length, 0) },
  };
}

const SWAPS = ['reportedly', 'officials', 'yesterday', 'regional', 'analysts', 'sources', 'later', 'again'];

/** A light edit: in the two longest lines, one word each is replaced (deterministic per pass). */
export function vary(text: string, pass: number): string {
  if (pass === 0) return text;
  const lines = text.split('\n');
  const byLength = lines
    .map((l, i) => ({ i, n: l.length }))
    .sort((x, y) => y.n - x.n)
    .slice(0, 2);
  for (const [j, { i }] of byLength.entries()) {
    const words = lines[i]!.split(' ');
    if (words.length < 4) continue;
    const at = (pass * 7 + j * 13) % words.length;
    words[at] = SWAPS[(pass + j) % SWAPS.length]!;
    lines[i] = words.join(' ');
  }
  return lines.join('\n');
}

export function benchArticles(
  docs: Array<{ name: string; bytes: Buffer }>,
  count: number,
  keyPrefix: string,
  /** Index of the first article: start at docs.length * k for the k-th pass of edits. */
  from = 0,
): BenchArticle[] {
  const out: BenchArticle[] = [];
  for (let i = from; i < from + count; i++) {
    const doc = docs[i % docs.length]!;
    const pass = Math.floor(i / docs.length);
    const bytes = pass === 0 ? doc.bytes : Buffer.from(vary(doc.bytes.toString('utf8'), pass), 'utf8');
    const base = doc.name.replace(/[^A-Za-z0-9._-]+/g, '-');
    out.push({
      key: `${keyPrefix}p${pass}/${String(i).padStart(6, '0')}-${base}`,
      bytes,
      contentType: 'text/plain; charset=utf-8',
      source: doc.name,
      pass,
    });
  }
  return out;
}

export const totalBytes = (articles: BenchArticle[]) => articles.reduce((s, a) => s + a.bytes.length, 0);
