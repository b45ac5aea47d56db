// Every real page of the shared extraction benchmark parses and yields a body when its truth has one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/parse/index.js';
import { expectValidResult } from './invariants.js';

const dir = resolve(import.meta.dirname, '../../../../shared/corpus/extraction-dev');
const present = existsSync(join(dir, 'ground-truth.json'));
const truth: Record<string, { articleBody: string }> = present
  ? JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8'))
  : {};
const ids = present
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.slice(0, -4))
      .sort()
  : [];

describe.skipIf(!present)('extraction-dev pages', () => {
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
