// Pure: search parameters → one SQL statement. Ranking with ts_rank_cd over the weighted document
// (headline A, lede B, body C); the query is parsed with websearch_to_tsquery in each row's own text
// search config; duplicates fold under their canonical's document.
import { z } from 'zod';
import { allTextSearchConfigs, textSearchConfigFor } from './text-search-config.js';

export const searchParamsSchema = z.object({
  q: z.string().trim().min(1, 'q (the query) is required').max(500),
  lang: z
    .string()
    .regex(/^([a-z]{2}|und)$/, 'lang is an ISO 639-1 code')
    .optional(),
  person: z.string().trim().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export type SearchParams = z.infer<typeof searchParamsSchema>;

// ts_headline marks matches with control characters no text keeps (they are stripped from its input
// first); the text is HTML-escaped in TypeScript and only then are the marks turned into <mark> tags.
// Marking with <mark> in SQL would pass stored text such as `<img onerror=…>` through as live HTML.
export const MARK_START = '\u0002';
export const MARK_STOP = '\u0003';
const HIGHLIGHT = `StartSel=${MARK_START}, StopSel=${MARK_STOP}`;
const unmarked = (column: string) => `translate(${column}, E'\\x02\\x03', '')`;

// A row's canonical document: duplicate.documentId when the event named it, else the document of the
// article version the duplicate points at (document_versions), so a duplicate stays folded under its
// canonical after the canonical is updated. A row is never its own canonical (an old self-duplicate).
const canonicalOf = (row: string) =>
  `coalesce(${row}.duplicate_of_document, (SELECT v.document_id FROM document_versions v WHERE v.article_id = ${row}.duplicate_of))`;

export const SEARCH_SQL = `
WITH q AS (
  SELECT cfg, websearch_to_tsquery(cfg, $1) AS query FROM unnest($2::regconfig[]) AS cfg
  -- Only configs some row uses: each one left costs a GIN scan even when no row has it.
  WHERE EXISTS (SELECT 1 FROM articles e WHERE e.ts_config = cfg)
),
matched AS (
  SELECT a.document_id, ${canonicalOf('a')} AS canonical_document, ts_rank_cd(a.document, q.query) AS rank
  FROM articles a JOIN q ON a.ts_config = q.cfg
  WHERE a.document @@ q.query
    AND ($3::text IS NULL OR a.language = $3)
    AND ($4::text IS NULL OR a.people @> ARRAY[$4::text])
),
grouped AS (
  SELECT coalesce(c.document_id, m.document_id) AS canonical_id, max(m.rank) AS rank
  FROM matched m LEFT JOIN articles c
    ON c.document_id = m.canonical_document AND c.document_id <> m.document_id
  GROUP BY 1
  ORDER BY rank DESC, canonical_id
  LIMIT $5
)
SELECT a.article_id, a.document_id, a.headline, a.language, a.source_bucket, a.source_key, a.published_at,
  a.processed_at, g.rank,
  CASE WHEN ${canonicalOf('a')} = a.document_id THEN NULL ELSE a.duplicate_of END AS duplicate_of,
  ts_headline(a.ts_config, ${unmarked("coalesce(a.headline, '')")}, websearch_to_tsquery(a.ts_config, $1),
    'HighlightAll=true, ${HIGHLIGHT}') AS headline_highlight,
  ts_headline(a.ts_config, ${unmarked('a.body')}, websearch_to_tsquery(a.ts_config, $1),
    'MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … ", ${HIGHLIGHT}') AS snippet,
  coalesce((
    SELECT json_agg(json_build_object('articleId', d.article_id, 'key', d.source_key,
      'kind', d.duplicate_kind, 'similarity', d.similarity) ORDER BY d.processed_at, d.article_id)
    FROM (
      -- Both ways a duplicate names its canonical, each through its own index.
      SELECT d1.document_id, d1.article_id, d1.source_key, d1.duplicate_kind, d1.similarity, d1.processed_at
      FROM articles d1 WHERE d1.duplicate_of_document = a.document_id
      UNION
      SELECT d2.document_id, d2.article_id, d2.source_key, d2.duplicate_kind, d2.similarity, d2.processed_at
      FROM document_versions v JOIN articles d2 ON d2.duplicate_of = v.article_id
      WHERE v.document_id = a.document_id AND d2.duplicate_of_document IS NULL
    ) d
    WHERE d.document_id <> a.document_id
  ), '[]'::json) AS duplicates
FROM grouped g JOIN articles a ON a.document_id = g.canonical_id
ORDER BY g.rank DESC, a.article_id`;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** ts_headline output → safe HTML: everything escaped, the match marks as <mark>…</mark>. */
export function highlightToHtml(marked: string): string {
  return marked
    .replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch)
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_STOP, '</mark>');
}

export function searchQueryValues(params: SearchParams): unknown[] {
  const configs = params.lang ? [textSearchConfigFor(params.lang)] : allTextSearchConfigs();
  return [params.q, configs, params.lang ?? null, params.person ?? null, params.limit];
}
