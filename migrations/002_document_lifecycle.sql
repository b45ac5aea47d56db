-- The article lifecycle (issue 12): the index holds one row per document (every version of one bucket,
-- key, position and zip entry), replaced by a newer version (versionOrder) and removed by a deletion,
-- which leaves a tombstone so an older version arriving late stays out. Search folds a duplicate under
-- its canonical's document, whichever version of it the duplicate named.
ALTER TABLE articles ADD COLUMN document_id text;
-- Sorts in the order the object's versions were written; NULL for events published before it existed.
ALTER TABLE articles ADD COLUMN version_order text;
-- duplicate.documentId: the canonical's document, when the event names it.
ALTER TABLE articles ADD COLUMN duplicate_of_document text;

-- Rows indexed before events carried documentId get the id the producer derives (src/ids.ts,
-- documentIdFor: sha256 of the NUL-terminated parts, first 32 hex digits).
UPDATE articles SET
  document_id = coalesce(event->>'documentId', 'doc-' || left(encode(sha256(
    convert_to('document', 'UTF8') || '\x00'::bytea ||
    convert_to(source_bucket, 'UTF8') || '\x00'::bytea ||
    convert_to(event->'source'->>'key', 'UTF8') || '\x00'::bytea ||
    convert_to(source_position::text, 'UTF8') || '\x00'::bytea ||
    CASE WHEN event->'source' ? 'entry'
      THEN convert_to('entry', 'UTF8') || '\x00'::bytea || convert_to(event->'source'->>'entry', 'UTF8') || '\x00'::bytea
      ELSE ''::bytea END
  ), 'hex'), 32)),
  version_order = event->>'versionOrder',
  duplicate_of_document = event->'duplicate'->>'documentId';

-- Every article id ever applied, with its document: a duplicate that names an earlier version of its
-- canonical still folds under the canonical's current row.
CREATE TABLE document_versions (
  article_id  text PRIMARY KEY,
  document_id text NOT NULL
);
CREATE INDEX document_versions_document_idx ON document_versions (document_id);
INSERT INTO document_versions (article_id, document_id) SELECT article_id, document_id FROM articles;

-- Earlier versions of one document (a corrected re-upload used to be a duplicate of itself): keep the
-- latest processing.
DELETE FROM articles a USING articles b
WHERE a.document_id = b.document_id AND (a.processed_at, a.article_id) < (b.processed_at, b.article_id);

ALTER TABLE articles ALTER COLUMN document_id SET NOT NULL;
ALTER TABLE articles DROP CONSTRAINT articles_pkey;
ALTER TABLE articles ADD PRIMARY KEY (document_id);
CREATE UNIQUE INDEX articles_article_id_idx ON articles (article_id);
CREATE INDEX articles_duplicate_of_document_idx ON articles (duplicate_of_document)
  WHERE duplicate_of_document IS NOT NULL;

-- A retracted document: its row is gone; the deletion's versionOrder decides which later events apply.
CREATE TABLE document_tombstones (
  document_id   text PRIMARY KEY,
  version_order text NOT NULL,
  article_id    text NOT NULL,
  event_id      text NOT NULL,
  reason        text NOT NULL,
  deleted_at    timestamptz NOT NULL DEFAULT now()
);
