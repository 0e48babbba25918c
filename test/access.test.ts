/**
 * Access control and hostile requests against the HTTP API (`src/server/app.ts`), on the SQLite store and (when it
 * answers) the PostgreSQL store, beyond the happy paths of test/server.test.ts:
 * - SQL-injection payload classes × every filter, search, aggregate, alert and path parameter: 200 with no more than
 *   the honest answer (what the text filters could match, computed here from the unfiltered events), or a 400 JSON
 *   error; never a 500; the tables intact afterwards; payloads written in corrections and documents come back as data.
 * - The bearer token: every malformed, wrong or misplaced credential is a 401 and writes nothing; `tokensEqual`
 *   compares fixed-length digests with `timingSafeEqual`.
 * - Rate limits: a flood from one client gets exactly the excess as 429s (JSON, Retry-After), other clients are not
 *   affected, a forged X-Forwarded-For changes nothing, the routes that write have their own lower limit.
 * - Body limits (413), deeply nested and prototype-polluting JSON (400), wrong media types (415).
 * - Security headers and the exact CSP on 200, 304, 400, 401, 404, 413, 415, 429 and 500 answers and static files.
 * - Static files: path traversal variants, through `inject` and as raw bytes over a socket, never serve a file
 *   outside the web root or a dotfile.
 * PostgreSQL is skipped with a warning when it does not answer, or fails under MARSAD_REQUIRE_SERVICES=1.
 */
import * as crypto from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { tokensEqual } from '../src/server/routes/require-token.js';
import { openStore } from '../src/store/open-store.js';
import type { EventRow, Store } from '../src/store/store.js';
import { analyzeItem } from '../src/ingest/analyze-item.js';
import { commitDocument } from '../src/ingest/commit-document.js';
import { inputFromObject } from '../src/ingest/read-input.js';
import { foldString } from '../src/text/fold.js';
import { postgresIntegrity, sqliteIntegrity, type StoreIntegrity } from './helpers/store-integrity.js';

// Every call of timingSafeEqual is recorded (and still made), so the token comparison's inputs can be checked.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const TOKEN = 'Marsad-Test-Token-0123456789abcdefXYZ';
const CSP = "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'none';frame-ancestors 'none';form-action 'self'";
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE = process.env.MARSAD_REQUIRE_SERVICES === '1';
const HIGH = { max: 1_000_000, timeWindow: '1 minute' };

const ARTICLES = [
  { title: 'مقتل خمسة أشخاص في هجوم على سوق في حلب', text: 'قتل خمسة أشخاص وأصيب عشرة آخرون في هجوم استهدف سوقا شعبيا في مدينة حلب السورية. وقد أعلن تنظيم داعش مسؤوليته عن الهجوم.', published: '2024-03-10T08:00:00Z', source: 'bbc' },
  { title: 'وزير الخارجية المصري يلتقي نظيره الأردني في عمان', text: 'التقى وزير الخارجية المصري سامح شكري نظيره الأردني أيمن الصفدي في عمان اليوم لبحث الأوضاع في غزة.', published: '2024-03-11T09:00:00Z', source: 'aljazeera' },
  { title: 'احتجاجات في بغداد', text: 'تظاهر آلاف العراقيين في ساحة التحرير ببغداد اليوم احتجاجا على انقطاع الكهرباء.', published: '2024-03-12T10:00:00Z', source: 'skynews' },
  { title: 'متظاهرون يغلقون شوارع بغداد', text: 'تظاهر مئات الشبان في بغداد اليوم احتجاجا على البطالة وأغلقوا شوارع رئيسية في العاصمة العراقية.', published: '2024-03-12T12:00:00Z', source: 'rudaw' },
  { title: 'الجيش التركي يقصف مواقع في شمال العراق', text: 'قصفت طائرات الجيش التركي مواقع لحزب العمال الكردستاني في شمال العراق أمس، وفق وزارة الدفاع التركية.', published: '2024-03-13T07:00:00Z', source: 'trt' },
  { title: 'السعودية تقدم مساعدات لليمن', text: 'قدم مركز الملك سلمان للإغاثة مساعدات غذائية لآلاف الأسر في محافظة مأرب اليمنية.', published: '2024-03-14T07:00:00Z', source: 'spa' },
  { title: 'الرئيس الفرنسي يدعو إلى وقف إطلاق النار', text: "طالب الرئيس الفرنسي إيمانويل ماكرون بوقف فوري لإطلاق النار في غزة، وقال إن الوضع الإنساني لا يحتمل. وأدان 'الهجمات' على المدنيين.", published: '2024-03-15T07:00:00Z', source: 'france24' },
];

const dir = mkdtempSync(join(tmpdir(), 'marsad-access-'));
const webRoot = join(dir, 'web');
mkdirSync(join(webRoot, 'assets'), { recursive: true });
writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>dash</title><script src="/assets/app.js"></script>');
writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log("dash")');
writeFileSync(join(webRoot, '.env'), 'SECRET=DOTFILE-SECRET');
writeFileSync(join(dir, 'secret.txt'), 'BESIDE-WEBROOT-SECRET');
const schemas: string[] = [];

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
});

