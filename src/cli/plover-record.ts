/**
 * `marsad analyze --format plover`: an AnnotatedDoc's events as records in the PLOVER spec's own JSON shape
 * (PLOVER manual, chapter "Data Fields": the event table, the entity, location, text and citation objects),
 * with marsad's additions (modality, planned, attribution, size, confidence, …) kept under their own names,
 * as the spec allows ("providers should feel free to include named fields beyond those provided here").
 */
import type { Actor, AnnotatedDoc, PloverEvent, PloverType, Place, Span } from '../types.js';

/** An actor or recipient in the spec's "information object for entities". */
export interface PloverEntity {
  /** The mention as it stands in the text (`entity_text`). */
  entity_text: string;
  /** Canonical English name of the linked entity (`identifier_text`), or null when unlinked. */
  identifier_text: string | null;
  /** Knowledge-base id of the linked entity (`identifier_id`: `wd:Q…`, `marsad:…`), or null. */
  identifier_id: string | null;
  /** Top-level entity code: ISO3 country or `IGO` (`code`), or null when unknown. */
  code: string | null;
  /** PLOVER sector (GOV, MIL, REB, …), or null. */
  sector: string | null;
}

/** The event location in the spec's location object (Mordecai/GeoNames field names). */
export interface PloverLocation {
  /** The place name as it stands in the text. */
  extracted_place: string;
  /** English name of the place it was resolved to. */
  resolved_place: string;
  /** GeoNames id, or null when the knowledge base has none. */
  geonameid: number | null;
  /** Latitude in decimal degrees. */
  lat: number;
  /** Longitude in decimal degrees. */
  lon: number;
  /** ISO3 country code; null only for multi-country regions. */
  country_code: string | null;
  /** GeoNames feature class: A (country, adm1), P (city), L (region). */
  feature_class: 'A' | 'P' | 'L';
  /** The generic GeoNames feature code for the kind of place: PCL, ADM1, PPL, RGN. */
  feature_code: 'PCL' | 'ADM1' | 'PPL' | 'RGN';
  /** 4 city, 2 province, 1 country (the spec's scale); null for a multi-country region, which it lacks. */
  resolution: number | null;
  /** + marsad's kind of place. */
  feature: Place['feature'];
  /** + Countries a region spans, when it is one. */
  countries?: string[];
}

/** Where the event's evidence sentence sits in the document (the spec's textInfo object). */
export interface PloverTextInfo {
  /** Index of the sentence in the document's `sentences`. */
  sequence: number;
  /** Offset of the sentence's first character in the document's `text` (UTF-16, 0-based). */
  start: number;
  /** Offset one past the sentence's last character. */
  end: number;
}

/** Where the text came from (the spec's citeInfo object). */
export interface PloverCiteInfo {
  /** Identifier of the article: the id the input carried (`id`, `docno`), else marsad's document id. */
  citation: string;
  /** Article URL, when known. */
  url?: string;
  /** Article title, when known. */
  title?: string;
  /** Language of the text (ISO 639-1). */
  language: 'ar';
  /** The outlet (the document's `source`), when known. */
  publication?: string;
}

