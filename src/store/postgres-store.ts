/**
 * The PostgreSQL store (`pg` pool), the scale-out backend of `Store`: several ingest workers on one database.
 *
 * A document, its events and its LSH bands are written by ONE statement (data-modifying CTEs): the document row is
 * inserted with `ON CONFLICT DO NOTHING` and the events and bands are inserted from its `RETURNING`, so a duplicate
 * (same id or content hash, also one a concurrent worker is inserting right now: the unique index makes us wait for
 * it) writes nothing and raises nothing. Events go in as one JSON array (`json_to_recordset`), one round trip per
 * document whatever its number of events. Every value reaches SQL as a bind parameter; the only SQL built at run
 * time is fixed fragments chosen by which filters are present (and the schema name, checked to be an identifier).
 *
 * Text that PostgreSQL cannot hold (NUL, lone surrogates) never makes a write fail: JSON columns are `json`, which
 * keeps `\u0000` escapes; `raw` is stored as a JSON string when needed; derived text columns get U+FFFD instead.
 *
 * The dashboard's aggregations (timeline, map, actor network, daily counts) are GROUP BY queries over the filter
 * `events` takes, reading columns and `event_edges` (written with the events, in the same statement), never the
 * JSON records. Analysts' corrections are rows of their own, anchored to (document, trigger span, original type),
 * and joined to the events they match.
 */
import pg from 'pg';
import type { PoolClient, QueryConfig, QueryResultRow } from 'pg';
import { foldString, foldText } from '../text/fold.js';
import type { AnnotatedDoc, PloverEvent, PloverType } from '../types.js';
import { postgresMigrations } from './migrations/postgres.js';
import { bytesToSignature, signatureToBytes, timexFirstDay } from './store-codec.js';
import type {
  ActorGraph,
  ClusterCandidate,
  Correction,
  DailyCounts,
  ErrorRow,
  EventFilter,
  EventPage,
  EventRow,
  MapPoint,
  NewCorrection,
  NewDocument,
  NewError,
  PutResult,
  SearchHit,
  Stats,
  Store,
  StoredDocument,
  StoredInput,
  StoredRaw,
  TimelineRow,
} from './store.js';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** Schema to use (created when missing) instead of the connection's default search path. */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

const DEFAULT_POOL_SIZE = 10;
const DEFAULT_EVENT_LIMIT = 100;
const MAX_EVENT_LIMIT = 10_000;
const DEFAULT_SEARCH_LIMIT = 20;
const DEFAULT_ERROR_LIMIT = 100;
const DEFAULT_MAP_LIMIT = 2_000;
const DEFAULT_GRAPH_LIMIT = 100;
/** Decimal places map points are grouped by (about a kilometre). */
const MAP_DECIMALS = 2;
const SET_CLUSTERS_BATCH = 5_000;
/** First key of the advisory locks this store takes (the second is the schema's hash). */
const LOCK_NAMESPACE = 0x6d617273; // 'mars'
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** `events.date_key` of an undated event: after every day in byte order (see the migration). */
const UNDATED_KEY = '~';

/** Connect to PostgreSQL at `url` (in `options.schema`, created when missing), apply pending migrations. */
export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const schema = options.schema === undefined ? null : checkSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    // Set in the startup packet, so every connection is in the schema before its first query.
    ...(schema === null ? {} : { options: `-c search_path=${quoteIdentifier(schema)}` }),
  });
  // An idle connection that dies (server restart) is dropped from the pool; the next query opens a new one.
  pool.on('error', () => {});
  try {
    if (schema !== null) await createSchema(pool, schema);
    const store = new PostgresStore(pool);
    await store.migrate();
    return store;
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}

/** A schema name must be a plain identifier: it is the one name spliced into SQL (quoted), never a value. */
function checkSchemaName(schema: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`PostgreSQL store: schema "${schema}" is not a plain identifier (letters, digits, _; at most 63; not starting with a digit)`);
  }
  return schema;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** CREATE SCHEMA IF NOT EXISTS races with itself (unique violation); an advisory lock serializes the creators. */
async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  await inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, `schema:${schema}`]);
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  });
}

