/**
 * The spike-alert statistic on synthetic series: a seeded Poisson background of events proportional to the day's
 * articles, with spikes, drops, volume surges and new series injected, plus the exact p-value on hand-computed cases.
 */
import { describe, expect, it } from 'vitest';
import { computeAlerts } from '../src/server/alerts.js';
import type { DailyCounts } from '../src/store/store.js';
import type { PloverType } from '../src/types.js';

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson draw (Knuth's product method, in chunks of mean ≤ 30 so exp(−mean) stays well within range). */
function poisson(random: () => number, mean: number): number {
  let total = 0;
  for (let left = mean; left > 0; left -= 30) {
    const limit = Math.exp(-Math.min(left, 30));
    let k = 0;
    let p = random();
    while (p > limit) {
      k++;
      p *= random();
    }
    total += k;
  }
  return total;
}

/** YYYY-MM-DD of day i, counting from 2024-01-01. */
function dayOf(i: number): string {
  return new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
}

interface Series {
  country: string;
  event: PloverType;
  /** Events per article. */
  rate: number;
}

const SERIES: Series[] = [
  { country: 'SYR', event: 'ASSAULT', rate: 0.02 },
  { country: 'SYR', event: 'CONSULT', rate: 0.008 },
  { country: 'EGY', event: 'PROTEST', rate: 0.005 },
  { country: 'EGY', event: 'AGREE', rate: 0.01 },
  { country: 'LBN', event: 'ASSAULT', rate: 0.012 },
  { country: 'IRQ', event: 'MOBILIZE', rate: 0.003 },
  { country: 'SDN', event: 'AID', rate: 0.006 },
  { country: 'YEM', event: 'COERCE', rate: 0.004 },
];

const DAYS = 60;
const LAST = dayOf(DAYS - 1);

/**
 * `days` days of a flat background: about 1,000 articles a day (±20%), each series Poisson(rate × articles).
 * `articles(i)` and `mean(s, i)` override the day's articles and a series' expected events.
 */
function background(options: {
  seed?: number;
  series?: Series[];
  days?: number;
  articles?: (i: number, base: number) => number;
  mean?: (s: Series, i: number, base: number) => number;
} = {}): DailyCounts {
  const random = prng(options.seed ?? 1);
  const daily: DailyCounts = { events: [], documents: [] };
  const days = options.days ?? DAYS;
  for (let i = 0; i < days; i++) {
    const base = Math.round(800 + 400 * random());
    const articles = options.articles?.(i, base) ?? base;
    daily.documents.push({ day: dayOf(i), count: articles });
    for (const s of options.series ?? SERIES) {
      const expected = s.rate * articles;
      const count = poisson(random, options.mean?.(s, i, expected) ?? expected);
      if (count > 0) daily.events.push({ day: dayOf(i), country: s.country, event: s.event, count });
    }
  }
  return daily;
}

function countOn(daily: DailyCounts, day: string, country?: string): number {
  return daily.events.filter((r) => r.day === day && (country === undefined || r.country === country))
    .reduce((n, r) => n + r.count, 0);
}

/** P(Binomial(n, q) ≥ k) by direct summation, as the reference for the exact p-value. */
function binomialTail(k: number, n: number, q: number): number {
  let p = 0;
  for (let j = k; j <= n; j++) {
    let c = 1;
    for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
    p += c * q ** j * (1 - q) ** (n - j);
  }
  return p;
}

/** A baseline of `days` days with `articles` each and no events of the series under test, then the alert day. */
function quietHistory(days: number, articles: number, onDay: { articles: number; count: number }): DailyCounts {
  const daily: DailyCounts = { events: [], documents: [] };
  for (let i = 0; i < days; i++) daily.documents.push({ day: dayOf(i), count: articles });
  daily.documents.push({ day: dayOf(days), count: onDay.articles });
  if (onDay.count > 0) daily.events.push({ day: dayOf(days), country: 'TUN', event: 'PROTEST', count: onDay.count });
  return daily;
}

describe('computeAlerts', () => {
  it('a flat background raises no alerts', () => {
    expect(computeAlerts(background())).toEqual([]);
  });

  it('finds a 5× spike on the last day as the top alert, and only it', () => {
    const daily = background({ mean: (s, i, m) => (i === DAYS - 1 && s.country === 'EGY' && s.event === 'PROTEST' ? 5 * m : m) });
    const alerts = computeAlerts(daily);
    expect(alerts).toHaveLength(1);
    const top = alerts[0]!;
    expect(top).toMatchObject({ country: 'EGY', event: 'PROTEST', day: LAST, direction: 'up' });
    expect(top.score).toBeGreaterThanOrEqual(3);
    expect(top.pValue).toBeCloseTo(10 ** -top.score, 12);
    // The reported rates are the day's and the baseline's events per article.
    const articles = daily.documents.find((r) => r.day === LAST)!.count;
    expect(top.count).toBe(daily.events.find((r) => r.day === LAST && r.country === 'EGY' && r.event === 'PROTEST')!.count);
    expect(top.rate).toBeCloseTo(top.count / articles, 12);
    expect(top.baselineRate).toBeGreaterThan(0.003);
    expect(top.baselineRate).toBeLessThan(0.007);
    expect(top.expected).toBeCloseTo(top.baselineRate * articles, 9);
    expect(top.count).toBeGreaterThan(3 * top.expected);
  });

  it('ranks several spikes by score, the strongest first', () => {
    const daily = background({
      mean: (s, i, m) => {
        if (i !== DAYS - 1) return m;
        if (s.country === 'SYR' && s.event === 'ASSAULT') return 4 * m;
        if (s.country === 'IRQ') return 6 * m;
        return m;
      },
    });
    const alerts = computeAlerts(daily);
    expect(alerts.map((a) => `${a.country} ${a.event}`).sort()).toEqual(['IRQ MOBILIZE', 'SYR ASSAULT']);
    expect(alerts[0]!.score).toBeGreaterThanOrEqual(alerts[1]!.score);
    // SYR ASSAULT: ~80 events instead of ~20, a far stronger signal than IRQ's ~18 instead of ~3.
    expect(alerts[0]!.country).toBe('SYR');
  });

  it('is normalised by article volume: twice the articles and twice the events is no spike', () => {
    const daily = background({ articles: (i, base) => (i === DAYS - 1 ? 2 * base : base) });
    // The raw counts did double, so a statistic on counts alone would alert.
    const before = daily.documents.slice(0, -1).reduce((n, r) => n + r.count, 0) / (DAYS - 1);
    const eventsBefore = daily.events.filter((r) => r.day !== LAST).reduce((n, r) => n + r.count, 0) / (DAYS - 1);
    expect(countOn(daily, LAST)).toBeGreaterThan(1.6 * eventsBefore);
    expect(daily.documents.at(-1)!.count).toBeGreaterThan(1.6 * before);
    expect(computeAlerts(daily)).toEqual([]);
  });

  it('counts relative to volume: the same count on a day of fewer articles is a spike', () => {
    // Events keep their usual count while the articles fall to a fifth: five times the rate per article.
    const daily = background({
      articles: (i, base) => (i === DAYS - 1 ? Math.round(base / 5) : base),
      mean: (s, i, m) => (i === DAYS - 1 && s.country === 'SYR' && s.event === 'ASSAULT' ? 5 * m : m),
    });
    const alerts = computeAlerts(daily);
    expect(alerts.map((a) => `${a.country} ${a.event}`)).toEqual(['SYR ASSAULT']);
  });

  it('alerts on a burst in a series with no history, with an exact p-value', () => {
    // 28 days × 100 articles without a TUN PROTEST, then 10 on a day of 100 articles: p = (100/2,900)^10.
    const alerts = computeAlerts(quietHistory(28, 100, { articles: 100, count: 10 }));
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a).toMatchObject({ country: 'TUN', event: 'PROTEST', day: dayOf(28), count: 10, expected: 0, baselineRate: 0 });
    expect(a.rate).toBeCloseTo(0.1, 12);
    expect(a.score).toBeCloseTo(10 * Math.log10(29), 9);
    expect(a.pValue! / (1 / 29) ** 10).toBeCloseTo(1, 9);
  });

  it('does not alert on a single event in a new series, nor on fewer than minEvents', () => {
    expect(computeAlerts(quietHistory(28, 100, { articles: 100, count: 1 }))).toEqual([]);
    // One event is weak evidence (p = 1/29): it passes only a lowered threshold and minEvents.
    expect(computeAlerts(quietHistory(28, 100, { articles: 100, count: 1 }), { threshold: 1 })).toEqual([]);
    expect(computeAlerts(quietHistory(28, 100, { articles: 100, count: 1 }), { threshold: 1, minEvents: 1 })).toHaveLength(1);
    // Two events on a day of few articles are significant (p = (100/28,100)^2, score ≈ 4.9) but below minEvents.
    const twoOnQuietDay = quietHistory(28, 1000, { articles: 100, count: 2 });
    expect(computeAlerts(twoOnQuietDay)).toEqual([]);
    const withTwo = computeAlerts(twoOnQuietDay, { minEvents: 2 });
    expect(withTwo).toHaveLength(1);
    expect(withTwo[0]!.score).toBeCloseTo(2 * Math.log10(281), 9);
  });

  it('gives the exact conditional binomial p-value with a non-empty baseline', () => {
    // 2 events in 28 days × 100 articles, 5 today on 100 articles: P(Binomial(7, 1/29) ≥ 5).
    const daily = quietHistory(28, 100, { articles: 100, count: 5 });
    daily.events.push({ day: dayOf(3), country: 'TUN', event: 'PROTEST', count: 1 });
    daily.events.push({ day: dayOf(20), country: 'TUN', event: 'PROTEST', count: 1 });
    const [a] = computeAlerts(daily);
    expect(a).toBeDefined();
    expect(a!.pValue! / binomialTail(5, 7, 1 / 29)).toBeCloseTo(1, 9);
    expect(a!.baselineRate).toBeCloseTo(2 / 2800, 12);
    expect(a!.expected).toBeCloseTo(200 / 2800, 12);
    // Rows of one series and day are summed: the same 5 events given as 2 + 3.
    const split = quietHistory(28, 100, { articles: 100, count: 2 });
    split.events.push(...daily.events.filter((r) => r.day !== dayOf(28)));
    split.events.push({ day: dayOf(28), country: 'TUN', event: 'PROTEST', count: 3 });
    expect(computeAlerts(split)[0]!.score).toBeCloseTo(a!.score, 12);
  });

  it('keeps a finite, growing score for extreme spikes', () => {
    // p ≈ 29^-1000, far below the smallest double: the score is still ~1,462, not Infinity.
    const [a] = computeAlerts(quietHistory(28, 100, { articles: 100, count: 1000 }));
    expect(a!.score).toBeCloseTo(1000 * Math.log10(29), 6);
    expect(a!.pValue).toBe(0);
  });

  it('does not alert on a drop (one-sided)', () => {
    const daily = background({ mean: (s, i, m) => (i === DAYS - 1 && s.country === 'SYR' ? 0 : m) });
    expect(countOn(daily, LAST, 'SYR')).toBe(0);
    expect(computeAlerts(daily, { minEvents: 0 })).toEqual([]);
    // Even at the lowest threshold nothing with fewer events than expected is reported.
    const weak = computeAlerts(daily, { minEvents: 0, threshold: 0.5 });
    expect(weak.every((a) => a.count > a.expected)).toBe(true);
    expect(weak.some((a) => a.country === 'SYR')).toBe(false);
  });

  it('`day` picks an earlier day, with a baseline that ignores later days', () => {
    const spikeDay = 40;
    const daily = background({
      mean: (s, i, m) => {
        if (s.country !== 'SDN') return m;
        if (i === spikeDay) return 6 * m;
        return i > spikeDay ? 4 * m : m; // a later surge must not hide the spike (no look-ahead)
      },
    });
    const alerts = computeAlerts(daily, { day: dayOf(spikeDay) });
    expect(alerts.map((a) => [a.country, a.event, a.day])).toEqual([['SDN', 'AID', dayOf(spikeDay)]]);
    expect(alerts[0]!.baselineRate).toBeLessThan(0.009);
    // By the last day the surge is the baseline: no alert there.
    expect(computeAlerts(daily).some((a) => a.country === 'SDN')).toBe(false);
  });

  it('`baselineDays` sets how far back the baseline reaches', () => {
    // SDN AID ran at 3× until day 51, then fell back for a week; the last day is at the 3× level again: usual
    // against four weeks (mean 2.5×), a spike against the last week.
    const daily = background({
      mean: (s, i, m) => (s.country === 'SDN' && (i <= 51 || i === DAYS - 1) ? 3 * m : m),
    });
    expect(computeAlerts(daily, { minEvents: 0, threshold: 1 }).some((a) => a.country === 'SDN')).toBe(false);
    const recent = computeAlerts(daily, { baselineDays: 7 });
    expect(recent.map((a) => a.country)).toEqual(['SDN']);
  });

  it('returns [] for empty input, a day without documents, or no baseline documents', () => {
    expect(computeAlerts({ events: [], documents: [] })).toEqual([]);
    expect(computeAlerts({ events: [], documents: [] }, { day: '2024-03-01' })).toEqual([]);
    const daily = background();
    expect(computeAlerts(daily, { day: dayOf(DAYS + 5), minEvents: 0, threshold: 0 })).toEqual([]);
    // The first day has no baseline to compare with, however many events it has.
    const first: DailyCounts = {
      documents: [{ day: dayOf(0), count: 100 }],
      events: [{ day: dayOf(0), country: 'SYR', event: 'ASSAULT', count: 50 }],
    };
    expect(computeAlerts(first)).toEqual([]);
  });

  it('rejects options that make no statistic', () => {
    const daily = background();
    expect(() => computeAlerts(daily, { day: '2024-02-30' })).toThrow(RangeError);
    expect(() => computeAlerts(daily, { day: 'yesterday' })).toThrow(RangeError);
    expect(() => computeAlerts(daily, { baselineDays: 0 })).toThrow(RangeError);
    expect(() => computeAlerts(daily, { baselineDays: 2.5 })).toThrow(RangeError);
    expect(() => computeAlerts(daily, { minEvents: Number.NaN })).toThrow(RangeError);
    expect(() => computeAlerts(daily, { threshold: -1 })).toThrow(RangeError);
  });

  it('raises few false alerts over 200 random flat series', () => {
    const random = prng(7);
    const series: Series[] = [];
    for (let i = 0; i < 200; i++) {
      // Rates from ~0.05 to ~50 events a day: sparse and busy series alike.
      series.push({ country: `C${String(i).padStart(3, '0')}`, event: 'ASSAULT', rate: 0.00005 * 1000 ** random() });
    }
    for (const seed of [11, 12, 13]) {
      const daily = background({ seed, series });
      expect(computeAlerts(daily).length).toBeLessThanOrEqual(2);
    }
    // The test is not simply silent: the same series with a 5× spike in ten of them yields those ten.
    const spiked = new Set(series.filter((s) => s.rate > 0.01).slice(0, 10).map((s) => s.country));
    const daily = background({ seed: 11, series, mean: (s, i, m) => (i === DAYS - 1 && spiked.has(s.country) ? 5 * m : m) });
    const found = new Set(computeAlerts(daily).map((a) => a.country));
    for (const c of spiked) expect(found.has(c)).toBe(true);
    expect(found.size).toBeLessThanOrEqual(spiked.size + 2);
  });

  it('scores a year of 200 countries × 16 types and sorts the alerts by score', () => {
    const types: PloverType[] = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
      'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];
    const random = prng(3);
    const daily: DailyCounts = { events: [], documents: [] };
    for (let i = 0; i < 365; i++) {
      daily.documents.push({ day: dayOf(i), count: 5000 });
      for (let c = 0; c < 200; c++) {
        for (const event of types) {
          daily.events.push({ day: dayOf(i), country: `C${c}`, event, count: 1 + Math.floor(40 * random()) });
        }
      }
    }
    expect(daily.events.length).toBe(365 * 200 * 16);
    const alerts = computeAlerts(daily);
    for (let i = 1; i < alerts.length; i++) expect(alerts[i - 1]!.score).toBeGreaterThanOrEqual(alerts[i]!.score);
  });
});
