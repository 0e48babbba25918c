/**
 * Runs the shared store suite (test/store-suite.ts) against every backend named in `STORES` (comma list; default
 * `sqlite,postgres`). SQLite uses files in a temporary folder, with three sizes of index batch. PostgreSQL runs when something answers on
 * 127.0.0.1:5432, each store in its own fresh schema, dropped afterwards; when it is not there the suite is
 * skipped with a warning, or fails under `MARSAD_REQUIRE_SERVICES=1` (CI), so CI can never skip it silently.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { answers } from './helpers/answers.js';
import { sqliteMigrations } from '../src/store/migrations/sqlite.js';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import type { NewDocument, Store } from '../src/store/store.js';
import type { AnnotatedDoc, PloverEvent } from '../src/types.js';
import { storeSuite } from './store-suite.js';

const KNOWN = ['sqlite', 'postgres'];
const STORES = (process.env.STORES ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = STORES.filter((s) => !KNOWN.includes(s));
if (unknown.length > 0) throw new Error(`STORES names unknown backends: ${unknown.join(', ')} (known: ${KNOWN.join(', ')})`);

const REQUIRE_SERVICES = process.env.MARSAD_REQUIRE_SERVICES === '1';
const PG_HOST = '127.0.0.1';
const PG_PORT = 5432;
const PG_URL = `postgres://postgres@${PG_HOST}:${PG_PORT}/test`;

type CreatePostgresStore = (url: string, options?: { schema?: string }) => Promise<Store>;

if (STORES.includes('sqlite')) {
  // The search indexes are written in batches: with the default batch every document of a test is pending, with
  // 1 every one is indexed at once, with 3 a test sees both.
  for (const indexBatch of [undefined, 1, 3]) {
    let dir: string | null = null;
    let n = 0;
    storeSuite(
      indexBatch === undefined ? 'sqlite' : `sqlite (index batch ${indexBatch})`,
      async () => {
        dir ??= mkdtempSync(join(tmpdir(), 'marsad-store-'));
        const path = join(dir, `store-${n++}.db`);
        return indexBatch === undefined ? createSqliteStore(path) : createSqliteStore(path, { indexBatch });
      },
      async () => {
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    );
  }
}

if (STORES.includes('sqlite')) {
  describe('store: sqlite, several connections on one file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marsad-store-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('changes its data version when another connection commits', async () => {
      const path = join(dir, 'versions.db');
      const a = await createSqliteStore(path);
      const b = await createSqliteStore(path);
      try {
        await b.migrate();
        const before = await a.dataVersion();
        await b.putDocument(plainDocument('v1', 'أعلنت الحكومة خطة جديدة', ['v1']));
        const after = await a.dataVersion();
        expect(after).not.toBe(before);
        expect(await a.dataVersion()).toBe(after);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('sees the documents and pending bands another connection stored, and indexes them once', async () => {
      const path = join(dir, 'shared.db');
      const a = await createSqliteStore(path);
      const b = await createSqliteStore(path);
      try {
        await b.migrate();
        expect(await a.putDocument(plainDocument('one', 'أعلنت الحكومة خطة جديدة للطاقة', ['x1', 'shared']))).toEqual({ status: 'inserted', id: 'one' });
        expect((await b.nearDuplicateCandidates(['x1'])).map((c) => c.id)).toEqual(['one']);
        // b's search indexes what a stored; a then finds it in the index, not twice.
        expect((await b.search('اعلنت')).map((h) => h.id)).toEqual(['one']);
        expect((await a.nearDuplicateCandidates(['x1', 'shared'])).map((c) => c.id)).toEqual(['one']);
        await a.putDocument(plainDocument('two', 'وقعت الحكومة اتفاقا للطاقة', ['x2', 'shared']));
        const both = await b.nearDuplicateCandidates(['shared', 'x2']);
        expect(both.map((c) => c.id)).toEqual(['two', 'one']);
        expect(Array.from(both[0]!.signature)).toEqual(Array.from(plainDocument('two', '', []).signature));
        expect(await b.putDocument(plainDocument('one', 'أعلنت الحكومة خطة جديدة للطاقة', ['x1']))).toEqual({ status: 'duplicate', id: 'one' });
        expect((await a.search('للطاقه')).map((h) => h.id).sort()).toEqual(['one', 'two']);
      } finally {
        await a.close();
        await b.close();
      }
      const c = await createSqliteStore(path);
      try {
        expect((await c.stats()).documents).toBe(2);
        expect((await c.nearDuplicateCandidates(['x2'])).map((d) => d.id)).toEqual(['two']);
        expect((await c.search('وقعت')).map((h) => h.id)).toEqual(['two']);
      } finally {
        await c.close();
      }
    });
  });
}

if (STORES.includes('sqlite')) {
  describe('store: sqlite, upgrading a version 1 database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marsad-store-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('fills the aggregation columns and the actor network from the stored records, and takes corrections', async () => {
      const path = join(dir, 'v1.db');
      const db = new Database(path);
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      db.exec(sqliteMigrations[0]!.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(sqliteMigrations[0]!.name, '2024-01-01T00:00:00.000Z');
      const { doc } = plainDocument('old', 'قصف الجيش التركي مواقع حزب العمال في الموصل', []);
      const events = [
        oldEvent('old-1', 'ASSAULT', '2024-02-03', { start: 0, end: 3 }, { name: 'Mosul', country: 'IRQ', lat: 36.3401, lon: 43.1302 }),
        oldEvent('old-2', 'PROTEST', null, { start: 4, end: 9 }, null),
      ];
      events[0]!.actor = [oldActor('الجيش التركي', 'Turkish Army', 'TUR'), oldActor('مسلحون', null, null)];
      events[0]!.recipient = [oldActor('حزب العمال', 'PKK', null), oldActor('مقاتلون', null, 'SYR'), oldActor('العمال', 'PKK', 'IRQ')];
      const docN = db
        .prepare(`INSERT INTO documents (id, content_hash, origin, title, source, url, published, coder, raw, input, doc, ingested_at, signature, bands)
          VALUES (?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, '[]')`)
        .run('old', 'hash-old', 'old.txt', '2024-02-04T09:00:00+03:00', 'marsad/0', doc.text, '{}', JSON.stringify({ ...doc, events }), '2024-01-01', Buffer.alloc(4)).lastInsertRowid;
      const insertEvent = db.prepare(`INSERT INTO events (id, doc_n, seq, type, planned, date, date_first, place_country, actor_search, confidence, record)
        VALUES (?, ?, ?, ?, NULL, ?, ?, ?, '', 0.5, ?)`);
      const insertCountry = db.prepare('INSERT OR IGNORE INTO event_countries (event_n, role, country) VALUES (?, ?, ?)');
      events.forEach((e, i) => {
        const n = insertEvent.run(e.id, docN, i, e.event, e.date, e.date ?? '~', e.event_loc?.country ?? null, JSON.stringify(e)).lastInsertRowid;
        for (const [role, actors] of [['actor', e.actor], ['recipient', e.recipient]] as const) {
          for (const a of actors) if (a.country) insertCountry.run(n, role, a.country);
        }
        if (e.event_loc?.country) insertCountry.run(n, 'place', e.event_loc.country);
      });
      db.close();

      const store = await createSqliteStore(path);
      try {
        expect(await store.actorGraph({})).toEqual({
          nodes: [
            { id: 'PKK', label: 'PKK', country: 'IRQ', count: 1 },
            { id: 'SYR', label: 'SYR', country: 'SYR', count: 1 },
            { id: 'Turkish Army', label: 'Turkish Army', country: 'TUR', count: 1 },
          ],
          edges: [
            // PKK is given by two recipients, one with a country: the pair keeps it.
            { source: 'Turkish Army', target: 'PKK', count: 1, byType: { ASSAULT: 1 } },
            { source: 'Turkish Army', target: 'SYR', count: 1, byType: { ASSAULT: 1 } },
          ],
        });
        expect(await store.mapPoints({})).toEqual([{ lat: 36.34, lon: 43.13, name: 'Mosul', country: 'IRQ', count: 1, byType: { ASSAULT: 1 } }]);
        expect(await store.dailyCounts('2024-02-01', '2024-02-29')).toEqual({
          events: ['IRQ', 'SYR', 'TUR'].map((country) => ({ day: '2024-02-03', country, event: 'ASSAULT', count: 1 })),
          documents: [{ day: '2024-02-04', count: 1 }],
        });
        const correction = await store.putCorrection({ eventId: 'old-2', wrong: true });
        expect(correction.anchor).toEqual({ start: 4, end: 9, event: 'PROTEST' });
        expect((await store.events({})).rows.map((r) => [r.id, r.correction?.id ?? null])).toEqual([['old-1', null], ['old-2', correction.id]]);
      } finally {
        await store.close();
      }
    });
  });
}

/** An actor of a hand-written event. */
function oldActor(text: string, name: string | null, country: string | null): PloverEvent['actor'][number] {
  return { start: 0, end: text.length, text, name, id: null, country, sector: null };
}

