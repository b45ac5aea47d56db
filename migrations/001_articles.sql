-- The reference indexer's full-text article index. One row per article_id; duplicates point at their
-- canonical with duplicate_of. The tsvector is generated from the row's own text search config
-- (chosen from the article's language by the indexer; 'simple' when unknown).
CREATE TABLE articles (
  article_id      text PRIMARY KEY,
  event_id        text NOT NULL,
  event_type      text NOT NULL,
  headline        text,
  lede            text,
  body            text NOT NULL,
  language        text NOT NULL,
  ts_config       regconfig NOT NULL,
  people          text[] NOT NULL DEFAULT '{}',
  organizations   text[] NOT NULL DEFAULT '{}',
  places          text[] NOT NULL DEFAULT '{}',
  duplicate_of    text,
  duplicate_kind  text CHECK (duplicate_kind IN ('exact', 'near')),
  similarity      real,
  source_bucket   text NOT NULL,
  source_key      text NOT NULL,
  source_version  text,
  source_etag     text NOT NULL,
  source_position integer NOT NULL,
  published_at    timestamptz,
  processed_at    timestamptz NOT NULL,
  -- The whole event, so `subscriber-replay --from-index` can re-deliver after the queue pruned it.
  event           jsonb NOT NULL,
  indexed_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  document        tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(ts_config, coalesce(headline, '')), 'A') ||
    setweight(to_tsvector(ts_config, coalesce(lede, '')), 'B') ||
    setweight(to_tsvector(ts_config, body), 'C')
  ) STORED
);

CREATE INDEX articles_document_idx ON articles USING gin (document);
CREATE INDEX articles_people_idx ON articles USING gin (people);
CREATE INDEX articles_organizations_idx ON articles USING gin (organizations);
CREATE INDEX articles_places_idx ON articles USING gin (places);
CREATE INDEX articles_duplicate_of_idx ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
-- Lets a search skip the language configs no article uses.
CREATE INDEX articles_ts_config_idx ON articles (ts_config);
CREATE INDEX articles_processed_at_idx ON articles (processed_at);
CREATE INDEX articles_source_key_idx ON articles (source_key text_pattern_ops);
