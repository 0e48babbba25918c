/**
 * Spike alerts for `GET /api/alerts`: which country × PLOVER type series has markedly more events on one day than its
 * own recent past predicts, once the day's volume of articles is taken into account.
 *
 * The statistic, for one series s = (country, type) and the alert day d (default: the latest day with documents):
 *
 *   x    = events of s dated d                      N    = documents published on d
 *   X_B  = events of s dated in the baseline B      N_B  = documents published in B
 *   B    = the `baselineDays` calendar days before d (default 28; d itself and every later day excluded)
 *
 * Null hypothesis: s produces events at one constant rate per article, on d as in B, i.e. x ~ Poisson(λ·N) and
 * X_B ~ Poisson(λ·N_B) for an unknown λ. Conditioning on the total n = x + X_B removes λ (the exact conditional test
 * for comparing two Poisson rates; Przyborowski & Wilenski 1940):
 *
 *   x | n  ~  Binomial(n, q),   q = N / (N + N_B)
 *
 *   pValue = P(Binomial(n, q) ≥ x)        one-sided: only an excess alerts (`direction: 'up'`)
 *   score  = −log10(pValue)               3 ⇔ p = 0.001
 *
 * An alert is raised when x ≥ `minEvents` (default 3) and score ≥ `threshold` (default 3). Reported alongside:
 * `rate` = x / N (events per article on d), `baselineRate` = X_B / N_B, and `expected` = baselineRate · N (the
 * events d would have had at the baseline's rate).
 *
 * Why this form:
 * - Normalising by articles: a day with twice the articles and twice the events has the same rate, so q doubles
 *   with N and the test sees no excess. Raw counts would flag every busy news day.
 * - Zero baselines need no pseudo-counts: a series never seen before with x events today has
 *   pValue = q^x (all n = x events fell on d), so a burst of 10 is significant and a single event is not. A plug-in
 *   test of x against X_B/N_B · N would need a prior to avoid dividing by an expected 0, and would treat the
 *   baseline rate as known, which makes sparse series (a few events in 28 days) alert too easily; the conditional
 *   test accounts for the baseline's own uncertainty and is exact (its false-alert rate is at most p) at any size.
 * - `minEvents` keeps a test that is significant on tiny counts (a new series on a quiet day: q small, x = 2)
 *   from alerting on what an analyst would not call a spike.
 *
 * What it assumes, and its limits:
 * - Events vary like Poisson counts given the volume of articles. Real news is over-dispersed (one big story
 *   produces many reports of one event), so large, steady series alert on smaller relative rises than small ones;
 *   `threshold` is the knob. Clustering (one row per real-world event) upstream of the counts reduces this.
 * - Events are counted by event date and articles by publication day. Events of d keep arriving in later days'
 *   articles, so the latest day is under-counted relative to its baseline: spikes on it are, if anything, missed,
 *   not invented.
 * - A day without documents, or without any documents in its baseline, has no rate to compare: no alerts.
 *
 * Pure, no I/O; one pass over the counts plus one tail sum per series with at least `minEvents` events on d.
 */
import type { DailyCounts } from '../store/store.js';
import type { PloverType } from '../types.js';

/** One series whose events on `day` exceed what its baseline predicts. */
export interface Alert {
  /** ISO3 or IGO code. */
  country: string;
  event: PloverType;
  /** The alert day (YYYY-MM-DD). */
  day: string;
  /** Events of the series dated `day`. */
  count: number;
  /** Events expected on `day` at the baseline's rate per article: `baselineRate` × documents of `day`. */
  expected: number;
  /** Events per document on `day`. */
  rate: number;
  /** Events per document over the baseline days. */
  baselineRate: number;
  /** −log10(pValue). */
  score: number;
  /** One-sided p-value of the conditional binomial test (see the file comment). */
  pValue?: number;
  direction: 'up';
}

