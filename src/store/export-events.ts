/**
 * Event export formats for `marsad events` (and the API): stored EventRows written out, one row at a time, as
 * JSON lines, PLOVER records, CSV, GDELT-like TSV or a GeoJSON FeatureCollection. The writer never holds more
 * than the row in hand, so an export of millions of rows streams in constant memory.
 *
 * Formats:
 * - `jsonl`: the EventRow itself, one JSON object per line.
 * - `plover`: the PLOVER spec's record (see `src/cli/plover-record.ts`) plus `doc_id`, `published`, `cluster_id`
 *   and `cluster_size`, one per line.
 * - `csv`: RFC 4180 (comma, CRLF after every record, fields quoted only when they hold a quote, comma, CR or LF,
 *   inner quotes doubled), UTF-8, a header row, the flat columns of {@link CSV_COLUMNS}. No byte-order mark by
 *   default: pandas, R (read.csv, readr) and Python's csv read UTF-8 without one, and a BOM would end up in the
 *   first column's name (`\ufeffid`) for readers not told to expect it. Pass `{ bom: true }` for Excel, which
 *   needs it to recognise UTF-8.
 * - `tsv`: GDELT-like, tab-separated, no quoting (tabs and line breaks inside a field become spaces), a header
 *   row, the columns of {@link TSV_COLUMNS}, LF line ends. Country codes are marsad's ISO3/IGO (not GDELT's FIPS).
 *   marsad's own columns (not GDELT's) come last.
 * - `geojson`: an RFC 7946 FeatureCollection of Point features at the event location ([lon, lat]), with the CSV's
 *   columns as typed properties; rows without usable coordinates are left out and counted in `skipped`.
 */
import type { Actor, AnnotatedDoc } from '../types.js';
import type { EventRow } from './store.js';
import { ploverDates, ploverRecords, type PloverRecord } from '../cli/plover-record.js';

/** An export format. */
export type ExportFormat = 'jsonl' | 'plover' | 'csv' | 'tsv' | 'geojson';

