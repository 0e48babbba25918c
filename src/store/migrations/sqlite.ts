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
 * range scan with undated events last (as `NULLS LAST` does on PostgreSQL). `event_countries` has one row per (event, role, country) so the country filters are indexed.
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
        signature BLOB NOT NULL
      );
      CREATE INDEX documents_near_duplicate ON documents(near_duplicate_of) WHERE near_duplicate_of IS NOT NULL;

      CREATE TABLE events (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
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
      CREATE INDEX events_doc ON events(doc_id);
      CREATE INDEX events_cluster ON events(cluster_id, doc_id) WHERE cluster_id IS NOT NULL;
      CREATE INDEX events_unclustered ON events(date_first, id) WHERE cluster_id IS NULL;

      CREATE TABLE event_countries (
        event_n INTEGER NOT NULL REFERENCES events(n) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('actor', 'recipient', 'place')),
        country TEXT NOT NULL,
        PRIMARY KEY (event_n, role, country)
      ) WITHOUT ROWID;
      CREATE INDEX event_countries_country ON event_countries(country, role, event_n);

      CREATE TABLE lsh (
        band TEXT NOT NULL,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (band, doc_id)
      ) WITHOUT ROWID;
      CREATE INDEX lsh_doc ON lsh(doc_id);

      CREATE TABLE errors (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        origin TEXT NOT NULL,
        reason TEXT NOT NULL,
        raw TEXT,
        at TEXT NOT NULL
      );

      CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
      );
      CREATE VIRTUAL TABLE events_fts USING fts5(
        event_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
      );
    `,
  },
];
