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
 * Aggregations (version 2). The dashboard's counts run in SQL over narrow data, never over `record`: the trigger
 * span and the place (name, coordinates) are columns of `events`, and `event_edges` holds one row per (event,
 * actor node, recipient node) of the actor network (a node is the actor's English name, else its country), so the
 * network is a GROUP BY over one small indexed table. `corrections` keeps the analysts' corrections apart from the
 * coder's records, anchored to (document, trigger span, original type) rather than to the event id, which a
 * re-analysis may change. Publication days are indexed by the date part of `documents.published`.
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
    name: 'aggregation columns, actor network, corrections',
    sql: `
      ALTER TABLE events ADD COLUMN trigger_start INTEGER;
      ALTER TABLE events ADD COLUMN trigger_end INTEGER;
      ALTER TABLE events ADD COLUMN place_name TEXT;
      ALTER TABLE events ADD COLUMN place_lat REAL;
      ALTER TABLE events ADD COLUMN place_lon REAL;
      UPDATE events SET
        trigger_start = json_extract(record, '$.trigger.start'),
        trigger_end = json_extract(record, '$.trigger.end'),
        place_name = json_extract(record, '$.event_loc.name'),
        place_lat = json_extract(record, '$.event_loc.lat'),
        place_lon = json_extract(record, '$.event_loc.lon');
      -- The map reads only this index, never the wide event rows.
      CREATE INDEX events_place ON events(place_lat, place_lon, place_name, place_country, type)
        WHERE place_lat IS NOT NULL AND place_lon IS NOT NULL;

      CREATE TABLE event_edges (
        event_n INTEGER NOT NULL REFERENCES events(n) ON DELETE CASCADE,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        type TEXT NOT NULL,
        source_country TEXT,
        target_country TEXT,
        PRIMARY KEY (event_n, source, target)
      ) WITHOUT ROWID;
      CREATE INDEX event_edges_pair ON event_edges(source, target, type);
      CREATE INDEX event_edges_target ON event_edges(target);
      -- Each pair once, with the smallest country of the actors (and of the recipients) giving it, as the store writes it.
      INSERT INTO event_edges (event_n, source, target, type, source_country, target_country)
      SELECT n, source, target, type, min(source_country), min(target_country) FROM (
        SELECT e.n, e.type,
          coalesce(nullif(json_extract(a.value, '$.name'), ''), nullif(json_extract(a.value, '$.country'), '')) AS source,
          coalesce(nullif(json_extract(r.value, '$.name'), ''), nullif(json_extract(r.value, '$.country'), '')) AS target,
          nullif(json_extract(a.value, '$.country'), '') AS source_country,
          nullif(json_extract(r.value, '$.country'), '') AS target_country
        FROM events e, json_each(e.record, '$.actor') a, json_each(e.record, '$.recipient') r)
      WHERE source IS NOT NULL AND target IS NOT NULL
      GROUP BY n, source, target;

      CREATE INDEX documents_published_day ON documents(substr(published, 1, 10));

      CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        anchor_start INTEGER NOT NULL,
        anchor_end INTEGER NOT NULL,
        anchor_event TEXT NOT NULL,
        event_id TEXT NOT NULL,
        fields TEXT NOT NULL,
        wrong INTEGER NOT NULL CHECK (wrong IN (0, 1)),
        author TEXT,
        note TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX corrections_anchor ON corrections(doc_id, anchor_start, anchor_end, anchor_event);
    `,
  },
];
