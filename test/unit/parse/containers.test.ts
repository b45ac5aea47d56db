import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ARTICLES, MIN_ARTICLE_WORDS, parseDocument } from '../../../src/parse/index.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../fixtures/parse', name), 'utf8');

describe('JSON Lines', () => {
  const result = parseDocument(fixture('articles.jsonl'), { name: 'batch.jsonl' });

  it('turns each good record into an article at its position', () => {
    expect(result.format).toBe('jsonl');
    expect(result.items.map((i) => i.position)).toEqual([0, 1, 4]);
    const [first, second, third] = result.items.map((i) => i.article);
    expect(first?.headline).toBe('Ferry line approved');
    expect(first?.paragraphs).toHaveLength(2);
    expect(first?.url).toBe('https://example.org/a');
    expect(first?.publishedAt).toBe('2025-03-14T09:30:00.000Z');
    expect(second?.headline).toBe('Bus fares frozen');
    expect(second?.url).toBe('https://example.org/b');
    expect(second?.dates.find((d) => d.text === 'Monday')?.date).toBe('2025-03-10');
    expect(third?.paragraphs[0]).toMatch(/^A record with an HTML body/);
    expect(third?.headline).toBeNull();
  });

  it('rejects the bad line and the record without a body, with reasons', () => {
    expect(result.rejected).toEqual([
      expect.objectContaining({ position: 2, reason: 'malformed-container' }),
      expect.objectContaining({ position: 3, reason: 'no-body' }),
    ]);
  });

  it('is sniffed without a name or content type, and accepts a JSON array', () => {
    expect(parseDocument(fixture('articles.jsonl')).format).toBe('jsonl');
    const array = JSON.stringify([
      { title: 'T', body: 'The council approved the ferry line on Thursday evening.' },
    ]);
    const r = parseDocument(array);
    expect(r.format).toBe('jsonl');
    expect(r.items).toHaveLength(1);
  });

  it("rejects records below an article's minimum length as too-short, counting CJK by characters", () => {
    const lines = [
      { body: 'word1' },
      { body: 'Seven words are not an article yet.' },
      { body: 'Eight words make the shortest article we accept.' },
      { body: '港口委员会周四投票批准了一条新的渡轮航线' },
      { body: '渡轮' },
    ].map((r) => JSON.stringify(r));
    const r = parseDocument(lines.join('\n'), { name: 'x.jsonl' });
    expect(r.items.map((i) => i.position)).toEqual([2, 3]);
    expect(r.rejected).toEqual([
      expect.objectContaining({ position: 0, reason: 'too-short' }),
      expect.objectContaining({ position: 1, reason: 'too-short' }),
      expect.objectContaining({ position: 4, reason: 'too-short' }),
    ]);
    expect(MIN_ARTICLE_WORDS).toBe(8);
  });

  it('rejects a container with more articles than maxArticles whole, as too-many-articles', () => {
    const record = (i: number) =>
      JSON.stringify({ body: `Article number ${i} says the council approved the ferry line on Thursday.` });
    const lines = (n: number) => Array.from({ length: n }, (_, i) => record(i)).join('\n');
    expect(parseDocument(lines(3), { name: 'x.jsonl', maxArticles: 3 }).items).toHaveLength(3);
    const over = parseDocument(`${lines(4)}\n{"body":"word"}`, { name: 'x.jsonl', maxArticles: 3 });
    expect(over.items).toEqual([]);
    expect(over.rejected).toEqual([
      { position: 3, reason: 'too-many-articles', message: expect.stringContaining('more than 3 articles') },
    ]);
    // The default is DEFAULT_MAX_ARTICLES.
    const atDefault = parseDocument(lines(DEFAULT_MAX_ARTICLES + 1), { name: 'x.jsonl' });
    expect(atDefault.rejected[0]?.reason).toBe('too-many-articles');
  });

  it('does not mistake page text starting with a bracket for JSON', () => {
    const text =
      '[Video] Council meeting\n\nThe harbour council voted on Thursday to approve a new ferry line between the old port and the island.';
    expect(parseDocument(text).format).toBe('text');
  });
});

