// The article index in PostgreSQL: idempotent upserts keyed by article_id.
import type { ArticleContentEvent } from '../events/article-event.js';
import { ARTICLE_ROW_COLUMNS, type ArticleRow, articleRowOf } from './article-row.js';
import type { Queryable } from './db.js';

export type IndexOutcome = 'inserted' | 'updated' | 'unchanged';

export interface ArticleIndex {
  index(event: ArticleContentEvent): Promise<IndexOutcome>;
}

const CASTS: Partial<Record<keyof ArticleRow, string>> = {
  ts_config: 'regconfig',
  people: 'text[]',
  organizations: 'text[]',
  places: 'text[]',
  similarity: 'real',
  source_position: 'integer',
  published_at: 'timestamptz',
  processed_at: 'timestamptz',
  event: 'jsonb',
};

const placeholders = ARTICLE_ROW_COLUMNS.map((c, i) => `$${i + 1}${CASTS[c] ? `::${CASTS[c]}` : ''}`);
const updates = ARTICLE_ROW_COLUMNS.filter((c) => c !== 'article_id').map((c) => `${c} = EXCLUDED.${c}`);

// Only a newer processing of the article replaces the row: a redelivered or replayed event (same
// processed_at) and an out-of-order older one change nothing, not even updated_at.
export const UPSERT_ARTICLE_SQL = `
INSERT INTO articles (${ARTICLE_ROW_COLUMNS.join(', ')})
VALUES (${placeholders.join(', ')})
ON CONFLICT (article_id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()
WHERE articles.processed_at < EXCLUDED.processed_at
RETURNING (xmax = 0) AS inserted`;

export function createPgArticleIndex(db: Queryable): ArticleIndex {
  return {
    async index(event) {
      const row = articleRowOf(event);
      const values = ARTICLE_ROW_COLUMNS.map((c) => (c === 'event' ? JSON.stringify(row.event) : row[c]));
      const result = await db.query<{ inserted: boolean }>(UPSERT_ARTICLE_SQL, values);
      const first = result.rows[0];
      if (!first) return 'unchanged';
      return first.inserted ? 'inserted' : 'updated';
    },
  };
}
