/** Event exports: JSONL, PLOVER, CSV (read back by Python's csv and, when installed, pandas), TSV, GeoJSON, streaming. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ploverDates } from '../src/cli/plover-record.js';
import { analyze } from '../src/pipeline.js';
import {
  CSV_COLUMNS, EXPORT_FORMATS, TSV_COLUMNS, cellText, createEventWriter, csvField, flatEvent, isExportFormat,
  type ExportFormat, type EventWriterOptions, type PloverExportRecord,
} from '../src/store/export-events.js';
import type { Correction, EventRow } from '../src/store/store.js';
import type { AnnotatedDoc } from '../src/types.js';

const NEWS = [
  {
    text: 'بغداد - قتل ثلاثة أشخاص وأصيب خمسة آخرون في انفجار سيارة مفخخة في بغداد يوم الثلاثاء، بحسب مصادر أمنية.',
    source: 'وكالة الأنباء', url: 'https://example.org/a?x=1,2', title: 'انفجار في بغداد',
  },
  {
    text: 'التقى وزير الخارجية المصري سامح شكري نظيره الأردني أيمن الصفدي في عمان يوم 12 مارس 2020 لبحث الأوضاع في المنطقة.',
    source: 'الأهرام', url: 'https://example.org/b', title: 'لقاء "شكري" والصفدي',
  },
  {
    text: 'تظاهر آلاف المحتجين في بيروت احتجاجا على الأوضاع الاقتصادية، واعتقلت الشرطة عشرين متظاهرا.',
    source: null, url: null, title: null,
  },
];

const docs: AnnotatedDoc[] = NEWS.map((n) =>
  analyze({ raw: n.text, text: n.text, title: n.title, source: n.source, url: n.url, published: '2020-03-10T08:00:00Z' }),
);

/** The store's extras for a document's events, filled in by hand as the store would. */
function rowsOf(doc: AnnotatedDoc, cluster: string | null, size: number): EventRow[] {
  return doc.events.map((e) => ({
    ...e, doc_id: doc.id, title: doc.title, source: doc.source, url: doc.url, published: doc.published,
    cluster_id: cluster, cluster_size: size, coder: doc.coder,
  }));
}

const analyzed: EventRow[] = [
  ...rowsOf(docs[0]!, 'c-1', 2),
  ...rowsOf(docs[1]!, null, 1),
  ...rowsOf(docs[2]!, 'c-2', 3),
];
const base = analyzed[0]!;

const edge = (id: string, over: Partial<EventRow>): EventRow => ({ ...base, id, ...over });
// `cameo` is optional: a row without one leaves it out (exactOptionalPropertyTypes forbids setting it to undefined).
const { cameo: _cameo, ...withoutCameo } = base;
const EVIDENCE = 'قال المتحدث، "لن نتراجع"، ثم أضاف:\nسنواصل\tالاحتجاج, غداً\r\nوانتهى.';
const edges: EventRow[] = [
  edge('e-quotes', {
    event_text: EVIDENCE,
    title: 'عنوان، مع "اقتباس"\nوسطر ثان',
    actor: [
      { start: 0, end: 3, text: 'الجيش\tالعراقي', name: null, id: null, country: 'IRQ', sector: 'MIL' },
      { start: 4, end: 8, text: 'الشرطة', name: 'Iraqi Police', id: null, country: 'IRQ', sector: 'GOV' },
    ],
    recipient: [{ start: 9, end: 12, text: 'متظاهرون', name: null, id: null, country: null, sector: null }],
    size: { dead: 0, arrested: 12 },
    context: ['economic', 'repression'],
    negated: true, hypothetical: true, attribution: 'alleged', cameo: '173',
  }),
  { ...withoutCameo, id: 'e-noplace', event_loc: null, date: null, date_precision: null, date_source: null },
  edge('e-region', {
    event_loc: {
      start: 0, end: 10, text: 'الشرق الأوسط', name: 'Middle East', country: null, countries: ['EGY', 'IRQ'],
      lat: 29.3, lon: 42.5, feature: 'region',
    },
    date: '2020-03', date_precision: 'month', date_source: 'text',
    title: 'سطر أول\nسطر ثان', // a line break alone (no quote or comma) must still be quoted
  }),
  edge('e-season', {
    event_loc: { start: 0, end: 5, text: 'الرباط', name: 'Rabat', country: 'MAR', lat: 34.01325, lon: -6.83255, feature: 'city' },
    date: '2019-WI', date_precision: 'season', date_source: 'text', mode: 'demo', size: null,
  }),
  edge('e-badcoords', {
    event_loc: { start: 0, end: 5, text: 'مكان', name: 'Nowhere', country: 'XXX', lat: Number.NaN, lon: 200, feature: 'city' },
  }),
];

