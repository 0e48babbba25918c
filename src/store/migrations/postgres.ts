/**
 * The PostgreSQL store's schema as versioned migrations, applied in order by `createPostgresStore().migrate()` and
 * recorded in `schema_migrations`. Never edit a released migration: add the next version instead.
 *
 * Mirrors the SQLite schema: documents (raw input, analysis, folded text + tsvector for search, minhash signature),
 * events (one row per event with the columns the filters need, the event itself as JSON), LSH bands and errors.
 * JSON is stored as `json`, not `jsonb`: `json` keeps the text exactly as written (key order, `\u0000` and lone
 * surrogate escapes, which `jsonb` rejects), so a stored document reads back as it was given; nothing queries inside it.
 * Columns that order or page results are `COLLATE "C"`, so order is byte order (as in SQLite) whatever the database locale.
 * Events are listed by (date_first NULLS LAST, id), kept as the never-null key (date_key, id).
 */

/** One schema migration. */
export interface Migration {
  /** Increasing version number; recorded in `schema_migrations` once applied. */
  version: number;
  /** Short name, for logs and `schema_migrations`. */
  name: string;
  /** The SQL to run (several statements allowed; run in one transaction). */
  sql: string;
}

/** The migrations, oldest first. */
export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE documents (
  id text COLLATE "C" PRIMARY KEY,
  content_hash text NOT NULL UNIQUE,
  origin text NOT NULL,
  title text,
  source text,
  url text,
  published text,
  coder text NOT NULL,
  -- The raw input; when it holds characters PostgreSQL text cannot (NUL, lone surrogates) it is stored as a JSON string.
  raw text NOT NULL,
  raw_is_json boolean NOT NULL DEFAULT false,
  input json NOT NULL,
  doc json NOT NULL,
  near_duplicate_of text,
  near_similarity double precision,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  signature bytea NOT NULL,
  -- foldString(title + text): search ignores hamza, tashkeel and ta marbuta variants.
  folded text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED
);
CREATE INDEX documents_tsv ON documents USING gin (tsv);
-- lz4 compresses the large values (document, input, raw, folded text) at a fraction of pglz's cost, which was half
-- the time of a document insert. PostgreSQL 14+ built with lz4 only: elsewhere the default compression stays.
DO $$
BEGIN
  EXECUTE 'ALTER TABLE documents ALTER COLUMN doc SET COMPRESSION lz4, ALTER COLUMN input SET COMPRESSION lz4,
           ALTER COLUMN raw SET COMPRESSION lz4, ALTER COLUMN folded SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
  NULL;
END
$$;
CREATE INDEX documents_near_duplicate ON documents (near_duplicate_of) WHERE near_duplicate_of IS NOT NULL;

CREATE TABLE events (
  id text COLLATE "C" PRIMARY KEY,
  doc_id text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  type text NOT NULL,
  planned text,
  date text,
  -- First day of the TIMEX date (YYYY-MM-DD), what since/until and clustering compare; null when not a calendar date.
  date_first text COLLATE "C",
  -- The page order's key: date_first, undated ('~', after every digit) last; never null, so a page starts with one
  -- index range scan from the cursor, (date_key, id) > (cursor).
  date_key text COLLATE "C" NOT NULL GENERATED ALWAYS AS (coalesce(date_first, '~')) STORED,
  actor_countries text[] NOT NULL,
  recipient_countries text[] NOT NULL,
  place_country text,
  -- Distinct actor, recipient and place countries: the country filter and stats.byCountry.
  countries text[] NOT NULL,
  -- Folded, lower-cased actor texts and English names, one per line: the actor substring filter.
  actor_names text NOT NULL,
  confidence double precision NOT NULL,
  cluster_id text COLLATE "C",
  -- foldString(event_text), for EventFilter.q.
  folded text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED,
  record json NOT NULL
);
CREATE INDEX events_order ON events (date_key, id);
CREATE INDEX events_doc ON events (doc_id);
CREATE INDEX events_type_date ON events (type, date_first);
CREATE INDEX events_cluster ON events (cluster_id) WHERE cluster_id IS NOT NULL;
CREATE INDEX events_unclustered ON events (date_key, id) WHERE cluster_id IS NULL;
CREATE INDEX events_countries ON events USING gin (countries);
CREATE INDEX events_tsv ON events USING gin (tsv);

CREATE TABLE lsh (
  band text NOT NULL,
  doc_id text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  PRIMARY KEY (band, doc_id)
);
CREATE INDEX lsh_doc ON lsh (doc_id);

CREATE TABLE errors (
  id bigserial PRIMARY KEY,
  origin text NOT NULL,
  reason text NOT NULL,
  raw text,
  raw_is_json boolean NOT NULL DEFAULT false,
  at timestamptz NOT NULL DEFAULT now()
);
`,
  },
];