/** One event as a PLOVER JSON record: what `marsad analyze --format plover` prints, one per line. */
export interface PloverRecord {
  /** The event id, `<doc id>-<n>`, unique within a corpus. */
  id: string;
  /** First day of the event's date as YYYY-MM-DD; null when the event has no date. */
  date: string | null;
  /** Last day (YYYY-MM-DD) when the date is a week, month, season or year; absent for a single day. */
  enddate?: string;
  /** The event type, as the spec's list of event categories (always one here). */
  event: PloverType[];
  /** The mode as a list; empty when the event has none. */
  mode: string[];
  /** PLOVER contexts. */
  context: string[];
  /** Who acted; several entries for compound actors. */
  actor: PloverEntity[];
  /** Who was acted upon; empty when there is no recipient. */
  recipient: PloverEntity[];
  /** Where it happened (or is planned to happen), or null. */
  event_loc: PloverLocation | null;
  /** The texts of the event: the evidence sentence (the spec's field is a list). */
  event_text: string[];
  /** Where the evidence sentence is in the document, when the document has it. */
  text_info?: PloverTextInfo;
  /** Which article the event came from. */
  cite_info: PloverCiteInfo;
  /** The coder: marsad version + model version (the document's `coder`). */
  coder: string;
  /** The day the record was written, YYYY-MM-DD (the spec's "date of coding"). */
  coded_date: string;
  /** + For AGREE coded from a future cooperative action: the underlying type. */
  planned: PloverEvent['planned'];
  /** + The event is denied. */
  negated: boolean;
  /** + The event is expected or planned. */
  future: boolean;
  /** + The event is conditional or hypothetical. */
  hypothetical: boolean;
  /** + How the text attributes the event. */
  attribution: PloverEvent['attribution'];
  /** + Casualty, arrest and participant counts (the spec's size object, plus participants). */
  size: PloverEvent['size'];
  /** + Calibrated confidence, 0..1. */
  confidence: number;
  /** + CAMEO code where CAMEO2PLOVER maps one. */
  cameo?: string;
  /** + Where the date came from. */
  date_source: PloverEvent['date_source'];
  /** + Precision of the TIMEX3 value `date`/`enddate` were derived from. */
  date_precision: PloverEvent['date_precision'];
  /** + The trigger word(s), with offsets into the document's `text`. */
  trigger: Span;
}

/** Options of {@link ploverRecords}. */
export interface PloverRecordOptions {
  /**
   * `coded_date`, YYYY-MM-DD. The spec defines it as the date of coding, so by default it is today (UTC);
   * pass a fixed day for reproducible output.
   */
  codedDate?: string;
}

/** The first and (when it spans several days) last day of a TIMEX3 date value. */
export interface PloverDates {
  /** First day, YYYY-MM-DD, or null for a null or unsupported value. */
  date: string | null;
  /** Last day, YYYY-MM-DD, only when the value spans more than one day. */
  enddate?: string;
}