/** Run `fn` in a transaction on one pooled connection; roll back on error. */
async function inTransaction<T>(pool: pg.Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is not given back to the pool.
    await client.query('ROLLBACK').catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Values: what PostgreSQL can hold, dates, signatures, cursors.

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;
const HAS_UNSTORABLE = new RegExp(UNSTORABLE.source, 'u');

/** Text for a derived or searchable column: NUL and lone surrogates (which PostgreSQL text cannot hold) become U+FFFD. */
function pgText(s: string): string;
function pgText(s: string | null): string | null;
function pgText(s: string | null): string | null {
  return s === null ? null : s.replace(UNSTORABLE, '\uFFFD');
}

/** The raw input as stored: as is, or as a JSON string (flagged) when it holds what text cannot, so it reads back exactly. */
function encodeRaw(raw: string): { raw: string; isJson: boolean } {
  return HAS_UNSTORABLE.test(raw) ? { raw: JSON.stringify(raw), isJson: true } : { raw, isJson: false };
}

function decodeRaw(raw: string, isJson: boolean): string {
  return isJson ? (JSON.parse(raw) as string) : raw;
}

/** The first day (YYYY-MM-DD) of a TIMEX3 date value, or null when it names no calendar period (PAST_REF, P1Y…). */
export const dateFirst = timexFirstDay;

/** A position in the (date_first NULLS LAST, id) order: the last row of a page. */
interface Cursor {
  dateFirst: string | null;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.dateFirst, c.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  let parsed: unknown = null;
  if (/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) {
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      parsed = null;
    }
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    (parsed[0] === null || (typeof parsed[0] === 'string' && DAY.test(parsed[0]))) &&
    typeof parsed[1] === 'string' &&
    parsed[1].length > 0 &&
    !HAS_UNSTORABLE.test(parsed[1]);
  if (!ok) {
    throw new Error(`events: invalid cursor "${cursor.slice(0, 80)}"; pass the \`next\` value of a previous page unchanged, or no cursor for the first page`);
  }
  const [dateFirstValue, id] = parsed as [string | null, string];
  return { dateFirst: dateFirstValue, id };
}

function checkDay(name: string, value: unknown): string {
  if (typeof value !== 'string' || !DAY.test(value)) throw new Error(`${name} must be a day (YYYY-MM-DD), got ${JSON.stringify(value)}`);
  return value;
}

/** A caller's row count for the unbounded lists (raw documents, unclustered events): a whole number, 0 at least. */
function rowCount(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
}

function pageSize(limit: number | undefined, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(MAX_EVENT_LIMIT, Math.max(1, Math.floor(limit)));
}

/** A filter's list of codes: strings only, upper-cased when asked (country codes), unstorable characters replaced. */
function codeList(values: unknown, upper: boolean): string[] {
  const list = Array.isArray(values) ? values : typeof values === 'string' ? [values] : [];
  return list.filter((v): v is string => typeof v === 'string').map((v) => pgText(upper ? v.toUpperCase() : v));
}

/** The folded, lower-cased words of a query, as the search matches them (none: the query can match nothing). */
function queryWords(q: string): string[] {
  return pgText(foldString(q)).toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}

/** The query text given to `plainto_tsquery`: folded like the stored text, so both go through one tokenizer. */
function foldedQuery(q: string): string {
  return pgText(foldString(q));
}

// ---------------------------------------------------------------------------------------------------------------
// Rows written: documents and events.

/** The folded title + text a document is searched by (the text already opens with the title when there is one). */
function documentFolded(doc: AnnotatedDoc): string {
  const text = doc.title && !doc.text.startsWith(doc.title) ? `${doc.title}\n${doc.text}` : doc.text;
  return pgText(foldString(text));
}

/** Distinct non-null countries of some actors. */
function countriesOf(actors: PloverEvent['actor']): string[] {
  return [...new Set(actors.flatMap((a) => (a.country ? [a.country] : [])))];
}

/** The folded, lower-cased actor texts and English names, one per line, for the `actor` substring filter. */
function actorSearchText(e: PloverEvent): string {
  return pgText(foldString(e.actor.flatMap((a) => (a.name ? [a.text, a.name] : [a.text])).join('\n')).toLowerCase());
}

/** An actor's node in the actor network: its English name when linked, else its country; null when neither. */
function actorNode(a: PloverEvent['actor'][number]): string | null {
  return a.name || a.country || null;
}

/** The smaller of two optional codes (null only when both are). */
function minCode(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a < b ? a : b;
}

/** The distinct actor, recipient and place countries of an event (what the country filter matches). */
function eventCountries(e: PloverEvent): string[] {
  const place = pgText(e.event_loc?.country ?? null);
  return [...new Set([...countriesOf(e.actor).map((c) => pgText(c)), ...countriesOf(e.recipient).map((c) => pgText(c)), ...(place ? [place] : [])])];
}

/**
 * An event's part of the actor network, as `event_edges` and `event_nodes` rows: its distinct (actor node,
 * recipient node) pairs, and the nodes of those pairs, each with the smallest country of the actors giving it (so
 * the choice does not depend on their order). None unless it has an actor and a recipient that are nodes.
 */
function networkRows(e: PloverEvent): { edges: Array<Record<string, unknown>>; nodes: Array<Record<string, unknown>> } {
  const side = (actors: PloverEvent['actor']): Map<string, string | null> => {
    const nodes = new Map<string, string | null>();
    for (const a of actors) {
      const node = actorNode(a);
      if (node !== null) nodes.set(pgText(node), minCode(nodes.get(pgText(node)) ?? null, pgText(a.country || null)));
    }
    return nodes;
  };
  const sources = side(e.actor);
  const targets = side(e.recipient);
  if (sources.size === 0 || targets.size === 0) return { edges: [], nodes: [] };
  const nodes = new Map(sources);
  for (const [node, country] of targets) nodes.set(node, minCode(nodes.get(node) ?? null, country));
  const common = { event_id: pgText(e.id), type: pgText(e.event), date_first: dateFirst(e.date), countries: eventCountries(e) };
  return {
    edges: [...sources.keys()].flatMap((source) => [...targets.keys()].map((target) => ({ ...common, source, target }))),
    nodes: [...nodes].map(([node, country]) => ({ ...common, node, country })),
  };
}

/** A coordinate as stored: a finite number, or null. */
function coordinate(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** One events row, as a `json_to_recordset` element (field names are the column names). */
function eventColumns(e: PloverEvent, seq: number): Record<string, unknown> {
  const actorCountries = countriesOf(e.actor).map(pgText);
  const recipientCountries = countriesOf(e.recipient).map(pgText);
  const placeCountry = pgText(e.event_loc?.country ?? null);
  return {
    id: pgText(e.id),
    seq,
    type: pgText(e.event),
    planned: pgText(e.planned),
    date: pgText(e.date),
    date_first: dateFirst(e.date),
    actor_countries: actorCountries,
    recipient_countries: recipientCountries,
    place_country: placeCountry,
    countries: eventCountries(e),
    actor_names: actorSearchText(e),
    confidence: e.confidence,
    folded: pgText(foldString(e.event_text)),
    trigger_start: e.trigger.start,
    trigger_end: e.trigger.end,
    place_name: pgText(e.event_loc?.name ?? null),
    map_lat: coordinate(e.event_loc?.lat),
    map_lon: coordinate(e.event_loc?.lon),
    // A JSON string inside the JSON array: json_to_recordset unescapes every value it reads, and would fail on a
    // \u0000 inside the record; this way the record's own escapes reach the json column untouched.
    record: JSON.stringify(e),
  };
}

/** The events of a document as one JSON parameter. */
function eventsJson(events: readonly PloverEvent[]): string {
  return JSON.stringify(events.map(eventColumns));
}

/** The actor network of a document's events as two JSON parameters: the edges and the nodes. */
function networkJson(events: readonly PloverEvent[]): { edges: string; nodes: string } {
  const rows = events.map(networkRows);
  return { edges: JSON.stringify(rows.flatMap((r) => r.edges)), nodes: JSON.stringify(rows.flatMap((r) => r.nodes)) };
}

/** Insert the events of `$json` for the document id `doc_id` (a column of `source`). */
const EVENTS_FROM_JSON = (json: string, source: string): string => `
  INSERT INTO events (id, doc_id, seq, type, planned, date, date_first, actor_countries, recipient_countries, place_country,
                      countries, actor_names, confidence, folded, record, trigger_start, trigger_end, place_name, map_lat, map_lon)
  SELECT x.id, ${source}.doc_id, x.seq, x.type, x.planned, x.date, x.date_first, x.actor_countries, x.recipient_countries,
         x.place_country, x.countries, x.actor_names, x.confidence, x.folded, x.record::json, x.trigger_start, x.trigger_end,
         x.place_name, round(x.map_lat::numeric, ${MAP_DECIMALS})::double precision, round(x.map_lon::numeric, ${MAP_DECIMALS})::double precision
  FROM ${source}, json_to_recordset(${json}::json) AS x(
    id text, seq integer, type text, planned text, date text, date_first text, actor_countries text[],
    recipient_countries text[], place_country text, countries text[], actor_names text, confidence double precision,
    folded text, record text, trigger_start integer, trigger_end integer, place_name text, map_lat double precision,
    map_lon double precision)`;

/** Insert the actor network edges of `$json` when `source` has a row (the document was inserted). */
const EDGES_FROM_JSON = (json: string, source: string): string => `
  INSERT INTO event_edges (event_id, source, target, type, date_first, countries)
  SELECT x.event_id, x.source, x.target, x.type, x.date_first, x.countries
  FROM ${source}, json_to_recordset(${json}::json) AS x(event_id text, source text, target text, type text, date_first text, countries text[])`;

/** Insert the actor network nodes of `$json` when `source` has a row (the document was inserted). */
const NODES_FROM_JSON = (json: string, source: string): string => `
  INSERT INTO event_nodes (event_id, node, type, date_first, countries, country)
  SELECT x.event_id, x.node, x.type, x.date_first, x.countries, x.country
  FROM ${source}, json_to_recordset(${json}::json) AS x(event_id text, node text, type text, date_first text, countries text[], country text)`;

const PUT_DOCUMENT: QueryConfig = {
  name: 'marsad_put_document',
  text: `
    WITH d AS (
      INSERT INTO documents (id, content_hash, origin, title, source, url, published, coder, raw, raw_is_json, input, doc,
                             near_duplicate_of, near_similarity, signature, folded)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
      ON CONFLICT DO NOTHING
      RETURNING id AS doc_id
    ), e AS (${EVENTS_FROM_JSON('$17', 'd')}
    ), g AS (${EDGES_FROM_JSON('$19', 'd')}
    ), n AS (${NODES_FROM_JSON('$20', 'd')}
    ), b AS (
      INSERT INTO lsh (band, doc_id) SELECT band, d.doc_id FROM d, unnest($18::text[]) AS band ON CONFLICT DO NOTHING
    )
    SELECT doc_id FROM d`,
};

// The content-hash match first: a new raw input of stored content answers with the stored document's id.
const FIND_DUPLICATE = 'SELECT id FROM documents WHERE content_hash = $1 OR id = $2 ORDER BY (content_hash = $1) DESC LIMIT 1';

// ---------------------------------------------------------------------------------------------------------------
// Rows read.

interface EventQueryRow {
  id: string;
  date_first: string | null;
  record: PloverEvent;
  doc_id: string;
  title: string | null;
  source: string | null;
  url: string | null;
  published: string | null;
  coder: string;
  cluster_id: string | null;
  cluster_size: number;
  c_id: string | null;
  c_doc_id: string | null;
  c_anchor_start: number | null;
  c_anchor_end: number | null;
  c_anchor_event: string | null;
  c_event_id: string | null;
  c_fields: CorrectedFields | null;
  c_wrong: boolean | null;
  c_author: string | null;
  c_note: string | null;
  c_at: Date | null;
}

/** A corrections row. */
interface CorrectionRow {
  id: string;
  doc_id: string;
  anchor_start: number;
  anchor_end: number;
  anchor_event: string;
  event_id: string;
  fields: CorrectedFields;
  wrong: boolean;
  author: string | null;
  note: string | null;
  at: Date;
}

/** The corrected fields kept as JSON: those the analyst gave. */
type CorrectedFields = Pick<NewCorrection, 'event' | 'actor' | 'recipient' | 'place' | 'date'>;

interface CandidateRow {
  id: string;
  doc_id: string;
  type: PloverType;
  planned: ClusterCandidate['planned'];
  date: string | null;
  actor_countries: string[];
  recipient_countries: string[];
  place_country: string | null;
  record: PloverEvent;
  cluster_id: string | null;
}

function toEventRow(r: EventQueryRow): EventRow {
  return {
    ...r.record,
    doc_id: r.doc_id,
    title: r.title,
    source: r.source,
    url: r.url,
    published: r.published,
    cluster_id: r.cluster_id,
    cluster_size: r.cluster_size,
    coder: r.coder,
    correction:
      r.c_id === null
        ? null
        : toCorrection({
            id: r.c_id,
            doc_id: r.c_doc_id!,
            anchor_start: r.c_anchor_start!,
            anchor_end: r.c_anchor_end!,
            anchor_event: r.c_anchor_event!,
            event_id: r.c_event_id!,
            fields: r.c_fields!,
            wrong: r.c_wrong!,
            author: r.c_author,
            note: r.c_note,
            at: r.c_at!,
          }),
  };
}

function toCorrection(r: CorrectionRow): Correction {
  return {
    id: Number(r.id),
    eventId: r.event_id,
    docId: r.doc_id,
    anchor: { start: r.anchor_start, end: r.anchor_end, event: r.anchor_event as PloverType },
    wrong: r.wrong,
    ...r.fields,
    author: r.author,
    note: r.note,
    at: r.at.toISOString(),
  };
}

function toCandidate(r: CandidateRow): ClusterCandidate {
  return {
    id: r.id,
    doc_id: r.doc_id,
    event: r.type,
    planned: r.planned,
    date: r.date,
    actorCountries: r.actor_countries,
    recipientCountries: r.recipient_countries,
    placeCountry: r.place_country,
    event_text: r.record.event_text,
    cluster_id: r.cluster_id,
  };
}

// The whole record, not record->>'event_text': PostgreSQL's JSON operators fail on a \u0000 anywhere in the value.
const CANDIDATE_COLUMNS = 'id, doc_id, type, planned, date, actor_countries, recipient_countries, place_country, record, cluster_id';

/** A passage of `text` (display form) around the first place a query word occurs in its folded form. */
function snippet(text: string, words: readonly string[]): string {
  const folded = foldText(text);
  const haystack = folded.text.toLowerCase();
  let at = -1;
  let len = 0;
  for (const w of words) {
    const i = haystack.indexOf(w);
    if (i !== -1 && (at === -1 || i < at)) [at, len] = [i, w.length];
  }
  let start = 0;
  let end = Math.min(text.length, 160);
  if (at !== -1 && haystack.length === folded.text.length) {
    start = folded.map[Math.max(0, at - 60)]!;
    end = folded.map[Math.min(folded.text.length, at + len + 100)]!;
    // Widen to whole words so the passage does not open or close inside one.
    while (start > 0 && !/\s/u.test(text[start - 1]!)) start--;
    while (end < text.length && !/\s/u.test(text[end]!)) end++;
  }
  const passage = text.slice(start, end).replace(/\s+/gu, ' ').trim();
  return `${start > 0 ? '… ' : ''}${passage}${end < text.length ? ' …' : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The store.

/** Bind parameters of a query being built: `add` returns the placeholder of a value. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The PostgreSQL `Store`. */
class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private closed = false;
  /** Changes seen by the listener (migration 3's notifications of this schema), and its (re)connections. */
  private changes = 0;
  /** The connection that listens for `marsad_changed`, once `dataVersion` was asked. */
  private listener: pg.PoolClient | null = null;
  private listening: Promise<void> | null = null;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  private async query<R extends QueryResultRow>(query: string | QueryConfig, values?: unknown[]): Promise<R[]> {
    const result = typeof query === 'string' ? await this.pool.query<R>(query, values) : await this.pool.query<R>({ ...query, ...(values ? { values } : {}) });
    return result.rows;
  }

  /** Each pending migration in its own transaction, under an advisory lock so concurrent starters apply it once. */
  async migrate(): Promise<void> {
    for (const m of postgresMigrations) {
      await inTransaction(this.pool, async (c) => {
        await c.query("SELECT pg_advisory_xact_lock($1, hashtext('migrate:' || current_schema()))", [LOCK_NAMESPACE]);
        await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
        const newest = postgresMigrations.at(-1)?.version ?? 0;
        const recorded = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
        const v = recorded.rows[0]?.v ?? 0;
        if (v > newest) throw new Error(`PostgreSQL store: the database is at schema version ${v}, newer than this marsad knows (${newest}); upgrade marsad`);
        const applied = await c.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
        if (applied.rowCount) return;
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      });
    }
  }

  async hasDocument(id: string): Promise<boolean> {
    const rows = await this.query({ name: 'marsad_has_document', text: 'SELECT 1 FROM documents WHERE id = $1' }, [pgText(id)]);
    return rows.length > 0;
  }

  async findByContent(contentHash: string): Promise<string | null> {
    const rows = await this.query<{ id: string }>({ name: 'marsad_find_by_content', text: 'SELECT id FROM documents WHERE content_hash = $1' }, [pgText(contentHash)]);
    return rows[0]?.id ?? null;
  }

  async nearDuplicateCandidates(bands: readonly string[], limit = 50): Promise<Array<{ id: string; signature: Uint32Array }>> {
    if (bands.length === 0) return [];
    const rows = await this.query<{ id: string; signature: Buffer }>(
      {
        name: 'marsad_near_duplicate_candidates',
        text: `SELECT d.id, d.signature FROM (
                 SELECT doc_id, count(*) AS shared FROM lsh WHERE band = ANY($1::text[]) GROUP BY doc_id ORDER BY shared DESC, doc_id LIMIT $2
               ) c JOIN documents d ON d.id = c.doc_id
               ORDER BY c.shared DESC, d.id`,
      },
      [bands.map(pgText), limit],
    );
    return rows.map((r) => ({ id: r.id, signature: bytesToSignature(r.signature) }));
  }

  /**
   * During a bulk ingest the planner's statistics lag behind the growing tables (autovacuum analyzes about once a
   * minute): without them it reads the whole LSH table for every near-duplicate look-up, which makes ingest
   * quadratic. So this store analyzes the tables itself after its 100th, 1,000th, 10,000th … document.
   */
  private inserts = 0;
  private async refreshStatistics(): Promise<void> {
    this.inserts++;
    if (this.inserts < 100 || !Number.isInteger(Math.log10(this.inserts))) return;
    await this.query({ name: 'marsad_analyze', text: 'ANALYZE lsh, documents, events' }, []);
  }

  async putDocument(d: NewDocument): Promise<PutResult> {
    const { doc } = d;
    const raw = encodeRaw(d.raw);
    const network = networkJson(doc.events);
    const values = [
      pgText(doc.id),
      pgText(d.contentHash),
      pgText(d.origin),
      pgText(doc.title),
      pgText(doc.source),
      pgText(doc.url),
      pgText(doc.published),
      pgText(doc.coder),
      raw.raw,
      raw.isJson,
      JSON.stringify(d.input),
      JSON.stringify(doc),
      pgText(d.nearDuplicateOf?.id ?? null),
      d.nearDuplicateOf?.similarity ?? null,
      signatureToBytes(d.signature),
      documentFolded(doc),
      eventsJson(doc.events),
      [...new Set(d.bands)].map(pgText),
      network.edges,
      network.nodes,
    ];
    // A conflicting row can vanish between the insert and the look-up only if it is deleted meanwhile: try again then.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.query<{ doc_id: string }>(PUT_DOCUMENT, values);
      if (inserted[0]) {
        await this.refreshStatistics();
        return { status: 'inserted', id: inserted[0].doc_id };
      }
      const existing = await this.query<{ id: string }>(FIND_DUPLICATE, [values[1], values[0]]);
      if (existing[0]) return { status: 'duplicate', id: existing[0].id };
    }
    throw new Error(`putDocument: document ${doc.id} conflicts with a stored one that keeps disappearing`);
  }

  async putError(e: NewError): Promise<void> {
    const raw = e.raw === null ? null : encodeRaw(e.raw);
    // An input that fails again for the same reason (the same command run again after a crash) is recorded once.
    await this.query(`INSERT INTO errors (origin, reason, raw, raw_is_json)
      SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM errors WHERE origin = $1 AND reason = $2)`, [
      pgText(e.origin),
      pgText(e.reason),
      raw?.raw ?? null,
      raw?.isJson ?? false,
    ]);
  }

  async errors(options: { limit?: number } = {}): Promise<ErrorRow[]> {
    const rows = await this.query<{ id: string; origin: string; reason: string; raw: string | null; raw_is_json: boolean; at: Date }>(
      'SELECT id, origin, reason, raw, raw_is_json, at FROM errors ORDER BY id DESC LIMIT $1',
      [pageSize(options.limit, DEFAULT_ERROR_LIMIT)],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      origin: r.origin,
      reason: r.reason,
      raw: r.raw === null ? null : decodeRaw(r.raw, r.raw_is_json),
      at: r.at.toISOString(),
    }));
  }

  async document(id: string): Promise<StoredDocument | null> {
    const rows = await this.query<{
      id: string;
      content_hash: string;
      origin: string;
      raw: string;
      raw_is_json: boolean;
      input: StoredInput;
      doc: AnnotatedDoc;
      near_duplicate_of: string | null;
      near_similarity: number | null;
      ingested_at: Date;
    }>(
      `SELECT id, content_hash, origin, raw, raw_is_json, input, doc, near_duplicate_of, near_similarity, ingested_at
       FROM documents WHERE id = $1`,
      [pgText(id)],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      contentHash: r.content_hash,
      origin: r.origin,
      raw: decodeRaw(r.raw, r.raw_is_json),
      input: r.input,
      doc: r.doc,
      nearDuplicateOf: r.near_duplicate_of === null ? null : { id: r.near_duplicate_of, similarity: r.near_similarity ?? 0 },
      ingestedAt: r.ingested_at.toISOString(),
    };
  }

  async events(filter: EventFilter): Promise<EventPage> {
    const limit = pageSize(filter.limit, DEFAULT_EVENT_LIMIT);
    const p = new Params();
    const conditions = this.eventConditions(filter, p);
    if (conditions === null) return { rows: [], next: null };
    const desc = filter.order === 'desc';
    // Newest first lists the dated events only (undated ones sort after every day).
    const where = desc ? [...onEvents(conditions), `e.date_key <> '${UNDATED_KEY}'`] : onEvents(conditions);
    const after = filter.cursor ? afterCursor(decodeCursor(filter.cursor), p, desc) : null;
    const rows = await this.query<EventQueryRow>(
      filter.onePerCluster ? onePerClusterQuery(where, after, p.add(limit + 1), desc) : eventsQuery(where, after, p.add(limit + 1), desc),
      p.values,
    );
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = more ? page[page.length - 1]! : null;
    return { rows: page.map(toEventRow), next: last ? encodeCursor({ dateFirst: last.date_first, id: last.id }) : null };
  }

  /** The conditions of the events a filter matches, for the aggregations (one per cluster when asked); null: none. */
  private matching(filter: EventFilter, p: Params): FilterConditions | null {
    const conditions = this.eventConditions(filter, p);
    if (conditions === null || !filter.onePerCluster) return conditions;
    // The same representatives as `events({ onePerCluster })` gives.
    return { narrow: [], wide: [`e.id IN (${representatives(onEvents(conditions))})`] };
  }

  async timeline(filter: EventFilter, bucket: 'day' | 'week' | 'month'): Promise<TimelineRow[]> {
    if (!Object.hasOwn(PERIOD_OF_DAY, bucket)) throw new Error(`timeline: bucket must be day, week or month, got "${String(bucket)}"`);
    const p = new Params();
    const conditions = this.matching(filter, p);
    if (conditions === null) return [];
    // Days first (an index-only scan of events_agg), then each distinct day into its period (materialized, or
    // PostgreSQL computes the period again for every row of the join).
    const days = `SELECT e.type AS event, e.date_first AS day, count(*) AS n FROM events e
      ${whereClause([...onEvents(conditions), 'e.date_first IS NOT NULL'])}
      GROUP BY e.type, e.date_first`;
    const rows = await this.query<{ period: string; event: PloverType; count: string }>(
      bucket === 'day'
        ? `SELECT day AS period, event, n AS count FROM (${days}) g ORDER BY day, event COLLATE "C"`
        : `WITH g AS (${days}),
           d AS MATERIALIZED (SELECT day, ${PERIOD_OF_DAY[bucket]('day')} AS period FROM (SELECT DISTINCT day FROM g) x)
           SELECT d.period, g.event, sum(g.n) AS count FROM g JOIN d ON d.day = g.day
           WHERE d.period IS NOT NULL
           GROUP BY d.period, g.event ORDER BY d.period COLLATE "C", g.event COLLATE "C"`,
      p.values,
    );
    return rows.map((r) => ({ period: r.period, event: r.event, count: Number(r.count) }));
  }

  async mapPoints(filter: EventFilter, limit?: number): Promise<MapPoint[]> {
    const p = new Params();
    const conditions = this.matching(filter, p);
    if (conditions === null) return [];
    // Per place and type (an index-only scan of events_place), then per place.
    const rows = await this.query<{ lat: number; lon: number; name: string; country: string | null; count: string; by_type: MapPoint['byType'] }>(
      `WITH g AS (
         SELECT e.map_lat AS lat, e.map_lon AS lon, e.place_name AS name, e.place_country AS country, e.type AS event, count(*) AS n
         FROM events e ${whereClause([...onEvents(conditions), 'e.map_lat IS NOT NULL', 'e.map_lon IS NOT NULL'])}
         GROUP BY e.map_lat, e.map_lon, e.place_name, e.place_country, e.type)
       SELECT lat, lon, name, country, sum(n) AS count, json_object_agg(event, n) AS by_type
       FROM g GROUP BY lat, lon, name, country
       ORDER BY count DESC, name, country COLLATE "C" NULLS FIRST, lat, lon
       LIMIT ${p.add(pageSize(limit, DEFAULT_MAP_LIMIT))}`,
      p.values,
    );
    return rows.map((r) => ({ lat: r.lat, lon: r.lon, name: r.name, country: r.country, count: Number(r.count), byType: r.by_type }));
  }

  async actorGraph(filter: EventFilter, limit?: number): Promise<ActorGraph> {
    const p = new Params();
    const conditions = this.matching(filter, p);
    if (conditions === null) return { nodes: [], edges: [] };
    const wide = conditions.wide.length > 0;
    const narrow = (alias: string): string[] => conditions.narrow.map((f) => f(alias));
    // With a condition on the events, the events it matches are found once (`m`) and their edges kept (`me`): joins,
    // not IN lists, which PostgreSQL may scan again for every row when they outgrow work_mem.
    const edgeRows = wide ? 'me' : 'event_edges';
    const edgeWhere = (alias: string): string[] => (wide ? [] : narrow(alias));
    // One statement, one snapshot: the busiest pairs, the types of each, and their nodes. A node counts the
    // matching events of the network it takes part in, as actor or recipient.
    const rows = await this.query<{ kind: 'edge' | 'node'; a: string; b: string | null; count: string; extra: string | null }>(
      `WITH ${wide ? `m AS MATERIALIZED (SELECT e.id FROM events e ${whereClause(conditions.wide)}),
         me AS MATERIALIZED (SELECT x.source, x.target, x.type FROM event_edges x JOIN m ON m.id = x.event_id ${whereClause(narrow('x'))}),` : ''}
       top AS MATERIALIZED (
         SELECT x.source, x.target, count(*) AS count FROM ${edgeRows} x ${whereClause(edgeWhere('x'))}
         GROUP BY x.source, x.target ORDER BY count DESC, x.source, x.target
         LIMIT ${p.add(pageSize(limit, DEFAULT_GRAPH_LIMIT))}),
       t AS MATERIALIZED (
         SELECT y.source, y.target, y.type, count(*) AS n FROM top JOIN ${edgeRows} y ON y.source = top.source AND y.target = top.target
         ${whereClause(edgeWhere('y'))}
         GROUP BY y.source, y.target, y.type),
       used AS (SELECT source AS node FROM top UNION SELECT target FROM top)
       SELECT 'edge' AS kind, top.source AS a, top.target AS b, top.count AS count,
         (SELECT json_object_agg(t.type, t.n) FROM t WHERE t.source = top.source AND t.target = top.target)::text AS extra
       FROM top
       UNION ALL
       SELECT 'node', x.node, NULL, count(*), min(x.country) FROM event_nodes x ${wide ? 'JOIN m ON m.id = x.event_id' : ''}
       ${whereClause(['x.node IN (SELECT node FROM used)', ...narrow('x')])}
       GROUP BY x.node
       ORDER BY kind, count DESC, a, b`,
      p.values,
    );
    return {
      nodes: rows.filter((r) => r.kind === 'node').map((r) => ({ id: r.a, label: r.a, country: r.extra, count: Number(r.count) })),
      edges: rows
        .filter((r) => r.kind === 'edge')
        .map((r) => ({ source: r.a, target: r.b!, count: Number(r.count), byType: JSON.parse(r.extra!) as ActorGraph['edges'][number]['byType'] })),
    };
  }

  async latestPublicationDay(): Promise<string | null> {
    // The expression of the documents_published_day index: the maximum is its last entry.
    const rows = await this.query<{ day: string | null }>('SELECT max(left(published, 10)) AS day FROM documents');
    return rows[0]?.day ?? null;
  }

  async dailyCounts(since: string, until: string): Promise<DailyCounts> {
    const range = [checkDay('dailyCounts: since', since), checkDay('dailyCounts: until', until)];
    const [events, documents] = await Promise.all([
      // `countries` holds each country once per event, so an event counts once per country.
      this.query<{ day: string; country: string; event: PloverType; count: string }>(
        `SELECT e.date_first AS day, c AS country, e.type AS event, count(*) AS count
         FROM events e, unnest(e.countries) AS c
         WHERE e.date_first >= $1 AND e.date_first <= $2
         GROUP BY e.date_first, c, e.type ORDER BY e.date_first, c COLLATE "C", e.type COLLATE "C"`,
        range,
      ),
      // The expression of the documents_published_day index.
      this.query<{ day: string; count: string }>(
        `SELECT left(published, 10) AS day, count(*) AS count FROM documents
         WHERE left(published, 10) >= $1 AND left(published, 10) <= $2 AND left(published, 10) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
         GROUP BY left(published, 10) ORDER BY left(published, 10) COLLATE "C"`,
        range,
      ),
    ]);
    return {
      events: events.map((r) => ({ day: r.day, country: r.country, event: r.event, count: Number(r.count) })),
      documents: documents.map((r) => ({ day: r.day, count: Number(r.count) })),
    };
  }

  async putCorrection(c: NewCorrection): Promise<Correction> {
    const fields: CorrectedFields = {};
    if (c.event !== undefined) fields.event = c.event;
    if (c.actor !== undefined) fields.actor = c.actor;
    if (c.recipient !== undefined) fields.recipient = c.recipient;
    if (c.place !== undefined) fields.place = c.place;
    if (c.date !== undefined) fields.date = c.date;
    // The anchor is read and the correction written by one statement: a re-analysis cannot slip in between.
    const rows = await this.query<CorrectionRow>(
      `INSERT INTO corrections (doc_id, anchor_start, anchor_end, anchor_event, event_id, fields, wrong, author, note)
       SELECT e.doc_id, e.trigger_start, e.trigger_end, e.type, e.id, $2::json, $3, $4, $5 FROM events e WHERE e.id = $1
       RETURNING *`,
      [pgText(c.eventId), JSON.stringify(fields), c.wrong === true, pgText(c.author ?? null), pgText(c.note ?? null)],
    );
    if (!rows[0]) throw new Error(`unknown event ${c.eventId}`);
    return toCorrection(rows[0]);
  }

  async corrections(eventId?: string): Promise<Correction[]> {
    const rows =
      eventId === undefined
        ? await this.query<CorrectionRow>('SELECT * FROM corrections ORDER BY id')
        : // The event's current anchor: after a re-analysis, the corrections follow the event with the same one.
          await this.query<CorrectionRow>(
            `SELECT c.* FROM events e
             JOIN corrections c ON c.doc_id = e.doc_id AND c.anchor_start = e.trigger_start AND c.anchor_end = e.trigger_end AND c.anchor_event = e.type
             WHERE e.id = $1 ORDER BY c.id`,
            [pgText(eventId)],
          );
    return rows.map(toCorrection);
  }

  /**
   * The WHERE conditions of a filter (fixed SQL, values as parameters); null when nothing can match. The type, day
   * and country conditions are written for any row alias (`event_edges` repeats those columns); the others are
   * over `events e`.
   */
  private eventConditions(filter: EventFilter, p: Params): FilterConditions | null {
    const narrow: FilterConditions['narrow'] = [];
    const wide: string[] = [];
    if (filter.since !== undefined) {
      const since = p.add(checkDay('events: since', filter.since));
      narrow.push((a) => `${a}.date_first >= ${since}`);
    }
    if (filter.until !== undefined) {
      const until = p.add(checkDay('events: until', filter.until));
      narrow.push((a) => `${a}.date_first <= ${until}`);
    }
    const types = codeList(filter.type, false);
    if (types.length > 0) {
      const list = p.add(types);
      narrow.push((a) => `${a}.type = ANY(${list}::text[])`);
    }
    const countries = codeList(filter.country, true);
    if (countries.length > 0) {
      const list = p.add(countries);
      narrow.push((a) => `${a}.countries && ${list}::text[]`);
    }
    const actor = typeof filter.actor === 'string' ? filter.actor.trim() : '';
    if (actor !== '') {
      wide.push(`(strpos(e.actor_names, ${p.add(pgText(foldString(actor)).toLowerCase())}) > 0 OR ${p.add(pgText(actor.toUpperCase()))} = ANY(e.actor_countries))`);
    }
    if (filter.q !== undefined) {
      const q = String(filter.q);
      if (queryWords(q).length === 0) return null;
      wide.push(`e.tsv @@ plainto_tsquery('simple', ${p.add(foldedQuery(q))})`);
    }
    return { narrow, wide };
  }

  async search(q: string, options: { limit?: number } = {}): Promise<SearchHit[]> {
    const words = queryWords(q);
    if (words.length === 0) return [];
    // The whole document, not doc->>'text': PostgreSQL's JSON operators fail on a \u0000 anywhere in the value.
    const rows = await this.query<{ id: string; title: string | null; source: string | null; published: string | null; doc: AnnotatedDoc }>(
      `SELECT d.id, d.title, d.source, d.published, d.doc
       FROM documents d, plainto_tsquery('simple', $1) AS query
       WHERE d.tsv @@ query
       ORDER BY ts_rank(d.tsv, query) DESC, d.id
       LIMIT $2`,
      [foldedQuery(q), pageSize(options.limit, DEFAULT_SEARCH_LIMIT)],
    );
    return rows.map((r) => ({ id: r.id, title: r.title, source: r.source, published: r.published, snippet: snippet(r.doc.text, words) }));
  }

  /**
   * The number of change notifications this schema's triggers sent since the store started listening (at the first
   * call), bumped too when the listening connection is (re)opened, since changes made while nobody listened are unseen.
   * A change committed by another process is seen once its notification arrives (PostgreSQL sends it at commit).
   */
  async dataVersion(): Promise<string> {
    if (this.listener === null) await this.listen();
    return String(this.changes);
  }

  private listen(): Promise<void> {
    this.listening ??= (async () => {
      const client = await this.pool.connect();
      try {
        const schema = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
        client.on('notification', (n) => {
          if (n.channel === 'marsad_changed' && n.payload === schema) this.changes++;
        });
        client.on('error', () => this.dropListener(client));
        await client.query('LISTEN marsad_changed');
        this.listener = client;
        this.changes++;
      } catch (error) {
        client.release(true);
        throw error;
      }
    })().finally(() => {
      this.listening = null;
    });
    return this.listening;
  }

  private dropListener(client: pg.PoolClient): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.changes++;
    client.release(true);
  }

  async stats(): Promise<Stats> {
    const [counts, byTypeRows, byCountryRows] = await Promise.all([
      this.query<{ documents: string; events: string; clusters: string; errors: string; near_duplicates: string }>(`SELECT
        (SELECT count(*) FROM documents) AS documents,
        (SELECT count(*) FROM events) AS events,
        (SELECT count(DISTINCT cluster_id) FROM events) AS clusters,
        (SELECT count(*) FROM errors) AS errors,
        (SELECT count(*) FROM documents WHERE near_duplicate_of IS NOT NULL) AS near_duplicates`),
      this.query<{ k: string; n: string }>('SELECT type AS k, count(*) AS n FROM events GROUP BY type ORDER BY n DESC, k'),
      // `countries` holds each country once per event, so an event counts once per country.
      this.query<{ k: string; n: string }>('SELECT c AS k, count(*) AS n FROM events, unnest(countries) AS c GROUP BY c ORDER BY n DESC, k'),
    ]);
    const c = counts[0]!;
    return {
      documents: Number(c.documents),
      events: Number(c.events),
      clusters: Number(c.clusters),
      errors: Number(c.errors),
      nearDuplicates: Number(c.near_duplicates),
      byType: Object.fromEntries(byTypeRows.map((r) => [r.k, Number(r.n)])),
      byCountry: Object.fromEntries(byCountryRows.map((r) => [r.k, Number(r.n)])),
    };
  }

  async rawDocuments(after: string | null, limit: number): Promise<StoredRaw[]> {
    const rows = await this.query<{ id: string; raw: string; raw_is_json: boolean; input: StoredInput; origin: string }>(
      'SELECT id, raw, raw_is_json, input, origin FROM documents WHERE id > $1 ORDER BY id LIMIT $2',
      [pgText(after ?? ''), rowCount(limit)],
    );
    return rows.map((r) => ({ id: r.id, raw: decodeRaw(r.raw, r.raw_is_json), input: r.input, origin: r.origin }));
  }

  async replaceAnalysis(id: string, doc: AnnotatedDoc): Promise<void> {
    if (doc.id !== id) throw new Error(`replaceAnalysis: the analysis is of document ${doc.id}, not ${id}`);
    await inTransaction(this.pool, async (c) => {
      const updated = await c.query(
        `UPDATE documents SET title = $2, source = $3, url = $4, published = $5, coder = $6, doc = $7, folded = $8
         WHERE id = $1 RETURNING id AS doc_id`,
        [pgText(id), pgText(doc.title), pgText(doc.source), pgText(doc.url), pgText(doc.published), pgText(doc.coder), JSON.stringify(doc), documentFolded(doc)],
      );
      if (!updated.rowCount) throw new Error(`replaceAnalysis: no stored document ${id}`);
      await c.query('DELETE FROM events WHERE doc_id = $1', [pgText(id)]);
      // New events start unclustered: the next clustering pass places them.
      await c.query(`WITH d AS (SELECT $1::text AS doc_id) ${EVENTS_FROM_JSON('$2', 'd')}`, [pgText(id), eventsJson(doc.events)]);
      const network = networkJson(doc.events);
      await c.query(`WITH d AS (SELECT 1), g AS (${EDGES_FROM_JSON('$1', 'd')}) ${NODES_FROM_JSON('$2', 'd')}`, [network.edges, network.nodes]);
    });
  }

  async unclusteredEvents(limit: number): Promise<ClusterCandidate[]> {
    const rows = await this.query<CandidateRow>(
      `SELECT ${CANDIDATE_COLUMNS} FROM events WHERE cluster_id IS NULL ORDER BY date_key, id LIMIT $1`,
      [rowCount(limit)],
    );
    return rows.map(toCandidate);
  }

  async clusterCandidates(type: PloverType, from: string, to: string): Promise<ClusterCandidate[]> {
    const rows = await this.query<CandidateRow>(
      `SELECT ${CANDIDATE_COLUMNS} FROM events WHERE type = $1 AND date_first >= $2 AND date_first <= $3 ORDER BY date_first, id`,
      [pgText(type), checkDay('clusterCandidates: from', from), checkDay('clusterCandidates: to', to)],
    );
    return rows.map(toCandidate);
  }

  async setClusters(assignments: ReadonlyArray<{ eventId: string; clusterId: string }>): Promise<void> {
    if (assignments.length === 0) return;
    // The last assignment of an event wins; rows are updated in id order so concurrent passes lock in one order.
    const byEvent = new Map<string, string>();
    for (const a of assignments) byEvent.set(pgText(a.eventId), pgText(a.clusterId));
    const sorted = [...byEvent].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await inTransaction(this.pool, async (c) => {
      for (let i = 0; i < sorted.length; i += SET_CLUSTERS_BATCH) {
        const batch = sorted.slice(i, i + SET_CLUSTERS_BATCH);
        await c.query(
          `UPDATE events e SET cluster_id = v.cluster_id
           FROM unnest($1::text[], $2::text[]) AS v(id, cluster_id) WHERE e.id = v.id`,
          [batch.map(([eventId]) => eventId), batch.map(([, clusterId]) => clusterId)],
        );
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.listener !== null) {
      const client = this.listener;
      this.listener = null;
      client.release(true);
    }
    await this.pool.end();
  }
}

/** The condition "after the cursor" in (date_first NULLS LAST, id) order: a range of the (date_key, id) index. */
function afterCursor(c: Cursor, p: Params, desc: boolean): string {
  return `(e.date_key, e.id) ${desc ? '<' : '>'} (${p.add(c.dateFirst ?? UNDATED_KEY)}, ${p.add(c.id)})`;
}

const EVENT_ROW_COLUMNS = `e.id, e.date_first, e.record, e.doc_id, d.title, d.source, d.url, d.published, d.coder, e.cluster_id,
  CASE WHEN e.cluster_id IS NULL THEN 1
       ELSE (SELECT count(DISTINCT x.doc_id) FROM events x WHERE x.cluster_id = e.cluster_id) END::integer AS cluster_size,
  ${['id', 'doc_id', 'anchor_start', 'anchor_end', 'anchor_event', 'event_id', 'fields', 'wrong', 'author', 'note', 'at'].map((c) => `c.${c} AS c_${c}`).join(', ')}`;

/** The latest correction anchored to the event `e` (same document, trigger span and type), as `c`; null columns when none. */
const LATEST_CORRECTION = `LEFT JOIN LATERAL (
    SELECT * FROM corrections x
    WHERE x.doc_id = e.doc_id AND x.anchor_start = e.trigger_start AND x.anchor_end = e.trigger_end AND x.anchor_event = e.type
    ORDER BY x.id DESC LIMIT 1) c ON true`;

/** The first day of a timeline period from the first day of an event's date (`day`, a SQL expression). */
const PERIOD_OF_DAY: Record<'day' | 'week' | 'month', (day: string) => string> = {
  day: (day) => day,
  // A day past the month's end runs into the next month (2020-02-30 is 2020-03-01, as SQLite reads it); a
  // malformed one has no period.
  week: (day) => `(SELECT to_char(d - (extract(isodow FROM d)::integer - 1), 'YYYY-MM-DD') FROM (
      SELECT CASE WHEN ${day} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' AND left(${day}, 4) <> '0000'
        THEN make_date(left(${day}, 4)::integer, substr(${day}, 6, 2)::integer, 1) + (substr(${day}, 9, 2)::integer - 1) END AS d) w)`,
  month: (day) => `left(${day}, 8) || '01'`,
};

/** A WHERE clause of conditions (none: no clause). */
function whereClause(conditions: readonly string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** The conditions of a filter, by what they read. */
interface FilterConditions {
  /** Over the type, first day and countries (which `event_edges` and `event_nodes` repeat), for a row alias. */
  narrow: Array<(alias: string) => string>;
  /** Over `events e`. */
  wide: string[];
}

/** A filter's conditions over `events e`. */
function onEvents(c: FilterConditions): string[] {
  return [...c.narrow.map((f) => f('e')), ...c.wide];
}


/** The ids of the cluster representatives among the events matching `where`: per cluster, the most confident. */
function representatives(where: readonly string[]): string {
  return `SELECT DISTINCT ON (e.cluster_id IS NULL, coalesce(e.cluster_id, e.id)) e.id
      FROM events e ${whereClause(where)}
      ORDER BY e.cluster_id IS NULL, coalesce(e.cluster_id, e.id), e.confidence DESC, e.date_key, e.id`;
}

/** One page of the events matching `where` (conditions over `events e`), after the cursor condition if any. */
function eventsQuery(where: readonly string[], after: string | null, limit: string, desc: boolean): string {
  const conditions = after ? [...where, after] : where;
  const order = desc ? 'DESC' : '';
  return `SELECT ${EVENT_ROW_COLUMNS}
    FROM events e JOIN documents d ON d.id = e.doc_id ${LATEST_CORRECTION}
    ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
    ORDER BY e.date_key ${order}, e.id ${order}
    LIMIT ${limit}`;
}

/**
 * One page of cluster representatives: per cluster (an unclustered event is its own), the most confident of the
 * events matching `where`. They are chosen before the cursor applies, so every page sees the same representatives.
 */
function onePerClusterQuery(where: readonly string[], after: string | null, limit: string, desc: boolean): string {
  const order = desc ? 'DESC' : '';
  return `WITH m AS (${representatives(where)})
    SELECT ${EVENT_ROW_COLUMNS}
    FROM m JOIN events e ON e.id = m.id JOIN documents d ON d.id = e.doc_id ${LATEST_CORRECTION}
    ${after ? `WHERE ${after}` : ''}
    ORDER BY e.date_key ${order}, e.id ${order}
    LIMIT ${limit}`;
}
