/**
 * `GET /api/alerts?day&baseline_days&min_events&threshold`: the country × PLOVER type series with a spike of
 * events on `day` (default: the latest day with documents), by `computeAlerts` (src/server/alerts.ts) over the
 * store's daily counts of that day and the `baseline_days` (default 28) before it.
 */
import type { FastifyInstance } from 'fastify';
import { computeAlerts, DEFAULT_BASELINE_DAYS, DEFAULT_MIN_EVENTS, DEFAULT_THRESHOLD } from '../alerts.js';
import { intParam, isCalendarDay } from './filter-query.js';
import { badRequest } from './http-error.js';
import type { RouteContext } from './route-context.js';

/** Longest baseline. */
export const MAX_BASELINE_DAYS = 366;

const MS_PER_DAY = 86_400_000;

/** The day `n` days before a YYYY-MM-DD day. */
function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A non-negative decimal query parameter, or `fallback`. */
function numberParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,6}(\.\d{1,6})?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw badRequest(`${name} must be a non-negative number, got "${value}"`);
  return n;
}

/** The one-line description of the statistic, with the parameters used. */
function describe(baselineDays: number, minEvents: number, threshold: number): string {
  return `per country × PLOVER type: events dated on the day against the ${baselineDays} days before, per published document ` +
    `(one-sided exact conditional binomial test of two Poisson rates); alert when count ≥ ${minEvents} and score = −log10 p ≥ ${threshold}`;
}

interface AlertsQuery {
  day?: string;
  baseline_days?: string;
  min_events?: string;
  threshold?: string;
}

/** Register the alerts route. */
export function alertRoutes(app: FastifyInstance, { store }: RouteContext): void {
  const param = { type: 'string', maxLength: 13 } as const;
  app.get<{ Querystring: AlertsQuery }>('/api/alerts', {
    schema: {
      querystring: {
        type: 'object',
        properties: { day: { type: 'string', maxLength: 10 }, baseline_days: param, min_events: param, threshold: param },
        additionalProperties: false,
      },
    },
  }, async (request) => {
    const { query } = request;
    if (query.day !== undefined && !isCalendarDay(query.day)) throw badRequest(`day must be a calendar day YYYY-MM-DD, got "${query.day}"`);
    const baselineDays = intParam(query.baseline_days, 'baseline_days', 1, MAX_BASELINE_DAYS, DEFAULT_BASELINE_DAYS);
    const minEvents = numberParam(query.min_events, 'min_events', DEFAULT_MIN_EVENTS);
    const threshold = numberParam(query.threshold, 'threshold', DEFAULT_THRESHOLD);
    const statistic = describe(baselineDays, minEvents, threshold);
    // Without a day, the latest publication day (an index look-up); when that is not a calendar day (a malformed
    // date in some document), the latest valid day found in the counts of every day.
    let day = query.day ?? null;
    if (day === null) {
      const latest = await store.latestPublicationDay();
      if (latest !== null && isCalendarDay(latest)) day = latest;
    }
    const daily = day === null
      ? await store.dailyCounts('0000-01-01', '9999-12-31')
      : await store.dailyCounts(daysBefore(day, baselineDays + 1), day);
    if (day === null) {
      day = daily.documents.reduce<string | null>((latest, r) => (r.count > 0 && isCalendarDay(r.day) && (latest === null || r.day > latest) ? r.day : latest), null);
      if (day === null) return { day: null, statistic, alerts: [] };
    }
    return { day, statistic, alerts: computeAlerts(daily, { day, baselineDays, minEvents, threshold }) };
  });
}