/** Convert every event of `doc` to a PLOVER JSON record, in the document's event order. */
export function ploverRecords(doc: AnnotatedDoc, options: PloverRecordOptions = {}): PloverRecord[] {
  const codedDate = options.codedDate ?? new Date().toISOString().slice(0, 10);
  const cite: PloverCiteInfo = {
    citation: doc.input_id ?? doc.id,
    ...(doc.url !== null && { url: doc.url }),
    ...(doc.title !== null && { title: doc.title }),
    language: 'ar',
    ...(doc.source !== null && { publication: doc.source }),
  };
  return doc.events.map((e): PloverRecord => {
    const sentence = doc.sentences[e.sentence];
    return {
      id: e.id,
      ...ploverDates(e.date),
      event: [e.event],
      mode: e.mode === null ? [] : [e.mode],
      context: [...e.context],
      actor: e.actor.map(entity),
      recipient: e.recipient.map(entity),
      event_loc: e.event_loc === null ? null : location(e.event_loc),
      event_text: [e.event_text],
      ...(sentence !== undefined && { text_info: { sequence: e.sentence, start: sentence.start, end: sentence.end } }),
      cite_info: { ...cite },
      coder: doc.coder,
      coded_date: codedDate,
      planned: e.planned,
      negated: e.negated,
      future: e.future,
      hypothetical: e.hypothetical,
      attribution: e.attribution,
      size: e.size === null ? null : { ...e.size },
      confidence: e.confidence,
      ...(e.cameo !== undefined && { cameo: e.cameo }),
      date_source: e.date_source,
      date_precision: e.date_precision,
      trigger: { start: e.trigger.start, end: e.trigger.end, text: e.trigger.text },
    };
  });
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const SEASON = /^(\d{4})-(SP|SU|FA|WI)$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const YEAR = /^(\d{4})$/;
/** Meteorological seasons: first month, and last month counted from the season's year (WI ends in February next year). */
const SEASONS = { SP: [3, 5], SU: [6, 8], FA: [9, 11], WI: [12, 14] } as const;

/**
 * The `date` (and `enddate`) of a TIMEX3 date value: `2020-01-27` (or with a time) → that day; `2020-03` →
 * 2020-03-01..2020-03-31; `2020-SP` → 2020-03-01..2020-05-31 (SU Jun–Aug, FA Sep–Nov, WI Dec–Feb of the next
 * year); `2020-W05` → its Monday..Sunday (ISO 8601 weeks); `2020` → 2020-01-01..2020-12-31. Null, references
 * such as `PAST_REF` and impossible dates give `{date: null}`.
 */
export function ploverDates(value: string | null): PloverDates {
  if (value === null) return { date: null };
  let m: RegExpExecArray | null;
  if ((m = DAY.exec(value))) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) ? { date: iso(utc(y, mo, d)) } : { date: null };
  }
  if ((m = MONTH.exec(value))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return mo >= 1 && mo <= 12 ? span(utc(y, mo, 1), utc(y, mo, daysIn(y, mo))) : { date: null };
  }
  if ((m = SEASON.exec(value))) {
    const y = Number(m[1]);
    const [first, last] = SEASONS[m[2] as keyof typeof SEASONS];
    // Month 14 of y is February of y + 1; day 0 of the month after is the last day, leap years included.
    return span(utc(y, first, 1), utc(y, last + 1, 0));
  }
  if ((m = WEEK.exec(value))) {
    const [y, w] = [Number(m[1]), Number(m[2])];
    // Week 1 is the week with the year's first Thursday, i.e. the one holding 4 January.
    const jan4 = utc(y, 1, 4);
    const monday = addDays(jan4, -((jan4.getUTCDay() + 6) % 7) + (w - 1) * 7);
    const valid = w >= 1 && addDays(monday, 3).getUTCFullYear() === y;
    return valid ? span(monday, addDays(monday, 6)) : { date: null };
  }
  if ((m = YEAR.exec(value))) {
    const y = Number(m[1]);
    return span(utc(y, 1, 1), utc(y, 12, 31));
  }
  return { date: null };
}

function entity(a: Actor): PloverEntity {
  return { entity_text: a.text, identifier_text: a.name, identifier_id: a.id, code: a.country, sector: a.sector };
}

const FEATURES = {
  country: { feature_class: 'A', feature_code: 'PCL', resolution: 1 },
  adm1: { feature_class: 'A', feature_code: 'ADM1', resolution: 2 },
  city: { feature_class: 'P', feature_code: 'PPL', resolution: 4 },
  region: { feature_class: 'L', feature_code: 'RGN', resolution: null },
} as const;

function location(p: Place): PloverLocation {
  return {
    extracted_place: p.text,
    resolved_place: p.name,
    geonameid: p.geonames_id ?? null,
    lat: p.lat,
    lon: p.lon,
    country_code: p.country,
    ...FEATURES[p.feature],
    feature: p.feature,
    ...(p.countries !== undefined && { countries: [...p.countries] }),
  };
}

/** Midnight UTC of a calendar day; month is 1-based and may overflow (13 = January of the next year). */
function utc(year: number, month: number, day: number): Date {
  const date = new Date(Date.UTC(2000, 0, 1));
  // setUTCFullYear, unlike Date.UTC, leaves years 0–99 alone.
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function daysIn(year: number, month: number): number {
  return utc(year, month + 1, 0).getUTCDate();
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function iso(date: Date): string {
  const y = date.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

function span(first: Date, last: Date): PloverDates {
  const date = iso(first);
  const enddate = iso(last);
  return enddate === date ? { date } : { date, enddate };
}
