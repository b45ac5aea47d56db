// Every real page of the shared extraction benchmark parses and yields a body when its truth has one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/index.js';
import { corpusDir } from '../helpers/corpus.js';
import { expectValidResult } from '../unit/parse/invariants.js';

const dir = corpusDir('extraction-dev', 'ground-truth.json');
const truth: Record<string, { articleBody: string }> = JSON.parse(
  readFileSync(join(dir, 'ground-truth.json'), 'utf8'),
);
const ids = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -4))
  .sort();

describe('extraction-dev pages', () => {
  it('finds the pages', () => {
    expect(ids.length).toBeGreaterThan(10);
  });

  describe.each(ids)('%s', (id) => {
    const hasTruth = (truth[id]?.articleBody ?? '').trim().length > 0;

    it('plain text parses to a body', () => {
      const r = parseDocument(readFileSync(join(dir, `${id}.txt`), 'utf8'), { name: `${id}.txt` });
      expectValidResult(r);
      if (hasTruth) expect(r.items[0]?.article.body.length ?? 0).toBeGreaterThan(0);
    });

    it('HTML parses to a body', () => {
      const html = gunzipSync(readFileSync(join(dir, `${id}.html.gz`))).toString('utf8');
      const r = parseDocument(html, { name: `${id}.html` });
      expectValidResult(r);
      expect(r.format).toBe('html');
      if (hasTruth) expect(r.items[0]?.article.body.length ?? 0).toBeGreaterThan(0);
    });
  });
});
