import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/parse/index.js';

const samplePath = join(import.meta.dirname, '../../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt');
const sample = readFileSync(samplePath, 'utf8');

describe('the Lavrov sample (article + sidebar of 16 headlines)', () => {
  const result = parseDocument(sample, { name: 'lavrov.txt' });
  const article = result.items[0]!.article;

  it('is one plain-text article', () => {
    expect(result.format).toBe('text');
    expect(result.items).toHaveLength(1);
    expect(result.rejected).toEqual([]);
  });

  it('keeps the 5 body paragraphs and strips the 16 sidebar headlines into related', () => {
    expect(article.paragraphs).toHaveLength(5);
    expect(article.related).toHaveLength(16);
    expect(article.paragraphs[0]).toMatch(/^Russian Foreign Minister Sergei Lavrov/);
    expect(article.related[0]).toBe('Netanyahu to Meet Trump in Washington as Iran Nuclear Talks Intensify');
    for (const headline of article.related) expect(article.body).not.toContain(headline);
    expect(article.body).toBe(article.paragraphs.join('\n\n'));
    expect(article.lede).toBe(article.paragraphs[0]);
  });

  it('finds the people, places and organisations, titles stripped', () => {
    const { people, places, organizations } = article.entities;
    expect(people).toEqual(
      expect.arrayContaining(['Sergei Lavrov', 'Donald Trump', 'Vladimir Putin', 'Marco Rubio']),
    );
    expect(places).toEqual(expect.arrayContaining(['Washington', 'Moscow', 'Ukraine', 'Kyiv', 'Alaska']));
    expect(organizations).toEqual(expect.arrayContaining(['TASS', 'NATO', 'EU', 'Corriere della Sera']));
    expect(places).not.toContain('State Department');
    for (const p of people) expect(p).not.toMatch(/^(?:President|Foreign|Minister|Secretary|U\.S\.)\b/);
  });

  it('attributes the "20 years" quote to Sergei Lavrov', () => {
    const quote = article.quotes.find((q) => q.text.includes('20 years'));
    expect(quote?.speaker).toBe('Sergei Lavrov');
  });

  it('detects English on the body and counts words', () => {
    expect(article.language).toBe('en');
    expect(article.wordCount).toBeGreaterThan(250);
    expect(article.readingTimeMinutes).toBeGreaterThanOrEqual(1);
    expect(article.headline).toBeNull();
  });
});
