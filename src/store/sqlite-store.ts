/**
 * The embedded store: one SQLite file (better-sqlite3, WAL), the default backend of `Store`.
 *
 * better-sqlite3 is synchronous, so every method runs to completion before the next one starts: two concurrent
 * `putDocument` calls of one process cannot interleave. Writes still take the write lock up front
 * (`BEGIN IMMEDIATE`) so that several processes on one file (ingest workers) serialize their duplicate check and
 * insert instead of failing to upgrade a read lock. Statements are prepared once; the event queries, whose
 * shape depends on the filter, are prepared once per shape.
 *
 * The search indexes (full text, LSH bands) are written in batches (see migrations/sqlite.ts): a document is
 * stored with its text and bands in one transaction, and every `indexBatch` documents the indexes take in the
 * documents stored since, in the transaction of the document that completes the batch. Until then
 * `nearDuplicateCandidates` matches the newest documents' bands in memory, and `search` and `events({ q })`
 * first index whatever is pending, so what every method returns is the same as with immediate indexing.
 *
 * The dashboard's aggregations (timeline, map, actor network, daily counts) are GROUP BY queries over the filter
 * `events` takes, reading indexed columns and `event_edges`, never the JSON records. Analysts' corrections are rows
 * of their own, anchored to (document, trigger span, original type), and joined to the events they match.
 */
import Database from 'better-sqlite3';
import { foldString, foldText } from '../text/fold.js';
import type { AnnotatedDoc, PloverEvent, PloverType } from '../types.js';
import { sqliteMigrations } from './migrations/sqlite.js';
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

type Db = Database.Database;
type Statement = Database.Statement;

/** Documents stored between two index updates: enough to make a batch cheap, few enough to index on demand quickly. */
const DEFAULT_INDEX_BATCH = 512;
const DEFAULT_EVENT_LIMIT = 100;
const MAX_EVENT_LIMIT = 10_000;
const DEFAULT_MAP_LIMIT = 2_000;
const DEFAULT_GRAPH_LIMIT = 100;
/** Decimal places map points are grouped by (about a kilometre). */
const MAP_DECIMALS = 2;
const BUSY_TIMEOUT_MS = 10_000;

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** Documents stored between two updates of the search indexes (default 512; 1: index every document at once). */
  indexBatch?: number;
}

