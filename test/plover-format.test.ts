/** `marsad analyze --format plover`: TIMEX values to PLOVER date/enddate, the record shape, and the CLI. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ploverDates, ploverRecords, type PloverRecord } from '../src/cli/plover-record.js';
import type { AnnotatedDoc, PloverEvent } from '../src/types.js';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const EXAMPLE = new URL('../examples/coalition-copenhagen.txt', import.meta.url).pathname;
const marsad = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { input, encoding: 'utf8' });

describe('ploverDates', () => {
  it('keeps a day as it is, without enddate', () => {
    expect(ploverDates('2020-01-27')).toEqual({ date: '2020-01-27' });
    expect(ploverDates('2020-01-27T14:30')).toEqual({ date: '2020-01-27' });
  });
  it('spans a month from its first to its last day', () => {
    expect(ploverDates('2020-03')).toEqual({ date: '2020-03-01', enddate: '2020-03-31' });
    expect(ploverDates('2019-04')).toEqual({ date: '2019-04-01', enddate: '2019-04-30' });
    expect(ploverDates('2020-12')).toEqual({ date: '2020-12-01', enddate: '2020-12-31' });
  });
  it('ends February on the 29th in a leap year and the 28th otherwise', () => {
    expect(ploverDates('2020-02')).toEqual({ date: '2020-02-01', enddate: '2020-02-29' });
    expect(ploverDates('2000-02')).toEqual({ date: '2000-02-01', enddate: '2000-02-29' });
    expect(ploverDates('2021-02')).toEqual({ date: '2021-02-01', enddate: '2021-02-28' });
    expect(ploverDates('1900-02')).toEqual({ date: '1900-02-01', enddate: '1900-02-28' });
  });
  it('spans spring, summer and autumn as March–May, June–August and September–November', () => {
    expect(ploverDates('2020-SP')).toEqual({ date: '2020-03-01', enddate: '2020-05-31' });
    expect(ploverDates('2020-SU')).toEqual({ date: '2020-06-01', enddate: '2020-08-31' });
    expect(ploverDates('2020-FA')).toEqual({ date: '2020-09-01', enddate: '2020-11-30' });
  });
  it('spans winter from December to the end of February of the next year', () => {
    expect(ploverDates('2019-WI')).toEqual({ date: '2019-12-01', enddate: '2020-02-29' });
    expect(ploverDates('2020-WI')).toEqual({ date: '2020-12-01', enddate: '2021-02-28' });
  });
  it('spans an ISO week from Monday to Sunday, across a year end too', () => {
    expect(ploverDates('2020-W05')).toEqual({ date: '2020-01-27', enddate: '2020-02-02' });
    expect(ploverDates('2020-W01')).toEqual({ date: '2019-12-30', enddate: '2020-01-05' });
    expect(ploverDates('2021-W01')).toEqual({ date: '2021-01-04', enddate: '2021-01-10' });
    expect(ploverDates('2020-W53')).toEqual({ date: '2020-12-28', enddate: '2021-01-03' });
  });
  it('spans a year from 1 January to 31 December', () => {
    expect(ploverDates('2020')).toEqual({ date: '2020-01-01', enddate: '2020-12-31' });
  });
  it('gives a null date for null, references and impossible values', () => {
    expect(ploverDates(null)).toEqual({ date: null });
    expect(ploverDates('PAST_REF')).toEqual({ date: null });
    expect(ploverDates('2020-13')).toEqual({ date: null });
    expect(ploverDates('2021-02-29')).toEqual({ date: null });
    expect(ploverDates('2021-W53')).toEqual({ date: null });
  });
});

const event = (over: Partial<PloverEvent> = {}): PloverEvent => ({
  id: 'd1-1',
  event: 'CONSULT',
  mode: null,
  context: ['terrorism'],
  actor: [{ start: 0, end: 4, text: 'داعش', name: 'Islamic State', id: 'wd:Q2429253', country: null, sector: 'REB' }],
  recipient: [],
  event_loc: { start: 10, end: 16, text: 'العراق', name: 'Iraq', country: 'IRQ', lat: 33, lon: 44, feature: 'country', wikidata: 'Q796' },
  date: '2020-SP',
  date_precision: 'season',
  date_source: 'text',
  event_text: 'نص الحدث.',
  sentence: 0,
  trigger: { start: 5, end: 9, text: 'لقاء' },
  negated: false,
  future: true,
  hypothetical: false,
  planned: null,
  attribution: null,
  size: null,
  confidence: 0.5,
  ...over,
});

const doc = (events: PloverEvent[], over: Partial<AnnotatedDoc> = {}): AnnotatedDoc => ({
  schema: 'marsad.doc/1',
  id: 'd1',
  input_id: null,
  title: null,
  source: 'الصباح الجديد',
  url: null,
  published: '2020-01-28',
  coder: 'marsad-test',
  text: 'x'.repeat(40),
  messages: [],
  sentences: [{ start: 0, end: 40 }],
  entities: [],
  times: [],
  quotes: [],
  events,
  ...over,
});

describe('ploverRecords', () => {
  it('writes the spec shape: lists for event, mode and event_text, entity and location objects, cite_info', () => {
    const [r] = ploverRecords(doc([event({ mode: 'visit', cameo: '042' })]), { codedDate: '2024-05-01' });
    expect(r).toEqual({
      id: 'd1-1',
      date: '2020-03-01',
      enddate: '2020-05-31',
      event: ['CONSULT'],
      mode: ['visit'],
      context: ['terrorism'],
      actor: [{ entity_text: 'داعش', identifier_text: 'Islamic State', identifier_id: 'wd:Q2429253', code: null, sector: 'REB' }],
      recipient: [],
      event_loc: {
        extracted_place: 'العراق', resolved_place: 'Iraq', geonameid: null, lat: 33, lon: 44, country_code: 'IRQ',
        feature_class: 'A', feature_code: 'PCL', resolution: 1, feature: 'country',
      },
      event_text: ['نص الحدث.'],
      text_info: { sequence: 0, start: 0, end: 40 },
      cite_info: { citation: 'd1', language: 'ar', publication: 'الصباح الجديد' },
      coder: 'marsad-test',
      coded_date: '2024-05-01',
      planned: null,
      negated: false,
      future: true,
      hypothetical: false,
      attribution: null,
      size: null,
      confidence: 0.5,
      cameo: '042',
      date_source: 'text',
      date_precision: 'season',
      trigger: { start: 5, end: 9, text: 'لقاء' },
    } satisfies PloverRecord);
  });
  it('gives an empty mode list, a null location and a null date without enddate when the event lacks them', () => {
    const [r] = ploverRecords(doc([event({ date: null, date_precision: null, date_source: null, event_loc: null })]), { codedDate: '2024-05-01' });
    expect(r).toMatchObject({ date: null, mode: [], event_loc: null });
    expect(r).not.toHaveProperty('enddate');
    expect(r).not.toHaveProperty('cameo');
  });
  it('cites the input id and url when the document has them, and codes today by default', () => {
    const [r] = ploverRecords(doc([event()], { input_id: 'D7', url: 'http://x/7', title: 'ع' }));
    expect(r?.cite_info).toEqual({ citation: 'D7', url: 'http://x/7', title: 'ع', language: 'ar', publication: 'الصباح الجديد' });
    expect(r?.coded_date).toBe(new Date().toISOString().slice(0, 10));
  });
});

describe('marsad analyze --format plover', () => {
  it('prints one JSON record per event for the example article, with a planned AGREE among them', () => {
    const r = marsad(['analyze', EXAMPLE, '--published', '2020-01-28', '--format', 'plover']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    const records = lines.map((l) => JSON.parse(l) as PloverRecord);
    for (const record of records) {
      expect(record.event).toHaveLength(1);
      expect(Array.isArray(record.mode)).toBe(true);
      expect(Array.isArray(record.actor) && Array.isArray(record.recipient)).toBe(true);
      expect(record.date === null || /^\d{4}-\d{2}-\d{2}$/.test(record.date)).toBe(true);
    }
    expect(records.some((record) => record.planned !== null)).toBe(true);
  });
  it('prints the records of every document with --jsonl', () => {
    const article = marsad(['analyze', EXAMPLE, '--compact']);
    const text = (JSON.parse(article.stdout) as AnnotatedDoc).text;
    const corpus = [JSON.stringify({ text, id: 'A', published: '2020-01-28' }), JSON.stringify({ text, id: 'B', published: '2020-01-28' })].join('\n');
    const r = marsad(['analyze', '--jsonl', '-', '--format', 'plover'], corpus);
    expect(r.status, r.stderr).toBe(0);
    const citations = new Set(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as PloverRecord).cite_info.citation));
    expect(citations).toEqual(new Set(['A', 'B']));
  });
  it('reports a bad JSONL line on stderr, keeping stdout to records, exit 1', () => {
    const r = marsad(['analyze', '--jsonl', '-', '--format', 'plover'], '{broken\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/line 1: not valid JSON/);
  });
  it('exits 2 naming the formats for an unknown --format', () => {
    const r = marsad(['analyze', '-', '--format', 'csv'], 'نص.');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of json, plover, got "csv"/);
  });
});