/** A hand-written event, as an earlier version stored it. */
function oldEvent(
  id: string,
  type: PloverEvent['event'],
  date: string | null,
  trigger: { start: number; end: number },
  place: { name: string; country: string; lat: number; lon: number } | null,
): PloverEvent {
  return {
    id, event: type, mode: null, context: [], actor: [], recipient: [],
    event_loc: place && { ...place, start: 0, end: 1, text: 'x', feature: 'city' },
    date, date_precision: date ? 'day' : null, date_source: date ? 'text' : null, event_text: 'نص الحدث', sentence: 0,
    trigger: { ...trigger, text: 'x'.repeat(trigger.end - trigger.start) },
    negated: false, future: false, hypothetical: false, planned: null, attribution: null, size: null, confidence: 0.5,
  };
}

/** A minimal stored document: `id`, one line of text, its bands, a signature derived from the id. */
function plainDocument(id: string, text: string, bands: string[]): NewDocument {
  const doc: AnnotatedDoc = {
    schema: 'marsad.doc/1',
    id,
    input_id: null,
    title: null,
    source: null,
    url: null,
    published: null,
    coder: 'marsad/test',
    text,
    messages: [],
    sentences: [],
    entities: [],
    times: [],
    quotes: [],
    events: [],
  };
  const input = { text, title: null, source: null, url: null, published: null, id: null };
  return {
    doc,
    raw: text,
    input,
    contentHash: `hash-of-${id}`,
    origin: `${id}.txt`,
    signature: Uint32Array.from({ length: 128 }, (_, i) => (i * 2654435761 + id.charCodeAt(0)) >>> 0),
    bands,
    nearDuplicateOf: null,
  };
}

