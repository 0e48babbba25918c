/**
 * The HTTP API (`src/server/app.ts`) through `app.inject` (no network) over an SQLite store in a temp file holding
 * short Arabic news articles stored as ingest stores them: every route's happy path and shape, the filters, the
 * cursor, folded search, the token, validation and its JSON errors, rate limits, security headers and CSP, path
 * traversal, SQL-injection payloads in every filter, and article content that holds HTML and scripts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { OPENAPI } from '../src/server/openapi.js';
import { renderDocs } from '../src/server/routes/docs.js';
import { tokensEqual } from '../src/server/routes/require-token.js';
import { serveCommand, serverToken } from '../src/cli/serve.js';
import { UsageError } from '../src/cli/usage-error.js';
import { openStore } from '../src/store/open-store.js';
import type { EventRow, Store } from '../src/store/store.js';
import { analyzeItem } from '../src/ingest/analyze-item.js';
import { commitDocument } from '../src/ingest/commit-document.js';
import { inputFromObject } from '../src/ingest/read-input.js';
import { documentId } from '../src/pipeline.js';

const TOKEN = 'test-token-0123456789abcdef';
const CSP = "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'none';frame-ancestors 'none';form-action 'self'";
const XSS = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const JS_LINK = '<a href="javascript:alert(1)">اضغط هنا</a>';

/** Baseline days: one unrelated article a day, 1–6 March 2024. */
const BASELINE = Array.from({ length: 6 }, (_, i) => ({
  title: `اجتماع في الرياض رقم ${i + 1}`,
  text: `التقى وزير الخارجية السعودي نظيره الكويتي في الرياض لبحث التعاون الاقتصادي في الجولة رقم ${i + 1}.`,
  published: `2024-03-0${i + 1}T08:00:00Z`,
  source: 'spa',
}));

const ARTICLES = [
  { title: 'مقتل خمسة أشخاص في هجوم على سوق في حلب', text: 'قتل خمسة أشخاص وأصيب عشرة آخرون في هجوم استهدف سوقا شعبيا في مدينة حلب السورية. وقد أعلن تنظيم داعش مسؤوليته عن الهجوم.', published: '2024-03-10T08:00:00Z', source: 'bbc' },
  { title: 'وزير الخارجية المصري يلتقي نظيره الأردني في عمان', text: 'التقى وزير الخارجية المصري سامح شكري نظيره الأردني أيمن الصفدي في عمان اليوم لبحث الأوضاع في غزة.', published: '2024-03-11T09:00:00Z', source: 'aljazeera' },
  // Three reports of protests in Baghdad on one day: a spike of IRQ × PROTEST over a baseline without any.
  { title: 'احتجاجات في بغداد', text: 'تظاهر آلاف العراقيين في ساحة التحرير ببغداد اليوم احتجاجا على انقطاع الكهرباء.', published: '2024-03-12T10:00:00Z', source: 'skynews' },
  { title: 'متظاهرون يغلقون شوارع بغداد', text: 'تظاهر مئات الشبان في بغداد اليوم احتجاجا على البطالة وأغلقوا شوارع رئيسية في العاصمة العراقية.', published: '2024-03-12T12:00:00Z', source: 'rudaw' },
  { title: 'مظاهرة أمام وزارة الكهرباء في بغداد', text: 'تظاهر عشرات العراقيين أمام وزارة الكهرباء في بغداد اليوم احتجاجا على تردي الخدمات.', published: '2024-03-12T15:00:00Z', source: 'alsumaria' },
  // Content that holds markup: stored and returned as data, never rendered.
  { title: `عنوان ${XSS}`, text: `خبر فيه ${XSS} و ${IMG} و ${JS_LINK} في نص المقال عن اجتماع في القاهرة.`, published: '2024-02-01T08:00:00Z', source: 'test' },
];

const dir = mkdtempSync(join(tmpdir(), 'marsad-server-'));
const webRoot = join(dir, 'web');
let store: Store;
let app: FastifyInstance;
const ids: string[] = [];

/** Store an article as `marsad ingest` does. */
async function ingest(s: Store, article: Record<string, unknown>): Promise<string> {
  const raw = JSON.stringify(article);
  const result = await commitDocument(s, analyzeItem({ origin: 'test', raw, input: inputFromObject(article, raw) }));
  return result.id;
}

