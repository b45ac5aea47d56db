// Pure: the published JSON Schema of the v1 event, generated from the zod schema (the single source of
// truth). `npm run schema:generate` writes it to schema/article-event.v1.json; a unit test fails when
// the file is stale.
import { z } from 'zod';
import { articleEventSchema } from '../events/article-event.js';

export const ARTICLE_EVENT_SCHEMA_ID = 'https://news-ingest.local/schema/article-event.v1.json';

export function articleEventJsonSchema(): Record<string, unknown> {
  // io: 'input' leaves additionalProperties open, like zod's parsing: an additive change (a new
  // field) must not break subscribers that validate with this file.
  const generated = z.toJSONSchema(articleEventSchema, { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: ARTICLE_EVENT_SCHEMA_ID,
    title: 'news-ingest article event, schemaVersion 1',
    ...rest,
    // The zod refinement (type article.duplicate ⇔ duplicate is set) has no automatic translation.
    if: { properties: { type: { const: 'article.duplicate' } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keyword, never awaited.
    then: { properties: { duplicate: { type: 'object' } } },
    else: { properties: { duplicate: { type: 'null' } } },
  };
}

/** The exact text of schema/article-event.v1.json. */
export function renderArticleEventJsonSchema(): string {
  return `${JSON.stringify(articleEventJsonSchema(), null, 2)}\n`;
}
