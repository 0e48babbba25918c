/**
 * The shared store suite: the behaviour every `Store` backend must have, run against each of them by
 * test/store.test.ts (`STORES=sqlite,postgres`).
 *
 * `name` starts with the backend's kind (`sqlite`, `postgres`), which the store must report.
 * `open` must return a new, empty store on every call (a fresh file, a fresh schema); the suite migrates it, uses
 * it for one test and closes it. `cleanup` runs once after the last test (remove the files, drop the schemas).
 *
 * Order of events: `(first day of the date, id)`, where the first day of 2020-03 is 2020-03-01, of 2020-SP
 * 2020-03-01, of 2020-W05 its Monday, of 2020 2020-01-01; undated events come after every dated one.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyze, documentId } from '../src/pipeline.js';
import type { EventFilter, EventRow, NewDocument, Store, StoredInput, TimelineRow } from '../src/store/store.js';
import { foldString } from '../src/text/fold.js';
import type { Actor, AnnotatedDoc, Place, PloverEvent, PloverType } from '../src/types.js';

/** A short Arabic news text with an attack in a city and a meeting. */
const ARTICLE = {
  title: 'هجوم في الموصل',
  text:
    'أعلنت وزارة الداخلية العراقية أن مسلحين هاجموا نقطة تفتيش في مدينة الموصل يوم الأحد، ما أسفر عن مقتل ثلاثة جنود. ' +
    'والتقى وزير الخارجية العراقي نظيره التركي في بغداد لبحث الأوضاع الأمنية.',
  source: 'وكالة الأنباء',
  url: 'https://example.org/news/1',
  published: '2020-03-15',
};

/** SHA-256 (hex) of the folded title and text, as ingest computes the content hash. */
function contentHashOf(title: string | null, text: string): string {
  return createHash('sha256').update(foldString(`${title ?? ''}\n${text}`)).digest('hex');
}

/** A deterministic 128-word signature for a seed, with the extreme values in it to check the round trip. */
function signatureOf(seed: string): Uint32Array {
  const out = new Uint32Array(128);
  for (let i = 0; i < 128; i += 8) {
    const digest = createHash('sha256').update(`${seed}:${i}`).digest();
    for (let j = 0; j < 8; j++) out[i + j] = digest.readUInt32LE(j * 4);
  }
  out[0] = 0;
  out[1] = 0xffffffff;
  out[2] = 0x80000000;
  return out;
}

/** The fields of an input the store keeps. */
function storedInputOf(input: Partial<StoredInput> & { text: string }): StoredInput {
  return {
    text: input.text,
    title: input.title ?? null,
    source: input.source ?? null,
    url: input.url ?? null,
    published: input.published ?? null,
    id: input.id ?? null,
  };
}

/** A NewDocument for an analysis and its raw input, with bands derived from the content hash unless given. */
function newDocument(doc: AnnotatedDoc, raw: string, input: StoredInput, extra: Partial<NewDocument> = {}): NewDocument {
  const contentHash = extra.contentHash ?? contentHashOf(doc.title, doc.text);
  return {
    doc,
    raw,
    input,
    contentHash,
    origin: `test/${doc.id}.json`,
    signature: signatureOf(contentHash),
    bands: [0, 1, 2, 3].map((b) => `${b}:${contentHash.slice(b * 8, b * 8 + 8)}`),
    nearDuplicateOf: null,
    ...extra,
  };
}

let analyzed: { doc: AnnotatedDoc; raw: string; input: StoredInput } | null = null;

/** The realistic document: `ARTICLE` through the real pipeline (analyzed once, shared by every backend). */
function realistic(): { doc: AnnotatedDoc; raw: string; input: StoredInput } {
  if (!analyzed) {
    const raw = JSON.stringify(ARTICLE);
    analyzed = { raw, input: storedInputOf(ARTICLE), doc: analyze({ raw, ...ARTICLE }) };
  }
  return analyzed;
}

/** An actor: its text, English name and country. */
type ActorSpec = [text: string, name: string | null, country: string | null];

/** A synthetic event, with exactly the fields the filters read chosen by the test. */
interface EventSpec {
  label: string;
  type: PloverType;
  date: string | null;
  precision: PloverEvent['date_precision'];
  actors?: ActorSpec[];
  recipients?: ActorSpec[];
  place?: string | null;
  planned?: PloverEvent['planned'];
  confidence: number;
  text: string;
}

/** A synthetic analyzed document: its text is its title and event sentences, its events are exactly `specs`. */
function syntheticDoc(key: string, published: string, specs: EventSpec[]): { doc: AnnotatedDoc; raw: string; input: StoredInput } {
  const title = `خبر ${key}`;
  const input = storedInputOf({ text: specs.map((s) => s.text).join(' '), title, source: `outlet ${key}`, url: `https://example.org/${key}`, published });
  const raw = JSON.stringify(input);
  const id = documentId(raw);
  const text = `${title}\n${input.text}`;
  const sentences: AnnotatedDoc['sentences'] = [];
  const events = specs.map((s, i): PloverEvent => {
    const start = text.indexOf(s.text);
    sentences.push({ start, end: start + s.text.length });
    const span = (t: string): { start: number; end: number; text: string } => {
      const at = text.indexOf(t);
      return at === -1 ? { start, end: start, text: '' } : { start: at, end: at + t.length, text: t };
    };
    const actor = ([t, name, country]: ActorSpec): Actor => ({ ...span(t), text: t, name, id: null, country, sector: null });
    const place: Place | null = s.place ? { ...span(s.text.split(' ')[0]!), name: `Place in ${s.place}`, country: s.place, lat: 33, lon: 44, feature: 'city' } : null;
    return {
      id: `${id}-${i + 1}`,
      event: s.type,
      mode: null,
      context: [],
      actor: (s.actors ?? []).map(actor),
      recipient: (s.recipients ?? []).map(actor),
      event_loc: place,
      date: s.date,
      date_precision: s.precision,
      date_source: s.date ? 'text' : null,
      event_text: s.text,
      sentence: i,
      trigger: span(s.text.split(' ')[0]!),
      negated: false,
      future: s.planned != null,
      hypothetical: false,
      planned: s.planned ?? null,
      attribution: null,
      size: null,
      confidence: s.confidence,
    };
  });
  const doc: AnnotatedDoc = {
    schema: 'marsad.doc/1',
    id,
    input_id: null,
    title,
    source: input.source,
    url: input.url,
    published,
    coder: 'marsad/test model/test',
    text,
    messages: [],
    sentences,
    entities: [],
    times: [],
    quotes: [],
    events,
  };
  return { doc, raw, input };
}

/** Three documents, eight events: every date precision, every country role, an undated event. */
const DATASET: Array<{ key: string; published: string; events: EventSpec[] }> = [
  {
    key: 'A',
    published: '2020-03-15',
    events: [
      { label: 'A1', type: 'ASSAULT', date: '2020-03-15', precision: 'day', actors: [['مسلحون', null, null]], recipients: [['الجيش العراقي', 'Iraqi Army', 'IRQ']], place: 'IRQ', confidence: 0.9, text: 'هاجم مسلحون نقطة تفتيش للجيش العراقي في الموصل.' },
      { label: 'A2', type: 'CONSULT', date: '2020-03', precision: 'month', actors: [['وزير الخارجية التركي', 'Minister of Foreign Affairs of Turkey', 'TUR']], recipients: [['نظيره العراقي', null, 'IRQ']], place: 'IRQ', confidence: 0.8, text: 'التقى وزير الخارجية التركي نظيره العراقي في بغداد.' },
    ],
  },
  {
    key: 'B',
    published: '2020-05-02',
    events: [
      { label: 'B1', type: 'PROTEST', date: '2020-SP', precision: 'season', actors: [['متظاهرون', 'Protesters', null]], place: 'LBN', confidence: 0.7, text: 'تظاهر آلاف في بيروت احتجاجا على الأوضاع الاقتصادية.' },
      { label: 'B2', type: 'ASSAULT', date: '2020', precision: 'year', actors: [['تنظيم داعش', 'ISIS', null]], recipients: [['قوات سوريا الديمقراطية', 'Syrian Democratic Forces', 'SYR']], place: 'SYR', confidence: 0.6, text: 'هاجم تنظيم داعش مواقع قوات سوريا الديمقراطية قرب دير الزور.' },
      { label: 'B3', type: 'AID', date: null, precision: null, actors: [['الأمم المتحدة', 'United Nations', 'IGO']], confidence: 0.5, text: 'أعلنت الأمم المتحدة تقديم مساعدات إنسانية عاجلة.' },
    ],
  },
  {
    key: 'C',
    published: '2021-01-13',
    events: [
      { label: 'C1', type: 'ASSAULT', date: '2020-W05', precision: 'week', actors: [['الجيش التركي', 'Turkish Army', 'TUR']], recipients: [['مقاتلون أكراد', null, 'SYR']], place: 'SYR', confidence: 0.75, text: 'قصف الجيش التركي مواقع لمقاتلين أكراد شمال سوريا.' },
      { label: 'C2', type: 'AGREE', date: '2021-01-12', precision: 'day', actors: [['العراق', 'Iraq', 'IRQ'], ['الأردن', 'Jordan', 'JOR']], place: 'JOR', planned: 'COOPERATE', confidence: 0.85, text: 'اتفق العراق مع الأردن على تعزيز التعاون الأمني في عمان.' },
      { label: 'C3', type: 'ASSAULT', date: '2020-WI', precision: 'season', actors: [['الشرطة اللبنانية', 'Lebanese Police', 'LBN']], place: 'LBN', confidence: 0.65, text: 'اشتبكت الشرطة اللبنانية مع محتجين في طرابلس.' },
    ],
  },
];

