/**
 * PostgreSQL-specific store tests: concurrent writers and migrators, SQL-injection payloads in every filter, exact
 * round trips of what PostgreSQL text cannot hold (NUL, lone surrogates) and of signatures, keyset pagination with
 * undated events last, clusters, re-analysis, and a smoke round trip of an analyzed Arabic article.
 * Each test works in a fresh schema, dropped afterwards. Without a PostgreSQL on 127.0.0.1:5432 (or MARSAD_PG_URL)
 * the suite is skipped with a warning, or fails when MARSAD_REQUIRE_SERVICES=1.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../src/pipeline.js';
import { postgresMigrations } from '../src/store/migrations/postgres.js';
import { createPostgresStore, dateFirst } from '../src/store/postgres-store.js';
import type { EventFilter, NewDocument, Store } from '../src/store/store.js';
import { foldString } from '../src/text/fold.js';
import type { Actor, AnnotatedDoc, PloverEvent, PloverType } from '../src/types.js';

const PG_URL = process.env.MARSAD_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WHERE = (() => {
  const u = new URL(PG_URL);
  return `${u.hostname}:${u.port || '5432'}`;
})();

/** Why PostgreSQL cannot be used, or null when it answers. */
async function unreachableReason(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || String(error) : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await unreachableReason();
const required = process.env.MARSAD_REQUIRE_SERVICES === '1';
if (unreachable !== null && !required) {
  console.warn(
    `postgres-store.test: SKIPPED: nothing answers on ${WHERE} (${unreachable}); start PostgreSQL there, or set MARSAD_REQUIRE_SERVICES=1 to make this a failure`,
  );
}

describe.runIf(unreachable !== null && required)('PostgreSQL service (MARSAD_REQUIRE_SERVICES=1)', () => {
  it(`answers on ${WHERE}`, () => {
    throw new Error(`MARSAD_REQUIRE_SERVICES=1 but nothing answers on ${WHERE}: ${unreachable}`);
  });
});

describe('dateFirst', () => {
  it('is the first day of each kind of TIMEX date', () => {
    expect(dateFirst('2024-03-05')).toBe('2024-03-05');
    expect(dateFirst('2024-03-05T10:00')).toBe('2024-03-05');
    expect(dateFirst('2024-03')).toBe('2024-03-01');
    expect(dateFirst('2024-SP')).toBe('2024-03-01');
    expect(dateFirst('2024-SU')).toBe('2024-06-01');
    expect(dateFirst('2024-FA')).toBe('2024-09-01');
    expect(dateFirst('2024-WI')).toBe('2024-12-01');
    expect(dateFirst('2024-W10')).toBe('2024-03-04');
    expect(dateFirst('2020-W01')).toBe('2019-12-30');
    expect(dateFirst('2021-W01')).toBe('2021-01-04');
    expect(dateFirst('2020-W53')).toBe('2020-12-28');
    expect(dateFirst('2024')).toBe('2024-01-01');
    expect(dateFirst('PAST_REF')).toBeNull();
    expect(dateFirst('P1Y')).toBeNull();
    expect(dateFirst(null)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Fresh schemas and the documents the tests store.

const schemas: string[] = [];
const open: Store[] = [];
let schemaCount = 0;

function freshSchema(): string {
  const name = `marsad_test_${process.pid}_${Date.now().toString(36)}_${schemaCount++}`;
  schemas.push(name);
  return name;
}

async function openStore(schema: string): Promise<Store> {
  const store = await createPostgresStore(PG_URL, { schema, poolSize: 4 });
  open.push(store);
  return store;
}

/** A plain connection in `schema`, to look at the tables themselves. */
async function inSchema<T>(schema: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    return await fn(client);
  } finally {
    await client.end();
  }
}

const NEWS = {
  raw: '',
  title: 'العراق وتركيا يوقعان اتفاقية أمنية',
  text: 'بغداد - وقّع العراق وتركيا اتفاقية للتعاون الأمني يوم الاثنين، وقال وزير الخارجية العراقي إن الاتفاق سيعزز الأمن. وهاجم مسلحون من داعش قاعدة للجيش العراقي في الأنبار وقتلوا ثلاثة جنود.',
  source: 'الصباح',
  url: 'https://example.org/news/1',
  published: '2024-03-05T10:00:00+03:00',
};

function analyzed(text: string, title: string | null = null, published: string | null = NEWS.published): AnnotatedDoc {
  return analyze({ raw: `${title ?? ''}\n${text}`, text, title, published, source: NEWS.source, url: NEWS.url });
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A NewDocument for an analysis, as ingest would build it (the bands are made up; only their sharing matters). */
function newDocument(doc: AnnotatedDoc, over: Partial<NewDocument> = {}): NewDocument {
  return {
    doc,
    raw: `${doc.title ?? ''}\n${doc.text}`,
    input: { text: doc.text, title: doc.title, source: doc.source, url: doc.url, published: doc.published, id: null },
    contentHash: sha256(foldString(`${doc.title ?? ''}\n${doc.text}`)),
    origin: `test:${doc.id}`,
    signature: new Uint32Array([1, 2, 3, 4]),
    bands: [`b0:${doc.id}`, `b1:${doc.id}`],
    nearDuplicateOf: null,
    ...over,
  };
}

const template = analyzed(NEWS.text, NEWS.title).events[0]!;

const actor = (text: string, name: string | null, country: string | null): Actor => ({
  start: 0, end: text.length, text, name, id: null, country, sector: null,
});

interface EventSpec {
  n: number;
  type?: PloverType;
  date?: string | null;
  actor?: Actor[];
  recipient?: Actor[];
  place?: string | null;
  confidence?: number;
  text?: string;
}

/** A document `key` whose events are made to order from a real event (the analysis itself is not under test here). */
function madeDocument(key: string, specs: EventSpec[]): NewDocument {
  const id = `doc-${key}`;
  const events: PloverEvent[] = specs.map((s) => ({
    ...template,
    id: `${id}-${s.n}`,
    event: s.type ?? 'AGREE',
    date: s.date === undefined ? '2024-03-05' : s.date,
    actor: s.actor ?? [actor('العراق', 'Iraq', 'IRQ')],
    recipient: s.recipient ?? [],
    event_loc: s.place === null ? null : { ...(template.event_loc ?? { start: 0, end: 5, text: 'بغداد', name: 'Baghdad', lat: 33.3, lon: 44.4, feature: 'city' }), country: s.place ?? 'IRQ' },
    confidence: s.confidence ?? 0.5,
    event_text: s.text ?? 'وقع الطرفان اتفاقية للتعاون الأمني',
  }));
  const doc: AnnotatedDoc = { ...analyzed(NEWS.text, NEWS.title), id, events };
  return newDocument(doc, { raw: `raw of ${key}`, contentHash: `hash-${key}`, origin: `test:${key}` });
}

/** Every page of a filter, `limit` rows at a time. */
async function allPages(store: Store, filter: EventFilter, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.events({ ...filter, limit, cursor });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    ids.push(...page.rows.map((r) => r.id));
    if (page.next === null) return ids;
    cursor = page.next;
  }
  throw new Error('more than 100 pages');
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  if (unreachable !== null || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
});

// ---------------------------------------------------------------------------------------------------------------

describe.skipIf(unreachable !== null)('PostgreSQL store', () => {
  it('round-trips an analyzed Arabic article: document, events, search with folded variants', async () => {
    const store = await openStore(freshSchema());
    expect(store.kind).toBe('postgres');
    const doc = analyzed(NEWS.text, NEWS.title);
    expect(doc.events.length).toBeGreaterThan(0);
    const d = newDocument(doc);

    expect(await store.hasDocument(doc.id)).toBe(false);
    expect(await store.putDocument(d)).toEqual({ status: 'inserted', id: doc.id });
    expect(await store.hasDocument(doc.id)).toBe(true);
    expect(await store.findByContent(d.contentHash)).toBe(doc.id);

    const stored = await store.document(doc.id);
    expect(stored).not.toBeNull();
    expect(stored!.doc).toEqual(doc);
    // Stored as json, not jsonb: the document reads back in its own key order.
    expect(JSON.stringify(stored!.doc)).toBe(JSON.stringify(doc));
    expect(stored!.raw).toBe(d.raw);
    expect(stored!.input).toEqual(d.input);
    expect(stored!.contentHash).toBe(d.contentHash);
    expect(stored!.origin).toBe(d.origin);
    expect(stored!.nearDuplicateOf).toBeNull();
    expect(Math.abs(Date.parse(stored!.ingestedAt) - Date.now())).toBeLessThan(60_000);

    const page = await store.events({});
    expect(page.next).toBeNull();
    expect(page.rows.map((r) => r.id).sort()).toEqual(doc.events.map((e) => e.id).sort());
    for (const row of page.rows) {
      const { doc_id, title, source, url, published, cluster_id, cluster_size, coder, correction, ...event } = row;
      expect(event).toEqual(doc.events.find((e) => e.id === row.id));
      expect({ doc_id, title, source, url, published, cluster_id, cluster_size, coder, correction }).toEqual({
        doc_id: doc.id, title: doc.title, source: doc.source, url: doc.url, published: doc.published, cluster_id: null, cluster_size: 1, coder: doc.coder,
        correction: null,
      });
    }
    const firsts = page.rows.map((r) => dateFirst(r.date) ?? '\uffff');
    expect(firsts).toEqual([...firsts].sort());

    // The text has الأمني and وقّع; queries without the hamza and the shadda find them.
    const hits = await store.search('الامني وقع');
    expect(hits.map((h) => h.id)).toEqual([doc.id]);
    expect(hits[0]!.snippet).toContain('الأمني');
    expect(hits[0]!.title).toBe(doc.title);
    expect(hits[0]!.published).toBe(doc.published);
    expect(await store.search('طوكيو')).toEqual([]);
    const security = doc.events.filter((e) => foldString(e.event_text).includes('الامني'));
    expect(security.length).toBeGreaterThan(0);
    expect((await store.events({ q: 'الأمنيّ' })).rows.map((r) => r.id).sort()).toEqual(security.map((e) => e.id).sort());

    const countries = new Set(doc.events.flatMap((e) => [...e.actor, ...e.recipient].map((a) => a.country).concat(e.event_loc?.country ?? null)));
    const stats = await store.stats();
    expect(stats).toMatchObject({ documents: 1, events: doc.events.length, clusters: 0, errors: 0, nearDuplicates: 0 });
    expect(Object.keys(stats.byCountry).sort()).toEqual([...countries].filter((c): c is string => c !== null).sort());
  });

  it('stores a document once when two stores insert it concurrently', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([openStore(schema), openStore(schema)]);
    const doc = analyzed(NEWS.text, NEWS.title);
    const tries = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).putDocument(newDocument(doc)));
    const results = await Promise.all(tries);
    expect(results.filter((r) => r.status === 'inserted')).toHaveLength(1);
    expect(results.every((r) => r.id === doc.id)).toBe(true);

    // The same content under another raw input (another id) is a duplicate of the stored one, also concurrently.
    const other = { ...doc, id: 'another-raw-same-content' };
    const again = await Promise.all([a.putDocument(newDocument(other)), b.putDocument(newDocument(other))]);
    expect(again).toEqual([{ status: 'duplicate', id: doc.id }, { status: 'duplicate', id: doc.id }]);

    const counts = await inSchema(schema, async (c) => {
      const r = await c.query<{ d: string; e: string; l: string }>(
        'SELECT (SELECT count(*) FROM documents) AS d, (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM lsh) AS l',
      );
      return r.rows[0]!;
    });
    expect({ d: Number(counts.d), e: Number(counts.e), l: Number(counts.l) }).toEqual({ d: 1, e: doc.events.length, l: 2 });
  });

  it('changes its data version when another store commits to the schema, and not for another schema', async () => {
    const schema = freshSchema();
    const elsewhere = freshSchema();
    const [a, b, c] = await Promise.all([openStore(schema), openStore(schema), openStore(elsewhere)]);
    const before = await a.dataVersion();
    expect(await a.dataVersion()).toBe(before);
    await c.putDocument(newDocument(analyzed('قصف الجيش مواقع في الموصل.', 'قصف')));
    // The notification of the other schema arrives (or not) within moments; wait for b's own write to be seen after it.
    await b.putDocument(newDocument(analyzed(NEWS.text, NEWS.title)));
    let after = before;
    for (let i = 0; i < 100 && after === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await a.dataVersion();
    }
    expect(after).not.toBe(before);
    const seen = await a.dataVersion();
    await c.putDocument(newDocument(analyzed('تظاهر مئات في البصرة.', 'البصرة')));
    await b.stats();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await a.dataVersion()).toBe(seen);
  });

  it('migrates once when several stores start on a new schema at the same time', async () => {
    const schema = freshSchema();
    const stores = await Promise.all([openStore(schema), openStore(schema), openStore(schema), openStore(schema)]);
    await Promise.all(stores.map((s) => s.migrate()));
    const applied = await inSchema(schema, async (c) => (await c.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows);
    expect(applied.map((r) => r.version)).toEqual(postgresMigrations.map((m) => m.version));
    expect(await stores[3]!.putDocument(madeDocument('m', [{ n: 1 }]))).toEqual({ status: 'inserted', id: 'doc-m' });
    expect((await stores[0]!.events({})).rows.map((r) => r.id)).toEqual(['doc-m-1']);
  });

  it('brings a version 1 schema up to date from records holding \\u0000, lone surrogates and escaped backslashes', async () => {
    const schema = freshSchema();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const e1: PloverEvent = {
      ...template,
      id: 'old-1',
      event: 'ASSAULT',
      date: '2024-02-03',
      trigger: { start: 3, end: 7, text: 'هاجم' },
      actor: [actor('الجيش', 'Turkish\u0000 Army', 'TUR')],
      recipient: [actor('حزب العمال', 'PKK', null), actor('مقاتلون', null, 'SYR')],
      event_loc: { start: 0, end: 5, text: 'الموصل', name: 'Mos\udc00ul', country: 'IRQ', lat: 36.3401, lon: 43.1302, feature: 'city' },
      event_text: 'نص \u0000 فيه \ud800 وكذلك',
    };
    // A backslash followed by the letters u0000: an escaped backslash, not an escape.
    const e2: PloverEvent = { ...template, id: 'old-2', event: 'PROTEST', trigger: { start: 10, end: 14, text: 'تظاهر' }, actor: [], recipient: [], event_loc: null, event_text: 'C:\\u0000 \\\u0000 \\"' };
    try {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`SET search_path TO "${schema}"`);
      await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      await client.query(postgresMigrations[0]!.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES (1, $1)', [postgresMigrations[0]!.name]);
      await client.query(
        `INSERT INTO documents (id, content_hash, origin, published, coder, raw, input, doc, signature, folded)
         VALUES ('old', 'hash-old', 'old.txt', '2024-02-04', 'marsad/0', 'raw', '{}', '{}', '\\x00', 'نص')`,
      );
      for (const [seq, e] of [e1, e2].entries()) {
        await client.query(
          `INSERT INTO events (id, doc_id, seq, type, date, date_first, actor_countries, recipient_countries, place_country, countries,
                               actor_names, confidence, folded, record)
           VALUES ($1, 'old', $2, $3, $4, $5, '{}', '{}', $6, '{}', '', 0.5, '', $7::json)`,
          [e.id, seq, e.event, e.date, dateFirst(e.date), e.event_loc?.country ?? null, JSON.stringify(e)],
        );
      }
    } finally {
      await client.end();
    }

    const store = await openStore(schema);
    const rows = (await store.events({})).rows;
    expect(rows.map((r) => [r.id, r.event_text, r.correction])).toEqual([['old-1', e1.event_text, null], ['old-2', e2.event_text, null]]);
    // Derived text gets U+FFFD for what PostgreSQL text cannot hold, as the store writes it.
    expect(await store.actorGraph({})).toEqual({
      nodes: [
        { id: 'PKK', label: 'PKK', country: null, count: 1 },
        { id: 'SYR', label: 'SYR', country: 'SYR', count: 1 },
        { id: 'Turkish\ufffd Army', label: 'Turkish\ufffd Army', country: 'TUR', count: 1 },
      ],
      edges: [
        { source: 'Turkish\ufffd Army', target: 'PKK', count: 1, byType: { ASSAULT: 1 } },
        { source: 'Turkish\ufffd Army', target: 'SYR', count: 1, byType: { ASSAULT: 1 } },
      ],
    });
    expect(await store.mapPoints({})).toEqual([{ lat: 36.34, lon: 43.13, name: 'Mos\ufffdul', country: 'IRQ', count: 1, byType: { ASSAULT: 1 } }]);
    expect((await store.putCorrection({ eventId: 'old-1', note: 'n' })).anchor).toEqual({ start: 3, end: 7, event: 'ASSAULT' });
    expect((await store.putCorrection({ eventId: 'old-2', wrong: true })).anchor).toEqual({ start: 10, end: 14, event: 'PROTEST' });
    expect((await store.events({})).rows.map((r) => r.correction?.note ?? r.correction?.wrong)).toEqual(['n', true]);
    expect((await store.dailyCounts('2024-02-01', '2024-02-29')).documents).toEqual([{ day: '2024-02-04', count: 1 }]);
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(createPostgresStore(PG_URL, { schema: 'x"; DROP SCHEMA public CASCADE; --' })).rejects.toThrow(/not a plain identifier/);
  });

  it('keeps what PostgreSQL text cannot hold: NUL and lone surrogates in the raw input, the input and errors', async () => {
    const store = await openStore(freshSchema());
    const text = 'بغداد - وقّع العراق\u0000 وتركيا اتفاقية للتعاون الأمني \ud800 يوم الاثنين.';
    const raw = `{"text":"${text}"}`;
    const doc = analyze({ raw, text, title: 'عنوان\u0000', source: 'ال\u0000صباح', published: '2024\u0000-03-05' });
    const d = newDocument(doc, { raw, input: { text, title: 'عنوان\u0000', source: 'ال\u0000صباح', url: null, published: '2024\u0000-03-05', id: null } });
    expect(doc.events.length).toBeGreaterThan(0);
    expect((await store.putDocument(d)).status).toBe('inserted');
    const stored = await store.document(doc.id);
    expect(stored!.raw).toBe(raw);
    expect(stored!.input).toEqual(d.input);
    expect(stored!.doc).toEqual(doc);
    expect((await store.rawDocuments(null, 10)).map((r) => r.raw)).toEqual([raw]);
    expect((await store.search('العراق')).map((h) => h.id)).toEqual([doc.id]);
    expect((await store.events({})).rows.length).toBe(doc.events.length);

    // An analysis whose event holds them too (not what the pipeline makes, but what a caller may give).
    const odd: AnnotatedDoc = { ...doc, events: doc.events.map((e) => ({ ...e, event_text: `${e.event_text}\u0000\udc00` })) };
    await store.replaceAnalysis(doc.id, odd);
    expect((await store.document(doc.id))!.doc).toEqual(odd);
    const rows = (await store.events({})).rows;
    expect(rows.map((r) => r.event_text).sort()).toEqual(odd.events.map((e) => e.event_text).sort());
    expect((await store.unclusteredEvents(10)).map((e) => e.event_text).sort()).toEqual(odd.events.map((e) => e.event_text).sort());

    await store.putError({ origin: 'file\u0000.txt', reason: 'bad \u0000 byte', raw: 'a\u0000b\udc00' });
    const [error] = await store.errors();
    expect(error!.raw).toBe('a\u0000b\udc00');
    expect(error!.reason).toBe('bad \ufffd byte');
  });

  it('reads back signatures exactly and ranks near-duplicate candidates by shared bands', async () => {
    const store = await openStore(freshSchema());
    const signature = new Uint32Array([0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 123456789]);
    await store.putDocument({ ...madeDocument('s1', [{ n: 1 }]), signature, bands: ['x', 'y', 'z'] });
    await store.putDocument({ ...madeDocument('s2', [{ n: 1 }]), signature: new Uint32Array([7]), bands: ['x'] });
    const found = await store.nearDuplicateCandidates(['x', 'y', 'nope']);
    expect(found.map((c) => c.id)).toEqual(['doc-s1', 'doc-s2']);
    expect(found[0]!.signature).toEqual(signature);
    expect(found[1]!.signature).toEqual(new Uint32Array([7]));
    expect(await store.nearDuplicateCandidates(['x'], 1)).toHaveLength(1);
    expect(await store.nearDuplicateCandidates([])).toEqual([]);
  });

  it('pages by (first day, id) with undated events last, and filters by the first day', async () => {
    const store = await openStore(freshSchema());
    await store.putDocument(
      madeDocument('a', [
        { n: 1, date: '2024-03-05' },
        { n: 2, date: null },
        { n: 3, date: '2024-W10' },
        { n: 4, date: '2024-SP', type: 'ASSAULT' },
        { n: 5, date: 'PAST_REF' },
        { n: 6, date: '2024-03' },
        { n: 7, date: '2024' },
      ]),
    );
    await store.putDocument(madeDocument('b', [{ n: 1, date: '2024-03-05' }, { n: 2, date: '2023-WI' }]));
    const order = ['doc-b-2', 'doc-a-7', 'doc-a-4', 'doc-a-6', 'doc-a-3', 'doc-a-1', 'doc-b-1', 'doc-a-2', 'doc-a-5'];
    for (const limit of [1, 2, 4, 100]) expect(await allPages(store, {}, limit)).toEqual(order);
    expect(await allPages(store, { since: '2024-03-01', until: '2024-03-04' }, 2)).toEqual(['doc-a-4', 'doc-a-6', 'doc-a-3']);
    expect(await allPages(store, { since: '2024-03-05' }, 100)).toEqual(['doc-a-1', 'doc-b-1']);
    expect(await allPages(store, { until: '2023-12-31' }, 100)).toEqual(['doc-b-2']);

    expect((await store.clusterCandidates('ASSAULT', '2024-02-01', '2024-03-31')).map((c) => c.id)).toEqual(['doc-a-4']);
    expect((await store.clusterCandidates('AGREE', '2024-03-04', '2024-03-05')).map((c) => c.id)).toEqual(['doc-a-3', 'doc-a-1', 'doc-b-1']);
    expect((await store.unclusteredEvents(100)).map((c) => c.id)).toEqual(order);

    await expect(store.events({ cursor: 'not a cursor' })).rejects.toThrow(/invalid cursor/);
    await expect(store.events({ since: '5 March 2024' })).rejects.toThrow(/since must be a day \(YYYY-MM-DD\)/);
  });

  it('filters by type, country (actor, recipient, place), actor text, name or country, and folded text', async () => {
    const store = await openStore(freshSchema());
    await store.putDocument(
      madeDocument('f', [
        { n: 1, type: 'ASSAULT', actor: [actor('الجيش العراقي', 'Iraqi Army', 'IRQ')], recipient: [actor('داعش', 'ISIS', null)], place: 'SYR', text: 'قصف الجيش العراقي مواقع لداعش في سوريا' },
        { n: 2, type: 'PROTEST', actor: [actor('المتظاهرون', null, null)], place: 'LBN', text: 'تظاهر المحتجون في بيروت' },
        { n: 3, type: 'AGREE', actor: [actor('تركيا', 'Turkey', 'TUR')], recipient: [actor('إيران', 'Iran', 'IRN')], place: null, text: 'اتفقت تركيا مع إيران على تعزيز التجارة' },
      ]),
    );
    const ids = async (f: EventFilter): Promise<string[]> => (await store.events(f)).rows.map((r) => r.id);
    expect(await ids({ type: ['ASSAULT', 'AGREE'] })).toEqual(['doc-f-1', 'doc-f-3']);
    expect(await ids({ country: ['SYR'] })).toEqual(['doc-f-1']);
    expect(await ids({ country: ['irn', 'LBN'] })).toEqual(['doc-f-2', 'doc-f-3']);
    expect(await ids({ actor: 'iraqi ARMY' })).toEqual(['doc-f-1']);
    expect(await ids({ actor: 'العراقى' })).toEqual(['doc-f-1']); // ى/ي folded
    expect(await ids({ actor: 'IRQ' })).toEqual(['doc-f-1']); // the actor's country code, not in its name
    expect(await ids({ actor: 'IRN' })).toEqual([]); // a recipient's country is not an actor's
    expect(await ids({ q: 'ايران' })).toEqual(['doc-f-3']); // إيران without its hamza
    expect(await ids({ q: 'الجيش سوريا' })).toEqual(['doc-f-1']);
    expect(await ids({ q: 'الجيش بيروت' })).toEqual([]);
    expect(await ids({ type: ['ASSAULT'], country: ['TUR'] })).toEqual([]);
    const stats = await store.stats();
    expect(stats.byType).toEqual({ ASSAULT: 1, PROTEST: 1, AGREE: 1 });
    expect(stats.byCountry).toEqual({ IRQ: 1, SYR: 1, LBN: 1, TUR: 1, IRN: 1 });
  });

  it('gives one row per cluster (its most confident report) with the number of documents, and re-analysis resets clusters', async () => {
    const store = await openStore(freshSchema());
    await store.putDocument(madeDocument('c1', [{ n: 1, confidence: 0.4 }, { n: 2, confidence: 0.7 }, { n: 3, date: '2024-03-06' }]));
    await store.putDocument(madeDocument('c2', [{ n: 1, confidence: 0.9 }]));
    await store.setClusters([
      { eventId: 'doc-c1-1', clusterId: 'k1' },
      { eventId: 'doc-c1-2', clusterId: 'k1' },
      { eventId: 'doc-c2-1', clusterId: 'k2' },
      { eventId: 'doc-c2-1', clusterId: 'k1' }, // the last assignment wins
    ]);
    const all = (await store.events({})).rows;
    expect(all.map((r) => [r.id, r.cluster_id, r.cluster_size])).toEqual([
      ['doc-c1-1', 'k1', 2],
      ['doc-c1-2', 'k1', 2],
      ['doc-c2-1', 'k1', 2],
      ['doc-c1-3', null, 1],
    ]);
    const one = (await store.events({ onePerCluster: true })).rows;
    expect(one.map((r) => [r.id, r.cluster_size])).toEqual([['doc-c2-1', 2], ['doc-c1-3', 1]]);
    // The representative is chosen among the events that match.
    expect((await store.events({ onePerCluster: true, actor: 'nobody' })).rows).toEqual([]);
    expect((await store.stats()).clusters).toBe(1);
    expect((await store.unclusteredEvents(10)).map((e) => e.id)).toEqual(['doc-c1-3']);

    const old = (await store.document('doc-c1'))!.doc;
    const redone: AnnotatedDoc = { ...old, coder: 'marsad/9.9.9 model/test', events: old.events.slice(0, 2).map((e) => ({ ...e, event: 'CONSULT' })) };
    await store.replaceAnalysis('doc-c1', redone);
    expect((await store.document('doc-c1'))!.doc).toEqual(redone);
    const after = (await store.events({ type: ['CONSULT'] })).rows;
    expect(after.map((r) => [r.id, r.cluster_id, r.coder])).toEqual([
      ['doc-c1-1', null, 'marsad/9.9.9 model/test'],
      ['doc-c1-2', null, 'marsad/9.9.9 model/test'],
    ]);
    expect((await store.stats()).events).toBe(3);
    await expect(store.replaceAnalysis('doc-none', { ...redone, id: 'doc-none' })).rejects.toThrow(/no stored document/);
  });

  it('treats SQL-injection payloads in every filter as plain values: no SQL error, no extra rows, nothing changed', async () => {
    const schema = freshSchema();
    const store = await openStore(schema);
    await store.putDocument(madeDocument('i1', [{ n: 1 }, { n: 2, date: null, type: 'ASSAULT' }]));
    await store.putDocument(madeDocument('i2', [{ n: 1, actor: [actor('تركيا', 'Turkey', 'TUR')] }]));
    const before = await store.stats();
    const everything = (await store.events({})).rows.map((r) => r.id);
    expect(everything).toHaveLength(3);

    const payloads = [
      "' OR '1'='1",
      "' OR 1=1 --",
      "'; DROP TABLE documents; --",
      '"; DROP TABLE events; --',
      "') UNION SELECT id, raw, raw, raw FROM documents --",
      "IRQ' OR 'x'='x",
      "ASSAULT') OR ('a'='a",
      '1; SELECT pg_sleep(3)',
      '$$; DELETE FROM events; $$',
      "E'\\x27' OR true",
      '%', '_', '%%', '\\', "'", "''", '$1', '{IRQ}', "ARRAY['IRQ']", '{}',
      '!', '&', '|', '*', ':*', '<->', 'a & b | !c', "'a':* | 'b'",
      '\u0000', 'IRQ\u0000', '\ud800',
      "2024-03-05' OR '1'='1",
      "2024-03-05'; DROP TABLE events; --",
      'x'.repeat(5000),
    ];
    /** A rejection is allowed only as input validation: a message of ours, not a PostgreSQL error (which has a code). */
    const outcome = async (f: EventFilter): Promise<string[] | 'rejected'> => {
      try {
        return (await store.events(f)).rows.map((r) => r.id);
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        expect((error as { code?: unknown }).code, String(error)).toBeUndefined();
        expect(String((error as Error).message)).toMatch(/must be a day \(YYYY-MM-DD\)|invalid cursor/);
        return 'rejected';
      }
    };
    for (const p of payloads) {
      expect(await outcome({ type: [p as PloverType] }), `type ${p}`).toEqual([]);
      expect(await outcome({ type: ['AGREE', p as PloverType] }), `type AGREE + ${p}`).toEqual(['doc-i1-1', 'doc-i2-1']);
      expect(await outcome({ country: [p] }), `country ${p}`).toEqual([]);
      expect(await outcome({ actor: p }), `actor ${p}`).toEqual([]);
      expect(await outcome({ q: p }), `q ${p}`).toEqual([]);
      expect(await outcome({ since: p }), `since ${p}`).toBe('rejected');
      expect(await outcome({ until: p }), `until ${p}`).toBe('rejected');
      expect(await outcome({ cursor: p }), `cursor ${p}`).toBe('rejected');
      expect(await outcome({ cursor: Buffer.from(JSON.stringify([p, p])).toString('base64url') }), `cursor date ${p}`).toBe('rejected');
      expect(await store.search(p), `search ${p}`).toEqual([]);
      expect(await store.timeline({ country: [p] }, 'day'), `timeline ${p}`).toEqual([]);
      expect(await store.mapPoints({ actor: p }), `mapPoints ${p}`).toEqual([]);
      expect(await store.actorGraph({ q: p }), `actorGraph ${p}`).toEqual({ nodes: [], edges: [] });
      expect(await store.corrections(p), `corrections ${p}`).toEqual([]);
      await expect(store.putCorrection({ eventId: p, note: p }), `putCorrection ${p}`).rejects.toThrow(/^unknown event /);
      await expect(store.dailyCounts(p, '2024-03-05'), `dailyCounts ${p}`).rejects.toThrow(/must be a day \(YYYY-MM-DD\)/);
    }
    expect(await store.corrections()).toEqual([]);
    // A well-formed cursor whose id is a payload is only a position in the order: the undated rows after it.
    const undatedAfter = (await outcome({ cursor: Buffer.from(JSON.stringify([null, "' OR '1'='1"])).toString('base64url') })) as string[];
    expect(undatedAfter).toEqual(['doc-i1-2']);

    expect(await store.stats()).toEqual(before);
    expect((await store.events({})).rows.map((r) => r.id)).toEqual(everything);
    const tables = await inSchema(schema, async (c) =>
      (await c.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")).rows.map((r) => r.t),
    );
    expect(tables).toEqual(['corrections', 'documents', 'errors', 'event_edges', 'event_nodes', 'events', 'lsh', 'schema_migrations']);
  });
});
