/**
 * The marsad contract (v1) as TypeScript types: the JSON a user gets from `marsad analyze`.
 * Kept in step with `schema/annotated-doc.schema.json`; fields may be added, never removed.
 * Offsets are 0-based UTF-16 indices into `AnnotatedDoc.text`, end exclusive.
 */

/** A half-open range `[start, end)` of UTF-16 code units in the document's `text`. */
export interface Range {
  /** First code unit of the range (0-based). */
  start: number;
  /** One past the last code unit of the range. */
  end: number;
}

/** A range together with the text it covers: `doc.text.slice(start, end) === text`. */
export interface Span extends Range {
  /** The covered text, exactly as it stands in `doc.text`. */
  text: string;
}

/** What cleaning repaired or removed, or any other problem found in the content (vfile-style). */
export interface Message {
  /** Machine-readable rule id, e.g. `broken-entity`, `zero-width`, `boilerplate`. */
  rule: string;
  /** Human-readable reason, saying what was found and what was done. */
  reason: string;
  /** Where in `text` it applies; a removal is a zero-width position. */
  start?: number;
  /** End of the range in `text`. */
  end?: number;
}

/** ISO 3166-1 alpha-3 country code, or `IGO` for inter-governmental organisations. */
export type Country = string;

/** A named entity mention. */
export interface Entity extends Span {
  /** ANERcorp-style coarse type. */
  type: 'PER' | 'ORG' | 'LOC' | 'MISC';
  /** Finer type: GPE, NORP, REGION, IGO, ARMED_GROUP, … */
  subtype?: string;
  /** English name. */
  name?: string;
  /** Knowledge-base id (e.g. a Wikidata QID). */
  id?: string;
  /** Country the entity belongs to or is. */
  country?: Country;
  /** Latitude for places. */
  lat?: number;
  /** Longitude for places. */
  lon?: number;
}

/** A time expression normalised to TIMEX3. */
export interface TimeExpr extends Span {
  /** TIMEX3 type. */
  type: 'DATE' | 'TIME' | 'DURATION' | 'SET';
  /** TIMEX3 value: 2020-01-27, 2020-01, 2020-SP, 2020-W05, 2020, P1Y, PAST_REF… */
  value: string;
  /** What a relative expression was resolved against; null = absolute or unresolved. */
  anchor: 'published' | 'reported' | null;
}

/** A quotation and, when found, who said it. */
export interface Quote extends Span {
  /** The speaker mention, or null when unknown. */
  speaker: Span | null;
}

/** An event participant. */
export interface Actor extends Span {
  /** English name. */
  name: string | null;
  /** Knowledge-base id. */
  id: string | null;
  /** Country (ISO3) or IGO. */
  country: Country | null;
  /** PLOVER sector (GOV, MIL, REB, …). */
  sector: string | null;
}

/** A resolved place. */
export interface Place extends Span {
  /** English name. */
  name: string;
  /** ISO3 country; null only for multi-country regions. */
  country: Country | null;
  /** Countries a region spans. */
  countries?: Country[];
  /** Latitude. */
  lat: number;
  /** Longitude. */
  lon: number;
  /** Kind of place. */
  feature: 'country' | 'adm1' | 'city' | 'region';
  /** GeoNames id. */
  geonames_id?: number;
  /** Wikidata QID. */
  wikidata?: string;
}

/** The 16 PLOVER v0.8 event types. */
export type PloverType =
  | 'AGREE' | 'CONSULT' | 'SUPPORT' | 'CONCEDE' | 'COOPERATE' | 'AID' | 'RETREAT' | 'REQUEST'
  | 'ACCUSE' | 'REJECT' | 'THREATEN' | 'PROTEST' | 'SANCTION' | 'MOBILIZE' | 'COERCE' | 'ASSAULT';

/** A PLOVER event record with marsad's additions (modality, planned, attribution, size). */
export interface PloverEvent {
  /** `<doc id>-<n>`. */
  id: string;
  /** PLOVER event type. */
  event: PloverType;
  /** PLOVER mode, or null. */
  mode: string | null;
  /** PLOVER contexts. */
  context: string[];
  /** Who acted; several entries for compound actors. */
  actor: Actor[];
  /** Who was acted upon. */
  recipient: Actor[];
  /** Where it happened (or is planned to happen). */
  event_loc: Place | null;
  /** TIMEX3 date value. */
  date: string | null;
  /** Precision of `date`. */
  date_precision: 'day' | 'week' | 'month' | 'season' | 'year' | null;
  /** Where the date came from. */
  date_source: 'text' | 'dateline' | 'published' | null;
  /** The evidence sentence. */
  event_text: string;
  /** Index into `sentences`. */
  sentence: number;
  /** The trigger word(s). */
  trigger: Span;
  /** The event is denied. */
  negated: boolean;
  /** The event is expected or planned. */
  future: boolean;
  /** The event is conditional or hypothetical. */
  hypothetical: boolean;
  /** For AGREE coded from a future cooperative action: the underlying type. */
  planned: 'CONSULT' | 'SUPPORT' | 'COOPERATE' | 'AID' | null;
  /** How the text attributes the event. */
  attribution: 'claimed' | 'alleged' | 'reported' | null;
  /** PLOVER size. */
  size: { dead?: number; injured?: number; arrested?: number; participants?: number } | null;
  /** Calibrated confidence, 0..1. */
  confidence: number;
  /** CAMEO code where CAMEO2PLOVER maps one. */
  cameo?: string;
}

/** Where the article's header put the story: its dateline place and the outlet or author beside it. */
export interface Dateline extends Span {
  /** The place named by the dateline (e.g. `بغداد`), when there is one. */
  place: Span | null;
  /** The outlet, agency or author named beside it (e.g. `الصباح الجديد`, `رويترز`), when there is one. */
  credit: Span | null;
}

/** One analyzed article: the contract `marsad analyze` prints. */
export interface AnnotatedDoc {
  /** Contract version. */
  schema: 'marsad.doc/1';
  /** Stable id: a hash of the raw input as given. */
  id: string;
  /** The id the input carried (`id`, `docno`), if any. */
  input_id: string | null;
  /** Article title; also the first line of `text` when known. */
  title: string | null;
  /** Outlet. */
  source: string | null;
  /** Article URL. */
  url: string | null;
  /** ISO 8601 date or date-time with offset. */
  published: string | null;
  /** marsad version + model version that produced this document. */
  coder: string;
  /** The cleaned document. */
  text: string;
  /** What cleaning repaired or removed. */
  messages: Message[];
  /** Sentence ranges. */
  sentences: Range[];
  /** + The dateline found in the header, if any (added field; the contract allows additions). */
  dateline?: Dateline | null;
  /** Named entities. */
  entities: Entity[];
  /** Time expressions. */
  times: TimeExpr[];
  /** Quotations. */
  quotes: Quote[];
  /** PLOVER events. */
  events: PloverEvent[];
}