/** The first day of a TIMEX3 date, '~' (after every day) when undated: the suite's own reading of the sort key. */
function firstDay(date: string | null): string {
  if (date === null) return '~';
  if (/^\d{4}$/.test(date)) return `${date}-01-01`;
  if (/^\d{4}-\d{2}$/.test(date)) return `${date}-01`;
  const season = /^(\d{4})-(SP|SU|FA|WI)$/.exec(date);
  if (season) return `${season[1]}-${{ SP: '03', SU: '06', FA: '09', WI: '12' }[season[2]!]}-01`;
  const week = /^(\d{4})-W(\d{2})$/.exec(date);
  if (week) {
    // These tests only use 2020-W05, whose Monday is 27 January 2020.
    expect(date).toBe('2020-W05');
    return '2020-01-27';
  }
  return date.slice(0, 10);
}

/** The stable order of events: first day, then id. */
function byDateThenId(a: { date: string | null; id: string }, b: { date: string | null; id: string }): number {
  const da = firstDay(a.date);
  const db = firstDay(b.date);
  return da < db ? -1 : da > db ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every event of a filter, following the cursors (and checking each page is at most `limit` long). */
async function allPages(store: Store, filter: EventFilter): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.events({ ...filter, cursor });
    if (filter.limit !== undefined) expect(page.rows.length).toBeLessThanOrEqual(filter.limit);
    rows.push(...page.rows);
    if (page.next === null) return rows;
    expect(page.rows.length, 'a page with a next cursor is full').toBe(filter.limit ?? 100);
    cursor = page.next;
  }
  throw new Error('events: more than 1000 pages');
}

/** Timeline rows as compact tuples. */
function tuples(rows: TimelineRow[]): Array<[string, string, number]> {
  return rows.map((r) => [r.period, r.event, r.count]);
}