/** Open (creating when missing) the SQLite store at `path` (`:memory:` for a private in-memory one), migrated. */
export async function createSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db);
    return new SqliteStore(db, Math.max(1, Math.floor(options.indexBatch ?? DEFAULT_INDEX_BATCH)));
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Apply the migrations not yet recorded in `schema_migrations`, each in its own write transaction. */
function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const newest = sqliteMigrations.at(-1)?.version ?? 0;
  const recorded = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  if ((recorded.v ?? 0) > newest) {
    throw new Error(`SQLite store: the database is at schema version ${recorded.v}, newer than this marsad knows (${newest}); upgrade marsad`);
  }
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of sqliteMigrations) {
    // A reader opening the file while another process writes should not wait for the write lock for nothing.
    if (isApplied.get(m.version) !== undefined) continue;
    // Checked again inside the write lock: another process may have applied it meanwhile.
    db.transaction(() => {
      if (isApplied.get(m.version) !== undefined) return;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}

/** `events.date_first` of an undated event: after every day, so undated events come last. */
const UNDATED = '~';

/** The first day (YYYY-MM-DD) of a TIMEX3 date value, or `UNDATED` when it names no calendar period. */
function dateFirst(value: string | null): string {
  return timexFirstDay(value) ?? UNDATED;
}

const signatureToBlob = signatureToBytes;
const blobToSignature = bytesToSignature;

/**
 * The integer key of an LSH band: a 53-bit hash of the band string (two FNV-1a lanes), so that the band index
 * holds small integer rows. A collision only adds a candidate, which the signature comparison rejects.
 */
function bandKey(band: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9;
  for (let i = 0; i < band.length; i++) {
    const c = band.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** The FTS5 query for a user query: its folded words, each quoted (so no word is read as FTS syntax), all required. */
function ftsQuery(q: string): string | null {
  const words = foldString(q).toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu);
  return words ? words.map((w) => `"${w}"`).join(' ') : null;
}

/** The folded, lower-cased actor texts and English names, one per line, for the `actor` substring filter. */
function actorSearchText(e: PloverEvent): string {
  return foldString(e.actor.flatMap((a) => (a.name ? [a.text, a.name] : [a.text])).join('\n')).toLowerCase();
}

/** Distinct non-null countries of some actors. */
function countriesOf(actors: PloverEvent['actor']): string[] {
  return [...new Set(actors.flatMap((a) => (a.country ? [a.country] : [])))];
}

/** An actor's node in the actor network: its English name when linked, else its country; null when neither. */
function actorNode(a: PloverEvent['actor'][number]): string | null {
  return a.name || a.country || null;
}

/** An event's part of the actor network. */
interface Network {
  /** Its distinct (actor node, recipient node) pairs. */
  edges: Array<{ source: string; target: string }>;
  /** The nodes of its edges, each with the smallest country of the actors giving it (order-independent), or null. */
  nodes: Map<string, string | null>;
}

/** The smaller of two optional codes (null only when both are). */
function minCode(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a < b ? a : b;
}

/** An event's edges and nodes: none unless it has an actor and a recipient that are nodes. */
function networkOf(e: PloverEvent): Network {
  const side = (actors: PloverEvent['actor']): Map<string, string | null> => {
    const nodes = new Map<string, string | null>();
    for (const a of actors) {
      const node = actorNode(a);
      if (node !== null) nodes.set(node, minCode(nodes.get(node) ?? null, a.country || null));
    }
    return nodes;
  };
  const sources = side(e.actor);
  const targets = side(e.recipient);
  if (sources.size === 0 || targets.size === 0) return { edges: [], nodes: new Map() };
  const edges = [...sources.keys()].flatMap((source) => [...targets.keys()].map((target) => ({ source, target })));
  const nodes = new Map(sources);
  for (const [node, country] of targets) nodes.set(node, minCode(nodes.get(node) ?? null, country));
  return { edges, nodes };
}

/** A coordinate as stored: a finite number, or null. */
function coordinate(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A passage of `text` (display form) around the first place a query word occurs in its folded form. */
function snippet(text: string, q: string): string {
  const folded = foldText(text);
  const haystack = folded.text.toLowerCase();
  const words = foldString(q).toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  let at = -1;
  let len = 0;
  for (const w of words) {
    // The word itself, not the same letters inside a longer word (في in الفيلم). Words hold no regex syntax.
    const i = haystack.search(new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${w}(?![\\p{L}\\p{N}\\p{M}])`, 'u'));
    if (i !== -1 && (at === -1 || i < at)) [at, len] = [i, w.length];
  }
  let start = 0;
  let end = Math.min(text.length, 160);
  if (at !== -1) {
    start = folded.map[Math.max(0, at - 60)]!;
    end = folded.map[Math.min(folded.text.length, at + len + 100)]!;
    // Widen to whole words so the passage does not open or close inside one.
    while (start > 0 && !/\s/u.test(text[start - 1]!)) start--;
    while (end < text.length && !/\s/u.test(text[end]!)) end++;
  }
  const passage = text.slice(start, end).replace(/\s+/gu, ' ').trim();
  return `${start > 0 ? '… ' : ''}${passage}${end < text.length ? ' …' : ''}`;
}

/** Named parameters of a statement. */
type Params = Record<string, string | number>;

interface Cursor {
  dateFirst: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.dateFirst, c.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    throw new Error(`events: invalid cursor "${cursor.slice(0, 80)}"; pass the \`next\` value of a previous page unchanged, or no cursor for the first page`);
  }
  return { dateFirst: parsed[0], id: parsed[1] };
}

function checkDay(name: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`events: ${name} must be a day (YYYY-MM-DD), got "${value}"`);
  return value;
}

function pageSize(limit: number | undefined, fallback = DEFAULT_EVENT_LIMIT): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(MAX_EVENT_LIMIT, Math.max(1, Math.floor(limit)));
}

/** The first day of a timeline period from the first day of an event's date (`day`, a SQL expression). */
const PERIOD_OF_DAY: Record<'day' | 'week' | 'month', (day: string) => string> = {
  day: (day) => day,
  // The next Sunday (or the day itself), less six days: the Monday of the ISO week.
  week: (day) => `date(${day}, 'weekday 0', '-6 days')`,
  month: (day) => `substr(${day}, 1, 8) || '01'`,
};

/** The conditions over `events e` of the events a filter matches, one per cluster (its most confident) when asked. */
function matchConditions(where: readonly string[], onePerCluster: boolean): string[] {
  if (!onePerCluster) return [...where];
  // The same representatives as `events({ onePerCluster })` gives.
  return [`e.n IN (SELECT n FROM (
    SELECT e.n, row_number() OVER (
      PARTITION BY coalesce('c' || e.cluster_id, 'e' || e.id) ORDER BY e.confidence DESC, e.date_first, e.id) AS rank
    FROM events e ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}) WHERE rank = 1)`];
}

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

/** A filter's conditions over `events e` (`narrowAlias` '+e' keeps SQLite from reading their indexes). */
function onEvents(c: FilterConditions, narrowAlias = 'e'): string[] {
  return [...c.narrow.map((f) => f(narrowAlias)), ...c.wide];
}


/** Around and between the codes of `events.countries` and `event_edges.countries`: |IRQ|TUR|. */
const COUNTRY_SEPARATOR = '|';

/** The distinct actor, recipient and place countries of an event as stored in `countries` ('' for none). */
function countriesColumn(e: PloverEvent): string {
  const all = new Set([...countriesOf(e.actor), ...countriesOf(e.recipient), ...(e.event_loc?.country ? [e.event_loc.country] : [])]);
  return all.size === 0 ? '' : `${COUNTRY_SEPARATOR}${[...all].join(COUNTRY_SEPARATOR)}${COUNTRY_SEPARATOR}`;
}

interface DocumentRow {
  id: string;
  content_hash: string;
  origin: string;
  raw: string;
  input: string;
  doc: string;
  near_duplicate_of: string | null;
  near_similarity: number | null;
  ingested_at: string;
}

/** A corrections row (or, with the `c_` prefix, the latest correction joined to an event row). */
interface CorrectionRow {
  id: number;
  doc_id: string;
  anchor_start: number;
  anchor_end: number;
  anchor_event: string;
  event_id: string;
  fields: string;
  wrong: number;
  author: string | null;
  note: string | null;
  at: string;
}

/** The corrected fields kept as JSON: those the analyst gave. */
type CorrectedFields = Pick<NewCorrection, 'event' | 'actor' | 'recipient' | 'place' | 'date'>;

interface EventQueryRow {
  record: string;
  doc_id: string;
  title: string | null;
  source: string | null;
  url: string | null;
  published: string | null;
  coder: string;
  cluster_id: string | null;
  cluster_size: number;
  date_first: string;
  id: string;
  c_id: number | null;
  c_doc_id: string | null;
  c_anchor_start: number | null;
  c_anchor_end: number | null;
  c_anchor_event: string | null;
  c_event_id: string | null;
  c_fields: string | null;
  c_wrong: number | null;
  c_author: string | null;
  c_note: string | null;
  c_at: string | null;
}

interface CandidateRow {
  id: string;
  doc_id: string;
  record: string;
  cluster_id: string | null;
}

/** The SQLite `Store`. */
class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Db;
  private readonly indexBatch: number;
  private readonly s: ReturnType<typeof prepareStatements>;
  private readonly eventQueries = new Map<string, Statement>();
  /** The statements built from a filter's shape (aggregations), by their SQL. */
  private readonly statements = new Map<string, Statement>();
  private readonly insertDocumentTx: (d: NewDocument) => PutResult;
  private readonly replaceAnalysisTx: (id: string, doc: AnnotatedDoc) => void;
  private readonly setClustersTx: (assignments: ReadonlyArray<{ eventId: string; clusterId: string }>) => void;
  private readonly updateIndexesTx: () => void;
  private readonly bandsReadTx: (keys: number[]) => Map<number, number>;
  private readonly putCorrectionTx: (c: NewCorrection) => Correction;
  /** Run reads in one read transaction: they see one snapshot. */
  private readonly readTx: <T>(fn: () => T) => T;
  /** The bands of the documents the indexes do not cover yet: band key → document `n`s. */
  private pending = new Map<number, number[]>();
  /** The documents in `pending` are those with `pendingFrom < n <= pendingTo`. */
  private pendingFrom = 0;
  private pendingTo = 0;

  constructor(db: Db, indexBatch: number) {
    this.db = db;
    this.indexBatch = indexBatch;
    this.s = prepareStatements(db);
    const insertDocument = db.transaction((d: NewDocument) => this.insertDocument(d));
    this.insertDocumentTx = (d) => insertDocument.immediate(d);
    const replaceAnalysis = db.transaction((id: string, doc: AnnotatedDoc) => this.replaceAnalysisNow(id, doc));
    this.replaceAnalysisTx = (id, doc) => replaceAnalysis.immediate(id, doc);
    const setClusters = db.transaction((assignments: ReadonlyArray<{ eventId: string; clusterId: string }>) => {
      for (const a of assignments) this.s.setCluster.run(a.clusterId, a.eventId);
    });
    this.setClustersTx = (assignments) => setClusters.immediate(assignments);
    const updateIndexes = db.transaction(() => this.updateIndexes());
    this.updateIndexesTx = () => updateIndexes.immediate();
    // One read transaction: the indexed mark and the band index are read from the same snapshot.
    const bandsRead = db.transaction((keys: number[]) => this.sharedBands(keys));
    this.bandsReadTx = (keys) => bandsRead.deferred(keys);
    // The event is looked up inside the write lock: a re-analysis in another process cannot slip in between.
    const putCorrection = db.transaction((c: NewCorrection) => this.putCorrectionNow(c));
    this.putCorrectionTx = (c) => putCorrection.immediate(c);
    const read = db.transaction((fn: () => unknown) => fn());
    this.readTx = <T>(fn: () => T): T => read.deferred(fn) as T;
  }

  async migrate(): Promise<void> {
    migrate(this.db);
  }

  async hasDocument(id: string): Promise<boolean> {
    return this.s.hasDocument.get(id) !== undefined;
  }

  async findByContent(contentHash: string): Promise<string | null> {
    return (this.s.findByContent.get(contentHash) as string | undefined) ?? null;
  }

  async nearDuplicateCandidates(bands: readonly string[], limit = 50): Promise<Array<{ id: string; signature: Uint32Array }>> {
    if (bands.length === 0 || limit <= 0) return [];
    const shared = this.bandsReadTx([...new Set(bands.map(bandKey))]);
    const best = [...shared].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
    if (best.length === 0) return [];
    const rows = this.s.signatures.all(JSON.stringify(best.map(([n]) => n))) as Array<{ n: number; id: string; signature: Buffer }>;
    const byN = new Map(rows.map((r) => [r.n, r]));
    return best.flatMap(([n]) => {
      const r = byN.get(n);
      return r ? [{ id: r.id, signature: blobToSignature(r.signature) }] : [];
    });
  }

  async putDocument(d: NewDocument): Promise<PutResult> {
    return this.insertDocumentTx(d);
  }

  async putError(e: NewError): Promise<void> {
    this.s.insertError.run({ origin: e.origin, reason: e.reason, raw: e.raw, at: new Date().toISOString() });
  }

  async errors(options: { limit?: number } = {}): Promise<ErrorRow[]> {
    return this.s.errors.all(options.limit ?? 100) as ErrorRow[];
  }

  async document(id: string): Promise<StoredDocument | null> {
    const row = this.s.document.get(id) as DocumentRow | undefined;
    if (!row) return null;
    return {
      id: row.id,
      contentHash: row.content_hash,
      origin: row.origin,
      raw: row.raw,
      input: JSON.parse(row.input) as StoredInput,
      doc: JSON.parse(row.doc) as AnnotatedDoc,
      nearDuplicateOf: row.near_duplicate_of === null ? null : { id: row.near_duplicate_of, similarity: row.near_similarity ?? 0 },
      ingestedAt: row.ingested_at,
    };
  }

  async events(filter: EventFilter): Promise<EventPage> {
    const limit = pageSize(filter.limit);
    const params: Params = { limit: limit + 1 };
    const conditions = this.filterConditions(filter, params, 'index');
    if (conditions === null) return { rows: [], next: null };
    const desc = filter.order === 'desc';
    // Newest first lists the dated events only (undated ones sort after every day).
    const where = desc ? [...onEvents(conditions), `e.date_first <> '${UNDATED}'`] : onEvents(conditions);
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      params.afterDate = c.dateFirst;
      params.afterId = c.id;
    }
    const after = filter.cursor ? (a: string) => `(${a}date_first, ${a}id) ${desc ? '<' : '>'} (@afterDate, @afterId)` : null;
    const statement = this.eventQuery(where, after, filter.onePerCluster === true, desc);
    const found = statement.all(params) as EventQueryRow[];
    const more = found.length > limit;
    const rows = (more ? found.slice(0, limit) : found).map(toEventRow);
    const last = more ? found[limit - 1]! : null;
    return { rows, next: last ? encodeCursor({ dateFirst: last.date_first, id: last.id }) : null };
  }

  /**
   * The conditions of a filter (all but the page: limit, cursor, one per cluster), their values added to `params`;
   * null when the filter can match nothing. For a page the country test goes through `event_countries` (an index
   * range per country, then the few rows of the page); for the aggregations, which read every matching event, through
   * the `countries` column the aggregation indexes hold, so that they never read the wide event rows.
   */
  private filterConditions(filter: EventFilter, params: Params, countries: 'index' | 'column'): FilterConditions | null {
    const narrow: FilterConditions['narrow'] = [];
    const wide: string[] = [];
    if (filter.since !== undefined) {
      // UNDATED sorts after every day: keep it out explicitly.
      narrow.push((a) => `${a}.date_first >= @since AND ${a}.date_first <> '${UNDATED}'`);
      params.since = checkDay('since', filter.since);
    }
    if (filter.until !== undefined) {
      narrow.push((a) => `${a}.date_first <= @until`);
      params.until = checkDay('until', filter.until);
    }
    if (filter.type && filter.type.length > 0) {
      narrow.push((a) => `${a}.type IN (SELECT value FROM json_each(@types))`);
      params.types = JSON.stringify(filter.type);
    }
    if (filter.country && filter.country.length > 0) {
      const codes = filter.country.map((c) => c.toUpperCase());
      if (countries === 'index') {
        wide.push('e.n IN (SELECT event_n FROM event_countries WHERE country IN (SELECT value FROM json_each(@countries)))');
        params.countries = JSON.stringify(codes);
      } else {
        // `countries` is |IRQ|TUR|: a code holding the separator is no country and matches nothing, as above.
        const usable = codes.filter((c) => !c.includes(COUNTRY_SEPARATOR));
        usable.forEach((c, i) => (params[`country${i}`] = `${COUNTRY_SEPARATOR}${c}${COUNTRY_SEPARATOR}`));
        narrow.push((a) => (usable.length === 0 ? '0' : `(${usable.map((_, i) => `instr(${a}.countries, @country${i}) > 0`).join(' OR ')})`));
      }
    }
    if (filter.actor !== undefined && filter.actor.trim() !== '') {
      wide.push("(instr(e.actor_search, @actorText) > 0 OR e.n IN (SELECT event_n FROM event_countries WHERE country = @actorCountry AND role = 'actor'))");
      params.actorText = foldString(filter.actor.trim()).toLowerCase();
      params.actorCountry = filter.actor.trim().toUpperCase();
    }
    if (filter.q !== undefined) {
      const match = ftsQuery(filter.q);
      if (match === null) return null;
      this.indexPending();
      wide.push('e.n IN (SELECT rowid FROM events_fts WHERE events_fts MATCH @match)');
      params.match = match;
    }
    return { narrow, wide };
  }

  /** The conditions of the events a filter matches, for the aggregations (one per cluster when asked); null: none. */
  private matching(filter: EventFilter, params: Params): FilterConditions | null {
    const conditions = this.filterConditions(filter, params, 'column');
    if (conditions === null || filter.onePerCluster !== true) return conditions;
    return { narrow: [], wide: matchConditions(onEvents(conditions), true) };
  }

  async timeline(filter: EventFilter, bucket: 'day' | 'week' | 'month'): Promise<TimelineRow[]> {
    if (!Object.hasOwn(PERIOD_OF_DAY, bucket)) throw new Error(`timeline: bucket must be day, week or month, got "${String(bucket)}"`);
    const params: Params = {};
    const conditions = this.matching(filter, params);
    if (conditions === null) return [];
    // Days first (a scan of the events_agg index), then each distinct day into its period.
    const days = `SELECT e.type AS event, e.date_first AS day, count(*) AS n FROM events e
      ${whereClause([...onEvents(conditions), `e.date_first <> '${UNDATED}'`])}
      GROUP BY e.type, e.date_first`;
    return this.statement(
      bucket === 'day'
        ? `SELECT day AS period, event, n AS count FROM (${days}) ORDER BY day, event`
        : `WITH g AS (${days}),
           d AS MATERIALIZED (SELECT day, ${PERIOD_OF_DAY[bucket]('day')} AS period FROM (SELECT DISTINCT day FROM g))
           SELECT d.period, g.event, sum(g.n) AS count FROM g JOIN d ON d.day = g.day
           WHERE d.period IS NOT NULL
           GROUP BY d.period, g.event ORDER BY d.period, g.event`,
    ).all(params) as TimelineRow[];
  }

  async mapPoints(filter: EventFilter, limit?: number): Promise<MapPoint[]> {
    const params: Params = { limit: pageSize(limit, DEFAULT_MAP_LIMIT) };
    const conditions = this.matching(filter, params);
    if (conditions === null) return [];
    // Per place and type in the order of the events_place index (no sort), then per place. The date, type and
    // country conditions are read from that index too (the unary + keeps SQLite from reading events_agg instead).
    const rows = this.statement(`
      WITH g AS (
        SELECT e.map_lat AS lat, e.map_lon AS lon, e.place_name AS name, e.place_country AS country, e.type AS event, count(*) AS n
        FROM events e ${whereClause([...onEvents(conditions, '+e'), 'e.map_lat IS NOT NULL', 'e.map_lon IS NOT NULL'])}
        GROUP BY e.map_lat, e.map_lon, e.place_name, e.place_country, e.type)
      SELECT lat, lon, name, country, sum(n) AS count, json_group_object(event, n) AS by_type
      FROM g GROUP BY lat, lon, name, country
      ORDER BY count DESC, name, country NULLS FIRST, lat, lon
      LIMIT @limit`).all(params) as Array<Omit<MapPoint, 'byType'> & { by_type: string }>;
    return rows.map(({ by_type, ...p }) => ({ ...p, byType: JSON.parse(by_type) as MapPoint['byType'] }));
  }

  async actorGraph(filter: EventFilter, limit?: number): Promise<ActorGraph> {
    const params: Params = { limit: pageSize(limit, DEFAULT_GRAPH_LIMIT) };
    const conditions = this.matching(filter, params);
    if (conditions === null) return { nodes: [], edges: [] };
    const wide = conditions.wide.length > 0;
    // The network rows of the matching events: their own type, day and country columns, and (found once, in `m`)
    // the events the other conditions match.
    const matched = (alias: string): string[] => [...conditions.narrow.map((f) => f(alias)), ...(wide ? [`${alias}.event_n IN (SELECT n FROM m)`] : [])];
    // One statement, one snapshot: the busiest pairs (one pass in the order of the event_edges_pair index), the
    // types of each, and their nodes. A node counts the matching events of the network it takes part in, as actor or
    // recipient; with a condition on the events, the unary + keeps SQLite from crossing their list with the nodes'.
    const rows = this.statement(`
      WITH ${wide ? `m AS MATERIALIZED (SELECT e.n FROM events e ${whereClause(conditions.wide)}),` : ''}
      top AS MATERIALIZED (
        SELECT x.source, x.target, count(*) AS count FROM event_edges x ${whereClause(matched('x'))}
        GROUP BY x.source, x.target ORDER BY count DESC, x.source, x.target LIMIT @limit),
      used AS (SELECT source AS node FROM top UNION SELECT target FROM top)
      SELECT 'edge' AS kind, top.source AS a, top.target AS b, top.count AS count, (
        SELECT json_group_object(type, n) FROM (
          SELECT y.type, count(*) AS n FROM event_edges y
          ${whereClause(['y.source = top.source', 'y.target = top.target', ...matched('y')])} GROUP BY y.type)) AS extra
      FROM top
      UNION ALL
      SELECT 'node', x.node, NULL, count(*), min(x.country) FROM event_nodes x
      ${whereClause([`${wide ? '+' : ''}x.node IN (SELECT node FROM used)`, ...matched('x')])}
      GROUP BY x.node
      ORDER BY kind, count DESC, a, b`).all(params) as Array<{ kind: 'edge' | 'node'; a: string; b: string | null; count: number; extra: string | null }>;
    return {
      nodes: rows.filter((r) => r.kind === 'node').map((r) => ({ id: r.a, label: r.a, country: r.extra, count: r.count })),
      edges: rows
        .filter((r) => r.kind === 'edge')
        .map((r) => ({ source: r.a, target: r.b!, count: r.count, byType: JSON.parse(r.extra!) as ActorGraph['edges'][number]['byType'] })),
    };
  }

  async latestPublicationDay(): Promise<string | null> {
    return (this.s.latestPublicationDay.get() as string | null) ?? null;
  }

  async dailyCounts(since: string, until: string): Promise<DailyCounts> {
    const params = { since: checkDay('since', since), until: checkDay('until', until) };
    return this.readTx(() => ({
      events: this.s.dailyEvents.all(params) as DailyCounts['events'],
      documents: this.s.dailyDocuments.all(params) as DailyCounts['documents'],
    }));
  }

  async putCorrection(c: NewCorrection): Promise<Correction> {
    return this.putCorrectionTx(c);
  }

  async corrections(eventId?: string): Promise<Correction[]> {
    const rows = (eventId === undefined ? this.s.allCorrections.all() : this.s.eventCorrections.all(eventId)) as CorrectionRow[];
    return rows.map(toCorrection);
  }

  async search(q: string, options: { limit?: number } = {}): Promise<SearchHit[]> {
    const match = ftsQuery(q);
    if (match === null) return [];
    this.indexPending();
    const rows = this.s.search.all(match, options.limit ?? 20) as Array<{ id: string; title: string | null; source: string | null; published: string | null; text: string }>;
    return rows.map((r) => ({ id: r.id, title: r.title, source: r.source, published: r.published, snippet: snippet(r.text, q) }));
  }

  /**
   * SQLite's `data_version` (changes when another connection commits) and this connection's `total_changes()`
   * (which `data_version` does not count): together, any committed change to the file.
   */
  async dataVersion(): Promise<string> {
    return `${this.s.dataVersion.get() as number}:${this.s.totalChanges.get() as number}`;
  }

  async stats(): Promise<Stats> {
    const counts = this.s.counts.get() as Omit<Stats, 'byType' | 'byCountry'>;
    const byType: Record<string, number> = {};
    for (const r of this.s.byType.all() as Array<{ k: string; n: number }>) byType[r.k] = r.n;
    const byCountry: Record<string, number> = {};
    for (const r of this.s.byCountry.all() as Array<{ k: string; n: number }>) byCountry[r.k] = r.n;
    return { ...counts, byType, byCountry };
  }

  async rawDocuments(after: string | null, limit: number): Promise<StoredRaw[]> {
    const rows = this.s.rawDocuments.all(after ?? '', limit) as Array<{ id: string; raw: string; input: string; origin: string }>;
    return rows.map((r) => ({ id: r.id, raw: r.raw, input: JSON.parse(r.input) as StoredInput, origin: r.origin }));
  }

  async replaceAnalysis(id: string, doc: AnnotatedDoc): Promise<void> {
    this.replaceAnalysisTx(id, doc);
  }

  async unclusteredEvents(limit: number): Promise<ClusterCandidate[]> {
    return (this.s.unclustered.all(limit) as CandidateRow[]).map(toCandidate);
  }

  async clusterCandidates(type: PloverType, from: string, to: string): Promise<ClusterCandidate[]> {
    return (this.s.clusterCandidates.all(type, from, to) as CandidateRow[]).map(toCandidate);
  }

  async setClusters(assignments: ReadonlyArray<{ eventId: string; clusterId: string }>): Promise<void> {
    if (assignments.length > 0) this.setClustersTx(assignments);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      // Leave the file fully indexed (the end of an ingest), so the next reader need not.
      this.indexPending();
    } finally {
      this.db.close();
    }
  }

  /** The insert, inside the write transaction: the duplicate check sees every committed document. */
  private insertDocument(d: NewDocument): PutResult {
    const existing = this.s.findDuplicate.get(d.contentHash, d.doc.id) as string | undefined;
    if (existing !== undefined) return { status: 'duplicate', id: existing };
    const { doc } = d;
    const docN = this.s.insertDocument.run({
      id: doc.id,
      content_hash: d.contentHash,
      origin: d.origin,
      title: doc.title,
      source: doc.source,
      url: doc.url,
      published: doc.published,
      coder: doc.coder,
      raw: d.raw,
      input: JSON.stringify(d.input),
      doc: JSON.stringify(doc),
      text: doc.text,
      near_duplicate_of: d.nearDuplicateOf?.id ?? null,
      near_similarity: d.nearDuplicateOf?.similarity ?? null,
      ingested_at: new Date().toISOString(),
      signature: signatureToBlob(d.signature),
      bands: JSON.stringify(Array.from(d.bands)),
    }).lastInsertRowid;
    this.insertEvents(docN, doc.events);
    if (Number(docN) - this.indexedMark() >= this.indexBatch) this.updateIndexes();
    return { status: 'inserted', id: doc.id };
  }

  private insertEvents(docN: number | bigint, events: readonly PloverEvent[]): void {
    events.forEach((e, seq) => {
      const countries = countriesColumn(e);
      const first = dateFirst(e.date);
      const n = this.s.insertEvent.run({
        id: e.id,
        doc_n: docN,
        seq,
        type: e.event,
        planned: e.planned,
        date: e.date,
        date_first: first,
        place_country: e.event_loc?.country ?? null,
        actor_search: actorSearchText(e),
        confidence: e.confidence,
        record: JSON.stringify(e),
        trigger_start: e.trigger.start,
        trigger_end: e.trigger.end,
        place_name: e.event_loc?.name ?? null,
        map_lat: coordinate(e.event_loc?.lat),
        map_lon: coordinate(e.event_loc?.lon),
        countries,
      }).lastInsertRowid;
      for (const c of countriesOf(e.actor)) this.s.insertCountry.run(n, 'actor', c);
      for (const c of countriesOf(e.recipient)) this.s.insertCountry.run(n, 'recipient', c);
      if (e.event_loc?.country) this.s.insertCountry.run(n, 'place', e.event_loc.country);
      const network = networkOf(e);
      for (const g of network.edges) this.s.insertEdge.run(n, g.source, g.target, e.event, first, countries);
      for (const [node, country] of network.nodes) this.s.insertNode.run(n, node, e.event, first, countries, country);
    });
  }

  /** Anchor a correction to its event's document, trigger span and type, and store it (inside the write lock). */
  private putCorrectionNow(c: NewCorrection): Correction {
    const anchor = this.s.eventAnchor.get(c.eventId) as { doc_id: string; trigger_start: number; trigger_end: number; type: string } | undefined;
    if (!anchor) throw new Error(`unknown event ${c.eventId}`);
    const fields: CorrectedFields = {};
    if (c.event !== undefined) fields.event = c.event;
    if (c.actor !== undefined) fields.actor = c.actor;
    if (c.recipient !== undefined) fields.recipient = c.recipient;
    if (c.place !== undefined) fields.place = c.place;
    if (c.date !== undefined) fields.date = c.date;
    const id = this.s.insertCorrection.run({
      doc_id: anchor.doc_id,
      anchor_start: anchor.trigger_start,
      anchor_end: anchor.trigger_end,
      anchor_event: anchor.type,
      event_id: c.eventId,
      fields: JSON.stringify(fields),
      wrong: c.wrong === true ? 1 : 0,
      author: c.author ?? null,
      note: c.note ?? null,
      at: new Date().toISOString(),
    }).lastInsertRowid;
    return toCorrection(this.s.correction.get(id) as CorrectionRow);
  }

  /** A statement built at run time from fixed fragments (a filter's shape), prepared once per distinct SQL. */
  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private replaceAnalysisNow(id: string, doc: AnnotatedDoc): void {
    if (doc.id !== id) throw new Error(`replaceAnalysis: the analysis is of document ${doc.id}, not ${id}`);
    const docN = this.s.documentN.get(id) as number | undefined;
    if (docN === undefined) throw new Error(`replaceAnalysis: no stored document ${id}`);
    // An indexed document is re-indexed now; a pending one will be indexed as it is when its batch comes.
    const indexed = docN <= this.indexedMark();
    if (indexed) this.s.deleteEventTexts.run(docN);
    this.s.deleteEvents.run(docN); // event_countries go with them (ON DELETE CASCADE)
    this.s.updateAnalysis.run({ id, title: doc.title, source: doc.source, url: doc.url, published: doc.published, coder: doc.coder, doc: JSON.stringify(doc), text: doc.text });
    this.insertEvents(docN, doc.events);
    if (indexed) {
      this.s.deleteDocumentText.run(docN);
      this.s.insertDocumentText.run(docN, foldString(doc.title ?? ''), foldString(doc.text));
      for (const e of this.s.eventTexts.all(docN, docN) as Array<{ n: number; text: string }>) this.s.insertEventText.run(e.n, foldString(e.text));
    }
  }

  /** The last document `n` the search indexes cover. */
  private indexedMark(): number {
    return this.s.indexedMark.get() as number;
  }

  /** Bring the search indexes up to date, when documents are pending (a write, so only then). */
  private indexPending(): void {
    if ((this.s.lastDocumentN.get() as number | null ?? 0) > this.indexedMark()) this.updateIndexesTx();
  }

  /** Index the documents stored after the mark (inside a write transaction), and move the mark. */
  private updateIndexes(): void {
    const from = this.indexedMark();
    const docs = this.s.pendingDocuments.all(from) as Array<{ n: number; title: string | null; text: string | null; bands: string }>;
    if (docs.length === 0) return;
    const to = docs.at(-1)!.n;
    const keys: Array<[number, number]> = [];
    for (const d of docs) {
      this.s.insertDocumentText.run(d.n, foldString(d.title ?? ''), foldString(d.text ?? ''));
      for (const key of new Set((JSON.parse(d.bands) as string[]).map(bandKey))) keys.push([key, d.n]);
    }
    // In key order, the batch's band rows fill each page of the band index in one visit.
    keys.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [key, n] of keys) this.s.insertBand.run(key, n);
    for (const e of this.s.eventTexts.all(from + 1, to) as Array<{ n: number; text: string }>) this.s.insertEventText.run(e.n, foldString(e.text));
    this.s.setIndexedMark.run(to);
  }

  /** Documents sharing bands with these keys (document `n` → number of shared bands), indexed or pending. */
  private sharedBands(keys: number[]): Map<number, number> {
    const shared = new Map<number, number>();
    for (const r of this.s.sharedBands.all(JSON.stringify(keys)) as Array<{ n: number; shared: number }>) shared.set(r.n, r.shared);
    this.loadPending();
    for (const key of keys) {
      for (const n of this.pending.get(key) ?? []) shared.set(n, (shared.get(n) ?? 0) + 1);
    }
    return shared;
  }

  /** Keep `pending` equal to the bands of the documents after the mark (another connection may have moved it). */
  private loadPending(): void {
    const mark = this.indexedMark();
    if (mark !== this.pendingFrom) {
      // Usually the mark moved past everything loaded; rebuilding is as cheap as pruning, and simpler.
      this.pending = new Map();
      this.pendingFrom = mark;
      this.pendingTo = mark;
    }
    for (const d of this.s.pendingBands.all(this.pendingTo) as Array<{ n: number; bands: string }>) {
      for (const key of new Set((JSON.parse(d.bands) as string[]).map(bandKey))) {
        const list = this.pending.get(key);
        if (list) list.push(d.n);
        else this.pending.set(key, [d.n]);
      }
      this.pendingTo = d.n;
    }
  }

  /** The prepared query for one filter shape (the set of conditions, the cursor, one per cluster or not). */
  private eventQuery(where: string[], after: ((alias: string) => string) | null, onePerCluster: boolean, desc: boolean): Statement {
    const key = `${onePerCluster}|${desc}|${after ? after('') : ''}|${where.join(' AND ')}`;
    const order = desc ? 'DESC' : '';
    let statement = this.eventQueries.get(key);
    if (statement) return statement;
    const conditions = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    // The page is chosen first, over the narrow columns (an index walk in (date, id) order, or a sort of the matching
    // ids), and only its rows are joined with their documents, cluster sizes and corrections. The representative of
    // a cluster is chosen among the matching events, before the cursor applies, so every page sees the same ones.
    const matching = onePerCluster
      ? `SELECT n, id, date_first FROM (
           SELECT e.n, e.id, e.date_first, row_number() OVER (
             PARTITION BY coalesce('c' || e.cluster_id, 'e' || e.id) ORDER BY e.confidence DESC, e.date_first, e.id) AS rank
           FROM events e ${conditions}) WHERE rank = 1 ${after ? `AND ${after('')}` : ''}
         ORDER BY date_first ${order}, id ${order} LIMIT @limit`
      : `SELECT e.n, e.id, e.date_first FROM events e
         ${where.length > 0 || after ? `WHERE ${[...where, ...(after ? [after('e.')] : [])].join(' AND ')}` : ''}
         ORDER BY e.date_first ${order}, e.id ${order} LIMIT @limit`;
    // The latest correction anchored to the event (same document, trigger span and type), if any.
    statement = this.db.prepare(`
      WITH m AS (${matching})
      SELECT e.record, d.id AS doc_id, d.title, d.source, d.url, d.published, d.coder, e.cluster_id, e.date_first, e.id,
        CASE WHEN e.cluster_id IS NULL THEN 1
             ELSE (SELECT count(DISTINCT x.doc_n) FROM events x WHERE x.cluster_id = e.cluster_id) END AS cluster_size,
        ${CORRECTION_COLUMNS}
      FROM m JOIN events e ON e.n = m.n JOIN documents d ON d.n = e.doc_n
      LEFT JOIN corrections c ON c.id = (
        SELECT max(x.id) FROM corrections x
        WHERE x.doc_id = d.id AND x.anchor_start = e.trigger_start AND x.anchor_end = e.trigger_end AND x.anchor_event = e.type)
      ORDER BY m.date_first ${order}, m.id ${order}`);
    this.eventQueries.set(key, statement);
    return statement;
  }
}

