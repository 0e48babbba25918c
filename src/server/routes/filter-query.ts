/**
 * The query parameters shared by the event routes (`since`, `until`, `type`, `country`, `actor`, `q`,
 * `one_per_cluster`): their JSON schema (every value a string, as query strings are; unknown parameters rejected by
 * the routes' `additionalProperties: false`) and their conversion to an `EventFilter` with the CLI's own checks
 * (`eventFilter` of `marsad events`), so that the API and the command line accept exactly the same filters.
 */
import { eventFilter } from '../../cli/events.js';
import { UsageError } from '../../cli/usage-error.js';
import type { EventFilter } from '../../store/store.js';
import type { PloverType } from '../../types.js';
import { badRequest } from './http-error.js';

/** The 16 PLOVER types (the correction body and the OpenAPI document enumerate them). */
export const PLOVER_TYPES: readonly PloverType[] = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT',
  'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];

/** Values `one_per_cluster` takes; an empty value (`?one_per_cluster`) means true. */
const BOOLEAN_VALUES = ['true', 'false', '1', '0', ''];

/** A day parameter: the shape here, the calendar check in `filterFromQuery`. */
const DAY = { type: 'string', maxLength: 10 } as const;

/** JSON schema properties of the filter parameters. */
export const FILTER_PROPERTIES = {
  since: DAY,
  until: DAY,
  type: { type: 'string', maxLength: 300 },
  country: { type: 'string', maxLength: 600 },
  actor: { type: 'string', maxLength: 200 },
  q: { type: 'string', maxLength: 500 },
  one_per_cluster: { type: 'string', enum: BOOLEAN_VALUES },
} as const;

/** The filter parameters as they arrive. */
export interface FilterQuery {
  since?: string;
  until?: string;
  type?: string;
  country?: string;
  actor?: string;
  q?: string;
  one_per_cluster?: string;
}

/** A querystring schema of the filter parameters and `extra` ones; any other parameter is a 400. */
export function filterQuerySchema(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'object', properties: { ...FILTER_PROPERTIES, ...extra }, additionalProperties: false };
}

/** Whether a YYYY-MM-DD string names a real calendar day (not 2024-02-30, which `Date.parse` rolls over). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** The EventFilter of the query, checked as `marsad events` checks its options; a bad value is a 400. */
export function filterFromQuery(query: FilterQuery): EventFilter {
  let filter: EventFilter;
  try {
    filter = eventFilter({
      since: query.since,
      until: query.until,
      type: query.type,
      country: query.country,
      actor: query.actor,
      q: query.q,
      'one-per-cluster': query.one_per_cluster !== undefined && query.one_per_cluster !== 'false' && query.one_per_cluster !== '0',
    });
  } catch (error) {
    // The CLI names options `--since`, `--one-per-cluster`; the API names the query parameters.
    if (error instanceof UsageError) throw badRequest(error.message.replace(/--one-per-cluster/g, 'one_per_cluster').replace(/--([a-z]+)/g, '$1'));
    throw error;
  }
  for (const key of ['since', 'until'] as const) {
    const day = filter[key];
    if (day !== undefined && !isCalendarDay(day)) throw badRequest(`${key} must be a calendar day YYYY-MM-DD, got "${day}"`);
  }
  if (filter.since !== undefined && filter.until !== undefined && filter.since > filter.until) {
    throw badRequest(`since (${filter.since}) is after until (${filter.until})`);
  }
  return filter;
}

/** A whole-number query parameter within [min, max], or `fallback` when absent. */
export function intParam(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}