/** Whether PostgreSQL answers a connection. */
async function pgAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
const pgUp = await pgAnswers();

/** Store an article as `marsad ingest` does; its id. */
async function ingest(store: Store, article: Record<string, unknown>): Promise<string> {
  const raw = JSON.stringify(article);
  return (await commitDocument(store, analyzeItem({ origin: 'test', raw, input: inputFromObject(article, raw) }))).id;
}

type Reply = Awaited<ReturnType<FastifyInstance['inject']>>;

/** The body is the API's error shape (with this status and code), with no trace of the server's internals. */
function expectError(res: Reply, status: number, code?: string): void {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json() as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.message.length).toBeGreaterThan(0);
  if (code) expect(body.error.code).toBe(code);
  // Payloads are echoed in messages; these are what a leaked database or stack message would hold.
  expect(res.body).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+|node_modules|SqliteError|SQLITE_ERROR|syntax error at or near|unterminated quoted|does not exist/);
}

/** The security headers every answer carries. */
function expectSecurityHeaders(res: { headers: Record<string, unknown> }, where: string): void {
  expect(res.headers['content-security-policy'], where).toBe(CSP);
  expect(res.headers['x-content-type-options'], where).toBe('nosniff');
  expect(res.headers['x-frame-options'], where).toBe('DENY');
  expect(res.headers['referrer-policy'], where).toBe('no-referrer');
  expect(res.headers['cross-origin-resource-policy'], where).toBe('same-origin');
  expect(res.headers['x-powered-by'], where).toBeUndefined();
  expect(res.headers['access-control-allow-origin'], where).toBeUndefined();
  expect(res.headers.server, where).toBeUndefined();
}

// ---------------------------------------------------------------------------------------------------------------
// SQL-injection payload classes. Each builds a payload around a base value (a real value of the parameter, or '').

interface PayloadClass {
  name: string;
  build: (base: string) => string[];
}

const PAYLOAD_CLASSES: PayloadClass[] = [
  { name: 'quote breaking', build: (b) => [`${b}' OR 1=1--`, `${b}' OR '1'='1`, `${b}') OR ('1'='1`, `${b}" OR ""="`, `${b}' OR 'x'='x' /*`] },
  { name: 'UNION SELECT', build: (b) => [`${b}' UNION SELECT raw, doc FROM documents--`, `${b}" UNION ALL SELECT NULL,NULL,sqlite_version()--`, `${b}') UNION SELECT id, token FROM users--`] },
  { name: 'stacked queries', build: (b) => [`${b}'; DROP TABLE documents;--`, `${b}; DELETE FROM events`, `${b}'; UPDATE documents SET raw='x';--`, `${b}'); DROP TABLE events; --`] },
  { name: 'comments', build: (b) => [`${b}'--`, `${b}'/*`, `${b}*/`, `${b}'#`, `${b}/**/OR/**/1=1`] },
  { name: 'boolean blind', build: (b) => [`${b}' AND 1=1--`, `${b}' AND 1=2--`, `${b}' AND (SELECT count(*) FROM documents)>0--`, `${b}' AND substr(sqlite_version(),1,1)='3`] },
  { name: 'time-based', build: (b) => [`${b}' AND pg_sleep(5)--`, `${b}'||(SELECT pg_sleep(5))||'`, `${b}' AND randomblob(500000000)--`, `${b}'; SELECT pg_sleep(5);--`] },
  { name: 'FTS5 syntax', build: (b) => [`NEAR(${b} x, 2)`, `"${b}*`, `${b}*`, `title:${b}`, `{title body}:${b}`, `^${b}`, `${b} OR x`, `${b} NOT y`, `-${b}`, `"`, `NEAR(`] },
  { name: 'tsquery operators', build: (b) => [`${b} & !x`, `${b} | x`, `${b}:*`, `!${b}`, `(${b}`, `${b} <-> x`, `!&|:*`, `'${b}':A`] },
  { name: 'NUL byte', build: (b) => [`${b}\0' OR 1=1--`, `\0`, `${b}\0`] },
  { name: 'very long', build: (b) => [`${b}${"' OR 1=1--".repeat(600)}`, `${b} ${'ا '.repeat(240)}`] },
  { name: 'unicode quotes', build: (b) => [`${b}＇ OR ＇1＇=＇1`, `${b}ʼ OR 1=1--`, `${b}’ OR ‘1’=‘1`, `${b}＂ OR ＂＂=＂`, `${b}；DROP TABLE documents`] },
  { name: 'LIKE wildcards', build: (b) => [`%`, `_`, `${b}%`, `%${b}%`, `${b}_`, `[a-z]%`, `*`] },
  { name: 'escapes and encodings', build: (b) => [`${b}\\' OR 1=1--`, `${b}%27 OR 1=1`, `${b}%2527`, `0x27`, `CHAR(39)`, `${b}\\x27`, `${b}\n' OR 1=1`] },
  { name: 'JSON and operator injection', build: (b) => [`{"$ne":null}`, `${b}","x":"`, `${b}' ->> 'a`, `${b}'::text`] },
];