const rows: EventRow[] = [...analyzed, ...edges];

/** Everything a writer writes, as one string. */
function exportText(format: ExportFormat, input: readonly EventRow[], options: EventWriterOptions = {}): string {
  const parts: string[] = [];
  const writer = createEventWriter(format, { write: (s: string) => parts.push(s) }, options);
  for (const row of input) writer.write(row);
  writer.end();
  return parts.join('');
}

const dir = mkdtempSync(join(tmpdir(), 'marsad-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python(code: string, file: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('python3', ['-c', code, file], { encoding: 'utf8' });
}
const hasPython = spawnSync('python3', ['-c', 'import csv'], { encoding: 'utf8' }).status === 0;
const hasPandas = hasPython && spawnSync('python3', ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;
if (!hasPandas) console.warn('export-events.test: pandas is not installed for python3; the pandas.read_csv check is skipped');

describe('the analyzed documents', () => {
  it('have events to export', () => {
    for (const doc of docs) expect(doc.events.length, doc.text).toBeGreaterThan(0);
    expect(analyzed.some((r) => r.event_loc !== null)).toBe(true);
  });
});

describe('formats', () => {
  it('lists every format and recognises their names', () => {
    expect([...EXPORT_FORMATS].sort()).toEqual(['csv', 'geojson', 'jsonl', 'plover', 'tsv']);
    expect(isExportFormat('geojson')).toBe(true);
    expect(isExportFormat('xml')).toBe(false);
  });
});

describe('jsonl', () => {
  it('writes each row as one JSON object per line, unchanged', () => {
    const text = exportText('jsonl', rows);
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(rows.map((r) => JSON.parse(JSON.stringify(r)) as unknown));
  });
});

describe('plover', () => {
  const records = exportText('plover', rows, { codedDate: '2024-05-01' })
    .trimEnd().split('\n').map((l) => JSON.parse(l) as PloverExportRecord);

  it('writes one record a row with the event type as a one-element list', () => {
    expect(records).toHaveLength(rows.length);
    records.forEach((r, i) => {
      expect(r.id).toBe(rows[i]!.id);
      expect(r.event).toEqual([rows[i]!.event]);
      expect(r.event_text).toEqual([rows[i]!.event_text]);
      expect(r.coded_date).toBe('2024-05-01');
      expect(r.doc_id).toBe(rows[i]!.doc_id);
      expect(r.cluster_id).toBe(rows[i]!.cluster_id);
      expect(r.cluster_size).toBe(rows[i]!.cluster_size);
    });
  });
  it('gives date and enddate per the spec: a day alone, a month or season as its first and last day, none as null', () => {
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get(base.id)).toMatchObject({ date: '2020-03-10' });
    expect(byId.get(base.id)).not.toHaveProperty('enddate');
    expect(byId.get('e-region')).toMatchObject({ date: '2020-03-01', enddate: '2020-03-31' });
    expect(byId.get('e-season')).toMatchObject({ date: '2019-12-01', enddate: '2020-02-29' });
    expect(byId.get('e-noplace')).toMatchObject({ date: null, event_loc: null });
    expect(byId.get('e-noplace')).not.toHaveProperty('enddate');
  });
  it('cites the document by id, url, title and outlet, and keeps the location object', () => {
    const r = records[0]!;
    expect(r.cite_info).toEqual({ citation: base.doc_id, url: base.url, title: base.title, language: 'ar', publication: base.source });
    expect(r.event_loc).toMatchObject({ resolved_place: base.event_loc!.name, lat: base.event_loc!.lat, lon: base.event_loc!.lon });
    const quotes = records.find((x) => x.id === 'e-quotes')!;
    expect(quotes.actor[0]).toEqual({ entity_text: 'الجيش\tالعراقي', identifier_text: null, identifier_id: null, code: 'IRQ', sector: 'MIL' });
    expect(quotes.size).toEqual({ dead: 0, arrested: 12 });
  });
});

describe('csv', () => {
  const text = exportText('csv', rows);
  const expected = rows.map((r) => CSV_COLUMNS.map((c) => cellText(flatEvent(r)[c])));

  it('quotes only fields holding a quote, comma or line break, doubling inner quotes', () => {
    expect(csvField('بسيط')).toBe('بسيط');
    expect(csvField('أ، ب')).toBe('أ، ب'); // the Arabic comma is not a separator
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('قال "لا"')).toBe('"قال ""لا"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField(null)).toBe('');
    expect(csvField(false)).toBe('false');
    expect(csvField(0)).toBe('0');
  });
  it('starts with the header, ends every record with CRLF, and has no BOM unless asked', () => {
    expect(text.startsWith(CSV_COLUMNS.join(',') + '\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(exportText('csv', rows, { bom: true }).startsWith('\uFEFFid,')).toBe(true);
    expect(exportText('csv', [])).toBe(CSV_COLUMNS.join(',') + '\r\n');
  });
  it('flattens actors, countries, sizes, places and flags as documented', () => {
    const flat = flatEvent(edges[0]!);
    expect(flat.actor).toBe('الجيش\tالعراقي; Iraqi Police');
    expect(flat.actor_country).toBe('IRQ');
    expect(flat.actor_sector).toBe('MIL; GOV');
    expect(flat.recipient).toBe('متظاهرون');
    expect(flat.recipient_country).toBeNull();
    expect(flat.context).toBe('economic; repression');
    expect([flat.dead, flat.injured, flat.arrested]).toEqual([0, null, 12]);
    expect([flat.negated, flat.future, flat.hypothetical, flat.corrected]).toEqual([true, false, true, false]);
    expect(flat.evidence).toBe(EVIDENCE);
    const region = flatEvent(edges[2]!);
    expect([region.place, region.place_country, region.lat, region.lon]).toEqual(['Middle East', null, 29.3, 42.5]);
    const none = flatEvent(edges[1]!);
    expect([none.place, none.lat, none.date, none.cameo]).toEqual([null, null, null, null]);
  });
  it.skipIf(!hasPython)('reads back field for field with Python’s strict RFC 4180 reader', () => {
    const file = join(dir, 'events.csv');
    writeFileSync(file, text, 'utf8');
    const py = python(
      'import csv, json, sys\n' +
        'with open(sys.argv[1], newline="", encoding="utf-8") as f:\n' +
        '    print(json.dumps(list(csv.reader(f, strict=True))))',
      file,
    );
    expect(py.stderr).toBe('');
    const [header, ...records] = JSON.parse(py.stdout) as string[][];
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(records).toEqual(expected);
    // And independently of flatEvent: the raw values come back.
    const col = (name: string): number => CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number]);
    const quotes = records[rows.findIndex((r) => r.id === 'e-quotes')]!;
    expect(quotes[col('evidence')]).toBe(EVIDENCE);
    expect(quotes[col('title')]).toBe(edges[0]!.title);
    expect(quotes[col('dead')]).toBe('0');
    expect(quotes[col('negated')]).toBe('true');
    records.forEach((rec, i) => {
      expect(rec).toHaveLength(CSV_COLUMNS.length);
      expect(rec[col('id')]).toBe(rows[i]!.id);
      expect(rec[col('url')]).toBe(rows[i]!.url ?? '');
      expect(rec[col('confidence')]).toBe(String(rows[i]!.confidence));
    });
  });
  it.skipIf(!hasPandas)('loads with pandas.read_csv: one row per event, numeric and boolean columns typed', () => {
    const file = join(dir, 'events-pandas.csv');
    writeFileSync(file, text, 'utf8');
    const py = python(
      'import json, sys, pandas as pd\n' +
        'df = pd.read_csv(sys.argv[1], keep_default_na=True)\n' +
        'print(json.dumps({"rows": len(df), "columns": list(df.columns), "dtypes": {c: str(t) for c, t in df.dtypes.items()},\n' +
        '  "evidence": df["evidence"].tolist()}))',
      file,
    );
    expect(py.stderr).toBe('');
    const out = JSON.parse(py.stdout) as { rows: number; columns: string[]; dtypes: Record<string, string>; evidence: string[] };
    expect(out.rows).toBe(rows.length);
    expect(out.columns).toEqual([...CSV_COLUMNS]);
    for (const c of ['lat', 'lon', 'confidence', 'dead']) expect(out.dtypes[c]).toBe('float64');
    expect(out.dtypes.cluster_size).toBe('int64');
    for (const c of ['negated', 'future', 'hypothetical', 'corrected', 'correction_wrong']) expect(out.dtypes[c]).toBe('bool');
    expect(out.evidence).toEqual(rows.map((r) => r.event_text));
  });
});

describe('tsv', () => {
  const text = exportText('tsv', rows);
  const lines = text.split('\n');
  it('has a header and one line a row, each with every column, tabs and line breaks inside fields made spaces', () => {
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[0]).toBe(TSV_COLUMNS.join('\t'));
    for (const line of lines) expect(line.split('\t')).toHaveLength(TSV_COLUMNS.length);
    expect(text).not.toMatch(/[\r\u2028\u2029]/);
  });
  it('fills the GDELT-like columns from the row', () => {
    const get = (id: string): Record<string, string> => {
      const cells = lines[rows.findIndex((r) => r.id === id) + 1]!.split('\t');
      return Object.fromEntries(TSV_COLUMNS.map((c, i) => [c, cells[i]!]));
    };
    expect(get(base.id)).toMatchObject({
      GLOBALEVENTID: base.id, SQLDATE: '20200310', EventCode: base.event, NumSources: '2', ClusterId: 'c-1',
      ActionGeo_FullName: base.event_loc!.name, ActionGeo_Lat: String(base.event_loc!.lat), SOURCEURL: base.url,
    });
    expect(get('e-quotes')).toMatchObject({
      Actor1Name: 'الجيش العراقي; Iraqi Police', Actor1CountryCode: 'IRQ', Actor1Type1Code: 'MIL; GOV',
      Actor2Name: 'متظاهرون', Actor2CountryCode: '', IsNegated: '1', IsFuture: '0', IsHypothetical: '1', CAMEOCode: '173',
    });
    expect(get('e-region')).toMatchObject({ SQLDATE: '20200301', ActionGeo_CountryCode: '' });
    expect(get('e-season')).toMatchObject({ SQLDATE: ploverDates('2019-WI').date!.replaceAll('-', ''), ActionGeo_Long: '-6.83255' });
    expect(get('e-noplace')).toMatchObject({ SQLDATE: '', ActionGeo_FullName: '', ActionGeo_Lat: '', CAMEOCode: '' });
  });
});

