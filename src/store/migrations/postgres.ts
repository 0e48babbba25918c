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
 *
 * Version 2 adds what the dashboard aggregates and the analysts' corrections: the trigger span and the place (name,
 * rounded coordinates) as columns of `events` with covering indexes for the aggregations, `event_edges` and
 * `event_nodes` (the actor network, with each event's type, day and countries), the publication day index, and
 * `corrections`, anchored to (document, trigger span, original type).
 *
 * Version 3 makes every committed change to the stored data send a notification (`NOTIFY marsad_changed` with the
 * schema's name; one per transaction, as PostgreSQL folds equal notifications), which the store listens to for its
 * `dataVersion` — so the API's answer cache sees an ingest or a worker writing from any other process; and indexes
 * errors by origin, as an error is recorded once per origin and reason.
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
  {
    version: 2,
    name: 'aggregation columns and indexes, actor network, corrections',
    sql: `
ALTER TABLE events
  ADD COLUMN trigger_start integer,
  ADD COLUMN trigger_end integer,
  ADD COLUMN place_name text COLLATE "C",
  -- The place's coordinates rounded to 2 decimals (about a kilometre): what map points are grouped by.
  ADD COLUMN map_lat double precision,
  ADD COLUMN map_lon double precision;
-- Filled from the stored records. A record may hold \\u0000 or lone-surrogate escapes, on which every JSON operator
-- fails; they are read as U+FFFD (as the store writes derived text). Escaped backslashes are set aside first so an
-- escape's backslash is never taken for the end of another.
CREATE TEMPORARY TABLE marsad_records ON COMMIT DROP AS
SELECT id, type, date_first, countries, replace(regexp_replace(replace(record::text, '\\\\', chr(1)),
         '\\\\u(0000|[dD][89abcdefABCDEF][0-9a-fA-F]{2})', chr(65533), 'g'), chr(1), '\\\\')::json AS j
FROM events;
UPDATE events e SET
  trigger_start = (r.j->'trigger'->>'start')::integer,
  trigger_end = (r.j->'trigger'->>'end')::integer,
  place_name = r.j->'event_loc'->>'name',
  map_lat = CASE WHEN json_typeof(r.j->'event_loc'->'lat') = 'number' THEN round((r.j->'event_loc'->>'lat')::numeric, 2)::double precision END,
  map_lon = CASE WHEN json_typeof(r.j->'event_loc'->'lon') = 'number' THEN round((r.j->'event_loc'->>'lon')::numeric, 2)::double precision END
FROM marsad_records r WHERE r.id = e.id;
-- The timeline and the map read only these indexes (index-only scans), never the wide event rows: they hold every
-- column the aggregations group by and the type, day and country filters read.
CREATE INDEX events_agg ON events (date_first, type) INCLUDE (countries);
CREATE INDEX events_place ON events (map_lat, map_lon, place_name, place_country, type) INCLUDE (date_first, countries)
  WHERE map_lat IS NOT NULL AND map_lon IS NOT NULL;

-- The actor network: per event, its distinct (actor node, recipient node) pairs and the nodes of those pairs (a node
-- is an actor's English name, else its country), each with the event's type, day and countries so that the
-- network's type, day and country filters need not read the events.
CREATE TABLE event_edges (
  event_id text COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  source text COLLATE "C" NOT NULL,
  target text COLLATE "C" NOT NULL,
  type text NOT NULL,
  date_first text COLLATE "C",
  countries text[] NOT NULL,
  PRIMARY KEY (event_id, source, target)
);
CREATE INDEX event_edges_pair ON event_edges (source, target, type) INCLUDE (date_first, countries);
CREATE TABLE event_nodes (
  event_id text COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  node text COLLATE "C" NOT NULL,
  type text NOT NULL,
  date_first text COLLATE "C",
  countries text[] NOT NULL,
  -- The smallest country of the actors giving the node in this event.
  country text COLLATE "C",
  PRIMARY KEY (event_id, node)
);
CREATE INDEX event_nodes_node ON event_nodes (node) INCLUDE (type, date_first, countries, country);
CREATE TEMPORARY TABLE marsad_pairs ON COMMIT DROP AS
SELECT r.id AS event_id, r.type, r.date_first, r.countries, s.node AS source, t.node AS target,
       min(s.country) AS source_country, min(t.country) AS target_country
FROM marsad_records r
CROSS JOIN LATERAL (
  SELECT coalesce(nullif(x->>'name', ''), nullif(x->>'country', '')) AS node, nullif(x->>'country', '') COLLATE "C" AS country
  FROM json_array_elements(CASE WHEN json_typeof(r.j->'actor') = 'array' THEN r.j->'actor' ELSE '[]' END) AS a(x)
) s
CROSS JOIN LATERAL (
  SELECT coalesce(nullif(x->>'name', ''), nullif(x->>'country', '')) AS node, nullif(x->>'country', '') COLLATE "C" AS country
  FROM json_array_elements(CASE WHEN json_typeof(r.j->'recipient') = 'array' THEN r.j->'recipient' ELSE '[]' END) AS a(x)
) t
WHERE s.node IS NOT NULL AND t.node IS NOT NULL
GROUP BY r.id, s.node, t.node, r.type, r.date_first, r.countries;
INSERT INTO event_edges (event_id, source, target, type, date_first, countries)
SELECT event_id, source, target, type, date_first, countries FROM marsad_pairs;
INSERT INTO event_nodes (event_id, node, type, date_first, countries, country)
SELECT event_id, node, type, date_first, countries, min(country) FROM (
  SELECT event_id, source AS node, type, date_first, countries, source_country AS country FROM marsad_pairs
  UNION ALL
  SELECT event_id, target, type, date_first, countries, target_country FROM marsad_pairs) x
GROUP BY event_id, node, type, date_first, countries;

CREATE INDEX documents_published_day ON documents (left(published, 10));

CREATE TABLE corrections (
  id bigserial PRIMARY KEY,
  doc_id text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  anchor_start integer NOT NULL,
  anchor_end integer NOT NULL,
  anchor_event text NOT NULL,
  -- The event's id when the correction was made (a re-analysis may give the same event another).
  event_id text COLLATE "C" NOT NULL,
  -- The corrected fields (event, actor, recipient, place, date), those the analyst gave.
  fields json NOT NULL,
  wrong boolean NOT NULL,
  author text,
  note text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX corrections_anchor ON corrections (doc_id, anchor_start, anchor_end, anchor_event);
`,
  },
  {
    version: 3,
    name: 'change notifications, errors by origin',
    sql: `
CREATE INDEX errors_origin ON errors (origin);
CREATE FUNCTION marsad_notify_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('marsad_changed', current_schema());
  RETURN NULL;
END
$fn$;
CREATE TRIGGER documents_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents FOR EACH STATEMENT EXECUTE FUNCTION marsad_notify_change();
CREATE TRIGGER events_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION marsad_notify_change();
CREATE TRIGGER errors_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON errors FOR EACH STATEMENT EXECUTE FUNCTION marsad_notify_change();
CREATE TRIGGER corrections_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON corrections FOR EACH STATEMENT EXECUTE FUNCTION marsad_notify_change();
`,
  },
];