/** Every (class, payload) for a parameter with this base value. */
const payloadsFor = (base: string): Array<{ cls: string; payload: string }> =>
  PAYLOAD_CLASSES.flatMap((c) => [...new Set([...c.build(base), ...c.build('')])].map((payload) => ({ cls: c.name, payload })));

/** The folded, lower-cased words of a query (what a text filter can require). */
const wordsOf = (q: string): string[] => foldString(q).toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
const folded = (s: string): string => foldString(s).toLowerCase();

/** Whether an event could honestly match `q`: its evidence sentence holds every word of the query. */
function couldMatchQ(e: EventRow, q: string): boolean {
  const words = wordsOf(q.trim());
  const text = folded(e.event_text);
  return words.length > 0 && words.every((w) => text.includes(w));
}

/** Whether an event could honestly match `actor`: an actor's text or name holds it, or it is an actor's country. */
function couldMatchActor(e: EventRow, actor: string): boolean {
  const needle = actor.trim();
  if (needle === '') return true;
  const texts = folded(e.actor.flatMap((a) => (a.name ? [a.text, a.name] : [a.text])).join('\n'));
  return texts.includes(folded(needle)) || e.actor.some((a) => a.country === needle.toUpperCase());
}

/** The number of actor-network edges an event can give. */
function edgesOf(e: EventRow): number {
  const nodes = (side: EventRow['actor']): number => new Set(side.flatMap((a) => (a.name || a.country ? [a.name || a.country] : []))).size;
  return nodes(e.actor) * nodes(e.recipient);
}

// ---------------------------------------------------------------------------------------------------------------
// The suite, once per store.

interface Backend {
  name: string;
  open(): Promise<{ store: Store; integrity: () => Promise<StoreIntegrity> }>;
}

