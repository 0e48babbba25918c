/**
 * The store: one interface, two backends (`sqlite-store.ts`, embedded default; `postgres-store.ts`, for scale-out).
 * The pipeline stays pure; ingest, the queue workers, the exports and the server call this layer.
 *
 * What is kept for every document: the raw input exactly as given (so nothing a user gave is lost and `reanalyze`
 * can rebuild the analysis with a newer coder), the fields read from it, the AnnotatedDoc, its events (one row each,
 * with the columns the filters need), the folded text for full-text search, its near-duplicate link and its
 * minhash bands. Writes are idempotent: a document is identified by its content hash, so the same article twice is
 * stored once, and one document is written in one transaction (never half).
 */
import type { AnnotatedDoc, PloverEvent, PloverType } from '../types.js';

/** The input fields needed to analyze a document again (a `SourceInput` without `raw`, which is stored apart). */
export interface StoredInput {
  text: string;
  title: string | null;
  source: string | null;
  url: string | null;
  published: string | null;
  id: string | null;
}

/** A document ready to be stored: the analysis, what it was made from, and its near-duplicate signature. */
export interface NewDocument {
  /** The analysis (its `id` is the hash of the raw input). */
  doc: AnnotatedDoc;
  /** The raw input exactly as given (file bytes decoded, JSONL line, feed item). */
  raw: string;
  /** The fields read from the raw input, for re-analysis. */
  input: StoredInput;
  /** SHA-256 (hex) of the folded title + text: the same article under other metadata has the same hash. */
  contentHash: string;
  /** Where it came from: `path`, `path.jsonl.gz:17`, `https://…/feed.xml#3`, `-:5`, `queue:<job id>`. */
  origin: string;
  /** Minhash signature of the folded text's word shingles (see `src/ingest/near-duplicates.ts`). */
  signature: Uint32Array;
  /** The LSH band keys of the signature (documents sharing a band are near-duplicate candidates). */
  bands: string[];
  /** The stored document this one nearly duplicates (another outlet's copy of a wire story), if any. */
  nearDuplicateOf: { id: string; similarity: number } | null;
}

/** What `putDocument` did. */
export interface PutResult {
  /** `inserted`, or `duplicate` when a document with the same content hash (or raw input) is already stored. */
  status: 'inserted' | 'duplicate';
  /** The id of the stored document (the existing one for a duplicate). */
  id: string;
}

/** A stored document. */
export interface StoredDocument {
  id: string;
  contentHash: string;
  origin: string;
  raw: string;
  input: StoredInput;
  doc: AnnotatedDoc;
  nearDuplicateOf: { id: string; similarity: number } | null;
  /** ISO 8601 time it was stored. */
  ingestedAt: string;
}

/** A raw document for re-analysis. */
export interface StoredRaw {
  id: string;
  raw: string;
  input: StoredInput;
  origin: string;
}

/** An event as stored and exported: the contract's event plus where it comes from and its cluster. */
export interface EventRow extends PloverEvent {
  /** The document's id. */
  doc_id: string;
  /** The document's title, outlet, URL and publication date. */
  title: string | null;
  source: string | null;
  url: string | null;
  published: string | null;
  /** The real-world event this report belongs to (same event from several articles/outlets), once clustered. */
  cluster_id: string | null;
  /** How many distinct documents report the cluster (1 when unclustered). */
  cluster_size: number;
  /** The coder that produced it (`marsad/… model/…`). */
  coder: string;
  /** The analysts' latest correction of this event, if any (exports flag corrected rows). */
  correction?: Correction | null;
}

