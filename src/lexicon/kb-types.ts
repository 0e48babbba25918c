/**
 * The knowledge-base file formats in `model/kb/` (built by scripts/build-*.ts from the public data sets) and
 * accepted from users with `--lexicon FILE`. Names are given in their ordinary Arabic spelling; spelling
 * variants (hamza, ة/ه, ى/ي, g/v letters, with and without ال, "مدينة X") are generated at load by
 * `src/lexicon/variants.ts`, never listed by hand.
 */

/** A knowledge-base entry: something a span of text can name. */
export interface KbEntry {
  /** Stable id: `wd:Q1748` (Wikidata) when known, else `iso:DNK`, `gn:2618425`, `marsad:<slug>`. */
  id: string;
  /** What it is, as an entity type. */
  type: 'PER' | 'ORG' | 'LOC' | 'MISC';
  /** Finer type: GPE (country/city/adm1), REGION, IGO, ARMED_GROUP, GOV, MIL, NORP (demonym), PARTY, MEDIA, COMPANY, ORG, … */
  subtype: string;
  /** English name. */
  en: string;
  /** Arabic names and aliases, ordinary spelling (first = preferred). */
  ar: string[];
  /** ISO3 country, or IGO; null for a region spanning countries. */
  country?: string | null;
  /** For a region: the countries it spans. */
  countries?: string[];
  /** PLOVER sector for actors (GOV, MIL, REB, IGO, …). */
  sector?: string | null;
  /** Latitude (places). */
  lat?: number;
  /** Longitude (places). */
  lon?: number;
  /** Place feature. */
  feature?: 'country' | 'adm1' | 'city' | 'region';
  /** The country's capital (outranks a more populous namesake record, e.g. a municipality row). */
  capital?: boolean;
  /** Population (places; used to rank homonyms). */
  population?: number;
  /** Wikidata QID. */
  wikidata?: string;
  /** GeoNames id. */
  geonames_id?: number;
  /**
   * How names may be inflected when generating variants: `place` (ال optional, مدينة/محافظة/ولاية X),
   * `nisba` (a demonym base like عراقي: ة, ون/ين, ات, ال- forms), `name` (only orthographic variants).
   * Default: `place` for LOC, `name` otherwise.
   */
  inflect?: 'place' | 'nisba' | 'name';
}

/** One file of entries in model/kb/ (or a user's --lexicon file). */
export interface KbFile {
  /** Format version: 1. */
  version: 1;
  /** Where the entries come from. */
  source: string;
  /** Their license. */
  license: string;
  /** The entries. */
  entries: KbEntry[];
}
