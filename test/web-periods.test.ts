/**
 * The dashboard timeline's calendar arithmetic (web/src/charts/periods.ts, pure functions): periods agree with the
 * store's own buckets (the timeline draws the server's periods and fills the gaps between them), weeks start on
 * Monday, months end on their last day (leap years too), gaps are filled with every missing period, the bucket is
 * recognised from the periods, and axis ticks fall where the calendar unit changes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fillPeriods, formatDay, inferBucket, nextPeriod, parseDay, periodEnd, periodStart, previousPeriod, tickIndexes, TICK_LEVELS, type Bucket,
} from '../web/src/charts/periods.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import type { AnnotatedDoc, PloverEvent } from '../src/types.js';

const day = (s: string): number => parseDay(s);
const days = (list: number[]): string[] => list.map(formatDay);

describe('timeline periods', () => {
  it('starts weeks on Monday and months on the first, and ends them on their last day', () => {
    expect(formatDay(periodStart(day('2024-03-03'), 'week'))).toBe('2024-02-26'); // a Sunday
    expect(formatDay(periodStart(day('2024-03-04'), 'week'))).toBe('2024-03-04'); // a Monday
    expect(formatDay(periodStart(day('2021-01-01'), 'week'))).toBe('2020-12-28'); // across a year
    expect(formatDay(periodEnd(day('2024-02-10'), 'month'))).toBe('2024-02-29');
    expect(formatDay(periodEnd(day('2023-02-10'), 'month'))).toBe('2023-02-28');
    expect(formatDay(periodEnd(day('2024-12-31'), 'week'))).toBe('2025-01-05');
    expect(formatDay(nextPeriod(day('2024-01-01'), 'month'))).toBe('2024-02-01');
    expect(formatDay(previousPeriod(day('2024-01-01'), 'month'))).toBe('2023-12-01');
    expect(Number.isNaN(parseDay('2024-3-1'))).toBe(true);
  });

  it('fills every period between the first and the last, and recognises the bucket', () => {
    expect(days(fillPeriods([day('2024-01-29'), day('2024-01-01')], 'week'))).toEqual(['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22', '2024-01-29']);
    expect(days(fillPeriods([day('2023-11-01'), day('2024-02-01')], 'month'))).toEqual(['2023-11-01', '2023-12-01', '2024-01-01', '2024-02-01']);
    expect(fillPeriods([], 'day')).toEqual([]);
    expect(inferBucket([day('2023-11-01'), day('2024-02-01')])).toBe('month');
    expect(inferBucket([day('2024-01-01'), day('2024-01-15')])).toBe('week');
    expect(inferBucket([day('2024-01-01'), day('2024-01-02')])).toBe('day');
  });

  it('puts axis ticks where the month changes', () => {
    const periods = fillPeriods([day('2024-01-29'), day('2024-03-05')], 'day');
    const monthly = TICK_LEVELS.find((l) => l.days === 30.44)!;
    expect(tickIndexes(periods, 'day', monthly).map((i) => formatDay(periods[i]!))).toEqual(['2024-02-01', '2024-03-01']);
  });

  it('agrees with the periods the store groups events into, for every bucket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marsad-periods-'));
    const store = await createSqliteStore(join(dir, 'periods.db'));
    try {
      await store.migrate();
      // One event a day over 400 days from a Thursday, crossing a leap day and two year ends.
      const eventDays = Array.from({ length: 400 }, (_, i) => formatDay(day('2023-12-28') + i * 86_400_000));
      const events = eventDays.map((d, i): PloverEvent => ({
        id: `doc0000000000000-${i + 1}`, event: 'PROTEST', mode: null, context: [], actor: [], recipient: [], event_loc: null, date: d,
        event_text: 'تظاهر محتجون.', sentence: 0, trigger: { start: 0, end: 5, text: 'تظاهر' }, confidence: 0.5,
      } as unknown as PloverEvent));
      const doc = { schema: 'marsad.doc/1', id: 'doc0000000000000', input_id: null, title: null, source: null, url: null, published: null,
        coder: 'marsad/test', text: 'تظاهر محتجون.', messages: [], sentences: [], tokens: [], entities: [], times: [], quotes: [], events } as unknown as AnnotatedDoc;
      await store.putDocument({ doc, raw: 'x', input: { text: doc.text, title: null, source: null, url: null, published: null, id: null },
        contentHash: 'h', origin: 'test', signature: new Uint32Array(128), bands: [], nearDuplicateOf: null });
      for (const bucket of ['day', 'week', 'month'] as Bucket[]) {
        const stored = (await store.timeline({}, bucket)).map((r) => r.period);
        const drawn = [...new Set(eventDays.map((d) => formatDay(periodStart(day(d), bucket))))];
        expect(stored, bucket).toEqual(drawn);
        expect(days(fillPeriods(stored.map(day), bucket)), bucket).toEqual(drawn);
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
