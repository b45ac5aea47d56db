// Pure: the published JSON Schema of the v1 event, generated from the zod schema (the single source of
// truth). `npm run schema:generate` writes it to schema/article-event.v1.json; a unit test fails when
// the file is stale.
import { z } from 'zod';
import {
  articleEventSchema,
  articleSchema,
  deletedSourceSchema,
  duplicateSchema,
  sourceSchema,
  versionOrderSchema,
} from '../events/article-event.js';

export const ARTICLE_EVENT_SCHEMA_ID = 'https://news-ingest.local/schema/article-event.v1.json';

export function articleEventJsonSchema(): Record<string, unknown> {
  // io: 'input' leaves additionalProperties open, like zod's parsing: an additive change (a new
  // field) must not break subscribers that validate with this file.
  // The parts every variant shares become named $defs instead of four inline copies.
  const shared = z.registry<{ id: string }>();
  shared.add(articleSchema, { id: 'Article' });
  shared.add(sourceSchema, { id: 'Source' });
  shared.add(deletedSourceSchema, { id: 'DeletedSource' });
  shared.add(duplicateSchema, { id: 'Duplicate' });
  shared.add(versionOrderSchema, { id: 'VersionOrder' });
  const generated = z.toJSONSchema(articleEventSchema, { io: 'input', metadata: shared }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: ARTICLE_EVENT_SCHEMA_ID,
    title: 'news-ingest article event, schemaVersion 1',
    // One branch per event type (oneOf on `type`); each says what `duplicate` may be.
    ...rest,
  };
}

/** The exact text of schema/article-event.v1.json. */
export function renderArticleEventJsonSchema(): string {
  return `${JSON.stringify(articleEventJsonSchema(), null, 2)}\n`;
}
