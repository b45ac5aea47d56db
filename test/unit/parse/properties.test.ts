import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBytes, parseDocument } from '../../../src/parse/index.js';
import { expectValidResult } from './invariants.js';

const sample = readFileSync(
  join(import.meta.dirname, '../../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt'),
  'utf8',
);
const sampleLines = sample.split('\n');
const sidebar = sampleLines
  .filter((l) => l.trim())
  .slice(5)
  .map((l) => l.trim());
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../fixtures/parse', name), 'utf8');

/** Edits of the sample: delete / duplicate lines, insert garbage, truncate. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 200 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(
  text: string,
  edits: fc.Arbitrary<unknown> extends never ? never : { kind: string; at: number; text?: string }[],
): string {
  let lines = text.split('\n');
  for (const e of edits) {
    const i = lines.length ? e.at % lines.length : 0;
    if (e.kind === 'delete') lines.splice(i, 1);
    else if (e.kind === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
    else if (e.kind === 'insert') lines.splice(i, 0, e.text ?? '');
    else if (e.kind === 'truncate')
      lines = lines
        .join('\n')
        .slice(0, e.at % (text.length + 1))
        .split('\n');
  }
  return lines.join('\n');
}

describe('parseDocument never throws and keeps its invariants', () => {
  it('on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (s) => {
        expectValidResult(parseDocument(s));
      }),
      { numRuns: 300 },
    );
  });

  it('on random strings that look like containers', () => {
    const jsonish = fc.array(
      fc.oneof(
        fc.json(),
        fc.record({ title: fc.string(), body: fc.string({ maxLength: 300 }) }).map((o) => JSON.stringify(o)),
        fc.string(),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(jsonish, fc.constantFrom(undefined, 'x.jsonl', 'x.html', 'x.txt'), (lines, name) => {
        expectValidResult(parseDocument(lines.join('\n'), { name }));
      }),
      { numRuns: 200 },
    );
  });

  it('on random bytes decoded then parsed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const decoded = decodeBytes(bytes);
        expect(typeof decoded.text).toBe('string');
        expectValidResult(parseDocument(decoded.text));
      }),
      { numRuns: 300 },
    );
  });

  it('on random HTML-ish markup', () => {
    const tag = fc.constantFrom(
      'p',
      'div',
      'a',
      'h1',
      'li',
      'ul',
      'script',
      'figure',
      'figcaption',
      'article',
      'nav',
    );
    const node: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string({ maxLength: 80 }),
        fc
          .tuple(tag, fc.array(tie('node'), { maxLength: 4 }))
          .map(([t, kids]) => `<${t}>${kids.join('')}</${t}>`),
      ),
    })).node as fc.Arbitrary<string>;
    fc.assert(
      fc.property(node, (html) => {
        expectValidResult(parseDocument(`<html><body>${html}</body></html>`));
      }),
      { numRuns: 200 },
    );
  });

  it('on mutated versions of the sample: no sidebar headline ever ends up in the body', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 6 }), (edits) => {
        const text = mutate(sample, edits);
        const r = parseDocument(text);
        expectValidResult(r);
        const a = r.items[0]?.article;
        if (!a) return;
        for (const headline of sidebar) expect(a.paragraphs).not.toContain(headline);
      }),
      { numRuns: 300 },
    );
  });

  it('on mutated hand-made fixtures', () => {
    const texts = ['hard-wrapped.txt', 'teaser-read-more.txt', 'article.html', 'articles.jsonl'].map(fixture);
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(mutation, { maxLength: 5 }), (text, edits) => {
        expectValidResult(parseDocument(mutate(text, edits)));
      }),
      { numRuns: 200 },
    );
  });
});
