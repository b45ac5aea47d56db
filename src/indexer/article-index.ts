// The article index in PostgreSQL: one row per document. Each event is applied in a transaction that
// holds a lock on its document, so two versions of one document handled at once cannot interleave; what
// to do is decided by lifecycle.ts (pure) from the row and the tombstone the document has.
import type { ArticleContentEvent, ArticleDeletedEvent, ArticleEvent } from '../events/article-event.js';
import { ARTICLE_ROW_COLUMNS, type ArticleRow, articleRowOf } from './article-row.js';
import type { PoolLike, Queryable } from './db.js';
import { documentIdOf, type HeldDocument, lifecycleAction } from './lifecycle.js';

export type IndexOutcome = 'inserted' | 'updated' | 'deleted' | 'unchanged';

export interface ArticleIndex {
  /** Idempotent: a redelivered, replayed or out-of-date event changes nothing ('unchanged'). */
  apply(event: ArticleEvent): Promise<IndexOutcome>;
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
const updates = ARTICLE_ROW_COLUMNS.filter((c) => c !== 'document_id').map((c) => `${c} = EXCLUDED.${c}`);

const param = (column: (typeof ARTICLE_ROW_COLUMNS)[number]) => `$${ARTICLE_ROW_COLUMNS.indexOf(column) + 1}`;

// One statement (one round trip): the row, no tombstone any more, and the version's document recorded.
const WRITE_ARTICLE_SQL = `
WITH written AS (
  INSERT INTO articles (${ARTICLE_ROW_COLUMNS.join(', ')})
  VALUES (${placeholders.join(', ')})
  ON CONFLICT (document_id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()
  RETURNING (xmax = 0) AS inserted
), untombed AS (
  DELETE FROM document_tombstones WHERE document_id = ${param('document_id')}
), recorded AS (
  INSERT INTO document_versions (article_id, document_id)
  VALUES (${param('article_id')}, ${param('document_id')}) ON CONFLICT (article_id) DO NOTHING
)
SELECT inserted FROM written`;

// A namespace for the per-document advisory locks (the two-key form keeps them apart from others).
const DOCUMENT_LOCK_SPACE = 7_012_012;

const HELD_SQL = `
SELECT a.version_order, a.processed_at, t.version_order AS tombstone
FROM (SELECT $1::text AS document_id) d
LEFT JOIN articles a ON a.document_id = d.document_id
LEFT JOIN document_tombstones t ON t.document_id = d.document_id`;

interface HeldRow extends Record<string, unknown> {
  version_order: string | null;
  processed_at: Date | null;
  tombstone: string | null;
}

export function createPgArticleIndex(db: PoolLike): ArticleIndex {
  return {
    async apply(event) {
      const documentId = documentIdOf(event);
      const client = await db.connect();
      let failed = false;
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          DOCUMENT_LOCK_SPACE,
          documentId,
        ]);
        const { rows } = await client.query<HeldRow>(HELD_SQL, [documentId]);
        const action = lifecycleAction(event, heldDocument(rows[0]));
        let outcome: IndexOutcome = 'unchanged';
        if (action === 'write' && event.type !== 'article.deleted')
          outcome = await writeArticle(client, event);
        if (action === 'delete' && event.type === 'article.deleted')
          outcome = await deleteDocument(client, event);
        await client.query('COMMIT');
        return outcome;
      } catch (error) {
        failed = true;
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        // A client whose transaction state is unknown is not returned to the pool.
        client.release(failed);
      }
    },
  };
}

function heldDocument(row: HeldRow | undefined): HeldDocument {
  return {
    row: row?.processed_at
      ? { versionOrder: row.version_order, processedAt: new Date(row.processed_at).toISOString() }
      : null,
    tombstone: row?.tombstone ?? null,
  };
}

async function writeArticle(db: Queryable, event: ArticleContentEvent): Promise<IndexOutcome> {
  const row = articleRowOf(event);
  const values = ARTICLE_ROW_COLUMNS.map((c) => (c === 'event' ? JSON.stringify(row.event) : row[c]));
  const result = await db.query<{ inserted: boolean }>(WRITE_ARTICLE_SQL, values);
  return result.rows[0]?.inserted ? 'inserted' : 'updated';
}

const DELETE_DOCUMENT_SQL = `
WITH removed AS (
  DELETE FROM articles WHERE document_id = $1
)
INSERT INTO document_tombstones (document_id, version_order, article_id, event_id, reason)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (document_id) DO UPDATE SET version_order = EXCLUDED.version_order,
  article_id = EXCLUDED.article_id, event_id = EXCLUDED.event_id, reason = EXCLUDED.reason, deleted_at = now()`;

async function deleteDocument(db: Queryable, event: ArticleDeletedEvent): Promise<IndexOutcome> {
  await db.query(DELETE_DOCUMENT_SQL, [
    event.documentId,
    event.versionOrder,
    event.articleId,
    event.eventId,
    event.deletion.reason,
  ]);
  return 'deleted';
}