/** Options of `computeAlerts`. */
export interface AlertOptions {
  /** The alert day (YYYY-MM-DD); default: the latest day with documents. */
  day?: string;
  /** Calendar days before `day` that form the baseline (default 28). */
  baselineDays?: number;
  /** Fewest events on `day` for an alert (default 3). */
  minEvents?: number;
  /** Least score (−log10 p) for an alert (default 3, i.e. p ≤ 0.001). */
  threshold?: number;
}

export const DEFAULT_BASELINE_DAYS = 28;
export const DEFAULT_MIN_EVENTS = 3;
export const DEFAULT_THRESHOLD = 3;

const MS_PER_DAY = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Series with at least `minEvents` events on the alert day that exceed their baseline, highest score first. */
export function computeAlerts(daily: DailyCounts, options: AlertOptions = {}): Alert[] {
  const { baselineDays, minEvents, threshold } = readOptions(options);
  const documents = documentsByDay(daily.documents);
  const day = options.day ?? latestDayWithDocuments(documents);
  if (day === null) return [];
  const alertDay = dayNumber(day);
  if (alertDay === null) throw new RangeError(`alerts: day must be a YYYY-MM-DD date, got ${JSON.stringify(day)}`);

  const documentsOnDay = documents.get(alertDay) ?? 0;
  let baselineDocuments = 0;
  for (let d = alertDay - baselineDays; d < alertDay; d++) baselineDocuments += documents.get(d) ?? 0;
  if (documentsOnDay <= 0 || baselineDocuments <= 0) return [];

  const q = documentsOnDay / (documentsOnDay + baselineDocuments);
  const alerts: Alert[] = [];
  for (const s of seriesCounts(daily.events, alertDay, baselineDays)) {
    if (s.count < minEvents || s.count <= 0) continue;
    const logP = logBinomialUpperTail(s.count, s.count + s.baseline, q);
    const score = Math.max(0, -logP / Math.LN10);
    if (score < threshold) continue;
    const baselineRate = s.baseline / baselineDocuments;
    alerts.push({
      country: s.country,
      event: s.event,
      day,
      count: s.count,
      expected: baselineRate * documentsOnDay,
      rate: s.count / documentsOnDay,
      baselineRate,
      score,
      pValue: Math.exp(logP),
      direction: 'up',
    });
  }
  return alerts.sort(byScore);
}

/** The options with defaults, rejecting values that make no statistic (the server passes query parameters on). */
function readOptions(options: AlertOptions): Required<Omit<AlertOptions, 'day'>> {
  const baselineDays = options.baselineDays ?? DEFAULT_BASELINE_DAYS;
  const minEvents = options.minEvents ?? DEFAULT_MIN_EVENTS;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(baselineDays) || baselineDays < 1) {
    throw new RangeError(`alerts: baselineDays must be a positive integer, got ${baselineDays}`);
  }
  if (!Number.isFinite(minEvents) || minEvents < 0) {
    throw new RangeError(`alerts: minEvents must be a non-negative number, got ${minEvents}`);
  }
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new RangeError(`alerts: threshold must be a non-negative number, got ${threshold}`);
  }
  return { baselineDays, minEvents, threshold };
}

/** Days since the epoch of a valid YYYY-MM-DD date, else null. */
function dayNumber(day: string): number | null {
  if (!DAY_PATTERN.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) return null;
  return Math.round(ms / MS_PER_DAY);
}

/** A day-string parser that parses each distinct day once (a year of series repeats ~365 strings). */
function cachedDayNumber(): (day: string) => number | null {
  const cache = new Map<string, number | null>();
  return (day) => {
    let n = cache.get(day);
    if (n === undefined) {
      n = dayNumber(day);
      cache.set(day, n);
    }
    return n;
  };
}

/** Documents per day number (rows of one day summed; malformed days ignored). */
function documentsByDay(rows: DailyCounts['documents']): Map<number, number> {
  const parse = cachedDayNumber();
  const byDay = new Map<number, number>();
  for (const r of rows) {
    const d = parse(r.day);
    if (d === null || !(r.count > 0)) continue;
    byDay.set(d, (byDay.get(d) ?? 0) + r.count);
  }
  return byDay;
}