/** Every export format, in the order help texts list them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'plover', 'csv', 'tsv', 'geojson'];

/** Media type and file extension of each format (for the API's Content-Type and download names). */
export const EXPORT_FORMAT_INFO: Readonly<Record<ExportFormat, { mediaType: string; extension: string }>> = {
  jsonl: { mediaType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
  plover: { mediaType: 'application/x-ndjson; charset=utf-8', extension: 'plover.jsonl' },
  csv: { mediaType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  tsv: { mediaType: 'text/tab-separated-values; charset=utf-8', extension: 'tsv' },
  geojson: { mediaType: 'application/geo+json', extension: 'geojson' },
};

/** Whether a string (a CLI flag, a query parameter) names an export format. */
export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** A flat cell: what CSV writes as text and GeoJSON keeps typed. */
export type FlatValue = string | number | boolean | null;

/** The flat columns of the CSV export (and the GeoJSON properties), in order. Fixed: a stable shape for loaders. */
export const CSV_COLUMNS = [
  'id', 'doc_id', 'cluster_id', 'cluster_size', 'event', 'mode', 'planned', 'negated', 'future', 'hypothetical',
  'attribution', 'date', 'date_precision', 'date_source', 'actor', 'actor_country', 'actor_sector', 'recipient',
  'recipient_country', 'recipient_sector', 'place', 'place_country', 'lat', 'lon', 'dead', 'injured', 'arrested',
  'participants', 'confidence', 'cameo', 'context', 'trigger', 'evidence', 'title', 'source', 'url', 'published',
  'coder', 'corrected', 'correction_wrong',
] as const;

/** A CSV column name. */
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** One event as flat, typed columns. */
export type FlatEvent = Record<CsvColumn, FlatValue>;

/** The separator of several values in one flat cell (compound actors, their countries, contexts). */
export const LIST_SEPARATOR = '; ';

/**
 * An event as flat columns. Actors and recipients are their English names where linked, else their text as it
 * stands in the article, joined with "; "; their countries and sectors are the distinct known ones, in actor order,
 * joined the same way (so a filter on `actor_country` finds every event an ISO3 code takes part in). `place` is
 * the resolved English place name; `place_country` is empty for a multi-country region. `date` is the TIMEX3 value
 * as coded (2020-03-12, 2020-03, 2020-SP, …), with its precision beside it. Every column is the coder's record:
 * an analyst's correction changes none of them, it only sets `corrected` (the row has one) and, when the analyst
 * marked the event wrong (not an event, or not in this text), `correction_wrong`, so loaders can drop or review it.
 */
export function flatEvent(row: EventRow): FlatEvent {
  const place = row.event_loc;
  const size = row.size;
  return {
    id: row.id,
    doc_id: row.doc_id,
    cluster_id: row.cluster_id,
    cluster_size: row.cluster_size,
    event: row.event,
    mode: row.mode,
    planned: row.planned,
    negated: row.negated,
    future: row.future,
    hypothetical: row.hypothetical,
    attribution: row.attribution,
    date: row.date,
    date_precision: row.date_precision,
    date_source: row.date_source,
    actor: joinList(row.actor.map(actorName)),
    actor_country: joinList(distinct(row.actor.map((a) => a.country))),
    actor_sector: joinList(distinct(row.actor.map((a) => a.sector))),
    recipient: joinList(row.recipient.map(actorName)),
    recipient_country: joinList(distinct(row.recipient.map((a) => a.country))),
    recipient_sector: joinList(distinct(row.recipient.map((a) => a.sector))),
    place: place?.name ?? null,
    place_country: place?.country ?? null,
    lat: place?.lat ?? null,
    lon: place?.lon ?? null,
    dead: size?.dead ?? null,
    injured: size?.injured ?? null,
    arrested: size?.arrested ?? null,
    participants: size?.participants ?? null,
    confidence: row.confidence,
    cameo: row.cameo ?? null,
    context: joinList(row.context),
    trigger: row.trigger.text,
    evidence: row.event_text,
    title: row.title,
    source: row.source,
    url: row.url,
    published: row.published,
    coder: row.coder,
    corrected: row.correction != null,
    correction_wrong: row.correction?.wrong === true,
  };
}

function actorName(a: Actor): string {
  return a.name ?? a.text;
}

function distinct(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null && v !== ''))];
}

/** Null for an empty list, so an empty cell and a missing value read the same way in every format. */
function joinList(values: readonly string[]): string | null {
  return values.length === 0 ? null : values.join(LIST_SEPARATOR);
}

/** A flat value as text: empty for null, true/false for booleans, numbers as JavaScript prints them. */
export function cellText(value: FlatValue): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field (RFC 4180): quoted, with inner quotes doubled, only when it holds a quote, comma, CR or LF. */
export function csvField(value: FlatValue): string {
  const text = cellText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The line ending of every CSV record, the header's included (RFC 4180's CRLF). */
export const CSV_EOL = '\r\n';

/** The CSV header record, with its line ending. */
export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + CSV_EOL;
}

/** One event as a CSV record, with its line ending. */
export function csvRecord(row: EventRow): string {
  const flat = flatEvent(row);
  return CSV_COLUMNS.map((c) => csvField(flat[c])).join(',') + CSV_EOL;
}

/** The TSV columns (GDELT event-table names where GDELT has one), in order. */
export const TSV_COLUMNS = [
  'GLOBALEVENTID', 'SQLDATE', 'Actor1Name', 'Actor1CountryCode', 'Actor1Type1Code', 'Actor2Name',
  'Actor2CountryCode', 'Actor2Type1Code', 'EventCode', 'EventMode', 'CAMEOCode', 'IsNegated', 'IsFuture',
  'IsHypothetical', 'NumSources', 'ActionGeo_FullName', 'ActionGeo_CountryCode', 'ActionGeo_Lat', 'ActionGeo_Long',
  'Confidence', 'SOURCEURL', 'DocId', 'ClusterId', 'Corrected', 'CorrectionWrong',
] as const;

