/**
 * The overview's filters (date range, PLOVER types, countries, actor, words of the evidence sentence, one report
 * per real-world event) and the timeline's display options: read from and written to the hash's query, so a
 * filtered view is a link, and turned into the API's filter parameters (the same names `GET /api/events` takes).
 * Values that the API would refuse (a malformed day, an unknown type) are dropped when read.
 */
import type { PloverType } from '../../src/types.js';
import type { Query } from './api.js';

/** The 16 PLOVER types in the order of the PLOVER manual (cooperative to conflictual). */
export const PLOVER_TYPES: readonly PloverType[] = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT',
  'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];

/** Timeline buckets; `auto` picks one from the date span. */
export type BucketChoice = 'auto' | 'day' | 'week' | 'month';
export const BUCKET_CHOICES: readonly BucketChoice[] = ['auto', 'day', 'week', 'month'];

/** The overview's state. */
export interface Filters {
  since: string | null;
  until: string | null;
  types: PloverType[];
  countries: string[];
  actor: string;
  q: string;
  onePerCluster: boolean;
  bucket: BucketChoice;
  /** Show the timeline over every dated event, outliers included (otherwise its busy core). */
  fullRange: boolean;
}

export const EMPTY_FILTERS: Filters = { since: null, until: null, types: [], countries: [], actor: '', q: '', onePerCluster: false, bucket: 'auto', fullRange: false };

/** Whether a string is a real calendar day YYYY-MM-DD. */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

const isType = (value: string): value is PloverType => (PLOVER_TYPES as readonly string[]).includes(value);
const list = (value: string | null): string[] => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

/** The filters of a hash query. */
export function filtersFromParams(params: URLSearchParams): Filters {
  const day = (key: string): string | null => {
    const v = params.get(key);
    return v !== null && isDay(v) ? v : null;
  };
  let since = day('since');
  let until = day('until');
  if (since !== null && until !== null && since > until) [since, until] = [until, since];
  const bucket = params.get('bucket') ?? 'auto';
  return {
    since,
    until,
    types: [...new Set(list(params.get('type')).map((t) => t.toUpperCase()).filter(isType))],
    countries: [...new Set(list(params.get('country')).map((c) => c.toUpperCase()).filter((c) => /^[A-Z]{3}$/.test(c)))],
    actor: (params.get('actor') ?? '').trim().slice(0, 200),
    q: (params.get('q') ?? '').trim().slice(0, 500),
    onePerCluster: params.get('one_per_cluster') === '1',
    bucket: (BUCKET_CHOICES as readonly string[]).includes(bucket) ? (bucket as BucketChoice) : 'auto',
    fullRange: params.get('all') === '1',
  };
}

/** The hash query of filters (defaults left out). */
export function filtersToParams(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.since) p.set('since', f.since);
  if (f.until) p.set('until', f.until);
  if (f.types.length) p.set('type', f.types.join(','));
  if (f.countries.length) p.set('country', f.countries.join(','));
  if (f.actor) p.set('actor', f.actor);
  if (f.q) p.set('q', f.q);
  if (f.onePerCluster) p.set('one_per_cluster', '1');
  if (f.bucket !== 'auto') p.set('bucket', f.bucket);
  if (f.fullRange) p.set('all', '1');
  return p;
}

/** The API's filter parameters of the filters. */
export function apiFilterQuery(f: Filters): Query {
  return {
    since: f.since,
    until: f.until,
    type: f.types.join(','),
    country: f.countries.join(','),
    actor: f.actor,
    q: f.q,
    one_per_cluster: f.onePerCluster ? 'true' : null,
  };
}

/** Days from `since` to `until`, inclusive. */
export function daySpan(since: string, until: string): number {
  return Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The timeline bucket for a span of days: day up to about two months, week up to two years, then month. */
export function bucketForSpan(days: number): 'day' | 'week' | 'month' {
  if (days <= 62) return 'day';
  if (days <= 731) return 'week';
  return 'month';
}