beforeAll(async () => {
  // A web root with a page, beside files that must never be served from it.
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>dash</title><script src="/assets/app.js"></script>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log("dash")');
  writeFileSync(join(webRoot, '.env'), 'SECRET=dotfile');
  writeFileSync(join(dir, 'package.json'), '{"name":"TOP-SECRET-PACKAGE"}');
  store = await openStore(join(dir, 'api.db'));
  for (const a of [...BASELINE, ...ARTICLES]) ids.push(await ingest(store, a));
  // A high limit: the rate limits have their own apps below.
  app = await buildApp(store, { token: TOKEN, webRoot, rateLimit: { max: 100_000, timeWindow: '1 minute' } });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const post = (url: string, payload: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers });
const idOf = (index: number): string => ids[BASELINE.length + index]!;

/** Every event, following the cursor. */
async function allEvents(query = ''): Promise<EventRow[]> {
  const res = await get(`/api/events?limit=1000${query}`);
  expect(res.statusCode).toBe(200);
  return res.json().events as EventRow[];
}

/** The body is the API's error shape with this code. */
function expectError(res: { statusCode: number; json: () => unknown; headers: Record<string, unknown> }, status: number, code?: string): string {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json() as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if (code) expect(body.error.code).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
  return body.error.message;
}

describe('reading routes', () => {
  it('GET /healthz answers the store kind and its document count', async () => {
    const res = await get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, store: 'sqlite', documents: BASELINE.length + ARTICLES.length });
  });

  it('GET /api/stats is store.stats()', async () => {
    const res = await get('/api/stats');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(await store.stats());
    expect(res.json().byType.PROTEST).toBeGreaterThanOrEqual(3);
  });

  it('GET /api/documents/:id answers the document, its origin, time, near-duplicate link and corrections', async () => {
    const res = await get(`/api/documents/${idOf(0)}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['corrections', 'document', 'ingestedAt', 'nearDuplicateOf', 'origin']);
    expect(body.document.schema).toBe('marsad.doc/1');
    expect(body.document.id).toBe(idOf(0));
    expect(body.document.text).toContain('حلب');
    expect(body.origin).toBe('test');
    expect(Number.isNaN(Date.parse(body.ingestedAt))).toBe(false);
    expect(body.corrections).toEqual([]);
  });

  it('GET /api/documents/:id is 404 for an unknown id and 400 for a malformed one', async () => {
    expectError(await get('/api/documents/0123456789abcdef'), 404, 'not_found');
    expectError(await get('/api/documents/not-an-id'), 400, 'invalid_request');
  });

  it('GET /api/events pages through every event with the cursor, each once, in order', async () => {
    const all = await allEvents();
    expect(all.length).toBeGreaterThanOrEqual(8);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/events?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { events: EventRow[]; next: string | null };
      expect(Object.keys(page).sort()).toEqual(['events', 'next']);
      expect(page.events.length).toBeLessThanOrEqual(3);
      seen.push(...page.events.map((e) => e.id));
      cursor = page.next;
      pages++;
    } while (cursor !== null && pages < 100);
    expect(seen).toEqual(all.map((e) => e.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(all.length / 3));
  });

  it('GET /api/events?order=desc pages through the dated events newest first', async () => {
    const dated = (await allEvents()).filter((e) => e.date !== null);
    expect(dated.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res = await get(`/api/events?order=desc&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { events: EventRow[]; next: string | null };
      seen.push(...page.events.map((e) => e.id));
      cursor = page.next;
      if (cursor === null) break;
    }
    expect(seen).toEqual(dated.map((e) => e.id).reverse());
    expectError(await get('/api/events?order=newest'), 400, 'invalid_request');
  });

  it('GET /api/events rows carry the event, its document and its coder', async () => {
    const [row] = await allEvents(`&type=ASSAULT`);
    expect(row).toMatchObject({ event: 'ASSAULT', doc_id: idOf(0), source: 'bbc', cluster_size: expect.any(Number) });
    expect(row!.coder).toMatch(/^marsad\//);
    expect(row!.id.startsWith(`${row!.doc_id}-`)).toBe(true);
  });

  it('GET /api/events defaults to 100 rows and refuses more than 1000', async () => {
    expect((await get('/api/events')).json().events.length).toBe(Math.min(100, (await allEvents()).length));
    expect(expectError(await get('/api/events?limit=1001'), 400, 'invalid_request')).toMatch(/limit/);
    expectError(await get('/api/events?limit=0'), 400, 'invalid_request');
  });

  it('filters by type, country, actor, dates, text and cluster as the CLI does', async () => {
    const all = await allEvents();
    const protests = await allEvents('&type=PROTEST');
    expect(protests.length).toBeGreaterThanOrEqual(3);
    expect(protests.every((e) => e.event === 'PROTEST')).toBe(true);
    expect(protests.length).toBe(all.filter((e) => e.event === 'PROTEST').length);

    const twoTypes = await allEvents('&type=protest,assault');
    expect(twoTypes.length).toBe(all.filter((e) => e.event === 'PROTEST' || e.event === 'ASSAULT').length);

    const iraq = await allEvents('&country=IRQ');
    expect(iraq.length).toBeGreaterThan(0);
    const inIraq = (e: EventRow): boolean => [...e.actor, ...e.recipient].some((a) => a.country === 'IRQ') || e.event_loc?.country === 'IRQ';
    expect(iraq.every(inIraq)).toBe(true);
    expect(iraq.length).toBe(all.filter(inIraq).length);

    const shoukry = await allEvents(`&actor=${encodeURIComponent('شكري')}`);
    expect(shoukry.length).toBeGreaterThan(0);
    expect(shoukry.every((e) => e.doc_id === idOf(1))).toBe(true);

    const march12 = await allEvents('&since=2024-03-12&until=2024-03-12');
    expect(march12.length).toBeGreaterThanOrEqual(3);
    expect(march12.every((e) => e.date?.startsWith('2024-03-12'))).toBe(true);
    const before = await allEvents('&until=2024-03-09');
    expect(before.every((e) => (e.date ?? '') <= '2024-03-09')).toBe(true);
    expect(before.length + (await allEvents('&since=2024-03-10')).length).toBeLessThanOrEqual(all.length);

    // Folded text search over the evidence sentence: «التقي» (ى as ي) finds «التقى».
    const met = await allEvents(`&q=${encodeURIComponent('التقي')}`);
    expect(met.length).toBeGreaterThan(0);
    expect(met.every((e) => e.event_text.includes('التقى'))).toBe(true);

    const onePer = await get('/api/events?one_per_cluster=true&limit=1000');
    expect(onePer.statusCode).toBe(200);
    expect(onePer.json().events.length).toBeLessThanOrEqual(all.length);
  });

  it('GET /api/search finds folded words: «اعلن» finds the article that says «أعلن»', async () => {
    const res = await get(`/api/search?q=${encodeURIComponent('اعلن داعش')}`);
    expect(res.statusCode).toBe(200);
    const { hits } = res.json() as { hits: Array<{ id: string; snippet: string; title: string | null }> };
    expect(hits.map((h) => h.id)).toEqual([idOf(0)]);
    expect(hits[0]!.snippet).toContain('أعلن');
    expect(Object.keys(hits[0]!).sort()).toEqual(['id', 'published', 'snippet', 'source', 'title']);
    const limited = await get(`/api/search?q=${encodeURIComponent('بغداد')}&limit=2`);
    expect(limited.json().hits.length).toBe(2);
    expect(expectError(await get('/api/search'), 400, 'invalid_request')).toMatch(/q/);
    expectError(await get('/api/search?q=%20%21'), 400, 'invalid_request');
  });

  it('GET /api/stats/timeline counts events per period and type', async () => {
    const res = await get('/api/stats/timeline?bucket=day&type=PROTEST');
    expect(res.statusCode).toBe(200);
    const { rows } = res.json() as { rows: Array<{ period: string; event: string; count: number }> };
    expect(rows.every((r) => r.event === 'PROTEST')).toBe(true);
    const total = rows.reduce((n, r) => n + r.count, 0);
    expect(total).toBe((await allEvents('&type=PROTEST')).filter((e) => e.date).length);
    expect(rows.find((r) => r.period === '2024-03-12')?.count).toBeGreaterThanOrEqual(3);
    const month = (await get('/api/stats/timeline?bucket=month')).json().rows as Array<{ period: string }>;
    expect(month.every((r) => /^\d{4}-\d{2}-01$/.test(r.period))).toBe(true);
    expectError(await get('/api/stats/timeline?bucket=year'), 400, 'invalid_request');
  });

  it('GET /api/stats/map answers places with coordinates and counts', async () => {
    const res = await get('/api/stats/map?country=IRQ');
    expect(res.statusCode).toBe(200);
    const { points } = res.json() as { points: Array<{ name: string; lat: number; lon: number; count: number; byType: Record<string, number> }> };
    const baghdad = points.find((p) => p.name === 'Baghdad');
    expect(baghdad).toBeDefined();
    expect(baghdad!.count).toBeGreaterThanOrEqual(3);
    expect(baghdad!.byType.PROTEST).toBeGreaterThanOrEqual(3);
    expect(Math.round(baghdad!.lat)).toBe(33);
    expect((await get('/api/stats/map?limit=1')).json().points.length).toBe(1);
  });

  it('GET /api/actors/graph answers nodes and edges', async () => {
    const res = await get('/api/actors/graph?limit=50');
    expect(res.statusCode).toBe(200);
    const graph = res.json() as { nodes: Array<{ id: string }>; edges: Array<{ source: string; target: string; count: number }> };
    expect(Object.keys(graph).sort()).toEqual(['edges', 'nodes']);
    const nodeIds = new Set(graph.nodes.map((n) => n.id));
    expect(graph.edges.every((e) => nodeIds.has(e.source) && nodeIds.has(e.target) && e.count > 0)).toBe(true);
  });

  it('GET /api/alerts finds the Baghdad protests as a spike over a quiet baseline', async () => {
    const res = await get('/api/alerts?day=2024-03-12&baseline_days=28&threshold=2');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { day: string; statistic: string; alerts: Array<{ country: string; event: string; count: number; day: string }> };
    expect(Object.keys(body).sort()).toEqual(['alerts', 'day', 'statistic']);
    expect(body.day).toBe('2024-03-12');
    expect(body.statistic).not.toContain('\n');
    expect(body.statistic).toMatch(/binomial/);
    const spike = body.alerts.find((a) => a.country === 'IRQ' && a.event === 'PROTEST');
    expect(spike).toBeDefined();
    expect(spike!.count).toBeGreaterThanOrEqual(3);
    // A day long before every document has no rate to compare: no alerts.
    expect((await get('/api/alerts?day=2023-01-01')).json().alerts).toEqual([]);
    // Without a day: the latest day with documents.
    expect((await get('/api/alerts')).json().day).toBe('2024-03-12');
    expectError(await get('/api/alerts?day=2024-02-30'), 400, 'invalid_request');
    expectError(await get('/api/alerts?baseline_days=0'), 400, 'invalid_request');
  });
});

