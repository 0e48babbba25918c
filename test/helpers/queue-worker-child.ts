/**
 * A queue worker in its own process, for test/queue.test.ts to kill mid-job (`node --import tsx` this file).
 * Environment: MARSAD_TEST_REDIS (redis:// URL), MARSAD_TEST_QUEUE (queue name), MARSAD_TEST_DB (SQLite path or
 * postgres:// URL), MARSAD_TEST_PG_SCHEMA (PostgreSQL schema), MARSAD_TEST_SLOW_MS (sleep before each document is
 * written, so a job is surely in progress when the test kills this process), MARSAD_TEST_LOCK_MS (job lock).
 * Prints `ready` once the worker runs and `job <id> <status>` per finished job; SIGTERM stops it gracefully.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../../src/store/store.js';
import { runWorker } from '../../src/ingest/queue.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`queue-worker-child: ${name} is not set`);
  return value;
};

/** Open the store the test named (PostgreSQL in its own schema, or SQLite). */
async function openTestStore(db: string, schema: string | undefined): Promise<Store> {
  let store: Store;
  if (/^postgres(ql)?:\/\//.test(db)) {
    // A variable specifier: the PostgreSQL backend is optional for this helper's type-check.
    const modulePath = '../../src/store/postgres-store.js';
    const { createPostgresStore } = (await import(modulePath)) as { createPostgresStore: (url: string, o: { schema: string }) => Promise<Store> };
    store = await createPostgresStore(db, { schema: schema ?? 'public' });
  } else {
    const { createSqliteStore } = await import('../../src/store/sqlite-store.js');
    store = await createSqliteStore(db);
  }
  await store.migrate();
  return store;
}

/** The store with a pause before every write. */
function slowed(store: Store, ms: number): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'putDocument') {
        return async (...args: Parameters<Store['putDocument']>) => {
          await sleep(ms);
          return target.putDocument(...args);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const store = await openTestStore(env('MARSAD_TEST_DB'), process.env.MARSAD_TEST_PG_SCHEMA);
const slowMs = Number(process.env.MARSAD_TEST_SLOW_MS ?? '0');
const lockMs = Number(process.env.MARSAD_TEST_LOCK_MS ?? '2000');
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
process.stdout.write('ready\n');
const counts = await runWorker(env('MARSAD_TEST_REDIS'), slowMs > 0 ? slowed(store, slowMs) : store, {
  queueName: env('MARSAD_TEST_QUEUE'),
  lockDuration: lockMs,
  stalledInterval: Math.max(500, lockMs / 2),
  signal: controller.signal,
  onJob: (r) => process.stdout.write(`job ${r.jobId} ${r.status}\n`),
});
process.stdout.write(`stopped ${counts.processed} ${counts.failed}\n`);
await store.close();