const backends: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const path = join(dir, `access-${Math.random().toString(36).slice(2)}.db`);
      const store = await openStore(path);
      return { store, integrity: async () => sqliteIntegrity(path) };
    },
  },
];
if (pgUp) {
  backends.push({
    name: 'postgres',
    async open() {
      const schema = `marsad_access_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      schemas.push(schema);
      const store = await openStore(`${PG_URL}?schema=${schema}`);
      return { store, integrity: () => postgresIntegrity(PG_URL, schema) };
    },
  });
} else if (REQUIRE) {
  it('needs PostgreSQL at 127.0.0.1:5432 (MARSAD_REQUIRE_SERVICES=1)', () => {
    throw new Error('PostgreSQL is not reachable at 127.0.0.1:5432 and MARSAD_REQUIRE_SERVICES=1 requires it');
  });
} else {
  console.warn('access tests: the PostgreSQL store is SKIPPED — nothing answers on 127.0.0.1:5432 (set MARSAD_REQUIRE_SERVICES=1 to make this a failure)');
  it.skip('access tests on the PostgreSQL store need PostgreSQL at 127.0.0.1:5432', () => undefined);
}

describe.each(backends)('access on the $name store', (backend) => {
  let store: Store;
  let integrity: () => Promise<StoreIntegrity>;
  let app: FastifyInstance;
  let all: EventRow[];
  const docs = new Map<string, string>(); // id → folded title + text
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    ({ store, integrity } = await backend.open());
    for (const a of ARTICLES) docs.set(await ingest(store, a), folded(`${a.title}\n${a.text}`));
    app = await buildApp(store, { token: TOKEN, webRoot, rateLimit: HIGH });
    const res = await get('/api/events?limit=1000');
    all = (res.json() as { events: EventRow[] }).events;
    expect(all.length).toBeGreaterThanOrEqual(8);
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('answers SQL-injection payloads in every parameter with the honest answer or a 400, never a 500; the tables stay intact', async () => {
    const before = await integrity();
    const statsBefore = await store.stats();
    expect(before.problems).toEqual([]);
    const tally = new Map<string, { requests: number; ok: number; rejected: number }>();
    const count = (cls: string, status: number): void => {
      const t = tally.get(cls) ?? { requests: 0, ok: 0, rejected: 0 };
      t.requests++;
      if (status === 200) t.ok++;
      else t.rejected++;
      tally.set(cls, t);
    };

    // The filter parameters, with a real value each payload is built around.
    const filterBases: Record<string, string> = {
      since: '2024-03-12', until: '2024-03-12', type: 'PROTEST', country: 'IRQ', actor: 'شكري', q: 'بغداد', one_per_cluster: 'true',
    };
    const routes: Array<{ path: string; extra: Record<string, string>; size: (body: Record<string, unknown>) => number; bound: (h: EventRow[]) => number }> = [
      { path: '/api/events', extra: { limit: '50', cursor: '' }, size: (b) => (b.events as unknown[]).length, bound: (h) => h.length },
      { path: '/api/stats/timeline', extra: { bucket: 'day' }, size: (b) => (b.rows as Array<{ count: number }>).reduce((n, r) => n + r.count, 0), bound: (h) => h.length },
      { path: '/api/stats/map', extra: { limit: '100' }, size: (b) => (b.points as Array<{ count: number }>).reduce((n, p) => n + p.count, 0), bound: (h) => h.length },
      { path: '/api/actors/graph', extra: { limit: '100' }, size: (b) => (b.edges as Array<{ count: number }>).reduce((n, e) => n + e.count, 0), bound: (h) => h.reduce((n, e) => n + edgesOf(e), 0) },
    ];
    for (const route of routes) {
      for (const [param, base] of Object.entries({ ...filterBases, ...route.extra })) {
        for (const { cls, payload } of payloadsFor(base)) {
          const res = await get(`${route.path}?${param}=${encodeURIComponent(payload)}`);
          const where = `${route.path} ${param}=${JSON.stringify(payload).slice(0, 80)}`;
          count(cls, res.statusCode);
          if (res.statusCode !== 200) {
            expectError(res, 400, 'invalid_request');
            continue;
          }
          const body = res.json() as Record<string, unknown>;
          if (param === 'q' || param === 'actor') {
            // The honest answer: the events the text could match.
            const honest = all.filter((e) => (param === 'q' ? couldMatchQ(e, payload) : couldMatchActor(e, payload)));
            expect(route.size(body), where).toBeLessThanOrEqual(route.bound(honest));
            if (route.path === '/api/events') {
              const ids = new Set(honest.map((e) => e.id));
              for (const e of body.events as EventRow[]) expect(ids.has(e.id), `${where}: ${e.id}`).toBe(true);
            }
          } else if (param === 'cursor') {
            // A forged cursor may be read as a position: the page is a run of real events, never more.
            const ids = new Set(all.map((e) => e.id));
            const events = body.events as EventRow[];
            expect(events.length, where).toBeLessThanOrEqual(50);
            for (const e of events) expect(ids.has(e.id), where).toBe(true);
          } else {
            throw new Error(`${where}: a payload in a non-text parameter was accepted (${res.statusCode})`);
          }
        }
      }
    }
    // A payload as a parameter name, and a parameter given twice.
    for (const name of ["' OR 1=1--", 'q; DROP TABLE documents', 'type[]', '__proto__', 'constructor']) {
      const res = await get(`/api/events?${encodeURIComponent(name)}=x`);
      count('payload as parameter name', res.statusCode);
      expectError(res, 400, 'invalid_request');
    }
    for (const url of ['/api/events?type=ASSAULT&type=PROTEST', "/api/events?q=x&q=' OR 1=1--", '/api/search?q=a&q=b', '/api/alerts?day=2024-03-12&day=2024-03-13']) {
      const res = await get(url);
      count('parameter pollution', res.statusCode);
      expectError(res, 400, 'invalid_request');
    }
    // Forged cursors that decode to JSON holding payloads.
    for (const payload of ["2024-03-12' OR 1=1--", "x'); DROP TABLE events;--", '\0', '~']) {
      for (const cursor of [[payload, payload], [payload, all[0]!.id], ['2024-03-12', payload], [payload]]) {
        const res = await get(`/api/events?limit=50&cursor=${Buffer.from(JSON.stringify(cursor)).toString('base64url')}`);
        count('forged cursor', res.statusCode);
        if (res.statusCode !== 200) expectError(res, 400, 'invalid_request');
        else for (const e of (res.json() as { events: EventRow[] }).events) expect(all.some((x) => x.id === e.id)).toBe(true);
      }
    }
    // Blind payloads that differ only in a true or false condition answer the same.
    for (const [a, b] of [["شكري' AND 1=1--", "شكري' AND 1=2--"], ["بغداد' OR 1=1--", "بغداد' OR 1=2--"]]) {
      for (const param of ['q', 'actor']) {
        const [ra, rb] = [await get(`/api/events?${param}=${encodeURIComponent(a!)}`), await get(`/api/events?${param}=${encodeURIComponent(b!)}`)];
        expect(ra.statusCode).toBe(rb.statusCode);
        expect(ra.body).toBe(rb.body);
      }
    }

    // Full-text search: hits only among the documents holding every word of the query.
    for (const param of ['q', 'limit'] as const) {
      for (const { cls, payload } of payloadsFor(param === 'q' ? 'بغداد' : '5')) {
        const url = param === 'q' ? `/api/search?q=${encodeURIComponent(payload)}` : `/api/search?q=${encodeURIComponent('بغداد')}&limit=${encodeURIComponent(payload)}`;
        const res = await get(url);
        count(cls, res.statusCode);
        if (res.statusCode !== 200) {
          expectError(res, 400, 'invalid_request');
          continue;
        }
        expect(param, `/api/search limit=${payload} was accepted`).toBe('q');
        const words = wordsOf(payload);
        for (const hit of (res.json() as { hits: Array<{ id: string }> }).hits) {
          const text = docs.get(hit.id);
          expect(text, `a hit that is not a stored document: ${hit.id}`).toBeDefined();
          expect(words.every((w) => text!.includes(w)), `search ${JSON.stringify(payload)} found ${hit.id}`).toBe(true);
        }
      }
    }
    // Alerts and path parameters: no payload is a valid value.
    for (const [param, base] of Object.entries({ day: '2024-03-12', baseline_days: '28', min_events: '3', threshold: '2' })) {
      for (const { cls, payload } of payloadsFor(base)) {
        const res = await get(`/api/alerts?${param}=${encodeURIComponent(payload)}`);
        count(cls, res.statusCode);
        expectError(res, 400, 'invalid_request');
      }
    }
    const docId = [...docs.keys()][0]!;
    for (const { cls, payload } of payloadsFor(docId)) {
      for (const url of [`/api/documents/${encodeURIComponent(payload)}`, `/api/events/${encodeURIComponent(payload)}/corrections`, `/api/events/${encodeURIComponent(`${docId}-1${payload}`)}/corrections`]) {
        const res = await get(url);
        count(cls, res.statusCode);
        expect([400, 404], `${url}: ${res.body.slice(0, 200)}`).toContain(res.statusCode);
        expectError(res, res.statusCode);
      }
    }

    // Nothing was changed by any of it.
    const after = await integrity();
    expect(after.problems).toEqual([]);
    expect({ documents: after.documents.length, events: after.events, errors: after.errors.length })
      .toEqual({ documents: before.documents.length, events: before.events, errors: before.errors.length });
    expect(await store.stats()).toEqual(statsBefore);
    const total = [...tally.values()].reduce((n, t) => n + t.requests, 0);
    console.log(`[access] ${backend.name}: ${total} hostile requests, 0 answered 5xx; per class (requests: 200 with the honest answer / 400):\n` +
      [...tally].map(([cls, t]) => `  ${cls.padEnd(28)} ${String(t.requests).padStart(4)}: ${t.ok} / ${t.rejected}`).join('\n'));
  });

  it('stores payloads written in corrections and documents as data, exactly', async () => {
    const before = await integrity();
    const event = all.find((e) => e.event === 'ASSAULT')!;
    const payloads = ["'; DROP TABLE corrections;--", "x' UNION SELECT raw FROM documents--", '%_*"NEAR(', '＇ OR ＇1＇=＇1', "' AND pg_sleep(5)--"];
    for (const p of payloads) {
      const res = await app.inject({ method: 'POST', url: `/api/events/${event.id}/corrections`, headers: { authorization: `Bearer ${TOKEN}` },
        payload: { note: p, author: p, actor: [p], place: { name: p, country: null } } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const listed = (await get(`/api/events/${event.id}/corrections`)).json() as { corrections: Array<{ note: string; author: string }> };
    expect(listed.corrections.map((c) => c.note)).toEqual(payloads);
    expect(listed.corrections.map((c) => c.author)).toEqual(payloads);

    const article = { title: `عنوان ${payloads[0]}`, text: `تظاهر مئات في الموصل احتجاجا على ${payloads[1]} اليوم.`, source: payloads[2], url: `https://example.com/?q=${payloads[3]}` };
    const posted = await app.inject({ method: 'POST', url: '/api/documents', headers: { authorization: `Bearer ${TOKEN}` }, payload: article });
    expect(posted.statusCode, posted.body).toBe(201);
    const id = (posted.json() as { results: Array<{ id: string }> }).results[0]!.id;
    const stored = (await get(`/api/documents/${id}`)).json() as { document: { title: string; source: string; url: string } };
    expect(stored.document.source).toBe(article.source);
    expect(stored.document.title).toContain('DROP TABLE corrections');
    const after = await integrity();
    expect(after.problems).toEqual([]);
    expect(after.documents.length).toBe(before.documents.length + 1);
    expect(after.events).toBeGreaterThan(before.events);
    docs.set(id, folded(`${article.title}\n${article.text}`));
  });

  describe('the bearer token', () => {
    const doc = (n: number) => ({ text: `تظاهر ${n} من العمال في البصرة احتجاجا على الأجور.`, published: '2024-03-20' });
    const writes = (headers: Record<string, string>, n: number) => [
      app.inject({ method: 'POST', url: '/api/documents', headers, payload: doc(n) }),
      app.inject({ method: 'POST', url: `/api/events/${all[0]!.id}/corrections`, headers, payload: { wrong: true } }),
    ];

    it('refuses every missing, malformed, wrong or misplaced credential with a 401, and stores nothing', async () => {
      const documentsBefore = (await store.stats()).documents;
      const correctionsBefore = (await get(`/api/events/${all[0]!.id}/corrections`)).json().corrections.length as number;
      const cyrillic = TOKEN.replace('a', 'а');
      const refused: Array<[string, Record<string, string>]> = [
        ['no header', {}],
        ['scheme only', { authorization: 'Bearer' }],
        ['scheme and a space', { authorization: 'Bearer ' }],
        ['no space', { authorization: `Bearer${TOKEN}` }],
        ['wrong token, same length', { authorization: `Bearer ${'x'.repeat(TOKEN.length)}` }],
        ['wrong token, shorter', { authorization: 'Bearer abc' }],
        ['the token and one more character', { authorization: `Bearer ${TOKEN}x` }],
        ['the token less its last character', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
        ['the token upper-cased', { authorization: `Bearer ${TOKEN.toUpperCase()}` }],
        ['the token lower-cased', { authorization: `Bearer ${TOKEN.toLowerCase()}` }],
        ['a look-alike character', { authorization: `Bearer ${cyrillic}` }],
        ['a space inside the token', { authorization: `Bearer ${TOKEN.slice(0, 5)} ${TOKEN.slice(5)}` }],
        ['a tab instead of the space', { authorization: `Bearer\t${TOKEN}` }],
        ['the token twice', { authorization: `Bearer ${TOKEN} ${TOKEN}` }],
        ['a second scheme after it', { authorization: `Bearer ${TOKEN}, Basic eDp5` }],
        ['quoted', { authorization: `Bearer "${TOKEN}"` }],
        ['Basic with the token as password', { authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}` }],
        ['Basic with the token', { authorization: `Basic ${TOKEN}` }],
        ['Token scheme', { authorization: `Token ${TOKEN}` }],
        ['bare token', { authorization: TOKEN }],
        ['Bearer= form', { authorization: `Bearer=${TOKEN}` }],
        ['the token base64-encoded', { authorization: `Bearer ${Buffer.from(TOKEN).toString('base64')}` }],
        ['the token in another header', { 'x-api-key': TOKEN, 'x-marsad-token': TOKEN }],
        ['the token in a cookie', { cookie: `token=${TOKEN}; marsad_token=${TOKEN}` }],
      ];
      for (const [what, headers] of refused) {
        for (const res of await Promise.all(writes(headers, 1))) {
          expectError(res, 401);
          expect(['unauthorized', 'invalid_token'], what).toContain((res.json() as { error: { code: string } }).error.code);
          expect(String(res.headers['www-authenticate']), what).toMatch(/^Bearer realm="marsad"/);
          expectSecurityHeaders(res, what);
        }
      }
      // In the query string: an unknown parameter, and still no token.
      const inQuery = await app.inject({ method: 'POST', url: `/api/documents?token=${TOKEN}`, payload: doc(1) });
      expectError(inQuery, 401);
      // The token is checked before the body is read: a body over the limit without the token is a 401, not a 413.
      const big = await app.inject({ method: 'POST', url: '/api/documents', payload: { text: 'ا'.repeat(3 * 1024 * 1024) } });
      expectError(big, 401);
      expect((await store.stats()).documents).toBe(documentsBefore);
      expect((await get(`/api/events/${all[0]!.id}/corrections`)).json().corrections.length).toBe(correctionsBefore);
    });

    it('accepts the token with the scheme in any case and any run of spaces (RFC 7235, RFC 6750)', async () => {
      let n = 100;
      for (const authorization of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER ${TOKEN}`, `Bearer   ${TOKEN}`, `Bearer ${TOKEN}  `]) {
        for (const res of await Promise.all(writes({ authorization }, n++))) expect([200, 201], `${authorization}: ${res.body}`).toContain(res.statusCode);
      }
    });
  });

  describe('rate limits', () => {
    it('answers exactly the excess of a flood with 429s, JSON and Retry-After; other clients and forged X-Forwarded-For change nothing', async () => {
      const MAX = 25;
      const EXTRA = 15;
      const limited = await buildApp(store, { token: TOKEN, webRoot, rateLimit: { max: MAX, timeWindow: '1 minute' }, writeRateLimit: { max: 3, timeWindow: '1 minute' } });
      try {
        await limited.listen({ port: 0, host: '127.0.0.1' });
        const { port } = limited.server.address() as { port: number };
        // The flood: all at once, each on its own connection from 127.0.0.1, over several routes (404s and static files
        // count too), each claiming another address.
        const urls = ['/api/events?limit=5', '/api/search?q=%D8%A8%D8%BA%D8%AF%D8%A7%D8%AF', '/api/stats', '/nope', '/index.html', '/healthz'];
        const flood = await Promise.all(Array.from({ length: MAX + EXTRA }, (_, i) =>
          httpGet(port, urls[i % urls.length]!, { 'x-forwarded-for': `192.0.2.${i}`, 'x-real-ip': `192.0.2.${i}`, forwarded: `for=192.0.2.${i}` })));
        const statuses = flood.map((r) => r.status);
        expect(statuses.filter((s) => s === 429)).toHaveLength(EXTRA);
        expect(statuses.filter((s) => s !== 429).every((s) => s === 200 || s === 404)).toBe(true);
        for (const res of flood.filter((r) => r.status === 429)) {
          expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
          expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('rate_limited');
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
          expect(res.headers['x-ratelimit-limit']).toBe(String(MAX));
          expect(res.headers['x-ratelimit-remaining']).toBe('0');
          expectSecurityHeaders(res, '429');
        }
        // Still limited, whatever it claims to be.
        expect((await httpGet(port, '/healthz', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(429);
        // Another client is not.
        expect((await httpGet(port, '/api/events?limit=5', {}, '127.0.0.2')).status).toBe(200);

        // Writes and analysis have their own, lower limit; reads of that client go on.
        const writer = '10.3.3.3';
        const analyze = (n: number) => limited.inject({ method: 'POST', url: '/api/analyze', remoteAddress: writer, payload: { text: `تظاهر ${n} في عمان.` } });
        const post = (n: number) => limited.inject({ method: 'POST', url: '/api/documents', remoteAddress: writer, headers: { authorization: `Bearer ${TOKEN}` }, payload: { text: `تظاهر ${n + 500} من العمال في البصرة.` } });
        const analyses = [];
        for (let i = 0; i < 5; i++) analyses.push((await analyze(i)).statusCode);
        expect(analyses).toEqual([200, 200, 200, 429, 429]);
        const posts = [];
        for (let i = 0; i < 5; i++) posts.push((await post(i)).statusCode);
        expect(posts.slice(0, 3).every((s) => s === 201 || s === 200)).toBe(true);
        expect(posts.slice(3)).toEqual([429, 429]);
        expect((await limited.inject({ method: 'GET', url: '/api/events?limit=5', remoteAddress: writer })).statusCode).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });

  describe('bodies', () => {
    it('answers an over-size body with a 413 JSON error', async () => {
      const small = await buildApp(store, { token: TOKEN, webRoot: null, rateLimit: HIGH, bodyLimit: 4096 });
      try {
        const res = await small.inject({ method: 'POST', url: '/api/analyze', payload: { text: 'ا'.repeat(5000) } });
        expectError(res, 413, 'body_too_large');
        expectSecurityHeaders(res, '413');
        const authorized = await small.inject({ method: 'POST', url: '/api/documents', headers: { authorization: `Bearer ${TOKEN}` }, payload: { text: 'ا'.repeat(5000) } });
        expectError(authorized, 413, 'body_too_large');
      } finally {
        await small.close();
      }
      // The default limit: 2 MB.
      const res = await app.inject({ method: 'POST', url: '/api/analyze', payload: { text: 'ب'.repeat(1024 * 1024 + 10) } });
      expectError(res, 413, 'body_too_large');
    });

    it('answers deeply nested and prototype-polluting JSON with a 400, and keeps answering', async () => {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
      const documentsBefore = (await store.stats()).documents;
      // Nesting this deep overflows the stack of any recursive walk (JSON.stringify, a schema validator).
      for (const depth of [20_000, 300_000]) {
        const arrays = '['.repeat(depth) + ']'.repeat(depth);
        const objects = '{"a":'.repeat(Math.min(depth, 200_000)) + '1' + '}'.repeat(Math.min(depth, 200_000));
        for (const nested of [arrays, objects]) {
          for (const [url, body] of [
            ['/api/analyze', `{"text":"تظاهر مئات في بغداد","extra":${nested}}`],
            ['/api/documents', `{"text":"تظاهر ${depth} من المئات في بغداد","extra":${nested}}`],
            ['/api/documents', `{"documents":[{"text":"تظاهر ${depth} من الآلاف في بغداد","extra":${nested}}]}`],
            ['/api/documents', `{"documents":${nested}}`],
            [`/api/events/${all[0]!.id}/corrections`, `{"note":${nested}}`],
          ] as const) {
            const res = await app.inject({ method: 'POST', url, headers, payload: body });
            expectError(res, 400);
          }
        }
      }
      for (const body of ['{"text":"نص","__proto__":{"polluted":true}}', '{"text":"نص","constructor":{"prototype":{"polluted":true}}}',
        '{"documents":[{"text":"نص","__proto__":{"polluted":true}}]}']) {
        for (const url of ['/api/analyze', '/api/documents']) expectError(await app.inject({ method: 'POST', url, headers, payload: body }), 400, 'invalid_json');
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // Other media types and broken JSON.
      expectError(await app.inject({ method: 'POST', url: '/api/analyze', headers: { 'content-type': 'text/plain' }, payload: 'تظاهر مئات' }), 415, 'unsupported_media_type');
      expectError(await app.inject({ method: 'POST', url: '/api/analyze', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'text=x' }), 415, 'unsupported_media_type');
      expectError(await app.inject({ method: 'POST', url: '/api/analyze', headers: { 'content-type': 'application/json' }, payload: '{"text": "x"' }), 400, 'invalid_json');
      expect((await store.stats()).documents).toBe(documentsBefore);
      expect((await get('/healthz')).statusCode).toBe(200);
    });
  });

  it('sends the security headers and the exact CSP on every kind of answer, static files included', async () => {
    const failing = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'stats') return () => Promise.reject(new Error('disk I/O error at /var/lib/secret-path'));
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const broken = await buildApp(failing, { token: TOKEN, webRoot, rateLimit: { max: 3, timeWindow: '1 minute' } });
    try {
      const internal = await broken.inject({ method: 'GET', url: '/api/stats' });
      expectError(internal, 500, 'internal');
      expect(internal.body).not.toContain('secret-path');
      expectSecurityHeaders(internal, '500');
    } finally {
      await broken.close();
    }
    const etagged = await get('/api/stats');
    const answers: Array<[string, Reply, number]> = [
      ['200 JSON', etagged, 200],
      ['400', await get('/api/events?limit=x'), 400],
      ['401', await app.inject({ method: 'POST', url: '/api/documents', payload: { text: 'x' } }), 401],
      ['404', await get('/api/nothing-here'), 404],
      ['415', await app.inject({ method: 'POST', url: '/api/analyze', headers: { 'content-type': 'text/plain' }, payload: 'x' }), 415],
      ['static index', await get('/'), 200],
      ['static script', await get('/assets/app.js'), 200],
      ['static missing', await get('/assets/none.js'), 404],
      ['docs', await get('/docs'), 200],
      ['openapi', await get('/openapi.json'), 200],
    ];
    if (etagged.headers.etag !== undefined) answers.push(['304', await get('/api/stats', { 'if-none-match': String(etagged.headers.etag) }), 304]);
    for (const [what, res, status] of answers) {
      expect(res.statusCode, what).toBe(status);
      expectSecurityHeaders(res, what);
    }
    expect(String((await get('/assets/app.js')).headers['content-type'])).toMatch(/javascript/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Static files and the token comparison (the same whatever the store).

/** GET over a new connection (from `localAddress`), with these headers; status, headers and body. */
function httpGet(port: number, path: string, headers: Record<string, string> = {}, localAddress = '127.0.0.1'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers, localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    request.on('error', reject);
  });
}

/** Send raw request bytes (no client normalizes the path) and read the status and body. */
function rawRequest(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    socket.on('connect', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    socket.on('data', (b: Buffer) => (data += b.toString('latin1')));
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) });
    });
    socket.on('error', reject);
  });
}

describe('static files', () => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openStore(join(dir, 'static.db'));
    app = await buildApp(store, { token: TOKEN, webRoot, rateLimit: HIGH });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const secretPath = join(dir, 'secret.txt');
  const TRAVERSALS = [
    '/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/%2E%2E%2Fsecret.txt', '/.%2e/secret.txt', '/%2e./secret.txt',
    '/assets/../../secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/./../secret.txt', '/assets/./.././../secret.txt',
    '/..%5csecret.txt', '/..\\secret.txt', '/assets\\..\\..\\secret.txt', '/%2e%2e%5csecret.txt',
    '/..%252fsecret.txt', '/%252e%252e%252fsecret.txt', '/%25%32%65%25%32%65/secret.txt',
    '/%c0%ae%c0%ae/secret.txt', '/%c0%ae%c0%ae%c0%afsecret.txt', '/%e0%80%ae%e0%80%ae/secret.txt', '/%ef%bc%8e%ef%bc%8e%ef%bc%8fsecret.txt', '/%u002e%u002e/secret.txt',
    '/..;/secret.txt', '/assets/..;/..;/secret.txt', '/;/../secret.txt',
    '/%00../secret.txt', '/..%00/secret.txt', '/index.html%00/../../secret.txt', '/secret.txt%00.html',
    `/${secretPath}`, `//${secretPath}`, `/${encodeURIComponent(secretPath)}`, `/..${secretPath}`, '/etc/passwd', '//etc/passwd', '/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/file:///etc/passwd', '/.env', '/%2eenv', '/assets/../.env', '/assets/%2e%2e/.env', '/.%65nv', '/./.env', '/assets/..%2f.env',
  ];
  const leaked = (body: string): boolean => /BESIDE-WEBROOT-SECRET|DOTFILE-SECRET|root:x?:0:0/.test(body);

  it('serves the web root', async () => {
    expect((await app.inject({ method: 'GET', url: '/' })).body).toContain('<title>dash</title>');
    expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).body).toContain('console.log');
  });

  it('never serves a file outside the web root or a dotfile, whatever the path encoding (inject and raw HTTP)', async () => {
    const { port } = app.server.address() as { port: number };
    const statuses = new Map<number, number>();
    for (const target of TRAVERSALS) {
      const injected = await app.inject({ method: 'GET', url: target });
      expect(leaked(injected.body), `inject ${target}`).toBe(false);
      expect([400, 404], `inject ${target}: ${injected.statusCode}`).toContain(injected.statusCode);
      const raw = await rawRequest(port, target);
      expect(leaked(raw.body), `raw ${target}`).toBe(false);
      expect([400, 404], `raw ${target}: ${raw.status}`).toContain(raw.status);
      statuses.set(raw.status, (statuses.get(raw.status) ?? 0) + 1);
    }
    // An absolute-form request target naming a file.
    const absolute = await rawRequest(port, `http://127.0.0.1:${port}/../secret.txt`);
    expect(leaked(absolute.body)).toBe(false);
    console.log(`[access] static traversal: ${TRAVERSALS.length + 1} paths × (inject, raw HTTP), 0 served; raw statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  });
});

describe('tokensEqual', () => {
  it('compares two 32-byte digests with timingSafeEqual, whatever the lengths given, and by content only', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    const cases: Array<[string, string, boolean]> = [
      [TOKEN, TOKEN, true], ['', TOKEN, false], ['a', TOKEN, false], [`${TOKEN}x`, TOKEN, false], [TOKEN.slice(0, -1), TOKEN, false],
      [TOKEN.toUpperCase(), TOKEN, false], ['x'.repeat(10_000), TOKEN, false], ['ا', 'ا', true], ['\0', '', false],
    ];
    for (const [given, expected, equal] of cases) expect(tokensEqual(given, expected), JSON.stringify(given).slice(0, 40)).toBe(equal);
    expect(spy).toHaveBeenCalledTimes(cases.length);
    for (const [a, b] of spy.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });
});