describe('writing routes', () => {
  it('POST /api/analyze answers the AnnotatedDoc and stores nothing', async () => {
    const article = { title: 'هجوم في الموصل', text: 'قتل ثلاثة جنود في هجوم على نقطة تفتيش في الموصل.', published: '2024-03-13T08:00:00Z', source: 'test' };
    const before = (await store.stats()).documents;
    const res = await app.inject({ method: 'POST', url: '/api/analyze', payload: article });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.schema).toBe('marsad.doc/1');
    expect(doc.id).toBe(documentId(JSON.stringify(article)));
    expect(doc.events.some((e: { event: string }) => e.event === 'ASSAULT')).toBe(true);
    expect((await store.stats()).documents).toBe(before);
    expect(await store.hasDocument(doc.id)).toBe(false);
    // html works as in ingest
    const html = await app.inject({ method: 'POST', url: '/api/analyze', payload: { html: '<html><head><title>خبر</title></head><body><p>تظاهر مئات في عمان.</p></body></html>' } });
    expect(html.statusCode).toBe(200);
    expect(html.json().text).toContain('تظاهر');
    expectError(await app.inject({ method: 'POST', url: '/api/analyze', payload: { title: 'no text' } }), 400, 'invalid_request');
  });

  it('POST /api/documents needs the token: none or a wrong one is 401 with WWW-Authenticate', async () => {
    const article = { text: 'تظاهر مئات في دمشق اليوم.', published: '2024-03-14' };
    const none = await post('/api/documents', article, {});
    expectError(none, 401, 'unauthorized');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer realm="marsad"/);
    const wrong = await post('/api/documents', article, { authorization: `Bearer ${TOKEN}x` });
    expectError(wrong, 401, 'invalid_token');
    expect(wrong.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    expectError(await post('/api/documents', article, { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` }), 401);
    expectError(await post('/api/documents', article, { authorization: 'Bearer ' }), 401);
    expect(await store.hasDocument(documentId(JSON.stringify(article)))).toBe(false);
  });

  it('POST /api/documents stores one article as ingest does; sending it again is a duplicate', async () => {
    const article = { title: 'اشتباكات في درعا', text: 'اندلعت اشتباكات عنيفة بين الجيش السوري ومسلحين في درعا اليوم.', published: '2024-03-14T08:00:00Z', source: 'sana' };
    const res = await post('/api/documents', article);
    expect(res.statusCode).toBe(201);
    const id = documentId(JSON.stringify(article));
    expect(res.json()).toEqual({ results: [{ id, status: 'inserted' }] });
    const stored = await store.document(id);
    expect(stored?.raw).toBe(JSON.stringify(article));
    expect(stored?.origin).toMatch(/^api:/);
    expect(stored?.doc.source).toBe('sana');
    const again = await post('/api/documents', article);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ results: [{ id, status: 'duplicate' }] });
    const fetched = await get(`/api/documents/${id}`);
    expect(fetched.json().document.text).toContain('درعا');
  });

  it('POST /api/documents takes a batch; a bad item stores nothing and lists every reason', async () => {
    const good = { text: 'تظاهر مئات في الخرطوم اليوم احتجاجا على الغلاء.', published: '2024-03-15' };
    const before = (await store.stats()).documents;
    const bad = await post('/api/documents', { documents: [good, { title: 'بلا نص' }, { text: 5 }] });
    expectError(bad, 400, 'invalid_request');
    const items = bad.json().error.items as Array<{ index: number; reason: string }>;
    expect(items.map((i) => i.index)).toEqual([1, 2]);
    expect(items[0]!.reason).toMatch(/text/);
    expect(items[1]!.reason).toMatch(/must be a string/);
    expect((await store.stats()).documents).toBe(before);

    const other = { text: 'اعتقلت الشرطة عشرة أشخاص في القاهرة أمس.', published: '2024-03-15' };
    const ok = await post('/api/documents', { documents: [good, other] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().results).toEqual([
      { id: documentId(JSON.stringify(good)), status: 'inserted' },
      { id: documentId(JSON.stringify(other)), status: 'inserted' },
    ]);
    expect((await store.stats()).documents).toBe(before + 2);

    const tooMany = await post('/api/documents', { documents: Array.from({ length: 101 }, (_, i) => ({ text: `خبر ${i}` })) });
    expect(expectError(tooMany, 400, 'invalid_request')).toMatch(/100/);
    expectError(await post('/api/documents', { documents: [] }), 400, 'invalid_request');
    expectError(await post('/api/documents', { documents: [good], extra: 1 }), 400, 'invalid_request');
  });

  it('corrections: POST (token) stores one, GET lists it, the document shows it; unknown events are 404', async () => {
    const [event] = await allEvents('&type=ASSAULT');
    const url = `/api/events/${event!.id}/corrections`;
    expectError(await post(url, { wrong: true }, {}), 401);
    const res = await post(url, { event: 'COERCE', actor: ['ISIS'], note: 'not an assault', author: 'analyst' });
    expect(res.statusCode).toBe(201);
    const correction = res.json();
    expect(correction).toMatchObject({ eventId: event!.id, docId: event!.doc_id, event: 'COERCE', actor: ['ISIS'], note: 'not an assault', author: 'analyst' });
    expect(correction.anchor).toMatchObject({ event: 'ASSAULT', start: event!.trigger.start, end: event!.trigger.end });
    const list = await get(url);
    expect(list.statusCode).toBe(200);
    expect(list.json().corrections.map((c: { id: number }) => c.id)).toEqual([correction.id]);
    expect((await get(`/api/documents/${event!.doc_id}`)).json().corrections.map((c: { id: number }) => c.id)).toContain(correction.id);

    expectError(await post(`/api/events/${event!.doc_id}-99/corrections`, { wrong: true }), 404, 'not_found');
    expectError(await get(`/api/events/0123456789abcdef-1/corrections`), 404, 'not_found');
    expectError(await get(`/api/events/nope/corrections`), 400, 'invalid_request');
    expectError(await post(url, { wrong: 'yes' }), 400, 'invalid_request');
    expect(expectError(await post(url, { verdict: 'wrong' }), 400, 'invalid_request')).toMatch(/verdict/);
    expectError(await post(url, { event: 'EXPLODE' }), 400, 'invalid_request');
    expectError(await post(url, {}), 400, 'invalid_request');
  });
});

describe('errors before routing', () => {
  it('answers a malformed percent-escape in the path in the API\'s error shape', async () => {
    expectError(await get('/api/events/%ff/corrections'), 400);
  });
});

describe('validation and errors', () => {
  it('refuses unknown query parameters, naming them', async () => {
    for (const url of ['/api/events?foo=1', '/api/stats?x=1', '/healthz?debug=true', '/api/search?q=a&sort=asc', '/api/stats/map?bucket=day']) {
      const message = expectError(await get(url), 400, 'invalid_request');
      expect(message).toMatch(/unknown query parameter/);
    }
    expect(expectError(await get('/api/events?foo=1'), 400)).toContain('"foo"');
  });

  it('refuses bad types and bad dates with the parameter named', async () => {
    expect(expectError(await get('/api/events?limit=abc'), 400, 'invalid_request')).toMatch(/limit/);
    expect(expectError(await get('/api/events?since=2024-02-30'), 400, 'invalid_request')).toMatch(/since/);
    expect(expectError(await get('/api/events?until=yesterday'), 400, 'invalid_request')).toMatch(/until/);
    expect(expectError(await get('/api/events?since=2024-03-12&until=2024-03-01'), 400, 'invalid_request')).toMatch(/since/);
    expect(expectError(await get('/api/events?type=BOMBING'), 400, 'invalid_request')).toMatch(/type/);
    expect(expectError(await get('/api/events?country=Iraq'), 400, 'invalid_request')).toMatch(/country/);
    expect(expectError(await get('/api/events?one_per_cluster=maybe'), 400, 'invalid_request')).toMatch(/one_per_cluster/);
    expect(expectError(await get('/api/events?type=PROTEST&type=ASSAULT'), 400, 'invalid_request')).toMatch(/type/);
    // A cursor this server did not make.
    expect(expectError(await get(`/api/events?cursor=${Buffer.from('["x"]').toString('base64url')}`), 400, 'invalid_request')).toMatch(/cursor/);
  });

  it('answers 413 for a body over the limit, 415 for a body that is not JSON, 400 for broken JSON', async () => {
    const big = { text: 'خبر '.repeat(600_000) };
    expectError(await post('/api/documents', big), 413, 'body_too_large');
    expectError(await app.inject({ method: 'POST', url: '/api/analyze', payload: big }), 413, 'body_too_large');
    expectError(await app.inject({ method: 'POST', url: '/api/analyze', payload: 'text=hello', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
    expectError(await app.inject({ method: 'POST', url: '/api/documents', payload: 'تظاهر مئات', headers: { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` } }), 415, 'unsupported_media_type');
    expectError(await app.inject({ method: 'POST', url: '/api/analyze', payload: '{"text": "نص"', headers: { 'content-type': 'application/json' } }), 400);
    expectError(await app.inject({ method: 'POST', url: '/api/analyze', payload: '["نص"]', headers: { 'content-type': 'application/json' } }), 400, 'invalid_request');
  });

  it('answers unknown routes with a JSON 404', async () => {
    expect(expectError(await get('/api/nope'), 404, 'not_found')).toContain('/api/nope');
    expectError(await app.inject({ method: 'DELETE', url: '/api/events' }), 404, 'not_found');
  });

  it('answers a failing store with a logged 500 that tells the client nothing internal', async () => {
    const failing = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'stats') return async () => { throw new Error('SECRET internal detail at /srv/marsad/db.ts:42'); };
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const broken = await buildApp(failing, { token: TOKEN, webRoot: null });
    try {
      const res = await broken.inject({ method: 'GET', url: '/api/stats' });
      expectError(res, 500, 'internal');
      expect(res.body).not.toContain('SECRET');
      expect(res.body).not.toContain('stack');
    } finally {
      await broken.close();
    }
  });
});