describe('HTML', () => {
  const html = fixture('article.html');

  it('is sniffed from the markup, and by content type or extension', () => {
    expect(parseDocument(html).format).toBe('html');
    expect(parseDocument(html, { contentType: 'text/html; charset=utf-8' }).format).toBe('html');
    expect(
      parseDocument('<p>The harbour council voted to approve a new ferry line to the island.</p>', {
        name: 'a.html',
      }).format,
    ).toBe('html');
  });

  it('extracts the body without navigation, captions, related links or footer', () => {
    const a = parseDocument(html).items[0]!.article;
    expect(a.headline).toBe('Harbour council approves new ferry line');
    expect(a.byline).toBe('Jane Doe');
    expect(a.url).toBe('https://example.org/news/ferry-line');
    expect(a.publishedAt).toBe('2025-03-14T09:30:00.000Z');
    expect(a.paragraphs).toHaveLength(4);
    expect(a.related).toEqual([
      'Island school to reopen after storm repairs',
      'Bus fares frozen for another year',
    ]);
    expect(a.body).not.toMatch(
      /Home|Related stories|Island school|old ferry at the harbour wall|All rights reserved/,
    );
    expect(a.quotes[0]).toEqual({
      text: 'This is the day the island has waited for',
      speaker: 'Ana Lindqvist',
    });
    expect(a.dates.find((d) => d.text === 'Thursday')?.date).toBe('2025-03-13');
  });
});

describe('HTML edge cases', () => {
  it('falls back to block scoring on pathologically deep markup', () => {
    const text =
      'The council said on Monday that the ferry line would open in August, the mayor told reporters.';
    const r = parseDocument(
      `<html><body>${'<div>'.repeat(3000)}<p>${text}</p>${'</div>'.repeat(3000)}</body></html>`,
    );
    expect(r.items[0]?.article.body).toBe(text);
  });

  it('falls back when Readability finds no article', () => {
    const r = parseDocument(
      '<html><body><p>The council said on Monday that the ferry line would open in August.</p></body></html>',
    );
    expect(r.items[0]?.article.paragraphs).toEqual([
      'The council said on Monday that the ferry line would open in August.',
    ]);
  });
});

describe('plain text', () => {
  it('re-joins hard-wrapped lines and undoes end-of-line hyphenation', () => {
    const a = parseDocument(fixture('hard-wrapped.txt')).items[0]!.article;
    expect(a.headline).toBe('Harbour council approves new ferry line');
    expect(a.paragraphs).toHaveLength(3);
    expect(a.paragraphs[0]).toContain('link the two communities on either side');
    expect(a.paragraphs[1]).toContain('said Mayor Ana Lindqvist, who');
    expect(a.quotes[0]?.speaker).toBe('Ana Lindqvist');
  });

  it('strips a trailing "Read more" from a teaser and keeps the sidebar out of the body', () => {
    const a = parseDocument(fixture('teaser-read-more.txt')).items[0]!.article;
    expect(a.paragraphs).toHaveLength(1);
    expect(a.body).toMatch(/into town\.*$/);
    expect(a.related).toHaveLength(4);
    expect(a.headline).toBe('Ferry line approved after decade of debate');
  });

  it('rejects documents without an article', () => {
    expect(parseDocument('').rejected[0]?.reason).toBe('empty');
    expect(parseDocument('   \n\t ').rejected[0]?.reason).toBe('empty');
    expect(parseDocument(fixture('menu-only.txt')).rejected[0]?.reason).toBe('no-body');
    expect(parseDocument('\u0000\u0001\u0002\u0003binary\u0004\u0005\u0006').rejected[0]?.reason).toBe(
      'binary',
    );
  });

  it('rejects bodies above maxArticleChars as too-large', () => {
    const r = parseDocument(fixture('hard-wrapped.txt'), { maxArticleChars: 100 });
    expect(r.items).toEqual([]);
    expect(r.rejected[0]?.reason).toBe('too-large');
  });
});
