/**
 * The SQLite schema as versioned migrations, applied in order by `createSqliteStore(...).migrate()`, each in its own
 * transaction and recorded in `schema_migrations`. Never edit a released migration: add the next version.
 *
 * Layout. Every table that a full-text index points into has an INTEGER PRIMARY KEY (`n`), because FTS5 rows are
 * joined by rowid and an implicit rowid may be renumbered by VACUUM. The FTS5 tables are contentless (they keep
 * only the index, not a second copy of the text) and index the folded text (`foldString`: hamza, ى/ي, ة/ه and
 * tashkeel variants merged), which FTS5's `unicode61` tokenizer cannot do by itself.
 * `events.date_first` is the first day of the event's date (YYYY-MM-DD), or '~' when the event has no readable
 * date: a NOT NULL sort key that sorts after every day keeps keyset pagination on `(date_first, id)` one index
 * range scan with undated events last (as `NULLS LAST` does on PostgreSQL). `event_countries` has one row per
 * (event, role, country), so the country filters are indexed.
 *
 * Write cost. Ingest writes one document per transaction, and what a commit costs is mostly the number of pages
 * it dirties, so rows point at their document by its integer `n` (appended, not scattered like the hash ids) and
 * unclustered events are indexed in insertion order. The search indexes (`documents_fts`, `events_fts`, `lsh`) are
 * the costly ones — each FTS5 commit writes a segment, and a document's 64 band keys land on 64 different pages — so
 * they are written in batches: `index_state.indexed` is the last document `n` they cover; the documents after it
 * (the document row keeps its `bands`) are indexed together by a later write, and readers look at them directly
 * or bring the indexes up to date first. LSH keys are 53-bit integer hashes of the band strings (small rows; a
 * collision only adds a candidate, which the caller's signature comparison rejects). `events_fts` needs no
 * ranking, so it keeps no positions.
 *
 * Aggregations (version 2). The dashboard's counts run in SQL over narrow data, never over `record` nor the wide
 * event rows: the trigger span, the place (name, rounded coordinates) and the countries are columns of `events`,
 * held with the type and day by covering indexes (a GROUP BY over 250k events is then one index scan), and
 * `event_edges` / `event_nodes` hold the actor network (a node is the actor's English name, else its country) with
 * the event's type, day and countries, so the network is a GROUP BY over narrow tables. `corrections` keeps the analysts' corrections apart from the
 * coder's records, anchored to (document, trigger span, original type) rather than to the event id, which a
 * re-analysis may change. Publication days are indexed by the date part of `documents.published`.
 *
 * Version 3 keeps the document's cleaned text in a column of its own (search passages and the indexing of pending
 * documents read it; `json_extract` of the analysis parses the whole document, several times the text's size), and
 * indexes errors by origin, as an error is recorded once per origin and reason.
 */

/** One schema migration. */
export interface Migration {
  /** Version, increasing by one from 1. */
  version: number;
  /** Short name, recorded with the version. */
  name: string;
  /** The statements (run with `exec`, in one transaction). */
  sql: string;
}

