/**
 * Calendar arithmetic of the timeline, in UTC days (the API's periods are YYYY-MM-DD): the period a day falls in
 * for each bucket (the day, its ISO week starting Monday, its month), the next period and the last day of one, the
 * bucket a list of periods was made with, the full run of periods between the first and the last (so that a
 * period without events is drawn as zero), and the calendar levels the time axis labels (day … decade).
 */

/** A timeline bucket: the length of a period. */
export type Bucket = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;
/** Longest run of periods filled in; a longer span (a stray far date) keeps only the periods with events. */
const MAX_FILLED_PERIODS = 20_000;

/** UTC milliseconds of a YYYY-MM-DD day, or NaN when it is not one. */
export function parseDay(day: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
}

/** The YYYY-MM-DD of UTC milliseconds. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first day of the period of `bucket` that the day `ms` falls in. */
export function periodStart(ms: number, bucket: Bucket): number {
  const date = new Date(ms);
  if (bucket === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  if (bucket === 'week') return ms - ((date.getUTCDay() + 6) % 7) * DAY_MS;
  return ms;
}

/** The first day of the period after the one starting at `ms`. */
export function nextPeriod(ms: number, bucket: Bucket): number {
  if (bucket === 'month') {
    const date = new Date(ms);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return ms + (bucket === 'week' ? 7 : 1) * DAY_MS;
}

/** The first day of the period before the one starting at `ms`. */
export function previousPeriod(ms: number, bucket: Bucket): number {
  if (bucket === 'month') {
    const date = new Date(ms);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1);
  }
  return ms - (bucket === 'week' ? 7 : 1) * DAY_MS;
}

/** The last day of the period starting at `ms`. */
export function periodEnd(ms: number, bucket: Bucket): number {
  return nextPeriod(periodStart(ms, bucket), bucket) - DAY_MS;
}

/** Average days in a period of `bucket`. */
export function bucketDays(bucket: Bucket): number {
  return bucket === 'month' ? 30.44 : bucket === 'week' ? 7 : 1;
}

/**
 * The bucket the periods were probably made with (callers that know it pass `bucket`): month when every period is a
 * first of the month more than a week from the next, week when every period is a Monday, else day.
 */
export function inferBucket(periods: readonly number[]): Bucket {
  if (periods.length === 0) return 'day';
  const sorted = [...periods].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((ms, i) => ms - sorted[i]!).filter((gap) => gap > 0);
  if (sorted.every((ms) => new Date(ms).getUTCDate() === 1) && gaps.every((gap) => gap > 7 * DAY_MS)) return 'month';
  if (sorted.every((ms) => new Date(ms).getUTCDay() === 1) && gaps.every((gap) => gap % (7 * DAY_MS) === 0)) return 'week';
  return 'day';
}

/**
 * Every period from the earliest to the latest of `periods` (UTC ms), ascending, with the given ones that do not
 * start a period of `bucket` kept where they fall; a span over MAX_FILLED_PERIODS keeps only the given ones.
 */
export function fillPeriods(periods: readonly number[], bucket: Bucket): number[] {
  const given = [...new Set(periods)].sort((a, b) => a - b);
  const first = given[0];
  const last = given[given.length - 1];
  if (first === undefined || last === undefined) return [];
  const all = new Set(given);
  let count = 0;
  for (let ms = periodStart(first, bucket); ms <= last; ms = nextPeriod(ms, bucket)) {
    if (++count > MAX_FILLED_PERIODS) return given;
    if (ms >= first) all.add(ms);
  }
  return [...all].sort((a, b) => a - b);
}

/** How a level's tick is labelled: day and month, month (with the year when it changes), or year. */
export type TickFormat = 'day' | 'month' | 'year';

/** A calendar level of the time axis: a tick where `unit` changes between consecutive periods. */
export interface TickLevel {
  /** Average days between ticks. */
  days: number;
  /** The unit a day belongs to at this level (ticks go where it changes). */
  unit: (ms: number) => number;
  format: TickFormat;
}

const year = (ms: number): number => new Date(ms).getUTCFullYear();
const monthIndex = (ms: number): number => year(ms) * 12 + new Date(ms).getUTCMonth();

/** The levels, finest first. */
export const TICK_LEVELS: readonly TickLevel[] = [
  { days: 1, unit: (ms) => ms, format: 'day' },
  { days: 7, unit: (ms) => periodStart(ms, 'week'), format: 'day' },
  { days: 30.44, unit: monthIndex, format: 'month' },
  { days: 91.3, unit: (ms) => Math.floor(monthIndex(ms) / 3), format: 'month' },
  { days: 182.6, unit: (ms) => Math.floor(monthIndex(ms) / 6), format: 'month' },
  ...[1, 2, 5, 10, 20, 50, 100].map((years) => ({ days: 365.25 * years, unit: (ms: number) => Math.floor(year(ms) / years), format: 'year' as const })),
];

/**
 * The coarsest-needed level whose ticks fall at least `minSpacingPx(level)` apart when a period is `bandPx` wide,
 * never finer than the bucket; the coarsest level when none is.
 */
export function tickLevel(bucket: Bucket, bandPx: number, minSpacingPx: (format: TickFormat) => number): TickLevel {
  const finest = bucket === 'day' ? 0 : bucket === 'week' ? 1 : 2;
  const levels = TICK_LEVELS.slice(finest);
  return levels.find((level) => (level.days / bucketDays(bucket)) * bandPx >= minSpacingPx(level.format)) ?? levels[levels.length - 1]!;
}

/** Indexes of the periods where `level`'s unit begins (the first period only when its unit begins there). */
export function tickIndexes(periods: readonly number[], bucket: Bucket, level: TickLevel): number[] {
  const ticks: number[] = [];
  periods.forEach((ms, i) => {
    const before = i === 0 ? previousPeriod(ms, bucket) : periods[i - 1]!;
    if (level.unit(ms) !== level.unit(before)) ticks.push(i);
  });
  return ticks;
}
