/**
 * Runs the shared store suite (test/store-suite.ts) against every backend named in `STORES` (comma list; default
 * `sqlite,postgres`). SQLite uses files in a temporary folder, with three sizes of index batch. PostgreSQL runs when something answers on
 * 127.0.0.1:5432, each store in its own fresh schema, dropped afterwards; when it is not there the suite is
 * skipped with a warning, or fails under `MARSAD_REQUIRE_SERVICES=1` (CI), so CI can never skip it silently.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, it } from 'vitest';
import { createSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
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
  if (!(await answers(PG_HOST, PG_PORT))) return `nothing answers on ${PG_HOST}:${PG_PORT}`;
  // Imported by a computed name so that this file compiles before the backend exists.
  const file = fileURLToPath(new URL('../src/store/postgres-store.ts', import.meta.url));
  if (!existsSync(file)) return 'src/store/postgres-store.ts does not exist yet';
  const specifier = '../src/store/postgres-store.js';
  const module = (await import(/* @vite-ignore */ specifier)) as { createPostgresStore?: CreatePostgresStore };
  if (typeof module.createPostgresStore !== 'function') return 'src/store/postgres-store.ts does not export createPostgresStore';
  return module.createPostgresStore;
}

/** Whether a TCP connection to host:port opens within a second. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
