/**
 * The read routes' answer cache (src/server/response-cache.ts and its hooks in src/server/app.ts): the LRU's bounds
 * and versions, and through the app over an SQLite store: cached answers equal fresh ones, ETags and 304s, a write
 * through the API or by another connection to the same file is seen at once, concurrent identical requests ask the
 * store once, errors are never cached, and rate limits still count cached answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../src/server/app.js';
import { ResponseCache } from '../src/server/response-cache.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { analyzeItem } from '../src/ingest/analyze-item.js';
import { commitDocument } from '../src/ingest/commit-document.js';
import { inputFromObject } from '../src/ingest/read-input.js';

const TOKEN = 'cache-test-token-0123456789';

const answer = (text: string) => ({ body: Buffer.from(text), contentType: 'application/json', etag: `"${text}"` });

describe('ResponseCache', () => {
  it('answers only at the version an answer was made at, and drops it when the version moved', () => {
    const cache = new ResponseCache();
    cache.set('/a', 'v1', answer('one'));
    expect(cache.get('/a', 'v1')?.body.toString()).toBe('one');
    expect(cache.get('/a', 'v2')).toBeNull();
    // Dropped: not even the old version finds it again.
    expect(cache.get('/a', 'v1')).toBeNull();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, stale: 1, entries: 0, bytes: 0 });
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new ResponseCache({ maxEntries: 2 });
    cache.set('/a', 'v', answer('a'));
    cache.set('/b', 'v', answer('b'));
    expect(cache.get('/a', 'v')).not.toBeNull(); // /a is now the most recent
    cache.set('/c', 'v', answer('c'));
    expect(cache.get('/b', 'v')).toBeNull();
    expect(cache.get('/a', 'v')).not.toBeNull();
    expect(cache.get('/c', 'v')).not.toBeNull();
  });

  it('keeps at most maxBytes, refuses a body over maxEntryBytes, and forgets answers older than maxAgeMs', () => {
    let now = 0;
    const cache = new ResponseCache({ maxBytes: 100, maxEntryBytes: 60, maxAgeMs: 1000, now: () => now });
    cache.set('/big', 'v', answer('x'.repeat(80)));
    expect(cache.get('/big', 'v')).toBeNull();
    cache.set('/a', 'v', answer('a'.repeat(50)));
    cache.set('/b', 'v', answer('b'.repeat(50)));
    expect(cache.stats().entries).toBe(1);
    expect(cache.stats().bytes).toBeLessThanOrEqual(100);
    expect(cache.get('/b', 'v')).not.toBeNull();
    now = 1001;
    expect(cache.get('/b', 'v')).toBeNull();
  });
});

describe('the API with the answer cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marsad-cache-'));
  const path = join(dir, 'cache.db');
  let store: Store;
  let app: FastifyInstance;
  const calls = { events: 0 };

  /** Store an article as `marsad ingest` does. */
  async function ingest(s: Store, article: Record<string, unknown>): Promise<string> {
    const raw = JSON.stringify(article);
    return (await commitDocument(s, analyzeItem({ origin: 'test', raw, input: inputFromObject(article, raw) }))).id;
  }

  /** The store, counting the calls of `events` (the single-flight test reads the count). */
  function counting(s: Store): Store {
    return new Proxy(s, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key === 'events' && typeof value === 'function') {
          return (...args: unknown[]) => {
            calls.events++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  const appOver = (s: Store, options: Partial<AppOptions> = {}) =>
    buildApp(s, { token: TOKEN, webRoot: null, rateLimit: { max: 100_000, timeWindow: '1 minute' }, ...options });

  beforeAll(async () => {
    store = await openStore(path);
    await ingest(store, { title: 'هجوم في الموصل', text: 'قتل ثلاثة جنود في هجوم على نقطة تفتيش في مدينة الموصل العراقية يوم الأحد.', published: '2024-03-10T08:00:00Z' });
    await ingest(store, { title: 'لقاء في عمان', text: 'التقى وزير الخارجية الأردني نظيره المصري في عمان لبحث الأوضاع في غزة.', published: '2024-03-11T08:00:00Z' });
    app = await appOver(counting(store));
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the same answer from the cache, with an ETag that a revalidation turns into a 304', async () => {
    const first = await app.inject('/api/events?limit=10');
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-marsad-cache']).toBe('miss');
    const second = await app.inject('/api/events?limit=10');
    expect(second.headers['x-marsad-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['cache-control']).toBe('no-cache');
    expect(String(second.headers['content-type'])).toMatch(/^application\/json/);
    const revalidated = await app.inject({ url: '/api/events?limit=10', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
    // The security headers are on cached answers too.
    expect(second.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('sees a document posted through the API at once', async () => {
    const before = (await app.inject('/api/search?q=البصرة')).json().hits as unknown[];
    expect(before).toEqual([]);
    const posted = await app.inject({
      method: 'POST', url: '/api/documents', headers: { authorization: `Bearer ${TOKEN}` },
      payload: { title: 'مظاهرة في البصرة', text: 'تظاهر مئات العراقيين في البصرة احتجاجا على انقطاع الكهرباء.', published: '2024-03-12T08:00:00Z' },
    });
    expect(posted.statusCode).toBe(201);
    const after = await app.inject('/api/search?q=البصرة');
    expect(after.headers['x-marsad-cache']).toBe('miss');
    expect((after.json().hits as Array<{ title: string }>).map((h) => h.title)).toEqual(['مظاهرة في البصرة']);
  });

  it('sees a document another connection stored in the same file', async () => {
    const url = '/api/search?q=طرابلس';
    expect((await app.inject(url)).json().hits).toEqual([]);
    expect((await app.inject(url)).headers['x-marsad-cache']).toBe('hit');
    const other = await openStore(path);
    try {
      await ingest(other, { title: 'اشتباكات في طرابلس', text: 'اندلعت اشتباكات عنيفة بين مجموعات مسلحة في طرابلس الليبية.', published: '2024-03-13T08:00:00Z' });
    } finally {
      await other.close();
    }
    const after = await app.inject(url);
    expect(after.headers['x-marsad-cache']).toBe('miss');
    expect((after.json().hits as Array<{ title: string }>).map((h) => h.title)).toEqual(['اشتباكات في طرابلس']);
  });

  it('asks the store once for concurrent identical requests, and every one gets the answer', async () => {
    const url = '/api/events?limit=7&type=ASSAULT';
    calls.events = 0;
    const answers = await Promise.all(Array.from({ length: 12 }, () => app.inject(url)));
    expect(calls.events).toBe(1);
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.filter((a) => a.headers['x-marsad-cache'] === 'miss')).toHaveLength(1);
  });

  it('never caches an error, and asks the store every time when the cache is off', async () => {
    const bad = '/api/events?since=2024-02-30';
    expect((await app.inject(bad)).statusCode).toBe(400);
    const again = await app.inject(bad);
    expect(again.statusCode).toBe(400);
    expect(again.headers['x-marsad-cache']).toBeUndefined();

    const uncached = await appOver(counting(store), { cache: false });
    try {
      calls.events = 0;
      for (let i = 0; i < 3; i++) {
        const res = await uncached.inject('/api/events?limit=3');
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-marsad-cache']).toBeUndefined();
      }
      expect(calls.events).toBe(3);
    } finally {
      await uncached.close();
    }
  });

  it('counts cached answers against the rate limit', async () => {
    const limited = await appOver(store, { rateLimit: { max: 3, timeWindow: '1 minute' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.inject('/api/stats')).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
