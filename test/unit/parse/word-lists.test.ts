// Word lists are data with provenance, and hold nothing copied from a dev page.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const parseDir = join(import.meta.dirname, '../../../src/parse');
const dataDir = join(parseDir, 'data');

interface WordList {
  source: string;
  reason: string;
  words: string[] | Record<string, string[]>;
}

function listsOf(file: string): [string, WordList][] {
  const json = JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as WordList | Record<string, WordList>;
  return 'source' in json ? [[file, json as WordList]] : Object.entries(json as Record<string, WordList>);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('src/parse word lists', () => {
  const files = readdirSync(dataDir).filter((f) => f.endsWith('.json'));

  it.each(files)('%s: every list says where it comes from and why it exists', (file) => {
    for (const [name, list] of listsOf(file)) {
      expect(list.source.length, `${file}:${name} source`).toBeGreaterThan(20);
      expect(list.reason.length, `${file}:${name} reason`).toBeGreaterThan(10);
      const words = Array.isArray(list.words) ? list.words : Object.values(list.words).flat();
      expect(words.length, `${file}:${name} words`).toBeGreaterThan(0);
    }
  });

  it('hold none of the names and phrases once copied from dev pages and the sample', () => {
    const copied = [
      'wambo',
      'kse',
      'nexstar',
      'tegna',
      'sanae',
      'scooter',
      'autumn',
      'mma',
      'cnn business',
      'hollywood reporter',
      'st. joseph',
      'media playback',
      'media caption',
      'lavrov',
      'rubio',
    ];
    const text = [
      ...files.map((f) => readFileSync(join(dataDir, f), 'utf8')),
      ...sourceFiles(parseDir).map((f) => readFileSync(f, 'utf8')),
    ]
      .join('\n')
      .toLowerCase();
    for (const w of copied) expect(text, w).not.toMatch(new RegExp(`\\b${w}\\b`));
  });
});