describe('analysis off the request thread', () => {
  it('answers other requests while an article is analyzed, and 503 past the analyses it lets wait', async () => {
    const busy = await buildApp(store, { token: TOKEN, webRoot: null, rateLimit: { max: 100_000, timeWindow: '1 minute' }, analysisWorkers: 1, maxPendingAnalyses: 1 });
    try {
      const sentence = 'قتل ثلاثة جنود في هجوم على نقطة تفتيش في مدينة الموصل العراقية يوم الأحد الماضي. ';
      const order: string[] = [];
      const long = busy.inject({ method: 'POST', url: '/api/analyze', payload: { text: sentence.repeat(2000) } }).then((r) => {
        order.push('analyze');
        return r;
      });
      // Let the analysis reach its worker, then ask for something else and for a second analysis.
      await new Promise((resolve) => setImmediate(resolve));
      const health = busy.inject('/healthz').then((r) => {
        order.push('healthz');
        return r;
      });
      const second = await busy.inject({ method: 'POST', url: '/api/analyze', payload: { text: sentence } });
      expect((await health).statusCode).toBe(200);
      expect(second.statusCode).toBe(503);
      expect(second.json().error.code).toBe('busy');
      const analyzed = await long;
      expect(analyzed.statusCode).toBe(200);
      expect((analyzed.json() as { events: unknown[] }).events.length).toBeGreaterThan(0);
      expect(order).toEqual(['healthz', 'analyze']);
    } finally {
      await busy.close();
    }
  });
});

