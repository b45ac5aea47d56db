// Invariants every ParseResult must satisfy, shared by the property-based and corpus tests.
import { expect } from 'vitest';
import type { ParseResult } from '../../../src/parse/index.js';

const REASONS = [
  'empty',
  'binary',
  'no-body',
  'too-short',
  'too-large',
  'too-many-articles',
  'malformed-container',
];

export function expectValidResult(r: ParseResult): void {
  expect(['text', 'html', 'jsonl']).toContain(r.format);
  expect(r.items.length + r.rejected.length).toBeGreaterThan(0);
  for (const rej of r.rejected) {
    expect(REASONS).toContain(rej.reason);
    expect(typeof rej.message).toBe('string');
  }
  for (const { article: a, position } of r.items) {
    expect(position).toBeGreaterThanOrEqual(0);
    expect(a.paragraphs.length).toBeGreaterThan(0);
    expect(a.body).toBe(a.paragraphs.join('\n\n'));
    expect(a.lede).toBe(a.paragraphs[0]);
    expect(a.wordCount).toBeGreaterThan(0);
    expect(a.readingTimeMinutes).toBeGreaterThanOrEqual(1);
    expect(a.language).toMatch(/^(?:[a-z]{2}|und)$/);
    for (const p of a.paragraphs) {
      expect(p).toBe(p.normalize('NFC'));
      expect(p).toBe(p.trim());
      expect(p).not.toMatch(/\n|\s{2}/);
      expect(p.length).toBeGreaterThan(0);
    }
    for (const h of a.related) expect(a.paragraphs).not.toContain(h);
    for (const q of a.quotes) expect(q.speaker === null || typeof q.speaker === 'string').toBe(true);
    for (const d of a.dates) expect(d.date === null || /^\d{4}-\d{2}(?:-\d{2})?$/.test(d.date)).toBe(true);
    for (const list of [a.entities.people, a.entities.organizations, a.entities.places])
      expect(new Set(list.map((x) => x.toLowerCase())).size).toBe(list.length);
  }
}