/** The SQLite migrations, oldest first. */
export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'documents, events, bands, errors, full-text search',
    sql: `
      CREATE TABLE documents (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        origin TEXT NOT NULL,
        title TEXT,
        source TEXT,
        url TEXT,
        published TEXT,
        coder TEXT NOT NULL,
        raw TEXT NOT NULL,
        input TEXT NOT NULL,
        doc TEXT NOT NULL,
        near_duplicate_of TEXT,
        near_similarity REAL,
        ingested_at TEXT NOT NULL,
        signature BLOB NOT NULL,
        bands TEXT NOT NULL
      );
      CREATE INDEX documents_near_duplicate ON documents(near_duplicate_of) WHERE near_duplicate_of IS NOT NULL;

      CREATE TABLE events (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        doc_n INTEGER NOT NULL REFERENCES documents(n) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        planned TEXT,
        date TEXT,
        date_first TEXT NOT NULL,
        place_country TEXT,
        actor_search TEXT NOT NULL,
        confidence REAL NOT NULL,
        cluster_id TEXT,
        record TEXT NOT NULL
      );
      CREATE INDEX events_order ON events(date_first, id);
      CREATE INDEX events_type ON events(type, date_first, id);
      CREATE INDEX events_doc ON events(doc_n);
      CREATE INDEX events_cluster ON events(cluster_id, doc_n) WHERE cluster_id IS NOT NULL;
      CREATE INDEX events_unclustered ON events(n) WHERE cluster_id IS NULL;

      CREATE TABLE event_countries (
        event_n INTEGER NOT NULL REFERENCES events(n) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('actor', 'recipient', 'place')),
        country TEXT NOT NULL,
        PRIMARY KEY (event_n, role, country)
      ) WITHOUT ROWID;
      CREATE INDEX event_countries_country ON event_countries(country, role, event_n);

      CREATE TABLE lsh (
        band INTEGER NOT NULL,
        doc_n INTEGER NOT NULL REFERENCES documents(n),
        PRIMARY KEY (band, doc_n)
      ) WITHOUT ROWID;

      CREATE TABLE errors (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        origin TEXT NOT NULL,
        reason TEXT NOT NULL,
        raw TEXT,
        at TEXT NOT NULL
      );

      CREATE TABLE index_state (
        name TEXT PRIMARY KEY,
        n INTEGER NOT NULL
      );
      INSERT INTO index_state (name, n) VALUES ('indexed', 0);

      CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
      );
      CREATE VIRTUAL TABLE events_fts USING fts5(
        event_text, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 2'
      );
    `,
  },
  {
    version: 2,
    name: 'aggregation columns and indexes, actor network, corrections',
    sql: `
      ALTER TABLE events ADD COLUMN trigger_start INTEGER;
      ALTER TABLE events ADD COLUMN trigger_end INTEGER;
      ALTER TABLE events ADD COLUMN place_name TEXT;
      -- The place's coordinates rounded to 2 decimals (about a kilometre): what map points are grouped by.
      ALTER TABLE events ADD COLUMN map_lat REAL;
      ALTER TABLE events ADD COLUMN map_lon REAL;
      -- The distinct actor, recipient and place countries, |IRQ|TUR| ('' for none): event_countries as one value.
      ALTER TABLE events ADD COLUMN countries TEXT NOT NULL DEFAULT '';
      UPDATE events SET
        trigger_start = json_extract(record, '$.trigger.start'),
        trigger_end = json_extract(record, '$.trigger.end'),
        place_name = json_extract(record, '$.event_loc.name'),
        map_lat = CASE WHEN json_type(record, '$.event_loc.lat') IN ('integer', 'real') THEN round(json_extract(record, '$.event_loc.lat'), 2) END,
        map_lon = CASE WHEN json_type(record, '$.event_loc.lon') IN ('integer', 'real') THEN round(json_extract(record, '$.event_loc.lon'), 2) END,
        countries = coalesce(
          (SELECT '|' || group_concat(country, '|') || '|' FROM (SELECT DISTINCT country FROM event_countries WHERE event_n = events.n)), '');
      -- The timeline and the map read only these indexes, never the wide event rows: they hold every column the
      -- aggregations group by and the type, day and country filters read.
      CREATE INDEX events_agg ON events(date_first, type, countries);
      CREATE INDEX events_place ON events(map_lat, map_lon, place_name, place_country, type, date_first, countries)
        WHERE map_lat IS NOT NULL AND map_lon IS NOT NULL;

      -- The actor network: per event, its distinct (actor node, recipient node) pairs and the nodes of those pairs
      -- (a node is an actor's English name, else its country), each with the event's type, day and countries so that
      -- the network's type, day and country filters need not read the events.
      CREATE TABLE event_edges (
        event_n INTEGER NOT NULL REFERENCES events(n) ON DELETE CASCADE,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        type TEXT NOT NULL,
        date_first TEXT NOT NULL,
        countries TEXT NOT NULL,
        PRIMARY KEY (event_n, source, target)
      ) WITHOUT ROWID;
      CREATE INDEX event_edges_pair ON event_edges(source, target, type, date_first, countries);
      CREATE TABLE event_nodes (
        event_n INTEGER NOT NULL REFERENCES events(n) ON DELETE CASCADE,
        node TEXT NOT NULL,
        type TEXT NOT NULL,
        date_first TEXT NOT NULL,
        countries TEXT NOT NULL,
        -- The smallest country of the actors giving the node in this event.
        country TEXT,
        PRIMARY KEY (event_n, node)
      ) WITHOUT ROWID;
      CREATE INDEX event_nodes_node ON event_nodes(node, type, date_first, countries, country);
      CREATE TEMP TABLE marsad_pairs AS
      SELECT n AS event_n, type, date_first, countries, source, target, min(source_country) AS source_country, min(target_country) AS target_country
      FROM (
        SELECT e.n, e.type, e.date_first, e.countries,
          coalesce(nullif(json_extract(a.value, '$.name'), ''), nullif(json_extract(a.value, '$.country'), '')) AS source,
          coalesce(nullif(json_extract(r.value, '$.name'), ''), nullif(json_extract(r.value, '$.country'), '')) AS target,
          nullif(json_extract(a.value, '$.country'), '') AS source_country,
          nullif(json_extract(r.value, '$.country'), '') AS target_country
        FROM events e, json_each(e.record, '$.actor') a, json_each(e.record, '$.recipient') r)
      WHERE source IS NOT NULL AND target IS NOT NULL
      GROUP BY n, source, target;
      INSERT INTO event_edges (event_n, source, target, type, date_first, countries)
      SELECT event_n, source, target, type, date_first, countries FROM marsad_pairs;
      INSERT INTO event_nodes (event_n, node, type, date_first, countries, country)
      SELECT event_n, node, type, date_first, countries, min(country) FROM (
        SELECT event_n, source AS node, type, date_first, countries, source_country AS country FROM marsad_pairs
        UNION ALL
        SELECT event_n, target, type, date_first, countries, target_country FROM marsad_pairs)
      GROUP BY event_n, node;
      DROP TABLE marsad_pairs;

      CREATE INDEX documents_published_day ON documents(substr(published, 1, 10));

      CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        anchor_start INTEGER NOT NULL,
        anchor_end INTEGER NOT NULL,
        anchor_event TEXT NOT NULL,
        -- The event's id when the correction was made (a re-analysis may give the same event another).
        event_id TEXT NOT NULL,
        -- The corrected fields (event, actor, recipient, place, date), those the analyst gave, as JSON.
        fields TEXT NOT NULL,
        wrong INTEGER NOT NULL CHECK (wrong IN (0, 1)),
        author TEXT,
        note TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX corrections_anchor ON corrections(doc_id, anchor_start, anchor_end, anchor_event);
    `,
  },
  {
    version: 3,
    name: 'document text column, errors by origin',
    sql: `
      -- The cleaned text beside the analysis, so search passages read it without parsing the whole analysis JSON.
      ALTER TABLE documents ADD COLUMN text TEXT;
      UPDATE documents SET text = json_extract(doc, '$.text');
      -- An error is recorded once per origin and reason: the look-up before each insert.
      CREATE INDEX errors_origin ON errors(origin);
    `,
  },
];