/** Tabs and every character some reader takes for a line break: TSV has no quoting, so they become spaces. */
const TSV_BREAKS = /[\t\n\v\f\r\u001c-\u001e\u0085\u2028\u2029]/g;

/** One TSV field: the value as text, tabs and line breaks replaced by spaces. */
export function tsvField(value: FlatValue): string {
  return cellText(value).replace(TSV_BREAKS, ' ');
}

/** The TSV header line. */
export function tsvHeader(): string {
  return TSV_COLUMNS.join('\t') + '\n';
}

/**
 * One event as a TSV line. Actor1 is the actor, Actor2 the recipient (several joined with "; ", as in the CSV);
 * SQLDATE is the first day of the event's date (YYYYMMDD), empty without one; flags are 1/0 as in GDELT, the
 * correction flags (`Corrected`, `CorrectionWrong`) included.
 */
export function tsvRecord(row: EventRow): string {
  const flat = flatEvent(row);
  const first = ploverDates(row.date).date;
  const flag = (b: boolean): number => (b ? 1 : 0);
  const values: Record<(typeof TSV_COLUMNS)[number], FlatValue> = {
    GLOBALEVENTID: row.id,
    SQLDATE: first === null ? null : first.replaceAll('-', ''),
    Actor1Name: flat.actor,
    Actor1CountryCode: flat.actor_country,
    Actor1Type1Code: flat.actor_sector,
    Actor2Name: flat.recipient,
    Actor2CountryCode: flat.recipient_country,
    Actor2Type1Code: flat.recipient_sector,
    EventCode: row.event,
    EventMode: row.mode,
    CAMEOCode: flat.cameo,
    IsNegated: flag(row.negated),
    IsFuture: flag(row.future),
    IsHypothetical: flag(row.hypothetical),
    NumSources: row.cluster_size,
    ActionGeo_FullName: flat.place,
    ActionGeo_CountryCode: flat.place_country,
    ActionGeo_Lat: flat.lat,
    ActionGeo_Long: flat.lon,
    Confidence: row.confidence,
    SOURCEURL: row.url,
    DocId: row.doc_id,
    ClusterId: row.cluster_id,
    Corrected: flag(flat.corrected === true),
    CorrectionWrong: flag(flat.correction_wrong === true),
  };
  return TSV_COLUMNS.map((c) => tsvField(values[c])).join('\t') + '\n';
}

/** A GeoJSON Point feature of one event. */
export interface EventFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: FlatEvent;
}

/** Whether a row has a location GeoJSON can place: finite coordinates within WGS 84's range. */
export function hasCoordinates(row: EventRow): boolean {
  const p = row.event_loc;
  return p !== null && Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;
}

/** The event as a GeoJSON Point feature ([lon, lat], RFC 7946 order), or null when it has no usable coordinates. */
export function geojsonFeature(row: EventRow): EventFeature | null {
  if (!hasCoordinates(row) || row.event_loc === null) return null;
  return {
    type: 'Feature',
    id: row.id,
    geometry: { type: 'Point', coordinates: [row.event_loc.lon, row.event_loc.lat] },
    properties: flatEvent(row),
  };
}

/** A PLOVER record of an exported event: the spec record plus where it comes from and its cluster. */
export interface PloverExportRecord extends PloverRecord {
  /** + The document's id. */
  doc_id: string;
  /** + The document's publication date. */
  published: string | null;
  /** + The real-world event this report belongs to, once clustered. */
  cluster_id: string | null;
  /** + How many distinct documents report the cluster. */
  cluster_size: number;
}

/**
 * One stored event as a PLOVER record, by the conversion `marsad analyze --format plover` uses, run on a
 * one-event document rebuilt from the row's metadata. Two differences follow from what a row keeps: the citation
 * is the document id (the input's own id is not in an EventRow), and there is no `text_info` (the sentence's
 * offsets are not either).
 */