/** The latest day with documents as YYYY-MM-DD, or null. */
function latestDayWithDocuments(documents: Map<number, number>): string | null {
  let latest = -Infinity;
  for (const d of documents.keys()) if (d > latest) latest = d;
  return latest === -Infinity ? null : new Date(latest * MS_PER_DAY).toISOString().slice(0, 10);
}

interface SeriesCount {
  country: string;
  event: PloverType;
  /** Events on the alert day. */
  count: number;
  /** Events over the baseline days. */
  baseline: number;
}

/** Each series' events on the alert day and over its baseline, in one pass (days outside both are skipped). */
function seriesCounts(rows: DailyCounts['events'], alertDay: number, baselineDays: number): Iterable<SeriesCount> {
  const parse = cachedDayNumber();
  const series = new Map<string, SeriesCount>();
  for (const r of rows) {
    const d = parse(r.day);
    if (d === null || d > alertDay || d < alertDay - baselineDays || !(r.count > 0)) continue;
    const key = `${r.country}\u0000${r.event}`;
    let s = series.get(key);
    if (s === undefined) {
      s = { country: r.country, event: r.event, count: 0, baseline: 0 };
      series.set(key, s);
    }
    if (d === alertDay) s.count += r.count;
    else s.baseline += r.count;
  }
  return series.values();
}

/** Highest score first; ties by count, then country and type, so the order is stable. */
function byScore(a: Alert, b: Alert): number {
  return b.score - a.score || b.count - a.count || compare(a.country, b.country) || compare(a.event, b.event);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * ln P(X ≥ k) for X ~ Binomial(n, q), in log space so that very small p-values keep their score (p = 1e-400 is
 * score 400, not Infinity). Above the mean the terms from k on shrink at least geometrically, so the tail is summed
 * directly; at or below the mean the (short) lower tail is summed instead and subtracted from 1.
 */
function logBinomialUpperTail(k: number, n: number, q: number): number {
  if (k <= 0 || q >= 1) return 0;
  if (k > n || q <= 0) return -Infinity;
  const odds = q / (1 - q);
  if (k > n * q) {
    // pmf(j+1)/pmf(j) = (n−j)/(j+1) · q/(1−q), below 1 for every j ≥ k here.
    let term = 1;
    let sum = 1;
    for (let j = k; j < n; j++) {
      term *= ((n - j) / (j + 1)) * odds;
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return logBinomialPmf(k, n, q) + Math.log(sum);
  }
  // pmf(j−1)/pmf(j) = j/(n−j+1) · (1−q)/q, below 1 for every j ≤ k−1 here.
  let term = 1;
  let sum = 1;
  for (let j = k - 1; j > 0; j--) {
    term *= (j / (n - j + 1)) / odds;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  // P(X ≥ k) ≥ 1/2 here (k is at most the median), so the subtraction loses no precision that matters.
  return Math.log1p(-Math.exp(logBinomialPmf(k - 1, n, q) + Math.log(sum)));
}

/** ln P(X = k) for X ~ Binomial(n, q), 0 < q < 1. */
function logBinomialPmf(k: number, n: number, q: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(q) + (n - k) * Math.log1p(-q);
}

const EXACT_LOG_FACTORIALS = 256;
let logFactorials: Float64Array | null = null;

/** ln(n!): summed exactly up to 255, Stirling's series above (error below 1e-15 relative there). */
function logFactorial(n: number): number {
  if (n < EXACT_LOG_FACTORIALS) {
    if (logFactorials === null) {
      logFactorials = new Float64Array(EXACT_LOG_FACTORIALS);
      for (let i = 2; i < EXACT_LOG_FACTORIALS; i++) logFactorials[i] = (logFactorials[i - 1] ?? 0) + Math.log(i);
    }
    return logFactorials[n] ?? 0;
  }
  const inv = 1 / n;
  const inv2 = inv * inv;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}