/** Filters shared by `marsad events` and `GET /api/events`. */
export interface EventFilter {
  /** Events dated on or after this day (YYYY-MM-DD; an event's date is compared by its first day). */
  since?: string;
  /** Events dated on or before this day. */
  until?: string;
  /** PLOVER types (any of). */
  type?: PloverType[];
  /** ISO3 or IGO (any of), matched against actor, recipient and place countries. */
  country?: string[];
  /** Actor text or English name, case-insensitive substring; or an actor country code. */
  actor?: string;
  /** Full-text query over the evidence sentence (folded: hamza, tashkeel, ة/ه variants ignored). */
  q?: string;
  /** One row per cluster (the highest-confidence report), with `cluster_size` sources. */
  onePerCluster?: boolean;
  /** Page size (default 100, at most 10,000). */
  limit?: number;
  /** Opaque cursor from a previous page (of the same order). */
  cursor?: string | null;
  /**
   * `asc` (default): by (first day, id), undated events after every dated one. `desc`: the dated events, newest
   * first (by first day, then id, both descending); undated events are listed only in the ascending order.
   * Pages only: the aggregations ignore it.
   */
  order?: 'asc' | 'desc';
}

/** One page of events, in a stable order (date, then id), with the cursor of the next page. */
export interface EventPage {
  rows: EventRow[];
  next: string | null;
}

/** A full-text search hit. */
export interface SearchHit {
  id: string;
  title: string | null;
  source: string | null;
  published: string | null;
  /** A short passage of the text around the match. */
  snippet: string;
}

/** A document that could not be read or analyzed, with the reason. */
export interface NewError {
  origin: string;
  reason: string;
  /** The raw input (or its first 10,000 characters), when there was one. */
  raw: string | null;
}

/** A recorded error. */
export interface ErrorRow extends NewError {
  id: number;
  /** ISO 8601 time it was recorded. */
  at: string;
}

/** Counts for `marsad stats`. */
export interface Stats {
  documents: number;
  events: number;
  clusters: number;
  errors: number;
  nearDuplicates: number;
  byType: Record<string, number>;
  /** Events by country (actor, recipient or place country; an event counts once per country). */
  byCountry: Record<string, number>;
}

/** An event as clustering reads it. */
export interface ClusterCandidate {
  id: string;
  doc_id: string;
  event: PloverType;
  planned: string | null;
  date: string | null;
  actorCountries: string[];
  recipientCountries: string[];
  placeCountry: string | null;
  event_text: string;
  cluster_id: string | null;
}

/** Events per period and type, for the timeline. */
export interface TimelineRow {
  /** The period's first day (YYYY-MM-DD) for day/week/month buckets. */
  period: string;
  event: PloverType;
  count: number;
}

/** Events per place, for the map. */
export interface MapPoint {
  lat: number;
  lon: number;
  /** English place name. */
  name: string;
  country: string | null;
  count: number;
  byType: Partial<Record<PloverType, number>>;
}

/** The actor network: actors (by English name, else country) and who acted on whom. */
export interface ActorGraph {
  nodes: Array<{ id: string; label: string; country: string | null; count: number }>;
  edges: Array<{ source: string; target: string; count: number; byType: Partial<Record<PloverType, number>> }>;
}

/** Daily counts for the alerts statistic: events per country × type, and stored documents per publication day. */
export interface DailyCounts {
  events: Array<{ day: string; country: string; event: PloverType; count: number }>;
  documents: Array<{ day: string; count: number }>;
}

/** An analyst's correction of a coded event, kept apart from the coder's output. */
export interface NewCorrection {
  /** The event corrected. */
  eventId: string;
  /** The event is wrong (not an event, or not in this text): exports flag it, the coder's record stays. */
  wrong?: boolean;
  event?: PloverType;
  /** Actor/recipient countries (ISO3 or IGO) or names, as the analyst gives them. */
  actor?: string[];
  recipient?: string[];
  /** Place as the analyst gives it (name and/or country). */
  place?: { name?: string | null; country?: string | null } | null;
  /** TIMEX3 date value. */
  date?: string | null;
  /** Who corrected it (free text) and why. */
  author?: string | null;
  note?: string | null;
}

/** A stored correction. Corrections are anchored to the event's document, trigger span and original type, so they
 * re-attach to the same event after `reanalyze` gives it a new id. */
export interface Correction extends NewCorrection {
  id: number;
  docId: string;
  /** The trigger span and original type the correction is anchored to. */
  anchor: { start: number; end: number; event: PloverType };
  /** ISO 8601 time. */
  at: string;
}

