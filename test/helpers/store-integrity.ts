/**
 * Read a store's tables directly (not through the Store interface) and say whether every stored document is whole:
 * its events rows are exactly the events of its stored analysis, each event's country rows and actor-network edges
 * match its record, and its search rows exist (on SQLite: for the documents the batched indexes cover, and none
 * beyond them). Used by test/crash-safety.test.ts after a `kill -9`, when a half-written document would show.
 * `countDocuments` is the cheap poll used while an ingest runs.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

/** What a store holds, read from its tables, and every inconsistency found (empty when every document is whole). */
export interface StoreIntegrity {
  /** Stored documents: id and content hash. */
  documents: Array<{ id: string; contentHash: string }>;
  /** Stored events. */
  events: number;
  /** Recorded errors: origin and reason. */
  errors: Array<{ origin: string; reason: string }>;
  /** One line per inconsistency (a half-written document, an orphan row, a missing search row). */
  problems: string[];
}

/** The parts of a stored event record the checks read. */
interface RecordShape {
  id: string;
  actor: Array<{ name?: string | null; country?: string | null }>;
  recipient: Array<{ name?: string | null; country?: string | null }>;
  event_loc?: { country?: string | null } | null;
}

/** The distinct countries of some actors. */
const countriesOf = (actors: RecordShape['actor']): string[] => [...new Set(actors.flatMap((a) => (a.country ? [a.country] : [])))].sort();

/** The number of actor-network edges an event implies: distinct actor nodes × distinct recipient nodes. */
function edgeCount(e: RecordShape): number {
  const nodes = (actors: RecordShape['actor']): number => new Set(actors.flatMap((a) => (a.name || a.country ? [a.name || a.country] : []))).size;
  return nodes(e.actor) * nodes(e.recipient);
}

