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
];