/** The columns of the correction joined as `c`, prefixed `c_`. */
const CORRECTION_COLUMNS = ['id', 'doc_id', 'anchor_start', 'anchor_end', 'anchor_event', 'event_id', 'fields', 'wrong', 'author', 'note', 'at']
  .map((c) => `c.${c} AS c_${c}`)
  .join(', ');

function toEventRow(r: EventQueryRow): EventRow {
  const e = JSON.parse(r.record) as PloverEvent;
  return {
    ...e,
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
  const fields = JSON.parse(r.fields) as CorrectedFields;
  return {
    id: r.id,
    eventId: r.event_id,
    docId: r.doc_id,
    anchor: { start: r.anchor_start, end: r.anchor_end, event: r.anchor_event as PloverType },
    wrong: r.wrong === 1,
    ...fields,
    author: r.author,
    note: r.note,
    at: r.at,
  };
}

function toCandidate(r: CandidateRow): ClusterCandidate {
  const e = JSON.parse(r.record) as PloverEvent;
  return {
    id: r.id,
    doc_id: r.doc_id,
    event: e.event,
    planned: e.planned,
    date: e.date,
    actorCountries: countriesOf(e.actor),
    recipientCountries: countriesOf(e.recipient),
    placeCountry: e.event_loc?.country ?? null,
    event_text: e.event_text,
    cluster_id: r.cluster_id,
  };
}

/** Every fixed statement, prepared once. */
function prepareStatements(db: Db) {
  return {
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
    // The expression of the documents_published_day index: the maximum is its last entry.
    latestPublicationDay: db.prepare('SELECT max(substr(published, 1, 10)) FROM documents').pluck(),
    totalChanges: db.prepare('SELECT total_changes()').pluck(),
    hasDocument: db.prepare('SELECT 1 FROM documents WHERE id = ?').pluck(),
    findByContent: db.prepare('SELECT id FROM documents WHERE content_hash = ?').pluck(),
    // The content-hash match first: a new raw input of stored content answers with the stored document's id.
    findDuplicate: db
      .prepare('SELECT id FROM (SELECT id, 0 AS k FROM documents WHERE content_hash = ? UNION ALL SELECT id, 1 FROM documents WHERE id = ?) ORDER BY k LIMIT 1')
      .pluck(),
    documentN: db.prepare('SELECT n FROM documents WHERE id = ?').pluck(),
    lastDocumentN: db.prepare('SELECT max(n) FROM documents').pluck(),
    insertDocument: db.prepare(`INSERT INTO documents
      (id, content_hash, origin, title, source, url, published, coder, raw, input, doc, text, near_duplicate_of, near_similarity, ingested_at,
       signature, bands)
      VALUES (@id, @content_hash, @origin, @title, @source, @url, @published, @coder, @raw, @input, @doc, @text, @near_duplicate_of,
        @near_similarity, @ingested_at, @signature, @bands)`),
    insertDocumentText: db.prepare('INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)'),
    deleteDocumentText: db.prepare('DELETE FROM documents_fts WHERE rowid = ?'),
    insertEvent: db.prepare(`INSERT INTO events
      (id, doc_n, seq, type, planned, date, date_first, place_country, actor_search, confidence, record, trigger_start, trigger_end,
       place_name, map_lat, map_lon, countries)
      VALUES (@id, @doc_n, @seq, @type, @planned, @date, @date_first, @place_country, @actor_search, @confidence, @record, @trigger_start,
        @trigger_end, @place_name, round(@map_lat, ${MAP_DECIMALS}), round(@map_lon, ${MAP_DECIMALS}), @countries)`),
    insertEdge: db.prepare('INSERT INTO event_edges (event_n, source, target, type, date_first, countries) VALUES (?, ?, ?, ?, ?, ?)'),
    insertNode: db.prepare('INSERT INTO event_nodes (event_n, node, type, date_first, countries, country) VALUES (?, ?, ?, ?, ?, ?)'),
    insertEventText: db.prepare('INSERT INTO events_fts (rowid, event_text) VALUES (?, ?)'),
    insertCountry: db.prepare('INSERT OR IGNORE INTO event_countries (event_n, role, country) VALUES (?, ?, ?)'),
    insertBand: db.prepare('INSERT OR IGNORE INTO lsh (band, doc_n) VALUES (?, ?)'),
    deleteEventTexts: db.prepare('DELETE FROM events_fts WHERE rowid IN (SELECT n FROM events WHERE doc_n = ?)'),
    indexedMark: db.prepare("SELECT n FROM index_state WHERE name = 'indexed'").pluck(),
    setIndexedMark: db.prepare("UPDATE index_state SET n = ? WHERE name = 'indexed'"),
    pendingDocuments: db.prepare('SELECT n, title, text, bands FROM documents WHERE n > ? ORDER BY n'),
    pendingBands: db.prepare('SELECT n, bands FROM documents WHERE n > ? ORDER BY n'),
    eventTexts: db.prepare("SELECT n, json_extract(record, '$.event_text') AS text FROM events WHERE doc_n BETWEEN ? AND ? ORDER BY n"),
    deleteEvents: db.prepare('DELETE FROM events WHERE doc_n = ?'),
    updateAnalysis: db.prepare(`UPDATE documents SET title = @title, source = @source, url = @url, published = @published,
      coder = @coder, doc = @doc, text = @text WHERE id = @id`),
    setCluster: db.prepare('UPDATE events SET cluster_id = ? WHERE id = ?'),
    sharedBands: db.prepare('SELECT doc_n AS n, count(*) AS shared FROM lsh WHERE band IN (SELECT value FROM json_each(?)) GROUP BY doc_n'),
    signatures: db.prepare('SELECT n, id, signature FROM documents WHERE n IN (SELECT value FROM json_each(?))'),
    // An input that fails again for the same reason (the same command run again after a crash) is recorded once.
    insertError: db.prepare(`INSERT INTO errors (origin, reason, raw, at)
      SELECT @origin, @reason, @raw, @at WHERE NOT EXISTS (SELECT 1 FROM errors WHERE origin = @origin AND reason = @reason)`),
    errors: db.prepare('SELECT id, origin, reason, raw, at FROM errors ORDER BY id DESC LIMIT ?'),
    document: db.prepare(`SELECT id, content_hash, origin, raw, input, doc, near_duplicate_of, near_similarity, ingested_at
      FROM documents WHERE id = ?`),
    search: db.prepare(`
      SELECT d.id, d.title, d.source, d.published, d.text
      FROM documents_fts f JOIN documents d ON d.n = f.rowid
      WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts, 2.0, 1.0) LIMIT ?`),
    counts: db.prepare(`SELECT
      (SELECT count(*) FROM documents) AS documents,
      (SELECT count(*) FROM events) AS events,
      (SELECT count(DISTINCT cluster_id) FROM events WHERE cluster_id IS NOT NULL) AS clusters,
      (SELECT count(*) FROM errors) AS errors,
      (SELECT count(*) FROM documents WHERE near_duplicate_of IS NOT NULL) AS nearDuplicates`),
    byType: db.prepare('SELECT type AS k, count(*) AS n FROM events GROUP BY type'),
    byCountry: db.prepare('SELECT country AS k, count(DISTINCT event_n) AS n FROM event_countries GROUP BY country'),
    rawDocuments: db.prepare('SELECT id, raw, input, origin FROM documents WHERE id > ? ORDER BY id LIMIT ?'),
    // Oldest first: in the order they were stored.
    unclustered: db.prepare(`SELECT e.id, d.id AS doc_id, e.record, e.cluster_id FROM events e JOIN documents d ON d.n = e.doc_n
      WHERE e.cluster_id IS NULL ORDER BY e.n LIMIT ?`),
    clusterCandidates: db.prepare(`SELECT e.id, d.id AS doc_id, e.record, e.cluster_id FROM events e JOIN documents d ON d.n = e.doc_n
      WHERE e.type = ? AND e.date_first >= ? AND e.date_first <= ? AND e.date_first <> '${UNDATED}' ORDER BY e.date_first, e.id`),
    // An event counts once per country, whatever roles the country has in it.
    dailyEvents: db.prepare(`SELECT e.date_first AS day, c.country, e.type AS event, count(DISTINCT e.n) AS count
      FROM events e JOIN event_countries c ON c.event_n = e.n
      WHERE e.date_first >= @since AND e.date_first <= @until AND e.date_first <> '${UNDATED}'
      GROUP BY e.date_first, c.country, e.type ORDER BY day, c.country, event`),
    // The expression of the documents_published_day index.
    dailyDocuments: db.prepare(`SELECT substr(published, 1, 10) AS day, count(*) AS count FROM documents
      WHERE substr(published, 1, 10) >= @since AND substr(published, 1, 10) <= @until
        AND substr(published, 1, 10) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
      GROUP BY substr(published, 1, 10) ORDER BY day`),
    eventAnchor: db.prepare(`SELECT d.id AS doc_id, e.trigger_start, e.trigger_end, e.type FROM events e JOIN documents d ON d.n = e.doc_n
      WHERE e.id = ?`),
    insertCorrection: db.prepare(`INSERT INTO corrections
      (doc_id, anchor_start, anchor_end, anchor_event, event_id, fields, wrong, author, note, at)
      VALUES (@doc_id, @anchor_start, @anchor_end, @anchor_event, @event_id, @fields, @wrong, @author, @note, @at)`),
    correction: db.prepare('SELECT * FROM corrections WHERE id = ?'),
    allCorrections: db.prepare('SELECT * FROM corrections ORDER BY id'),
    // The event's current anchor: after a re-analysis, the corrections follow the event with the same one.
    eventCorrections: db.prepare(`SELECT c.* FROM events e JOIN documents d ON d.n = e.doc_n
      JOIN corrections c ON c.doc_id = d.id AND c.anchor_start = e.trigger_start AND c.anchor_end = e.trigger_end AND c.anchor_event = e.type
      WHERE e.id = ? ORDER BY c.id`),
  };
}