/** The country rows an event implies: `role:country`, sorted. */
function countryRows(e: RecordShape): string[] {
  return [
    ...countriesOf(e.actor).map((c) => `actor:${c}`),
    ...countriesOf(e.recipient).map((c) => `recipient:${c}`),
    ...(e.event_loc?.country ? [`place:${e.event_loc.country}`] : []),
  ].sort();
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** The SQLite store file's integrity. */
export function sqliteIntegrity(path: string): StoreIntegrity {
  const db = new Database(path, { fileMustExist: true });
  try {
    const problems: string[] = [];
    const docs = db.prepare('SELECT n, id, content_hash AS contentHash, doc FROM documents ORDER BY n').all() as Array<{ n: number; id: string; contentHash: string; doc: string }>;
    const events = db.prepare('SELECT n, id, doc_n AS docN, record FROM events ORDER BY n').all() as Array<{ n: number; id: string; docN: number; record: string }>;
    const countryRowsOf = new Map<number, string[]>();
    for (const r of db.prepare('SELECT event_n AS n, role, country FROM event_countries').all() as Array<{ n: number; role: string; country: string }>) {
      countryRowsOf.set(r.n, [...(countryRowsOf.get(r.n) ?? []), `${r.role}:${r.country}`]);
    }
    const edgesOf = new Map<number, number>();
    for (const r of db.prepare('SELECT event_n AS n, count(*) AS c FROM event_edges GROUP BY event_n').all() as Array<{ n: number; c: number }>) edgesOf.set(r.n, r.c);
    const mark = (db.prepare("SELECT n FROM index_state WHERE name = 'indexed'").pluck().get() as number | undefined) ?? 0;
    const docFts = new Set(db.prepare('SELECT rowid FROM documents_fts').pluck().all() as number[]);
    const eventFts = new Set(db.prepare('SELECT rowid FROM events_fts').pluck().all() as number[]);
    const lshDocs = new Set(db.prepare('SELECT DISTINCT doc_n FROM lsh').pluck().all() as number[]);

    const docN = new Set(docs.map((d) => d.n));
    const eventsOf = new Map<number, typeof events>();
    for (const e of events) {
      if (!docN.has(e.docN)) problems.push(`event ${e.id}: its document (n ${e.docN}) is not stored`);
      eventsOf.set(e.docN, [...(eventsOf.get(e.docN) ?? []), e]);
    }
    for (const d of docs) {
      const analysis = JSON.parse(d.doc) as { events: RecordShape[] };
      const stored = eventsOf.get(d.n) ?? [];
      if (!sameList(analysis.events.map((e) => e.id).sort(), stored.map((e) => e.id).sort())) {
        problems.push(`document ${d.id}: ${analysis.events.length} events in its analysis, ${stored.length} event rows`);
      }
      for (const e of stored) {
        const record = JSON.parse(e.record) as RecordShape;
        if (!sameList(countryRows(record), (countryRowsOf.get(e.n) ?? []).sort())) problems.push(`event ${e.id}: country rows do not match its record`);
        if ((edgesOf.get(e.n) ?? 0) !== edgeCount(record)) problems.push(`event ${e.id}: ${edgesOf.get(e.n) ?? 0} network edges, its record implies ${edgeCount(record)}`);
        // The event search index covers exactly the events of the documents up to the mark.
        if (eventFts.has(e.n) !== d.n <= mark) problems.push(`event ${e.id}: ${eventFts.has(e.n) ? 'indexed beyond' : 'not indexed below'} the index mark ${mark}`);
      }
      if (docFts.has(d.n) !== d.n <= mark) problems.push(`document ${d.id}: ${docFts.has(d.n) ? 'indexed beyond' : 'not indexed below'} the index mark ${mark}`);
      if (lshDocs.has(d.n) !== d.n <= mark) problems.push(`document ${d.id}: ${lshDocs.has(d.n) ? 'has LSH rows beyond' : 'has no LSH rows below'} the index mark ${mark}`);
    }
    for (const n of docFts) if (!docN.has(n)) problems.push(`documents_fts row ${n} has no document`);
    const eventN = new Set(events.map((e) => e.n));
    for (const n of eventFts) if (!eventN.has(n)) problems.push(`events_fts row ${n} has no event`);
    for (const n of countryRowsOf.keys()) if (!eventN.has(n)) problems.push(`event_countries rows of a missing event ${n}`);
    for (const n of lshDocs) if (!docN.has(n)) problems.push(`lsh rows of a missing document ${n}`);
    const errors = db.prepare('SELECT origin, reason FROM errors ORDER BY id').all() as Array<{ origin: string; reason: string }>;
    return { documents: docs.map((d) => ({ id: d.id, contentHash: d.contentHash })), events: events.length, errors, problems };
  } finally {
    db.close();
  }
}

/** A PostgreSQL identifier, quoted. */
const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The PostgreSQL store's integrity (the store in `schema` of the database at `url`). */
export async function postgresIntegrity(url: string, schema: string): Promise<StoreIntegrity> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const s = ident(schema);
    const problems: string[] = [];
    const docs = (await client.query<{ id: string; content_hash: string; doc: string; bands: number; words: number }>(
      `SELECT id, content_hash, doc::text AS doc, (SELECT count(*)::int FROM ${s}.lsh l WHERE l.doc_id = d.id) AS bands, length(tsv) AS words FROM ${s}.documents d`,
    )).rows;
    const events = (await client.query<{ id: string; doc_id: string; record: string; actor_countries: string[]; recipient_countries: string[]; place_country: string | null; edges: number }>(
      `SELECT id, doc_id, record::text AS record, actor_countries, recipient_countries, place_country,
              (SELECT count(*)::int FROM ${s}.event_edges g WHERE g.event_id = e.id) AS edges
       FROM ${s}.events e`,
    )).rows;
    const eventsOf = new Map<string, typeof events>();
    const docIds = new Set(docs.map((d) => d.id));
    for (const e of events) {
      if (!docIds.has(e.doc_id)) problems.push(`event ${e.id}: its document ${e.doc_id} is not stored`);
      eventsOf.set(e.doc_id, [...(eventsOf.get(e.doc_id) ?? []), e]);
    }
    for (const d of docs) {
      const analysis = JSON.parse(d.doc) as { events: RecordShape[] };
      const stored = eventsOf.get(d.id) ?? [];
      if (!sameList(analysis.events.map((e) => e.id).sort(), stored.map((e) => e.id).sort())) {
        problems.push(`document ${d.id}: ${analysis.events.length} events in its analysis, ${stored.length} event rows`);
      }
      if (d.bands === 0) problems.push(`document ${d.id}: no LSH rows`);
      if (!(d.words > 0)) problems.push(`document ${d.id}: empty search vector`);
      for (const e of stored) {
        const record = JSON.parse(e.record) as RecordShape;
        if (!sameList(countriesOf(record.actor), [...e.actor_countries].sort()) || !sameList(countriesOf(record.recipient), [...e.recipient_countries].sort())
          || (record.event_loc?.country ?? null) !== e.place_country) {
          problems.push(`event ${e.id}: country columns do not match its record`);
        }
        if (e.edges !== edgeCount(record)) problems.push(`event ${e.id}: ${e.edges} network edges, its record implies ${edgeCount(record)}`);
      }
    }
    const errors = (await client.query<{ origin: string; reason: string }>(`SELECT origin, reason FROM ${s}.errors ORDER BY id`)).rows;
    return { documents: docs.map((d) => ({ id: d.id, contentHash: d.content_hash })), events: events.length, errors, problems };
  } finally {
    await client.end();
  }
}

/** Documents stored so far (0 while the store's tables do not exist yet). */
export async function countDocuments(db: string): Promise<number> {
  if (/^postgres(ql)?:\/\//i.test(db)) {
    const url = new URL(db);
    const schema = url.searchParams.get('schema') ?? 'public';
    url.searchParams.delete('schema');
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(schema)}.documents`)).rows[0]!.n;
    } catch {
      return 0;
    } finally {
      await client.end();
    }
  }
  let db_: Database.Database;
  try {
    db_ = new Database(db, { fileMustExist: true });
  } catch {
    return 0;
  }
  try {
    return db_.prepare('SELECT count(*) FROM documents').pluck().get() as number;
  } catch {
    return 0;
  } finally {
    db_.close();
  }
}
