// The index as a replay source: it keeps the event of each document's current version, so a replay
// still works after the queue pruned its completed jobs (superseded versions and deleted documents are
// not in it: a replay from the index rebuilds the current state, not the history).
import type { ReplayEventSource } from '../subscriber/replay.js';
import type { Queryable } from './db.js';

const PAGE = 500;

interface IndexedEventRow extends Record<string, unknown> {
  event: unknown;
  processed_at: Date;
  article_id: string;
}

export function indexEventSource(db: Queryable): ReplayEventSource {
  return {
    name: 'article index (PostgreSQL)',
    async *read(filter) {
      const prefix = filter.keyPrefix ? `${filter.keyPrefix.replace(/[\\%_]/g, '\\$&')}%` : null;
      let after: [string, string] | null = null;
      for (;;) {
        // Keyset pagination on (processed_at, article_id): stable while the indexer keeps writing.
        const { rows }: { rows: IndexedEventRow[] } = await db.query<IndexedEventRow>(
          `SELECT event, processed_at, article_id FROM articles
           WHERE ($1::timestamptz IS NULL OR processed_at >= $1)
             AND ($2::timestamptz IS NULL OR processed_at < $2)
             AND ($3::text IS NULL OR source_key LIKE $3)
             AND ($4::timestamptz IS NULL OR (processed_at, article_id) > ($4::timestamptz, $5::text))
           ORDER BY processed_at, article_id
           LIMIT ${PAGE}`,
          [filter.since ?? null, filter.until ?? null, prefix, after?.[0] ?? null, after?.[1] ?? null],
        );
        for (const row of rows) yield row.event;
        const last = rows.at(-1);
        if (!last || rows.length < PAGE) return;
        after = [new Date(last.processed_at).toISOString(), last.article_id];
      }
    },
  };
}