/** The store. All methods may be called concurrently by one process; writes of one document are atomic. */
export interface Store {
  /** `sqlite` or `postgres`. */
  readonly kind: 'sqlite' | 'postgres';
  /** Apply pending migrations (versioned, recorded in `schema_migrations`); safe to call on every start. */
  migrate(): Promise<void>;
  /** Whether a document with this id (hash of the raw input) is stored: ingest skips it before analysis. */
  hasDocument(id: string): Promise<boolean>;
  /** The id of a stored document with this content hash, or null. */
  findByContent(contentHash: string): Promise<string | null>;
  /** Documents sharing at least one LSH band with these, with their signatures (at most `limit`, default 50). */
  nearDuplicateCandidates(bands: readonly string[], limit?: number): Promise<Array<{ id: string; signature: Uint32Array }>>;
  /** Store a document, its events and bands in one transaction; a duplicate (same content hash or id) is not stored again. */
  putDocument(d: NewDocument): Promise<PutResult>;
  /** Record a document that could not be read or analyzed. */
  putError(e: NewError): Promise<void>;
  /** Recorded errors, newest first. */
  errors(options?: { limit?: number }): Promise<ErrorRow[]>;
  /** One document with its analysis, or null. */
  document(id: string): Promise<StoredDocument | null>;
  /** Events matching a filter, one page at a time. */
  events(filter: EventFilter): Promise<EventPage>;
  /** Documents whose folded text matches the folded query (FTS5 on SQLite, tsvector on PostgreSQL), best first. */
  search(q: string, options?: { limit?: number }): Promise<SearchHit[]>;
  /** Counts by type and country. */
  stats(): Promise<Stats>;
  /**
   * A value that changes whenever a change to the stored data is committed, through this store or any other
   * connection or process (an ingest beside a server): the API's answer cache serves an answer only while it holds.
   */
  dataVersion(): Promise<string>;
  /** Raw documents in id order after `after` (null: from the start), for re-analysis. */
  rawDocuments(after: string | null, limit: number): Promise<StoredRaw[]>;
  /** Replace a document's analysis and events with a new one (re-analysis); the document and raw input stay. */
  replaceAnalysis(id: string, doc: AnnotatedDoc): Promise<void>;
  /** Events without a cluster, oldest first (at most `limit`). */
  unclusteredEvents(limit: number): Promise<ClusterCandidate[]>;
  /** Events of a type dated within [from, to] (YYYY-MM-DD, by first day), clustered or not, for cluster matching. */
  clusterCandidates(type: PloverType, from: string, to: string): Promise<ClusterCandidate[]>;
  /** Set events' cluster ids. */
  setClusters(assignments: ReadonlyArray<{ eventId: string; clusterId: string }>): Promise<void>;
  /** Events per period (day, ISO week by its Monday, or month) and type, for events matching the filter (dated ones). */
  timeline(filter: EventFilter, bucket: 'day' | 'week' | 'month'): Promise<TimelineRow[]>;
  /** Events per place (events with coordinates) matching the filter, most events first (at most `limit`, default 2,000). */
  mapPoints(filter: EventFilter, limit?: number): Promise<MapPoint[]>;
  /** The actor network of the events matching the filter: the `limit` (default 100) busiest edges and their nodes. */
  actorGraph(filter: EventFilter, limit?: number): Promise<ActorGraph>;
  /** The latest publication day (YYYY-MM-DD) of the stored documents; null when none has one. */
  latestPublicationDay(): Promise<string | null>;
  /** Daily counts for alerts, by event date (events) and publication day (documents), within [since, until]. */
  dailyCounts(since: string, until: string): Promise<DailyCounts>;
  /** Store an analyst's correction of an event (the coder's record is never changed); throws for an unknown event. */
  putCorrection(c: NewCorrection): Promise<Correction>;
  /** The corrections of one event (re-attached by anchor after re-analysis), oldest first; all when no id. */
  corrections(eventId?: string): Promise<Correction[]>;
  /** Close connections. */
  close(): Promise<void>;
}

/** The default database path of the embedded store. */
export const DEFAULT_DB = './marsad.db';