describe('corrections', () => {
  const correction = (wrong: boolean): Correction => ({
    id: wrong ? 2 : 1,
    eventId: base.id,
    docId: base.doc_id,
    anchor: { start: base.trigger.start, end: base.trigger.end, event: base.event },
    wrong,
    event: base.event === 'PROTEST' ? 'ASSAULT' : 'PROTEST',
    actor: ['IRQ'],
    author: 'analyst',
    note: null,
    at: '2024-05-01T10:00:00.000Z',
  });
  const plain: EventRow = { ...base, id: 'e-plain', correction: null };
  const fixed: EventRow = { ...base, id: 'e-fixed', correction: correction(false) };
  const wrong: EventRow = { ...base, id: 'e-wrong', correction: correction(true) };

  it('flags corrected rows and the rows an analyst marked wrong, keeping the coder’s values', () => {
    const flags = (row: EventRow): [unknown, unknown] => [flatEvent(row).corrected, flatEvent(row).correction_wrong];
    expect(flags(base)).toEqual([false, false]); // no correction field at all
    expect(flags(plain)).toEqual([false, false]);
    expect(flags(fixed)).toEqual([true, false]);
    expect(flags(wrong)).toEqual([true, true]);
    // Every other column is the coder's record, whatever the correction says.
    const { corrected: _c, correction_wrong: _w, id: _i, ...rest } = flatEvent(fixed);
    const { corrected: _c2, correction_wrong: _w2, id: _i2, ...baseRest } = flatEvent(base);
    expect(rest).toEqual(baseRest);
    expect(flatEvent(fixed).event).toBe(base.event);
  });

  it('writes the flags as the last CSV columns and the last TSV columns, after every existing one', () => {
    const csv = exportText('csv', [plain, fixed, wrong]).split('\r\n');
    expect(csv[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv[0]!.endsWith(',coder,corrected,correction_wrong')).toBe(true);
    expect(csv.slice(1, 4).map((line) => line.split(',').slice(-2))).toEqual([['false', 'false'], ['true', 'false'], ['true', 'true']]);
    const tsv = exportText('tsv', [plain, fixed, wrong]).split('\n');
    expect(tsv[0]!.endsWith('\tDocId\tClusterId\tCorrected\tCorrectionWrong')).toBe(true);
    expect(tsv.slice(1, 4).map((line) => line.split('\t').slice(-2))).toEqual([['0', '0'], ['1', '0'], ['1', '1']]);
    expect(tsv.slice(1, 4).map((line) => line.split('\t')[TSV_COLUMNS.indexOf('EventCode')])).toEqual([base.event, base.event, base.event]);
  });
});

describe('geojson', () => {
  it('writes a FeatureCollection of Point features at [lon, lat], leaving out and counting rows without coordinates', () => {
    const parts: string[] = [];
    const writer = createEventWriter('geojson', { write: (s: string) => parts.push(s) });
    for (const row of rows) writer.write(row);
    writer.end();
    const fc = JSON.parse(parts.join('')) as {
      type: string;
      features: Array<{ type: string; id: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }>;
    };
    expect(fc.type).toBe('FeatureCollection');
    const placed = rows.filter((r) => r.id !== 'e-noplace' && r.id !== 'e-badcoords' && r.event_loc !== null);
    expect(fc.features.map((f) => f.id)).toEqual(placed.map((r) => r.id));
    expect(writer.written).toBe(placed.length);
    expect(writer.skipped).toBe(rows.length - placed.length);
    for (const f of fc.features) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('Point');
      const [lon, lat] = f.geometry.coordinates as [number, number];
      expect(f.geometry.coordinates).toHaveLength(2);
      expect(Number.isFinite(lon) && Number.isFinite(lat)).toBe(true);
      expect(Math.abs(lon)).toBeLessThanOrEqual(180);
      expect(Math.abs(lat)).toBeLessThanOrEqual(90);
      const row = rows.find((r) => r.id === f.id)!;
      expect([lon, lat]).toEqual([row.event_loc!.lon, row.event_loc!.lat]);
      expect(Object.keys(f.properties)).toEqual([...CSV_COLUMNS]);
      expect(typeof f.properties.confidence).toBe('number');
      expect(typeof f.properties.cluster_size).toBe('number');
      expect(typeof f.properties.negated).toBe('boolean');
    }
    const quotes = fc.features.find((f) => f.id === 'e-quotes')!;
    expect(quotes.properties).toMatchObject({ dead: 0, injured: null, evidence: EVIDENCE, negated: true });
    expect(fc.features.find((f) => f.id === 'e-region')!.properties.place_country).toBeNull();
  });
  it('writes a valid empty FeatureCollection when no row has coordinates', () => {
    const fc = JSON.parse(exportText('geojson', [edges[1]!])) as { type: string; features: unknown[] };
    expect(fc).toEqual({ type: 'FeatureCollection', features: [] });
  });
});

