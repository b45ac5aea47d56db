// The README quotes the latest full benchmark run: its dedup figures must be that run's, wherever the
// README repeats them (the near-duplicate section once said 1.05× while the run said 1.46×).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const repo = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');

function latestFullRun(): { name: string; text: string } {
  const names = readdirSync(new URL('bench/results/', repo))
    .filter((n) => /^\d{4}-\d{2}-\d{2}\.md$/.test(n))
    .sort();
  const name = names.at(-1)!;
  return { name, text: read(`bench/results/${name}`) };
}

/** Rows of the run's "Dedup index" table: indexed articles → {µs, ratio, bytes}, columns found by header. */
function dedupRows(text: string): Map<number, { micros: number; ratio: string; bytes: number }> {
  const section = text.split('### Dedup index')[1]!.split('###')[0]!;
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const header = cells(lines[0] ?? '');
  const column = (pattern: RegExp) => header.findIndex((h) => pattern.test(h));
  const [micros, ratio, bytes] = [column(/^Lookup/), column(/^× at smallest/), column(/bytes/i)];
  const n = (s: string) => Number(s.replace(/,/g, ''));
  const rows = new Map<number, { micros: number; ratio: string; bytes: number }>();
  for (const line of lines.slice(2)) {
    const c = cells(line);
    rows.set(n(c[0]!), { micros: n(c[micros]!), ratio: c[ratio]!, bytes: n(c[bytes]!) });
  }
  return rows;
}

describe('README figures', () => {
  const run = latestFullRun();
  const readme = read('README.md');
  const rows = dedupRows(run.text);

  it('names the latest full run', () => {
    expect(readme).toContain(`bench/results/${run.name}`);
    expect(rows.size).toBeGreaterThanOrEqual(2);
  });

  it("quotes the run's dedup lookup ratio and bytes per article wherever it states them", () => {
    const at1M = rows.get(1_000_000)!;
    const at10k = rows.get(10_000)!;
    expect(readme).toContain(`**${at1M.ratio}×**`);
    expect(readme).toContain(`${at10k.micros} / ${rows.get(100_000)!.micros} / ${at1M.micros} µs`);
    // A paragraph may add a newer, labelled measurement (a dedup change measured on its own), but it
    // must also give the latest run's figure: a lone ratio that contradicts the table is what failed.
    const paragraphs = readme.split(/\n\s*\n/);
    const stating = paragraphs.filter((p) => /lookup at 1M costs [\d.]+×/.test(p));
    expect(stating.length).toBeGreaterThan(0);
    for (const paragraph of stating) {
      expect(paragraph).toContain(`${at1M.ratio}×`);
      expect(paragraph).toContain(String(at1M.micros));
    }
    for (const m of readme.matchAll(/~?(\d+) bytes per indexed article at 1M/g)) {
      expect(Number(m[1])).toBe(at1M.bytes);
    }
  });
});
