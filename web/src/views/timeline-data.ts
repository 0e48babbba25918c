/**
 * What the timeline draws for a set of filters. With a date range, the range's events in buckets fitting its
 * length (day up to two months, week up to two years, else month). Without one, the store's dated events can span
 * centuries (a news corpus of 2018 also dates events "in 1948" or "in 2014"), so the timeline shows the busy
 * period: the run of consecutive months around the busiest one with at least 5% of its events, and says how many
 * dated events fall outside it (the "full range" option draws them all). The event table lists the same period.
 */
import { api, type Query, type TimelineRow } from '../api.js';
import { apiFilterQuery, bucketForSpan, daySpan, type Filters } from '../filters.js';

/** The timeline's data. */
export interface TimelineData {
  rows: TimelineRow[];
  bucket: 'day' | 'week' | 'month';
  /** The drawn period when it was narrowed to the busy period, with the number of dated events left out. */
  narrowed: { from: string; to: string; outside: number } | null;
}

/** Share of the busiest month's events a month needs to belong to the busy period. */
export const BUSY_SHARE = 0.05;

const monthIndex = (period: string): number => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
const monthStart = (index: number): string => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
/** The last day of a month index. */
function monthEnd(index: number): string {
  const next = Date.parse(`${monthStart(index + 1)}T00:00:00Z`);
  return new Date(next - 86_400_000).toISOString().slice(0, 10);
}

/** The busy period of monthly rows ([first day, last day]), or null when it is every month there is. */
export function busyPeriod(rows: readonly TimelineRow[]): { from: string; to: string } | null {
  const perMonth = new Map<number, number>();
  for (const r of rows) {
    const m = monthIndex(r.period);
    perMonth.set(m, (perMonth.get(m) ?? 0) + r.count);
  }
  if (perMonth.size < 2) return null;
  let peak = -1;
  let peakCount = 0;
  for (const [m, count] of perMonth) if (count > peakCount) [peak, peakCount] = [m, count];
  const least = peakCount * BUSY_SHARE;
  let lo = peak;
  let hi = peak;
  while ((perMonth.get(lo - 1) ?? 0) >= least && perMonth.has(lo - 1)) lo--;
  while ((perMonth.get(hi + 1) ?? 0) >= least && perMonth.has(hi + 1)) hi++;
  const months = [...perMonth.keys()];
  if (lo === Math.min(...months) && hi === Math.max(...months)) return null;
  return { from: monthStart(lo), to: monthEnd(hi) };
}

/** The period the timeline covers: with no full date range, the monthly counts it was found from. */
export interface TimelineSpan {
  /** Monthly rows of the filters (null when the filters give the whole range and none were needed). */
  months: TimelineRow[] | null;
  /** The busy period when the timeline is narrowed to it. */
  busy: { from: string; to: string } | null;
}

/** Find the period the timeline of the filters covers (one request for monthly counts unless both dates are set). */
export async function timelineSpan(filters: Filters, signal: AbortSignal): Promise<TimelineSpan> {
  if (filters.since !== null && filters.until !== null) return { months: null, busy: null };
  const months = (await api.timeline({ ...apiFilterQuery(filters), bucket: 'month' }, signal)).rows;
  return { months, busy: filters.fullRange ? null : busyPeriod(months) };
}

/** Load the timeline of the filters over its span. */
export async function loadTimeline(filters: Filters, span: TimelineSpan, signal: AbortSignal): Promise<TimelineData> {
  const base: Query = apiFilterQuery(filters);
  const fetchRows = async (query: Query, bucket: TimelineData['bucket']): Promise<TimelineRow[]> => (await api.timeline({ ...query, bucket }, signal)).rows;
  const { months, busy } = span;
  if (months === null) {
    const bucket = filters.bucket === 'auto' ? bucketForSpan(daySpan(filters.since!, filters.until!)) : filters.bucket;
    return { rows: await fetchRows(base, bucket), bucket, narrowed: null };
  }
  // Without a full range the span is the data's: months first, then finer buckets over the period drawn.
  const periods = months.map((r) => r.period).sort();
  const from = busy?.from ?? filters.since ?? periods[0];
  const to = busy?.to ?? filters.until ?? (periods.length ? monthEnd(monthIndex(periods[periods.length - 1]!)) : undefined);
  const bucket = filters.bucket !== 'auto' ? filters.bucket : from !== undefined && to !== undefined ? bucketForSpan(daySpan(from, to)) : 'month';
  const inside = (r: TimelineRow): boolean => busy === null || (r.period >= busy.from && r.period <= busy.to);
  const rows = bucket === 'month' ? months.filter(inside) : await fetchRows({ ...base, since: from ?? null, until: to ?? null }, bucket);
  const outside = busy === null ? 0 : months.filter((r) => !inside(r)).reduce((n, r) => n + r.count, 0);
  return { rows, bucket, narrowed: busy === null ? null : { ...busy, outside } };
}