describe('createEventWriter', () => {
  it('passes on a Node stream’s backpressure and refuses rows after end', () => {
    let calls = 0;
    const sink = { write: (_: string) => ++calls < 2 };
    const writer = createEventWriter('jsonl', sink);
    expect(writer.write(base)).toBe(true);
    expect(writer.write(base)).toBe(false);
    writer.end();
    expect(() => writer.write(base)).toThrow(/after end/);
  });

  it('writes to a Node stream', async () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    const writer = createEventWriter('csv', stream);
    for (const row of rows) writer.write(row);
    writer.end();
    await new Promise<void>((resolve) => stream.end(resolve));
    expect(chunks.join('')).toBe(exportText('csv', rows));
  });

  it('streams 100k rows to a counting sink, in every line-based format', () => {
    const N = 100_000;
    const synthetic = (i: number): EventRow => ({
      ...edges[3]!,
      id: `doc${Math.floor(i / 4)}-${i % 4}`,
      doc_id: `doc${Math.floor(i / 4)}`,
      event_loc: i % 10 === 0 ? null : edges[3]!.event_loc,
      confidence: (i % 1000) / 1000,
    });
    for (const format of ['jsonl', 'csv', 'tsv', 'plover', 'geojson'] as const) {
      let lines = 0;
      let chars = 0;
      const sink = {
        write(s: string): boolean {
          chars += s.length;
          for (let at = s.indexOf('\n'); at !== -1; at = s.indexOf('\n', at + 1)) lines++;
          return true;
        },
      };
      const writer = createEventWriter(format, sink, { codedDate: '2024-05-01' });
      for (let i = 0; i < N; i++) writer.write(synthetic(i));
      writer.end();
      const placed = N - N / 10;
      const expectedLines = { jsonl: N, plover: N, csv: N + 1, tsv: N + 1, geojson: placed + 2 }[format];
      expect(lines, format).toBe(expectedLines);
      expect(chars, format).toBeGreaterThan(N * 50);
      expect(writer.written, format).toBe(format === 'geojson' ? placed : N);
      expect(writer.skipped, format).toBe(format === 'geojson' ? N / 10 : 0);
    }
  });
});
