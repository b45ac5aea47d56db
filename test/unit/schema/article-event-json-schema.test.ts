// The published JSON Schema must be what the zod schema generates today, and the two must agree on
// real events: a subscriber in another language validating with the file accepts what we publish.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { articleEventSchema } from '../../../src/events/article-event.js';
import {
  exampleArticleEvent,
  exampleDeletedEvent,
  exampleUpdatedEvent,
  exampleVersionOrder,
} from '../../../src/subscriber/example-event.js';
import { renderArticleEventJsonSchema } from '../../../src/subscriber/json-schema.js';

const file = new URL('../../../schema/article-event.v1.json', import.meta.url);
const onDisk = readFileSync(file, 'utf8');
// ajv-formats is CommonJS with a default export; under NodeNext it arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

describe('schema/article-event.v1.json', () => {
  it('is up to date with the zod schema (run `npm run schema:generate` after changing it)', () => {
    expect(onDisk).toBe(renderArticleEventJsonSchema());
  });

  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(onDisk));
  const valid = exampleArticleEvent({ n: 7, people: ['Sergei Lavrov'] });
  const updated = exampleUpdatedEvent(valid, { n: 9, version: 2 });
  const deleted = exampleDeletedEvent(updated, { version: 3 });
  const { versionOrder: _order, ...unordered } = updated;
  const { documentId: _doc, ...anonymous } = deleted;
  // Valid events first: the count below relies on it.
  const validCount = 9;
  const sample = [
    ['a parsed article', valid],
    [
      'a duplicate',
      exampleArticleEvent({ n: 8, duplicateOf: { of: valid.articleId, kind: 'near', similarity: 0.91 } }),
    ],
    ['an event with an added field (additive change)', { ...valid, sentiment: 0.2 }],
    ['an offset timestamp', { ...valid, processedAt: '2026-01-01T12:00:00+02:00' }],
    ['a versioned source', { ...valid, source: { ...valid.source, versionId: 'v1', charset: 'utf-8' } }],
    ['a parsed article with its versionOrder', { ...valid, versionOrder: exampleVersionOrder(1) }],
    ['an update', updated],
    [
      'an update that duplicates another document',
      { ...updated, duplicate: { of: 'art-x', kind: 'near', similarity: 0.8, documentId: 'doc-x' } },
    ],
    ['a deletion', deleted],
    ['an update without versionOrder', unordered],
    ['an update without supersedes', { ...updated, supersedes: undefined }],
    ['a deletion without documentId', anonymous],
    ['a deletion for an unknown reason', { ...deleted, deletion: { reason: 'whim' } }],
    ['a malformed versionOrder', { ...valid, versionOrder: '2026-01-01' }],
    ['an unknown type', { ...valid, type: 'article.archived' }],
    ['schemaVersion 2', { ...valid, schemaVersion: 2 }],
    ['a missing body', { ...valid, article: { ...valid.article, body: '' } }],
    ['a bad language code', { ...valid, article: { ...valid.article, language: 'english' } }],
    ['a negative position', { ...valid, source: { ...valid.source, position: -1 } }],
    ['a non-ISO processedAt', { ...valid, processedAt: 'yesterday' }],
    ['a duplicate without its link', { ...valid, type: 'article.duplicate' }],
    ['a parsed article with a link', { ...valid, duplicate: { of: 'x', kind: 'exact', similarity: 1 } }],
    [
      'a similarity above 1',
      { ...valid, type: 'article.duplicate', duplicate: { of: 'x', kind: 'near', similarity: 1.5 } },
    ],
  ] as const;

  it.each(sample)('zod and the JSON Schema agree on %s', (_name, event) => {
    const zodSays = articleEventSchema.safeParse(event).success;
    const jsonSchemaSays = validate(event);
    expect(jsonSchemaSays, JSON.stringify(validate.errors)).toBe(zodSays);
  });

  it('accepts the examples and rejects the broken ones (the sample covers both sides)', () => {
    const verdicts = sample.map(([, event]) => validate(event));
    expect(verdicts.slice(0, validCount).every(Boolean)).toBe(true);
    expect(verdicts.slice(validCount).some(Boolean)).toBe(false);
  });
});