describe('security', () => {
  it('sends the strict CSP and the other security headers on JSON, HTML, static and error responses', async () => {
    for (const url of ['/api/stats', '/docs', '/', '/assets/app.js', '/api/nope', '/api/events?limit=x']) {
      const res = await get(url);
      expect(res.headers['content-security-policy'], url).toBe(CSP);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
    }
    const unauthorized = await post('/api/documents', { text: 'x' }, {});
    expect(unauthorized.headers['content-security-policy']).toBe(CSP);
  });

  it('serves the web root, and never a file outside it or a dotfile', async () => {
    const index = await get('/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.body).toContain('<title>dash</title>');
    expect((await get('/assets/app.js')).body).toContain('console.log');
    const attempts = [
      '/..%2fpackage.json', '/..%2f..%2fpackage.json', '/../package.json', '/assets/../../package.json', '/%2e%2e/package.json',
      '/%2e%2e%2fpackage.json', '/..%5cpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/..%252fpackage.json', '//..%2fpackage.json',
      '/.env', '/%2eenv', '/assets/..%2f.env', '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd', '/%00../package.json', `/..%2f${encodeURIComponent(join(dir, 'package.json'))}`,
    ];
    for (const url of attempts) {
      const res = await get(url);
      expect([400, 404], url).toContain(res.statusCode);
      expect(res.body, url).not.toContain('TOP-SECRET-PACKAGE');
      expect(res.body, url).not.toContain('SECRET=dotfile');
      expect(res.body, url).not.toContain('root:');
      expect(res.body, url).not.toContain('"devDependencies"');
    }
  });

  it('treats SQL-injection payloads in every filter as plain values: 200 with nothing extra, or 400; never 500', async () => {
    const before = await store.stats();
    const payloads = [
      "' OR '1'='1", "'; DROP TABLE events; --", '" OR ""="', '1) UNION SELECT record FROM events --', "%' --", '*', 'NEAR(a b)',
      "IRQ') OR 1=1 --", '\\', 'x" OR 1=1 OR "', "2024-03-12' OR '1'='1", '0x27', "ASSAULT','PROTEST", 'تظاهر" OR "1"="1',
    ];
    const params = ['since', 'until', 'type', 'country', 'actor', 'q', 'one_per_cluster', 'limit', 'cursor'];
    const routes: Array<[string, (body: Record<string, unknown>) => number]> = [
      ['/api/events', (b) => (b.events as unknown[]).length],
      ['/api/stats/timeline', (b) => (b.rows as unknown[]).length],
      ['/api/stats/map', (b) => (b.points as unknown[]).length],
      ['/api/actors/graph', (b) => (b.edges as unknown[]).length + (b.nodes as unknown[]).length],
    ];
    for (const [route, size] of routes) {
      for (const param of params) {
        for (const payload of payloads) {
          const res = await get(`${route}?${param}=${encodeURIComponent(payload)}`);
          const where = `${route} ${param}=${payload}`;
          expect([200, 400], where).toContain(res.statusCode);
          if (res.statusCode === 400) continue;
          // Only a text filter can let a payload through: it matches no stored event.
          expect(['actor', 'q'], where).toContain(param);
          expect(size(res.json()), where).toBe(0);
        }
      }
    }
    for (const payload of payloads) {
      const search = await get(`/api/search?q=${encodeURIComponent(payload)}`);
      expect([200, 400], payload).toContain(search.statusCode);
      if (search.statusCode === 200) expect(search.json().hits, payload).toEqual([]);
      for (const param of ['day', 'baseline_days', 'min_events', 'threshold']) {
        expect((await get(`/api/alerts?${param}=${encodeURIComponent(payload)}`)).statusCode, `${param}=${payload}`).toBe(400);
      }
      const doc = await get(`/api/documents/${encodeURIComponent(payload)}`);
      expect([400, 404], payload).toContain(doc.statusCode);
    }
    expect(await store.stats()).toEqual(before);
  });

  it('returns article markup as JSON data, never as HTML', async () => {
    const id = idOf(5);
    const res = await get(`/api/documents/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-security-policy']).toBe(CSP);
    const doc = res.json().document;
    // The markup is the article's text, kept exactly as data.
    expect(doc.text).toContain(XSS);
    expect(doc.text).toContain(IMG);
    expect(doc.text).toContain('javascript:alert(1)');
    expect(doc.title).toContain(XSS);
    const hit = (await get(`/api/search?q=${encodeURIComponent('القاهرة خبر')}`)).json().hits.find((h: { id: string }) => h.id === id);
    expect(hit).toBeDefined();
    expect(hit.title).toContain(XSS);
    const analyzed = await app.inject({ method: 'POST', url: '/api/analyze', payload: { title: XSS, text: `${IMG} ${JS_LINK}` } });
    expect(analyzed.headers['content-type']).toMatch(/^application\/json/);
    expect(analyzed.json().title).toBe(XSS);
    // No route answers HTML made from a document.
    for (const url of [`/api/documents/${id}`, `/api/search?q=${encodeURIComponent('خبر')}`, '/api/events?limit=1000']) {
      expect((await get(url)).headers['content-type'], url).toMatch(/^application\/json/);
    }
  });

  it('compares tokens by content only', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
    expect(tokensEqual(TOKEN.toUpperCase(), TOKEN)).toBe(false);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After after max requests, and writes are limited more strictly', async () => {
    const limited = await buildApp(store, { token: TOKEN, webRoot: null, rateLimit: { max: 10, timeWindow: '1 minute' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await limited.inject({ method: 'GET', url: '/healthz' });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) {
          expectError(res, 429, 'rate_limited');
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
          expect(res.headers['content-security-policy']).toBe(CSP);
        }
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20);
      expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
      // Unknown routes count too.
      expect((await limited.inject({ method: 'GET', url: '/api/nope' })).statusCode).toBe(429);
      // Writes: a tenth of the limit (1 per window here).
      const first = await limited.inject({ method: 'POST', url: '/api/analyze', payload: { text: 'تظاهر مئات في عمان.' } });
      expect(first.statusCode).toBe(200);
      const second = await limited.inject({ method: 'POST', url: '/api/analyze', payload: { text: 'تظاهر مئات في عمان.' } });
      expectError(second, 429, 'rate_limited');
      expect(second.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });

  it('limits each client IP separately', async () => {
    const limited = await buildApp(store, { token: TOKEN, webRoot: null, rateLimit: { max: 2, timeWindow: 60_000 } });
    try {
      const from = (ip: string) => limited.inject({ method: 'GET', url: '/healthz', remoteAddress: ip });
      expect([(await from('10.0.0.1')).statusCode, (await from('10.0.0.1')).statusCode, (await from('10.0.0.1')).statusCode]).toEqual([200, 200, 429]);
      expect((await from('10.0.0.2')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('API description', () => {
  it('GET /openapi.json describes every route of the app, with bearer auth on the writes', async () => {
    const res = await get('/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { security?: unknown[]; responses: object }>>)) {
      for (const [method, op] of Object.entries(item)) {
        operations.push(`${method.toUpperCase()} ${path}`);
        expect(app.hasRoute({ method: method.toUpperCase() as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') }), `${method} ${path}`).toBe(true);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      }
    }
    for (const route of ['GET /healthz', 'POST /api/analyze', 'POST /api/documents', 'GET /api/documents/{id}', 'GET /api/events', 'GET /api/search',
      'GET /api/stats', 'GET /api/stats/timeline', 'GET /api/stats/map', 'GET /api/actors/graph', 'GET /api/alerts',
      'GET /api/events/{id}/corrections', 'POST /api/events/{id}/corrections', 'GET /openapi.json', 'GET /docs']) {
      expect(operations).toContain(route);
    }
    expect(doc.paths['/api/documents'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/events/{id}/corrections'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/events'].get.parameters.map((p: { name: string }) => p.name).sort())
      .toEqual(['actor', 'country', 'cursor', 'limit', 'one_per_cluster', 'order', 'q', 'since', 'type', 'until']);
    // Every local reference resolves.
    const refs = JSON.stringify(doc).match(/"#\/components\/[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const [, , kind, name] = JSON.parse(ref).split('/');
      expect(doc.components[kind][name], ref).toBeDefined();
    }
  });

  it('answers what it describes: bodies validate against the documented response schemas', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    ajv.addFormat('date-time', (v: string) => !Number.isNaN(Date.parse(v)));
    ajv.addSchema(JSON.parse(JSON.stringify(OPENAPI)) as object, 'api');
    const pointer = (...parts: string[]): string => `api#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
    const check = (path: string, method: string, status: string, body: unknown): void => {
      const response = (OPENAPI.paths as Record<string, Record<string, { responses: Record<string, { $ref?: string }> }>>)[path]![method]!.responses[status]!;
      const id = response.$ref
        ? pointer('components', 'responses', response.$ref.split('/').at(-1)!, 'content', 'application/json', 'schema')
        : pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema');
      const validate = ajv.getSchema(id);
      expect(validate, id).toBeDefined();
      expect(validate!(body), `${method} ${path} ${status}: ${JSON.stringify(validate!.errors?.slice(0, 3))}`).toBe(true);
    };
    const [event] = await allEvents('&type=ASSAULT');
    const cases: Array<[string, string, string]> = [
      ['/healthz', '/healthz', '200'],
      ['/api/documents/{id}', `/api/documents/${idOf(0)}`, '200'],
      ['/api/events', '/api/events?limit=1000', '200'],
      ['/api/events/{id}/corrections', `/api/events/${event!.id}/corrections`, '200'],
      ['/api/search', `/api/search?q=${encodeURIComponent('بغداد')}`, '200'],
      ['/api/stats', '/api/stats', '200'],
      ['/api/stats/timeline', '/api/stats/timeline?bucket=week', '200'],
      ['/api/stats/map', '/api/stats/map', '200'],
      ['/api/actors/graph', '/api/actors/graph', '200'],
      ['/api/alerts', '/api/alerts?day=2024-03-12&threshold=2', '200'],
      ['/api/events', '/api/events?foo=1', '400'],
      ['/api/documents/{id}', '/api/documents/0123456789abcdef', '404'],
    ];
    for (const [path, url, status] of cases) {
      const res = await get(url);
      expect(String(res.statusCode), url).toBe(status);
      check(path, 'get', status, res.json());
    }
    const analyzed = await app.inject({ method: 'POST', url: '/api/analyze', payload: { text: 'تظاهر مئات في بغداد اليوم.', published: '2024-03-12' } });
    check('/api/analyze', 'post', '200', analyzed.json());
    const stored = await post('/api/documents', { text: 'تظاهر مئات في البصرة اليوم.', published: '2024-03-12' });
    check('/api/documents', 'post', '201', stored.json());
    const corrected = await post(`/api/events/${event!.id}/corrections`, { wrong: true, place: { name: 'Aleppo', country: 'SYR' }, date: '2024-03-10' });
    check('/api/events/{id}/corrections', 'post', '201', corrected.json());
    check('/api/documents', 'post', '401', (await post('/api/documents', { text: 'x' }, {})).json());
  });

  it('GET /docs lists every operation in HTML without scripts or inline styles', async () => {
    const res = await get('/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    for (const item of Object.values(OPENAPI.paths as Record<string, Record<string, { operationId: string }>>)) {
      for (const op of Object.values(item)) expect(res.body).toContain(`id="${op.operationId}"`);
    }
    expect(res.body).not.toMatch(/<script|<style| style=| on[a-z]+=/i);
    expect(res.body).toContain('href="/docs.css"');
    const css = await get('/docs.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('escapes everything it renders', () => {
    const html = renderDocs({
      openapi: '3.1.0',
      info: { title: XSS, version: IMG, description: JS_LINK },
      tags: [{ name: '<b>tag</b>', description: XSS }],
      paths: { [`/x/${IMG}`]: { get: { operationId: '"><script>alert(1)</script>', tags: ['<b>tag</b>'], summary: XSS, parameters: [{ name: IMG, in: 'query', description: XSS, schema: { type: 'string' } }], responses: { '200': { description: IMG } } } } },
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<a href="javascript');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });
});

describe('marsad serve', () => {
  it('takes MARSAD_TOKEN, refuses a short one, and generates one otherwise', () => {
    expect(serverToken({ MARSAD_TOKEN: TOKEN })).toEqual({ token: TOKEN, generated: false });
    expect(() => serverToken({ MARSAD_TOKEN: 'short' })).toThrow(UsageError);
    const a = serverToken({});
    const b = serverToken({});
    expect(a.generated).toBe(true);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.token).not.toBe(b.token);
  });

  it('refuses bad options before opening anything', async () => {
    await expect(serveCommand(['--port', 'http'])).rejects.toThrow(UsageError);
    await expect(serveCommand(['--port', '70000'])).rejects.toThrow(/--port/);
    await expect(serveCommand(['--rate-limit', '0'])).rejects.toThrow(/--rate-limit/);
    await expect(serveCommand(['--verbose'])).rejects.toThrow(UsageError);
  });
});