/** The shared suite for one backend. */
export function storeSuite(name: string, open: () => Promise<Store>, cleanup?: () => Promise<void>): void {
  describe(`store: ${name}`, () => {
    let current: Store | null = null;
    /** A new, empty, migrated store, closed after the test. */
    const fresh = async (): Promise<Store> => {
      current = await open();
      await current.migrate();
      return current;
    };
    afterEach(async () => {
      const s = current;
      current = null;
      await s?.close();
    });
    afterAll(async () => {
      await cleanup?.();
    });
    beforeAll(() => {
      expect(realistic().doc.events.length, 'the realistic article yields events').toBeGreaterThan(0);
    });

    /** The dataset stored, with each event's id by label. */
    const storeDataset = async (store: Store): Promise<{ ids: Map<string, string>; docs: Map<string, AnnotatedDoc> }> => {
      const ids = new Map<string, string>();
      const docs = new Map<string, AnnotatedDoc>();
      for (const d of DATASET) {
        const { doc, raw, input } = syntheticDoc(d.key, d.published, d.events);
        expect(await store.putDocument(newDocument(doc, raw, input))).toEqual({ status: 'inserted', id: doc.id });
        d.events.forEach((e, i) => ids.set(e.label, doc.events[i]!.id));
        docs.set(d.key, doc);
      }
      return { ids, docs };
    };
    const labelsOf = (ids: Map<string, string>, rows: Array<{ id: string }>): string[] => {
      const byId = new Map([...ids].map(([label, id]) => [id, label]));
      return rows.map((r) => byId.get(r.id) ?? r.id).sort();
    };

    it('migrates twice without change to the stored data', async () => {
      const store = await fresh();
      const kind = name.split(' ')[0];
      if (kind === 'sqlite' || kind === 'postgres') expect(store.kind).toBe(kind);
      const { doc, raw, input } = realistic();
      await store.putDocument(newDocument(doc, raw, input));
      const before = await store.stats();
      await store.migrate();
      await store.migrate();
      expect(await store.stats()).toEqual(before);
      expect((await store.document(doc.id))?.doc).toEqual(doc);
      const other = syntheticDoc('M', '2020-01-01', DATASET[0]!.events);
      expect((await store.putDocument(newDocument(other.doc, other.raw, other.input))).status).toBe('inserted');
    });

    it('changes its data version with every committed write, and not with reads', async () => {
      const store = await fresh();
      // A version once the store's own work is done: pending search indexes written (SQLite indexes them at the
      // first read that needs them), and the notifications of earlier commits arrived (PostgreSQL sends them at commit).
      const settled = async (): Promise<string> => {
        await store.search('الحكومة');
        let version = await store.dataVersion();
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          const again = await store.dataVersion();
          if (again === version) return version;
          version = again;
        }
      };
      const empty = await settled();
      const { ids } = await storeDataset(store);
      const stored = await settled();
      expect(stored).not.toBe(empty);
      await store.events({ limit: 5 });
      await store.search('الحكومة');
      await store.stats();
      await store.timeline({}, 'day');
      expect(await settled()).toBe(stored);
      await store.putCorrection({ eventId: ids.get('A1')!, wrong: true });
      const corrected = await settled();
      expect(corrected).not.toBe(stored);
      await store.putError({ origin: 'x.jsonl:1', reason: 'not JSON', raw: '{' });
      expect(await settled()).not.toBe(corrected);
    });

    it('stores a document and gives it back as it was put', async () => {
      const store = await fresh();
      const { doc, raw, input } = realistic();
      const d = newDocument(doc, raw, input);
      const t0 = Date.now();
      expect(await store.putDocument(d)).toEqual({ status: 'inserted', id: doc.id });
      expect(await store.hasDocument(doc.id)).toBe(true);
      expect(await store.hasDocument('0000000000000000')).toBe(false);
      expect(await store.findByContent(d.contentHash)).toBe(doc.id);
      expect(await store.findByContent('0'.repeat(64))).toBeNull();
      const stored = await store.document(doc.id);
      expect(stored).not.toBeNull();
      expect(stored!.id).toBe(doc.id);
      expect(stored!.contentHash).toBe(d.contentHash);
      expect(stored!.origin).toBe(d.origin);
      expect(stored!.raw).toBe(raw);
      expect(stored!.input).toEqual(input);
      expect(stored!.doc).toEqual(doc);
      expect(stored!.nearDuplicateOf).toBeNull();
      const ingested = Date.parse(stored!.ingestedAt);
      expect(ingested).toBeGreaterThanOrEqual(t0 - 60_000);
      expect(ingested).toBeLessThanOrEqual(Date.now() + 60_000);
      expect(await store.document('0000000000000000')).toBeNull();
    });

    it('lists the events of a document with the document fields, unclustered', async () => {
      const store = await fresh();
      const { doc, raw, input } = realistic();
      await store.putDocument(newDocument(doc, raw, input));
      const { rows, next } = await store.events({});
      expect(next).toBeNull();
      const expected = [...doc.events].sort(byDateThenId).map(
        (e): EventRow => ({
          ...e,
          doc_id: doc.id,
          title: doc.title,
          source: doc.source,
          url: doc.url,
          published: doc.published,
          cluster_id: null,
          cluster_size: 1,
          coder: doc.coder,
          correction: null,
        }),
      );
      expect(rows).toEqual(expected);
    });

    it('stores the same content once: by content hash and by id', async () => {
      const store = await fresh();
      const { doc, raw, input } = realistic();
      const first = newDocument(doc, raw, input);
      await store.putDocument(first);
      const before = await store.stats();

      // The same article under other metadata: another raw input and id, the same content hash.
      const raw2 = JSON.stringify({ ...ARTICLE, source: 'منفذ آخر' });
      const doc2: AnnotatedDoc = { ...doc, id: documentId(raw2), source: 'منفذ آخر', events: doc.events.map((e, i) => ({ ...e, id: `${documentId(raw2)}-${i + 1}` })) };
      const sameContent = newDocument(doc2, raw2, { ...input, source: 'منفذ آخر' }, { bands: ['dup-band-1'], origin: 'other.json' });
      expect(sameContent.contentHash).toBe(first.contentHash);
      expect(await store.putDocument(sameContent)).toEqual({ status: 'duplicate', id: doc.id });

      // The same raw input (same id) with a different content hash.
      const sameId = newDocument(doc, raw, input, { contentHash: 'f'.repeat(64), bands: ['dup-band-2'], origin: 'again.json' });
      expect(await store.putDocument(sameId)).toEqual({ status: 'duplicate', id: doc.id });

      expect(await store.stats()).toEqual(before);
      expect(await store.hasDocument(doc2.id)).toBe(false);
      expect(await store.findByContent('f'.repeat(64))).toBeNull();
      expect(await store.nearDuplicateCandidates(['dup-band-1', 'dup-band-2'])).toEqual([]);
      expect((await store.document(doc.id))!.origin).toBe(first.origin);
    });

    it('keeps the raw input byte for byte', async () => {
      const store = await fresh();
      const odd =
        '\ufeff{"text": "أعلنت الحكومة 🙂👍🏽 عن خطة\\nجديدة", "title":"عنوان\u200f\u200d"}\r\n\t  ' +
        'ﷺ ﻻ e\u0301 \u2028\u2029 "quotes" \\backslash\\ \u00a0\u202e‮مقلوب\u202c 𝔘𝔫𝔦 \uffff end  ';
      const { doc, input } = realistic();
      const id = documentId(odd);
      const oddDoc: AnnotatedDoc = { ...doc, id, events: doc.events.map((e, i) => ({ ...e, id: `${id}-${i + 1}` })) };
      const oddInput = { ...input, text: `${input.text} 🙂 \u200d` };
      await store.putDocument(newDocument(oddDoc, odd, oddInput, { contentHash: contentHashOf('odd', odd) }));
      const stored = await store.document(id);
      expect(stored!.raw).toBe(odd);
      expect(Buffer.from(stored!.raw, 'utf8').equals(Buffer.from(odd, 'utf8'))).toBe(true);
      expect(stored!.input).toEqual(oddInput);
      const [raw] = await store.rawDocuments(null, 10);
      expect(raw).toEqual({ id, raw: odd, input: oddInput, origin: `test/${id}.json` });
    });

    it('round-trips signatures exactly and finds near-duplicate candidates by shared band', async () => {
      const store = await fresh();
      const x = syntheticDoc('X', '2020-01-01', DATASET[0]!.events);
      const y = syntheticDoc('Y', '2020-01-01', DATASET[1]!.events);
      const z = syntheticDoc('Z', '2020-01-01', DATASET[2]!.events);
      const dx = newDocument(x.doc, x.raw, x.input, { bands: ['0:aaaa', '1:bbbb', '2:shared'] });
      const dy = newDocument(y.doc, y.raw, y.input, { bands: ['2:shared', '3:dddd'], nearDuplicateOf: { id: x.doc.id, similarity: 0.625 } });
      const dz = newDocument(z.doc, z.raw, z.input, { bands: ['0:zzzz'] });
      for (const d of [dx, dy, dz]) await store.putDocument(d);

      const sorted = (r: Array<{ id: string; signature: Uint32Array }>): Array<{ id: string; signature: number[] }> =>
        r.map((c) => ({ id: c.id, signature: Array.from(c.signature) })).sort((a, b) => (a.id < b.id ? -1 : 1));
      const shared = await store.nearDuplicateCandidates(['2:shared', '9:none']);
      for (const c of shared) expect(c.signature).toBeInstanceOf(Uint32Array);
      expect(sorted(shared)).toEqual(sorted([{ id: x.doc.id, signature: dx.signature }, { id: y.doc.id, signature: dy.signature }]));
      expect(sorted(await store.nearDuplicateCandidates(['0:aaaa', '1:bbbb']))).toEqual([{ id: x.doc.id, signature: Array.from(dx.signature) }]);
      expect(await store.nearDuplicateCandidates(['9:none'])).toEqual([]);
      expect(await store.nearDuplicateCandidates([])).toEqual([]);
      expect(await store.nearDuplicateCandidates(['2:shared'], 1)).toHaveLength(1);
      expect((await store.document(y.doc.id))!.nearDuplicateOf).toEqual({ id: x.doc.id, similarity: 0.625 });
      expect((await store.stats()).nearDuplicates).toBe(1);
    });

    it('records errors and lists them newest first', async () => {
      const store = await fresh();
      await store.putError({ origin: 'feed.xml#1', reason: 'first: not a date', raw: '<item>١</item>' });
      await store.putError({ origin: 'file.txt', reason: 'second: empty', raw: null });
      await store.putError({ origin: '-:3', reason: 'third: bad JSON', raw: '{"text": "أ' });
      const rows = await store.errors();
      expect(rows.map((r) => r.reason)).toEqual(['third: bad JSON', 'second: empty', 'first: not a date']);
      expect(rows[0]).toMatchObject({ origin: '-:3', raw: '{"text": "أ' });
      expect(rows[1]!.raw).toBeNull();
      expect(rows[0]!.id).toBeGreaterThan(rows[1]!.id);
      for (const r of rows) expect(Number.isNaN(Date.parse(r.at))).toBe(false);
      expect((await store.errors({ limit: 2 })).map((r) => r.reason)).toEqual(['third: bad JSON', 'second: empty']);
      expect((await store.stats()).errors).toBe(3);
      // The same input failing again for the same reason (a rerun after a crash) is not recorded twice; another reason is.
      await store.putError({ origin: 'file.txt', reason: 'second: empty', raw: null });
      await store.putError({ origin: '-:3', reason: 'third: bad JSON', raw: '{"text": "أ' });
      expect((await store.stats()).errors).toBe(3);
      await store.putError({ origin: 'file.txt', reason: 'second: now too large', raw: null });
      expect((await store.errors()).map((r) => r.reason)).toEqual(['second: now too large', 'third: bad JSON', 'second: empty', 'first: not a date']);
    });

    describe('events filters', () => {
      it('filters by first day: day, month, season, week and year dates', async () => {
        const store = await fresh();
        const { ids } = await storeDataset(store);
        const labels = async (f: EventFilter): Promise<string[]> => labelsOf(ids, (await store.events(f)).rows);
        expect(await labels({ since: '2020-03-01' })).toEqual(['A1', 'A2', 'B1', 'C2', 'C3']);
        expect(await labels({ until: '2020-02-29' })).toEqual(['B2', 'C1']);
        expect(await labels({ since: '2020-03-01', until: '2020-03-31' })).toEqual(['A1', 'A2', 'B1']);
        expect(await labels({ since: '2020-03-02', until: '2020-03-31' })).toEqual(['A1']);
        expect(await labels({ since: '2020-12-01', until: '2020-12-01' })).toEqual(['C3']);
        expect(await labels({ since: '2020-01-27', until: '2020-01-27' })).toEqual(['C1']);
        expect(await labels({ since: '2020-01-01', until: '2020-01-01' })).toEqual(['B2']);
        expect(await labels({ since: '2022-01-01' })).toEqual([]);
        expect(await labels({})).toEqual(['A1', 'A2', 'B1', 'B2', 'B3', 'C1', 'C2', 'C3']);
      });

      it('filters by type, country (actor, recipient or place) and actor (text, name or country code)', async () => {
        const store = await fresh();
        const { ids } = await storeDataset(store);
        const labels = async (f: EventFilter): Promise<string[]> => labelsOf(ids, (await store.events(f)).rows);
        expect(await labels({ type: ['ASSAULT'] })).toEqual(['A1', 'B2', 'C1', 'C3']);
        expect(await labels({ type: ['CONSULT', 'PROTEST'] })).toEqual(['A2', 'B1']);
        expect(await labels({ country: ['IRQ'] })).toEqual(['A1', 'A2', 'C2']);
        expect(await labels({ country: ['LBN'] })).toEqual(['B1', 'C3']);
        expect(await labels({ country: ['IGO'] })).toEqual(['B3']);
        expect(await labels({ country: ['SYR', 'JOR'] })).toEqual(['B2', 'C1', 'C2']);
        expect(await labels({ actor: 'turkish' })).toEqual(['C1']);
        expect(await labels({ actor: 'TURKEY' })).toEqual(['A2']);
        expect(await labels({ actor: 'الجيش التركي' })).toEqual(['C1']);
        expect(await labels({ actor: 'داعش' })).toEqual(['B2']);
        // IRQ is not in any name: only C2 has an Iraqi actor (A1 and A2 have Iraqi recipients).
        expect(await labels({ actor: 'IRQ' })).toEqual(['C2']);
        expect(await labels({ actor: 'nobody at all' })).toEqual([]);
      });

      it('filters by a folded full-text query over the evidence sentence', async () => {
        const store = await fresh();
        const { ids } = await storeDataset(store);
        const labels = async (f: EventFilter): Promise<string[]> => labelsOf(ids, (await store.events(f)).rows);
        expect(await labels({ q: 'بغداد' })).toEqual(['A2']);
        expect(await labels({ q: 'بَغْدَادَ' })).toEqual(['A2']);
        expect(await labels({ q: 'اعلنت' })).toEqual(['B3']);
        expect(await labels({ q: 'الاردن' })).toEqual(['C2']);
        expect(await labels({ q: 'نقطة تفتيش' })).toEqual(['A1']);
        expect(await labels({ q: 'نقطه' })).toEqual(['A1']);
        expect(await labels({ q: 'الموصل بيروت' })).toEqual([]);
        expect(await labels({ q: 'لا يوجد' })).toEqual([]);
      });

      it('combines filters', async () => {
        const store = await fresh();
        const { ids } = await storeDataset(store);
        const labels = async (f: EventFilter): Promise<string[]> => labelsOf(ids, (await store.events(f)).rows);
        expect(await labels({ type: ['ASSAULT'], country: ['SYR'], since: '2020-01-15' })).toEqual(['C1']);
        expect(await labels({ type: ['ASSAULT'], actor: 'turkish', q: 'الجيش' })).toEqual(['C1']);
        expect(await labels({ type: ['ASSAULT', 'PROTEST'], country: ['LBN'], until: '2020-06-30' })).toEqual(['B1']);
        expect(await labels({ country: ['IRQ'], actor: 'jordan', since: '2021-01-01', until: '2021-01-31', type: ['AGREE'], q: 'التعاون' })).toEqual(['C2']);
        expect(await labels({ type: ['PROTEST'], country: ['IRQ'] })).toEqual([]);
      });

      it('pages through every event exactly once, in (first day, id) order', async () => {
        const store = await fresh();
        const { docs } = await storeDataset(store);
        const expected = [...docs.values()].flatMap((d) => d.events).sort(byDateThenId).map((e) => e.id);
        for (const limit of [1, 3, 4, 7, 8, 100]) {
          expect((await allPages(store, { limit })).map((r) => r.id), `limit ${limit}`).toEqual(expected);
        }
        const page = await store.events({ limit: 8 });
        expect(page.next).toBeNull();
        const assaults = [...docs.values()].flatMap((d) => d.events).filter((e) => e.event === 'ASSAULT').sort(byDateThenId);
        expect((await allPages(store, { limit: 2, type: ['ASSAULT'] })).map((r) => r.id)).toEqual(assaults.map((e) => e.id));
      });

      it('pages 100 events by default', async () => {
        const store = await fresh();
        const many: EventSpec[] = Array.from({ length: 120 }, (_, i) => ({
          label: `E${i}`,
          type: 'PROTEST',
          date: `2020-01-${String((i % 28) + 1).padStart(2, '0')}`,
          precision: 'day',
          confidence: 0.5,
          text: `تظاهر محتجون في اليوم رقم ${i}.`,
        }));
        const d = syntheticDoc('many', '2020-02-01', many);
        await store.putDocument(newDocument(d.doc, d.raw, d.input));
        const first = await store.events({});
        expect(first.rows).toHaveLength(100);
        expect(first.next).not.toBeNull();
        const rest = await store.events({ cursor: first.next });
        expect(rest.rows).toHaveLength(20);
        expect(rest.next).toBeNull();
        expect(new Set([...first.rows, ...rest.rows].map((r) => r.id)).size).toBe(120);
      });

      it('lists the dated events newest first with order desc, page by page, under every filter', async () => {
        const store = await fresh();
        await storeDataset(store);
        for (const filter of [{}, { type: ['ASSAULT', 'PROTEST'] as PloverType[] }, { country: ['IRQ'] }, { since: '2020-03-01' }, { onePerCluster: true }]) {
          const ascending = await allPages(store, { ...filter, limit: 1000 });
          const dated = ascending.filter((r) => r.date !== null);
          expect(dated.length, 'the dataset has dated events').toBeGreaterThan(0);
          const newest = await allPages(store, { ...filter, order: 'desc', limit: 2 });
          expect(newest.map((r) => r.id)).toEqual(dated.map((r) => r.id).reverse());
        }
      });

      it('rejects a cursor it did not make', async () => {
        const store = await fresh();
        await storeDataset(store);
        await expect(store.events({ cursor: 'not a cursor!' })).rejects.toThrow(/cursor/i);
        await expect(store.events({ cursor: Buffer.from('{"x":1}').toString('base64url') })).rejects.toThrow(/cursor/i);
      });

      it('gives one row per cluster, the most confident, with the number of documents in the cluster', async () => {
        const store = await fresh();
        const { ids } = await storeDataset(store);
        const id = (label: string): string => ids.get(label)!;
        // k1 spans two documents (A, and C twice); k2 is one event.
        await store.setClusters([
          { eventId: id('A1'), clusterId: 'k1' },
          { eventId: id('C1'), clusterId: 'k1' },
          { eventId: id('C3'), clusterId: 'k1' },
          { eventId: id('B2'), clusterId: 'k2' },
        ]);
        const all = (await store.events({})).rows;
        const byLabel = new Map(all.map((r) => [labelsOf(ids, [r])[0]!, r]));
        expect(byLabel.get('C3')).toMatchObject({ cluster_id: 'k1', cluster_size: 2 });
        expect(byLabel.get('B2')).toMatchObject({ cluster_id: 'k2', cluster_size: 1 });
        expect(byLabel.get('A2')).toMatchObject({ cluster_id: null, cluster_size: 1 });

        const one = await allPages(store, { onePerCluster: true, limit: 2 });
        expect(labelsOf(ids, one)).toEqual(['A1', 'A2', 'B1', 'B2', 'B3', 'C2']);
        expect(one.map((r) => r.id)).toEqual([...one].sort(byDateThenId).map((r) => r.id));
        expect(one.find((r) => r.id === id('A1'))).toMatchObject({ cluster_id: 'k1', cluster_size: 2, confidence: 0.9 });
        expect(one.find((r) => r.id === id('B2'))).toMatchObject({ cluster_id: 'k2', cluster_size: 1 });
        // Among the events that match, the most confident one speaks for the cluster.
        const syria = (await store.events({ onePerCluster: true, country: ['LBN', 'SYR'] })).rows;
        expect(labelsOf(ids, syria)).toEqual(['B1', 'B2', 'C1']);
        expect(syria.find((r) => r.id === id('C1'))).toMatchObject({ cluster_id: 'k1', cluster_size: 2 });
        expect((await store.stats()).clusters).toBe(2);
      });
    });

    it('finds documents by folded full text, ignoring hamza and tashkeel variants', async () => {
      const store = await fresh();
      const { doc, raw, input } = realistic();
      await store.putDocument(newDocument(doc, raw, input));
      const voweled = syntheticDoc('V', '2020-02-02', [
        { label: 'V1', type: 'PROTEST', date: '2020-02-02', precision: 'day', confidence: 0.6, text: 'خَرَجَتْ مُظَاهَرَةٌ كَبِيرَةٌ فِي طَرَابُلُسَ.' },
      ]);
      await store.putDocument(newDocument(voweled.doc, voweled.raw, voweled.input));

      const ids = async (q: string): Promise<string[]> => (await store.search(q)).map((h) => h.id);
      expect(await ids('أعلنت')).toEqual([doc.id]);
      expect(await ids('اعلنت')).toEqual([doc.id]);
      expect(await ids('إعلنت')).toEqual([doc.id]);
      expect(await ids('مظاهرة')).toEqual([voweled.doc.id]);
      expect(await ids('مظاهره')).toEqual([voweled.doc.id]);
      expect(await ids('مُظاهَرة طرابلس')).toEqual([voweled.doc.id]);
      expect(await ids('الموصل طرابلس')).toEqual([]);
      expect(await ids('كلمةغيرموجودة')).toEqual([]);
      expect(await ids('')).toEqual([]);
      expect(await ids('"( AND OR NOT * :')).toEqual([]);

      const [hit] = await store.search('اعلنت');
      expect(hit).toMatchObject({ id: doc.id, title: doc.title, source: doc.source, published: doc.published });
      // The snippet shows the text as written (display form), not the folded form.
      expect(hit!.snippet).toContain('أعلنت');
      expect(hit!.snippet.length).toBeLessThan(doc.text.length + 10);
      expect(await ids('في')).toHaveLength(2);
      expect(await store.search('في', { limit: 1 })).toHaveLength(1);
    });

    it('counts documents, events, clusters, errors, near-duplicates, types and countries', async () => {
      const store = await fresh();
      const { ids, docs } = await storeDataset(store);
      const empty = syntheticDoc('D', '2020-04-04', []);
      await store.putDocument(newDocument(empty.doc, empty.raw, empty.input, { nearDuplicateOf: { id: docs.get('A')!.id, similarity: 0.8 } }));
      await store.putError({ origin: 'x', reason: 'broken', raw: null });
      await store.putError({ origin: 'y', reason: 'broken too', raw: 'y' });
      await store.setClusters([
        { eventId: ids.get('A1')!, clusterId: 'k1' },
        { eventId: ids.get('C1')!, clusterId: 'k1' },
        { eventId: ids.get('B2')!, clusterId: 'k2' },
      ]);
      expect(await store.stats()).toEqual({
        documents: 4,
        events: 8,
        clusters: 2,
        errors: 2,
        nearDuplicates: 1,
        byType: { ASSAULT: 4, CONSULT: 1, PROTEST: 1, AID: 1, AGREE: 1 },
        // An event counts once per country, whatever roles the country has in it (A1: recipient and place).
        byCountry: { IRQ: 3, TUR: 2, SYR: 2, LBN: 2, JOR: 1, IGO: 1 },
      });
    });

    it('pages raw documents in id order', async () => {
      const store = await fresh();
      const put: Array<{ id: string; raw: string; input: StoredInput }> = [];
      for (const key of ['r1', 'r2', 'r3', 'r4', 'r5']) {
        const d = syntheticDoc(key, '2020-01-01', DATASET[0]!.events);
        await store.putDocument(newDocument(d.doc, d.raw, d.input));
        put.push({ id: d.doc.id, raw: d.raw, input: d.input });
      }
      put.sort((a, b) => (a.id < b.id ? -1 : 1));
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await store.rawDocuments(after, 2);
        expect(page.length).toBeLessThanOrEqual(2);
        if (page.length === 0) break;
        for (const r of page) {
          const expected = put.find((p) => p.id === r.id)!;
          expect(r).toEqual({ ...expected, origin: `test/${r.id}.json` });
        }
        seen.push(...page.map((r) => r.id));
        after = page.at(-1)!.id;
      }
      expect(seen).toEqual(put.map((p) => p.id));
    });

    it('replaces an analysis: same documents, new events, clusters cleared, raw input kept', async () => {
      const store = await fresh();
      const { doc, raw, input } = realistic();
      const d = newDocument(doc, raw, input);
      // The replaced document is the newest one: its new events may take over the places of the old ones.
      const other = syntheticDoc('O', '2020-03-15', DATASET[0]!.events);
      await store.putDocument(newDocument(other.doc, other.raw, other.input));
      await store.putDocument(d);
      await store.setClusters([...doc.events, ...other.doc.events].map((e) => ({ eventId: e.id, clusterId: 'all' })));
      const mineWith = async (q: string): Promise<string[]> => (await store.events({ q })).rows.filter((r) => r.doc_id === doc.id).map((r) => r.id);
      expect(await mineWith('تفتيش')).not.toEqual([]);

      const first = doc.events[0]!;
      const replacement: AnnotatedDoc = {
        ...doc,
        coder: 'marsad/9.9.9 model/next',
        events: [
          { ...first, event: 'PROTEST', confidence: 0.42 },
          { ...first, id: `${doc.id}-99`, event: 'SANCTION', event_text: 'فرضت الحكومة عقوبات مختلفة تماما.', date: '2020-03', date_precision: 'month' },
        ],
      };
      await store.replaceAnalysis(doc.id, replacement);

      const stats = await store.stats();
      expect(stats.documents).toBe(2);
      expect(stats.events).toBe(2 + other.doc.events.length);
      expect(stats.byType.PROTEST).toBe(1);
      expect(stats.byType.SANCTION).toBe(1);
      const stored = await store.document(doc.id);
      expect(stored!.doc).toEqual(replacement);
      expect(stored!.raw).toBe(raw);
      expect(stored!.input).toEqual(input);
      expect(stored!.origin).toBe(d.origin);
      expect(stored!.contentHash).toBe(d.contentHash);

      const rows = (await store.events({})).rows;
      const mine = rows.filter((r) => r.doc_id === doc.id);
      expect(mine.map((r) => r.id).sort()).toEqual([first.id, `${doc.id}-99`].sort());
      for (const r of mine) expect(r).toMatchObject({ cluster_id: null, cluster_size: 1, coder: 'marsad/9.9.9 model/next' });
      expect(mine.find((r) => r.id === first.id)).toMatchObject({ event: 'PROTEST', confidence: 0.42 });
      for (const r of rows.filter((r) => r.doc_id === other.doc.id)) expect(r).toMatchObject({ cluster_id: 'all', cluster_size: 1 });
      // The old evidence sentences are gone from the event search, the new ones are in it.
      expect(await mineWith('تفتيش')).toEqual([]);
      expect((await store.events({ q: 'تفتيش' })).rows.map((r) => r.doc_id)).toEqual([other.doc.id]);
      expect((await store.events({ q: 'مختلفة' })).rows.map((r) => r.id)).toEqual([`${doc.id}-99`]);
      expect((await store.unclusteredEvents(100)).map((e) => e.id).sort()).toEqual([first.id, `${doc.id}-99`].sort());
      expect(await store.findByContent(d.contentHash)).toBe(doc.id);
    });

    it('lists unclustered events and cluster candidates by type and first day', async () => {
      const store = await fresh();
      const { ids, docs } = await storeDataset(store);
      const unclustered = await store.unclusteredEvents(100);
      expect(labelsOf(ids, unclustered)).toEqual(['A1', 'A2', 'B1', 'B2', 'B3', 'C1', 'C2', 'C3']);
      expect(unclustered.find((e) => e.id === ids.get('C2'))).toEqual({
        id: ids.get('C2'),
        doc_id: docs.get('C')!.id,
        event: 'AGREE',
        planned: 'COOPERATE',
        date: '2021-01-12',
        actorCountries: ['IRQ', 'JOR'],
        recipientCountries: [],
        placeCountry: 'JOR',
        event_text: 'اتفق العراق مع الأردن على تعزيز التعاون الأمني في عمان.',
        cluster_id: null,
      });
      expect(unclustered.find((e) => e.id === ids.get('A1'))).toMatchObject({ actorCountries: [], recipientCountries: ['IRQ'], placeCountry: 'IRQ' });
      expect(await store.unclusteredEvents(3)).toHaveLength(3);

      await store.setClusters([
        { eventId: ids.get('A1')!, clusterId: 'k1' },
        { eventId: ids.get('C1')!, clusterId: 'k1' },
      ]);
      expect(labelsOf(ids, await store.unclusteredEvents(100))).toEqual(['A2', 'B1', 'B2', 'B3', 'C2', 'C3']);
      const candidates = await store.clusterCandidates('ASSAULT', '2020-01-01', '2020-03-31');
      expect(labelsOf(ids, candidates)).toEqual(['A1', 'B2', 'C1']);
      expect(candidates.find((c) => c.id === ids.get('C1'))!.cluster_id).toBe('k1');
      expect(candidates.find((c) => c.id === ids.get('B2'))!.cluster_id).toBeNull();
      expect(labelsOf(ids, await store.clusterCandidates('ASSAULT', '2020-12-01', '2020-12-01'))).toEqual(['C3']);
      expect(labelsOf(ids, await store.clusterCandidates('ASSAULT', '2020-01-02', '2020-01-26'))).toEqual([]);
      expect(labelsOf(ids, await store.clusterCandidates('AID', '0000-01-01', '9999-12-31'))).toEqual([]);
      expect(labelsOf(ids, await store.clusterCandidates('PROTEST', '2020-03-01', '2020-03-01'))).toEqual(['B1']);
    });

    describe('aggregations', () => {
      it('counts events per day, ISO week (by its Monday) and month, by type, leaving undated events out', async () => {
        const store = await fresh();
        await storeDataset(store);
        // First days: B2 2020 → 01-01, C1 2020-W05 → 01-27, A2 2020-03 and B1 2020-SP → 03-01, C3 2020-WI → 12-01.
        expect(tuples(await store.timeline({}, 'day'))).toEqual([
          ['2020-01-01', 'ASSAULT', 1],
          ['2020-01-27', 'ASSAULT', 1],
          ['2020-03-01', 'CONSULT', 1],
          ['2020-03-01', 'PROTEST', 1],
          ['2020-03-15', 'ASSAULT', 1],
          ['2020-12-01', 'ASSAULT', 1],
          ['2021-01-12', 'AGREE', 1],
        ]);
        // 2020-01-01 is a Wednesday, 2020-03-01 and 2020-03-15 Sundays, 2020-12-01 and 2021-01-12 Tuesdays.
        expect(tuples(await store.timeline({}, 'week'))).toEqual([
          ['2019-12-30', 'ASSAULT', 1],
          ['2020-01-27', 'ASSAULT', 1],
          ['2020-02-24', 'CONSULT', 1],
          ['2020-02-24', 'PROTEST', 1],
          ['2020-03-09', 'ASSAULT', 1],
          ['2020-11-30', 'ASSAULT', 1],
          ['2021-01-11', 'AGREE', 1],
        ]);
        expect(tuples(await store.timeline({}, 'month'))).toEqual([
          ['2020-01-01', 'ASSAULT', 2],
          ['2020-03-01', 'ASSAULT', 1],
          ['2020-03-01', 'CONSULT', 1],
          ['2020-03-01', 'PROTEST', 1],
          ['2020-12-01', 'ASSAULT', 1],
          ['2021-01-01', 'AGREE', 1],
        ]);
        await expect(store.timeline({}, 'year' as 'day')).rejects.toThrow(/bucket/);
      });

      it('applies the event filters to the timeline, one per cluster included', async () => {
        const store = await fresh();
        const { ids } = await storeDataset(store);
        expect(tuples(await store.timeline({ type: ['ASSAULT'] }, 'month'))).toEqual([
          ['2020-01-01', 'ASSAULT', 2],
          ['2020-03-01', 'ASSAULT', 1],
          ['2020-12-01', 'ASSAULT', 1],
        ]);
        expect(tuples(await store.timeline({ country: ['SYR'] }, 'month'))).toEqual([['2020-01-01', 'ASSAULT', 2]]);
        // Codes as events() reads them: upper-cased, and one holding a list separator is no country.
        expect(tuples(await store.timeline({ country: ['syr', 'LBN|IRQ'] }, 'month'))).toEqual([['2020-01-01', 'ASSAULT', 2]]);
        expect(await store.timeline({ country: ['SYR|IRQ'] }, 'month')).toEqual([]);
        expect((await store.events({ country: ['SYR|IRQ'] })).rows).toEqual([]);
        expect(await store.mapPoints({ country: ['|IRQ|'] })).toEqual([]);
        expect(await store.actorGraph({ country: ['IRQ|'] })).toEqual({ nodes: [], edges: [] });
        expect(tuples(await store.timeline({ since: '2020-03-01', until: '2020-12-31' }, 'month'))).toEqual([
          ['2020-03-01', 'ASSAULT', 1],
          ['2020-03-01', 'CONSULT', 1],
          ['2020-03-01', 'PROTEST', 1],
          ['2020-12-01', 'ASSAULT', 1],
        ]);
        expect(tuples(await store.timeline({ actor: 'turkish' }, 'day'))).toEqual([['2020-01-27', 'ASSAULT', 1]]);
        expect(tuples(await store.timeline({ q: 'بغداد' }, 'week'))).toEqual([['2020-02-24', 'CONSULT', 1]]);
        // Only undated events match: nothing to draw.
        expect(await store.timeline({ country: ['IGO'] }, 'day')).toEqual([]);
        expect(await store.timeline({ q: '' }, 'day')).toEqual([]);
        // A1 (0.9) speaks for its cluster with C1 (0.75): C1's week drops out.
        await store.setClusters([
          { eventId: ids.get('A1')!, clusterId: 'k1' },
          { eventId: ids.get('C1')!, clusterId: 'k1' },
        ]);
        expect(tuples(await store.timeline({ type: ['ASSAULT'], onePerCluster: true }, 'month'))).toEqual([
          ['2020-01-01', 'ASSAULT', 1],
          ['2020-03-01', 'ASSAULT', 1],
          ['2020-12-01', 'ASSAULT', 1],
        ]);
      });

      it('counts events per place, by type, most events first', async () => {
        const store = await fresh();
        await storeDataset(store);
        const at = { lat: 33, lon: 44 };
        expect(await store.mapPoints({})).toEqual([
          { ...at, name: 'Place in IRQ', country: 'IRQ', count: 2, byType: { ASSAULT: 1, CONSULT: 1 } },
          { ...at, name: 'Place in LBN', country: 'LBN', count: 2, byType: { PROTEST: 1, ASSAULT: 1 } },
          { ...at, name: 'Place in SYR', country: 'SYR', count: 2, byType: { ASSAULT: 2 } },
          { ...at, name: 'Place in JOR', country: 'JOR', count: 1, byType: { AGREE: 1 } },
        ]);
        expect(await store.mapPoints({ type: ['ASSAULT'] })).toEqual([
          { ...at, name: 'Place in SYR', country: 'SYR', count: 2, byType: { ASSAULT: 2 } },
          { ...at, name: 'Place in IRQ', country: 'IRQ', count: 1, byType: { ASSAULT: 1 } },
          { ...at, name: 'Place in LBN', country: 'LBN', count: 1, byType: { ASSAULT: 1 } },
        ]);
        expect((await store.mapPoints({}, 1)).map((p) => p.name)).toEqual(['Place in IRQ']);
        expect(await store.mapPoints({ since: '2021-01-01' })).toEqual([{ ...at, name: 'Place in JOR', country: 'JOR', count: 1, byType: { AGREE: 1 } }]);
        expect(await store.mapPoints({ country: ['IGO'] })).toEqual([]);
      });

      it('groups map points by rounded coordinates, name and country', async () => {
        const store = await fresh();
        const specs: EventSpec[] = ['أ', 'ب', 'ت', 'ث', 'ج'].map((w, i) => ({
          label: `P${i}`, type: i < 3 ? 'PROTEST' : 'ASSAULT', date: '2022-05-01', precision: 'day', confidence: 0.5, text: `${w}${i} وقع حدث في المدينة رقم ${i}.`,
        }));
        const d = syntheticDoc('P', '2022-05-02', specs);
        const place = (name: string, country: string | null, lat: number, lon: number): Place => ({ start: 0, end: 1, text: 'x', name, country, lat, lon, feature: 'city' });
        const locs = [place('Mosul', 'IRQ', 36.3401, 43.1302), place('Mosul', 'IRQ', 36.3398, 43.1299), place('Mosul', 'IRQ', 36.3601, 43.13), place('Levant', null, 33.5, 36.3), place('Mosul', 'IRQ', 36.34, 43.13)];
        const doc: AnnotatedDoc = { ...d.doc, events: d.doc.events.map((e, i) => ({ ...e, event_loc: locs[i]! })) };
        await store.putDocument(newDocument(doc, d.raw, d.input));
        expect(await store.mapPoints({})).toEqual([
          { lat: 36.34, lon: 43.13, name: 'Mosul', country: 'IRQ', count: 3, byType: { PROTEST: 2, ASSAULT: 1 } },
          { lat: 33.5, lon: 36.3, name: 'Levant', country: null, count: 1, byType: { ASSAULT: 1 } },
          { lat: 36.36, lon: 43.13, name: 'Mosul', country: 'IRQ', count: 1, byType: { PROTEST: 1 } },
        ]);
      });

      it('draws the actor network: named actors (else their country) acting on recipients, busiest edges first', async () => {
        const store = await fresh();
        const army: ActorSpec = ['الجيش التركي', 'Turkish Army', 'TUR'];
        const pkk: ActorSpec = ['حزب العمال الكردستاني', 'PKK', null];
        const fighters: ActorSpec = ['مقاتلون أكراد', null, 'SYR'];
        const nobody: ActorSpec = ['مجهولون', null, null];
        const g = syntheticDoc('G', '2022-06-10', [
          { label: 'G1', type: 'ASSAULT', date: '2022-06-01', precision: 'day', actors: [army], recipients: [pkk, fighters], confidence: 0.9, text: 'قصف الجيش التركي مواقع حزب العمال الكردستاني ومقاتلين أكراد.' },
          // The same node twice in one event counts once.
          { label: 'G2', type: 'ASSAULT', date: '2022-06-02', precision: 'day', actors: [army], recipients: [pkk, ['العمال الكردستاني', 'PKK', null]], confidence: 0.8, text: 'استهدف الجيش التركي العمال الكردستاني مجددا.' },
          { label: 'G3', type: 'THREATEN', date: '2022-06-03', precision: 'day', actors: [army], recipients: [pkk], confidence: 0.7, text: 'هدد الجيش التركي حزب العمال الكردستاني بعملية واسعة.' },
          { label: 'G4', type: 'ACCUSE', date: '2022-06-04', precision: 'day', actors: [pkk], recipients: [army], confidence: 0.6, text: 'اتهم حزب العمال الكردستاني الجيش التركي بقصف المدنيين.' },
          // No node for the actor, or no recipient: not in the network.
          { label: 'G5', type: 'ASSAULT', date: '2022-06-05', precision: 'day', actors: [nobody], recipients: [army], confidence: 0.5, text: 'هاجم مجهولون الجيش التركي ليلا.' },
          { label: 'G6', type: 'MOBILIZE', date: '2022-06-06', precision: 'day', actors: [army], confidence: 0.5, text: 'حشد الجيش التركي قواته على الحدود.' },
        ]);
        await store.putDocument(newDocument(g.doc, g.raw, g.input));
        expect(await store.actorGraph({})).toEqual({
          nodes: [
            { id: 'PKK', label: 'PKK', country: null, count: 4 },
            { id: 'Turkish Army', label: 'Turkish Army', country: 'TUR', count: 4 },
            { id: 'SYR', label: 'SYR', country: 'SYR', count: 1 },
          ],
          edges: [
            { source: 'Turkish Army', target: 'PKK', count: 3, byType: { ASSAULT: 2, THREATEN: 1 } },
            { source: 'PKK', target: 'Turkish Army', count: 1, byType: { ACCUSE: 1 } },
            { source: 'Turkish Army', target: 'SYR', count: 1, byType: { ASSAULT: 1 } },
          ],
        });
        // The busiest edge and only its nodes; a node still counts every network event it takes part in.
        expect(await store.actorGraph({}, 1)).toEqual({
          nodes: [
            { id: 'PKK', label: 'PKK', country: null, count: 4 },
            { id: 'Turkish Army', label: 'Turkish Army', country: 'TUR', count: 4 },
          ],
          edges: [{ source: 'Turkish Army', target: 'PKK', count: 3, byType: { ASSAULT: 2, THREATEN: 1 } }],
        });
        expect(await store.actorGraph({ type: ['ASSAULT'], until: '2022-06-01' })).toEqual({
          nodes: [
            { id: 'Turkish Army', label: 'Turkish Army', country: 'TUR', count: 1 },
            { id: 'PKK', label: 'PKK', country: null, count: 1 },
            { id: 'SYR', label: 'SYR', country: 'SYR', count: 1 },
          ].sort((a, b) => (a.id < b.id ? -1 : 1)),
          edges: [
            { source: 'Turkish Army', target: 'PKK', count: 1, byType: { ASSAULT: 1 } },
            { source: 'Turkish Army', target: 'SYR', count: 1, byType: { ASSAULT: 1 } },
          ],
        });
        expect(await store.actorGraph({ type: ['MOBILIZE'] })).toEqual({ nodes: [], edges: [] });
      });

      it('gives the actor network of the dataset, with unnamed actors as their country', async () => {
        const store = await fresh();
        await storeDataset(store);
        const graph = await store.actorGraph({});
        expect(graph.edges).toEqual([
          { source: 'ISIS', target: 'Syrian Democratic Forces', count: 1, byType: { ASSAULT: 1 } },
          { source: 'Minister of Foreign Affairs of Turkey', target: 'IRQ', count: 1, byType: { CONSULT: 1 } },
          { source: 'Turkish Army', target: 'SYR', count: 1, byType: { ASSAULT: 1 } },
        ]);
        expect(graph.nodes.map((n) => [n.id, n.country, n.count])).toEqual([
          ['IRQ', 'IRQ', 1],
          ['ISIS', null, 1],
          ['Minister of Foreign Affairs of Turkey', 'TUR', 1],
          ['SYR', 'SYR', 1],
          ['Syrian Democratic Forces', 'SYR', 1],
          ['Turkish Army', 'TUR', 1],
        ]);
        expect((await store.actorGraph({ country: ['IRQ'] })).edges.map((e) => e.source)).toEqual(['Minister of Foreign Affairs of Turkey']);
      });

      it('knows the latest publication day', async () => {
        const store = await fresh();
        expect(await store.latestPublicationDay()).toBeNull();
        await storeDataset(store);
        const latest = DATASET.map((d) => d.published.slice(0, 10)).filter((d) => d !== '').sort().at(-1)!;
        expect(await store.latestPublicationDay()).toBe(latest);
        const undated = syntheticDoc('U', '', []);
        await store.putDocument(newDocument({ ...undated.doc, published: null }, undated.raw, undated.input));
        expect(await store.latestPublicationDay()).toBe(latest);
      });

      it('counts events per day, country and type, and documents per publication day', async () => {
        const store = await fresh();
        await storeDataset(store);
        const more = syntheticDoc('E', '2020-03-15T08:00:00+03:00', [
          { label: 'E1', type: 'ASSAULT', date: '2020-03-15', precision: 'day', recipients: [['الشرطة', null, 'IRQ']], place: 'IRQ', confidence: 0.5, text: 'انفجرت عبوة قرب دورية للشرطة.' },
          { label: 'E2', type: 'ASSAULT', date: '2020-04-01', precision: 'day', place: 'IRQ', confidence: 0.5, text: 'سقطت قذيفة على حي سكني.' },
        ]);
        await store.putDocument(newDocument(more.doc, more.raw, more.input));
        const undated = syntheticDoc('F', '', []);
        await store.putDocument(newDocument({ ...undated.doc, published: null }, undated.raw, undated.input));
        // A1 (IRQ as recipient and place) and E1 count once each for IRQ; A2 counts for TUR and IRQ.
        expect(await store.dailyCounts('2020-03-01', '2020-03-31')).toEqual({
          events: [
            { day: '2020-03-01', country: 'IRQ', event: 'CONSULT', count: 1 },
            { day: '2020-03-01', country: 'LBN', event: 'PROTEST', count: 1 },
            { day: '2020-03-01', country: 'TUR', event: 'CONSULT', count: 1 },
            { day: '2020-03-15', country: 'IRQ', event: 'ASSAULT', count: 2 },
          ],
          documents: [{ day: '2020-03-15', count: 2 }],
        });
        expect(await store.dailyCounts('2021-01-12', '2021-01-13')).toEqual({
          events: [
            { day: '2021-01-12', country: 'IRQ', event: 'AGREE', count: 1 },
            { day: '2021-01-12', country: 'JOR', event: 'AGREE', count: 1 },
          ],
          documents: [{ day: '2021-01-13', count: 1 }],
        });
        expect(await store.dailyCounts('2019-01-01', '2019-12-31')).toEqual({ events: [], documents: [] });
        await expect(store.dailyCounts('March 2020', '2020-03-31')).rejects.toThrow(/YYYY-MM-DD/);
      });
    });

    describe('corrections', () => {
      it('stores a correction apart from the coder’s record and shows the latest one on the event', async () => {
        const store = await fresh();
        const { ids, docs } = await storeDataset(store);
        const a1 = docs.get('A')!.events[0]!;
        const t0 = Date.now();
        const first = await store.putCorrection({ eventId: ids.get('A1')!, event: 'PROTEST', actor: ['IRQ'], place: null, author: 'analyst 1', note: 'a protest, not an attack' });
        expect(first).toMatchObject({
          eventId: a1.id,
          docId: docs.get('A')!.id,
          anchor: { start: a1.trigger.start, end: a1.trigger.end, event: 'ASSAULT' },
          wrong: false,
          event: 'PROTEST',
          actor: ['IRQ'],
          place: null,
          author: 'analyst 1',
          note: 'a protest, not an attack',
        });
        // Only the fields given are corrected.
        expect(first).not.toHaveProperty('recipient');
        expect(first).not.toHaveProperty('date');
        expect(Date.parse(first.at)).toBeGreaterThanOrEqual(t0 - 60_000);
        const other = await store.putCorrection({ eventId: ids.get('C2')!, date: '2021-01-11' });
        expect(other).toMatchObject({ eventId: ids.get('C2'), date: '2021-01-11', wrong: false, author: null, note: null });

        const rows = await allPages(store, {});
        const byLabel = new Map(rows.map((r) => [labelsOf(ids, [r])[0]!, r]));
        expect(byLabel.get('A1')!.correction).toEqual(first);
        // The coder's record is unchanged.
        expect(byLabel.get('A1')!.event).toBe('ASSAULT');
        expect(byLabel.get('C2')!.correction).toEqual(other);
        for (const label of ['A2', 'B1', 'B2', 'B3', 'C1', 'C3']) expect(byLabel.get(label)!.correction, label).toBeNull();

        const second = await store.putCorrection({ eventId: ids.get('A1')!, wrong: true, author: 'analyst 2' });
        expect(second.id).toBeGreaterThan(first.id);
        expect(second).toMatchObject({ wrong: true, author: 'analyst 2', note: null });
        expect(second).not.toHaveProperty('event');
        const a1Row = async (f: EventFilter): Promise<EventRow | undefined> => (await store.events(f)).rows.find((r) => r.id === ids.get('A1'));
        expect((await a1Row({}))!.correction).toEqual(second);
        // Filtered and one-per-cluster pages carry it too.
        expect((await a1Row({ type: ['ASSAULT'], country: ['IRQ'], q: 'تفتيش' }))!.correction).toEqual(second);
        expect((await a1Row({ onePerCluster: true }))!.correction).toEqual(second);

        expect(await store.corrections(ids.get('A1')!)).toEqual([first, second]);
        expect(await store.corrections(ids.get('C2')!)).toEqual([other]);
        expect(await store.corrections(ids.get('B1')!)).toEqual([]);
        expect(await store.corrections('no-such-event')).toEqual([]);
        expect(await store.corrections()).toEqual([first, other, second]);
      });

      it('refuses a correction of an unknown event', async () => {
        const store = await fresh();
        await storeDataset(store);
        await expect(store.putCorrection({ eventId: 'no-such-event', wrong: true })).rejects.toThrow('unknown event no-such-event');
        expect(await store.corrections()).toEqual([]);
      });

      it('re-attaches corrections by anchor after a re-analysis gives the events new ids', async () => {
        const store = await fresh();
        const { ids, docs } = await storeDataset(store);
        const docA = docs.get('A')!;
        const onA1 = await store.putCorrection({ eventId: ids.get('A1')!, recipient: ['IRQ'], note: 'checkpoint of the army' });
        const onA2 = await store.putCorrection({ eventId: ids.get('A2')!, wrong: true });
        const [a1, a2] = docA.events as [PloverEvent, PloverEvent];
        // Re-coded: new ids in another order; A1 keeps its trigger and type, A2 keeps its trigger but not its type.
        const redone: AnnotatedDoc = {
          ...docA,
          coder: 'marsad/9.9.9 model/next',
          events: [
            { ...a2, id: `${docA.id}-11`, event: 'AGREE' },
            { ...a1, id: `${docA.id}-12`, confidence: 0.95 },
          ],
        };
        await store.replaceAnalysis(docA.id, redone);
        const mine = (await store.events({})).rows.filter((r) => r.doc_id === docA.id);
        expect(mine.find((r) => r.id === `${docA.id}-12`)).toMatchObject({ confidence: 0.95, correction: onA1 });
        expect(mine.find((r) => r.id === `${docA.id}-11`)!.correction).toBeNull();
        expect(await store.corrections(`${docA.id}-12`)).toEqual([onA1]);
        expect(await store.corrections(`${docA.id}-11`)).toEqual([]);
        // The old ids are gone; the corrections themselves are kept.
        expect(await store.corrections(ids.get('A1')!)).toEqual([]);
        expect(await store.corrections()).toEqual([onA1, onA2]);

        // Re-analyzed again as first coded: the correction of A2 is back too.
        await store.replaceAnalysis(docA.id, docA);
        expect(await store.corrections(ids.get('A2')!)).toEqual([onA2]);
        expect((await store.events({ type: ['CONSULT'] })).rows.map((r) => r.correction)).toEqual([onA2]);
        const later = await store.putCorrection({ eventId: ids.get('A1')!, note: 'after re-analysis' });
        expect(later.eventId).toBe(ids.get('A1'));
        expect(await store.corrections(ids.get('A1')!)).toEqual([onA1, later]);
      });

      it('keeps the network, map and daily counts of re-analyzed events in step', async () => {
        const store = await fresh();
        const { docs } = await storeDataset(store);
        const docC = docs.get('C')!;
        await store.replaceAnalysis(docC.id, { ...docC, events: docC.events.filter((e) => e.event !== 'ASSAULT') });
        expect((await store.actorGraph({})).edges.map((e) => e.source)).toEqual(['ISIS', 'Minister of Foreign Affairs of Turkey']);
        expect((await store.mapPoints({ country: ['SYR', 'LBN'] })).map((p) => [p.name, p.count])).toEqual([
          ['Place in LBN', 1],
          ['Place in SYR', 1],
        ]);
        expect(tuples(await store.timeline({ type: ['ASSAULT'] }, 'month'))).toEqual([
          ['2020-01-01', 'ASSAULT', 1],
          ['2020-03-01', 'ASSAULT', 1],
        ]);
      });
    });

    describe('atomicity', () => {
      /** Nothing of `d` is in the store. */
      const expectNothingOf = async (store: Store, d: NewDocument): Promise<void> => {
        expect(await store.hasDocument(d.doc.id)).toBe(false);
        expect(await store.findByContent(d.contentHash)).toBeNull();
        expect(await store.document(d.doc.id)).toBeNull();
        expect(await store.nearDuplicateCandidates(['atomic-band-1', 'atomic-band-2'])).toEqual([]);
        expect(await store.events({})).toEqual({ rows: [], next: null });
        expect(await store.search('الموصل')).toEqual([]);
        expect(await store.rawDocuments(null, 10)).toEqual([]);
        const stats = await store.stats();
        expect([stats.documents, stats.events]).toEqual([0, 0]);
      };

      it('stores nothing of a document whose events cannot all be written', async () => {
        const store = await fresh();
        const { doc, raw, input } = realistic();
        // The third event repeats the first one's id: the document and the first events are written before it fails.
        const broken: AnnotatedDoc = { ...doc, events: [...doc.events, { ...doc.events[0]!, event: 'REJECT' }] };
        const d = newDocument(broken, raw, input, { bands: ['atomic-band-1', 'atomic-band-2'] });
        await expect(store.putDocument(d)).rejects.toThrow();
        await expectNothingOf(store, d);
        // And the document can be stored once fixed: no half-written row blocks it as a duplicate.
        expect(await store.putDocument(newDocument(doc, raw, input))).toEqual({ status: 'inserted', id: doc.id });
      });

      it('stores nothing of a document when reading its bands throws midway', async () => {
        const store = await fresh();
        const { doc, raw, input } = realistic();
        const bands = new Proxy(['atomic-band-1', 'atomic-band-2', 'atomic-band-3'], {
          get(target, key, receiver) {
            if (key === '1') throw new Error('band 1 cannot be read');
            return Reflect.get(target, key, receiver) as unknown;
          },
        });
        const d = newDocument(doc, raw, input, { bands });
        await expect(store.putDocument(d)).rejects.toThrow(/band 1/);
        await expectNothingOf(store, d);
      });
    });

    it('stores a document put twice at the same time once', async () => {
      const store = await fresh();
      const { doc, raw, input } = realistic();
      const d = newDocument(doc, raw, input);
      const results = await Promise.all([store.putDocument(d), store.putDocument({ ...d, signature: signatureOf('other') })]);
      expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'inserted']);
      expect(results.map((r) => r.id)).toEqual([doc.id, doc.id]);

      // The same content from two raw inputs at once.
      const s1 = syntheticDoc('S', '2020-01-01', DATASET[1]!.events);
      const raw2 = `${s1.raw}\n`;
      const id2 = documentId(raw2);
      const s2doc: AnnotatedDoc = { ...s1.doc, id: id2, events: s1.doc.events.map((e, i) => ({ ...e, id: `${id2}-${i + 1}` })) };
      const pair = await Promise.all([store.putDocument(newDocument(s1.doc, s1.raw, s1.input)), store.putDocument(newDocument(s2doc, raw2, s1.input))]);
      expect(pair.map((r) => r.status).sort()).toEqual(['duplicate', 'inserted']);
      expect(pair[0]!.id).toBe(pair[1]!.id);

      const stats = await store.stats();
      expect(stats.documents).toBe(2);
      expect(stats.events).toBe(doc.events.length + s1.doc.events.length);
    });
  });
}
