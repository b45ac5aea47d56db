// Runs a search against the index and shapes the rows into results.
import type { Queryable } from './db.js';
import { highlightToHtml, SEARCH_SQL, type SearchParams, searchQueryValues } from './search-query.js';

export interface FoldedDuplicate {
  articleId: string;
  key: string;
  kind: 'exact' | 'near' | null;
  similarity: number | null;
}

export interface SearchResult {
  /** The indexed (latest) version of the document. */
  articleId: string;
  documentId: string;
  /** Plain text, as published: escape it before putting it in HTML. */
  headline: string | null;
  /** HTML: the headline escaped, query terms wrapped in <mark>…</mark> (the only tags). */
  headlineHighlight: string;
  /** HTML: best body fragments escaped, query terms wrapped in <mark>…</mark> (the only tags). */
  snippet: string;
  language: string;
  source: { bucket: string; key: string };
  publishedAt: string | null;
  processedAt: string;
  rank: number;
  /** Set when this is a duplicate whose canonical is not in the index. */
  duplicateOf: string | null;
  /** Indexed duplicates of this article, folded under it instead of listed as results. */
  duplicates: FoldedDuplicate[];
}

interface SearchRow extends Record<string, unknown> {
  article_id: string;
  document_id: string;
  headline: string | null;
  language: string;
  source_bucket: string;
  source_key: string;
  published_at: Date | null;
  processed_at: Date;
  duplicate_of: string | null;
  rank: number;
  headline_highlight: string;
  snippet: string;
  duplicates: FoldedDuplicate[];
}

export async function searchArticles(db: Queryable, params: SearchParams): Promise<SearchResult[]> {
  const { rows } = await db.query<SearchRow>(SEARCH_SQL, searchQueryValues(params));
  return rows.map((row) => ({
    articleId: row.article_id,
    documentId: row.document_id,
    headline: row.headline,
    headlineHighlight: highlightToHtml(row.headline_highlight),
    snippet: highlightToHtml(row.snippet),
    language: row.language,
    source: { bucket: row.source_bucket, key: row.source_key },
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
    processedAt: new Date(row.processed_at).toISOString(),
    rank: Number(row.rank),
    duplicateOf: row.duplicate_of,
    duplicates: row.duplicates,
  }));
}