if (STORES.includes('postgres')) {
  const target = await postgresTarget();
  if (typeof target !== 'string') {
    const schemas: string[] = [];
    storeSuite(
      'postgres',
      async () => {
        const schema = `marsad_test_${randomBytes(6).toString('hex')}`;
        schemas.push(schema);
        return target(PG_URL, { schema });
      },
      async () => {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        try {
          for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await client.end();
        }
      },
    );
  } else if (REQUIRE_SERVICES) {
    describe('store: postgres', () => {
      it('is available (MARSAD_REQUIRE_SERVICES=1)', () => {
        throw new Error(`store suite: postgres is required (MARSAD_REQUIRE_SERVICES=1) but ${target}`);
      });
    });
  } else {
    console.warn(`store suite: postgres skipped — ${target} (set MARSAD_REQUIRE_SERVICES=1 to make this a failure)`);
    // Registered as skipped rather than left out, so that vitest lists every postgres test as skipped.
    describe.skip(`postgres (skipped: ${target})`, () => {
      storeSuite('postgres', () => Promise.reject(new Error(target)));
    });
  }
}

/** The PostgreSQL backend's constructor, or why it cannot run here. */
async function postgresTarget(): Promise<CreatePostgresStore | string> {
  if (!(await answers(PG_PORT, PG_HOST))) return `nothing answers on ${PG_HOST}:${PG_PORT}`;
  // Imported by a computed name so that this file compiles before the backend exists.
  const file = fileURLToPath(new URL('../src/store/postgres-store.ts', import.meta.url));
  if (!existsSync(file)) return 'src/store/postgres-store.ts does not exist yet';
  const specifier = '../src/store/postgres-store.js';
  const module = (await import(/* @vite-ignore */ specifier)) as { createPostgresStore?: CreatePostgresStore };
  if (typeof module.createPostgresStore !== 'function') return 'src/store/postgres-store.ts does not export createPostgresStore';
  return module.createPostgresStore;
}

