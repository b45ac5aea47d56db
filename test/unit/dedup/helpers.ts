// Shared helpers for dedup tests: fixture bodies and minimal ParsedArticle values.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParsedArticle } from '../../../src/parse/types.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/dedup/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8').trim();
}

export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/** A ParsedArticle with only what the duplicate index reads (the body) filled in. */
export function article(body: string, headline: string | null = null): ParsedArticle {
  const paras = paragraphs(body);
  return {
    headline,
    byline: null,
    dateline: null,
    paragraphs: paras,
    body: paras.join('\n\n'),
    lede: paras[0] ?? null,
    related: [],
    quotes: [],
    entities: { people: [], organizations: [], places: [] },
    language: 'en',
    wordCount: body.split(/\s+/).filter(Boolean).length,
    readingTimeMinutes: 1,
    dates: [],
    url: null,
    publishedAt: null,
  };
}

/** Deterministic typos: swaps two letters in every `every`-th word longer than 4 letters. */
export function withTypos(text: string, every = 40): string {
  let n = 0;
  return text.replace(/[A-Za-z]{5,}/g, (w) => {
    n++;
    if (n % every !== 0) return w;
    return w.charAt(0) + w.charAt(2) + w.charAt(1) + w.slice(3);
  });
}

/** Re-wraps text at ~60 columns, curly quotes straightened the other way round, headline-style caps kept. */
export function rewrap(text: string, width = 60): string {
  return paragraphs(text)
    .map((p) => {
      const lines: string[] = [];
      let line = '';
      for (const w of p.split(' ')) {
        if (line.length + w.length + 1 > width) {
          lines.push(line);
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
      if (line) lines.push(line);
      return lines.join('\n');
    })
    .join('\n\n\n');
}

/**
 * A takedown scenario any DuplicateIndex must pass: a retracted canonical is no longer matched (exactly or
 * near), its copy becomes the canonical, verdicts given before stay, and retracting again changes nothing.
 */
export async function retractionScenario(index: {
  checkAndInsert(articleId: string, a: ReturnType<typeof article>): Promise<unknown>;
  retract(articleIds: readonly string[]): Promise<void>;
}): Promise<unknown[]> {
  const bridge = fixture('harbour-bridge.txt');
  const frost = fixture('orchard-frost.txt');
  const out: unknown[] = [];
  out.push(await index.checkAndInsert('bridge', article(bridge)));
  out.push(await index.checkAndInsert('frost', article(frost)));
  out.push(await index.checkAndInsert('bridge-copy', article(bridge)));
  await index.retract(['bridge', 'unknown-id', 'bridge-copy']);
  await index.retract(['bridge']);
  // Verdicts already given stay (a retry of the copy).
  out.push(await index.checkAndInsert('bridge-copy', article(bridge)));
  // The next copy, exact and near, is judged against the rest: it is the new canonical.
  out.push(await index.checkAndInsert('bridge-again', article(bridge)));
  out.push(await index.checkAndInsert('bridge-typos', article(withTypos(bridge, 10))));
  out.push(await index.checkAndInsert('frost-copy', article(frost)));
  return out;
}

export const RETRACTION_EXPECTED = [
  null,
  null,
  { of: 'bridge', kind: 'exact', similarity: 1 },
  { of: 'bridge', kind: 'exact', similarity: 1 },
  null,
  { of: 'bridge-again', kind: 'near' },
  { of: 'frost', kind: 'exact', similarity: 1 },
];