export function ploverEventRecord(row: EventRow, codedDate: string): PloverExportRecord {
  const doc: AnnotatedDoc = {
    schema: 'marsad.doc/1',
    id: row.doc_id,
    input_id: null,
    title: row.title,
    source: row.source,
    url: row.url,
    published: row.published,
    coder: row.coder,
    text: '',
    messages: [],
    sentences: [],
    entities: [],
    times: [],
    quotes: [],
    events: [row],
  };
  const [record] = ploverRecords(doc, { codedDate });
  if (record === undefined) throw new Error(`ploverEventRecord: no record for event ${row.id}`);
  return { ...record, doc_id: row.doc_id, published: row.published, cluster_id: row.cluster_id, cluster_size: row.cluster_size };
}

/** Where an export goes: a Node stream (stdout, an HTTP response, a file) or anything with `write(string)`. */
export type ExportSink = NodeJS.WritableStream | { write(s: string): unknown };

/** Options of {@link createEventWriter}. */
export interface EventWriterOptions {
  /** PLOVER `coded_date` (YYYY-MM-DD); default: today (UTC) when the writer is made, the same for every row. */
  codedDate?: string;
  /** CSV only: start with a UTF-8 byte-order mark (for Excel). Default false. */
  bom?: boolean;
}

/** A streaming writer of one format. */
export interface EventWriter {
  /**
   * Write one row. Returns false when the sink asked the caller to wait (a Node stream's backpressure): await its
   * 'drain' event before writing more, or a slow reader makes the stream buffer the whole export.
   */
  write(row: EventRow): boolean;
  /** Finish the output (the GeoJSON footer; the header too when no row was written). Does not close the sink. */
  end(): void;
  /** Rows written. */
  readonly written: number;
  /** Rows left out: GeoJSON rows without usable coordinates (0 for every other format). */
  readonly skipped: number;
}

/**
 * A writer that streams rows to `out` in `format`: the header (CSV, TSV, GeoJSON) goes out before the first row
 * (or at `end` when there is none), each row is written as soon as it is given, and `end` writes the GeoJSON
 * footer. Writing after `end` throws.
 */
export function createEventWriter(format: ExportFormat, out: ExportSink, options: EventWriterOptions = {}): EventWriter {
  const codedDate = options.codedDate ?? new Date().toISOString().slice(0, 10);
  const emit = (s: string): boolean => (out.write(s) as unknown) !== false;
  let started = false;
  let ended = false;
  let written = 0;
  let skipped = 0;

  const start = (): void => {
    if (started) return;
    started = true;
    if (format === 'csv') emit((options.bom === true ? '\uFEFF' : '') + csvHeader());
    else if (format === 'tsv') emit(tsvHeader());
    else if (format === 'geojson') emit('{"type":"FeatureCollection","features":[');
  };

  const encode = (row: EventRow): string | null => {
    switch (format) {
      case 'jsonl':
        return JSON.stringify(row) + '\n';
      case 'plover':
        return JSON.stringify(ploverEventRecord(row, codedDate)) + '\n';
      case 'csv':
        return csvRecord(row);
      case 'tsv':
        return tsvRecord(row);
      case 'geojson': {
        const feature = geojsonFeature(row);
        // One feature a line, commas between them: the file stays valid JSON and still greps line by line.
        return feature === null ? null : (written === 0 ? '\n' : ',\n') + JSON.stringify(feature);
      }
    }
  };

  return {
    write(row: EventRow): boolean {
      if (ended) throw new Error(`createEventWriter(${format}): write after end`);
      start();
      const text = encode(row);
      if (text === null) {
        skipped++;
        return true;
      }
      written++;
      return emit(text);
    },
    end(): void {
      if (ended) throw new Error(`createEventWriter(${format}): end called twice`);
      start();
      ended = true;
      if (format === 'geojson') emit('\n]}\n');
    },
    get written() {
      return written;
    },
    get skipped() {
      return skipped;
    },
  };
}
