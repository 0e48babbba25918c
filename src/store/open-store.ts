/**
 * Open the store a `--db` value names: a `postgres://` / `postgresql://` URL (optionally `?schema=NAME`) opens the
 * PostgreSQL backend, anything else is a path to an SQLite file (created when missing). Migrations are applied
 * before it is returned.
 */
import type { Store } from './store.js';
import { DEFAULT_DB } from './store.js';

/** Whether a `--db` value is a PostgreSQL URL. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** Open (and migrate) the store for a `--db` value; default `./marsad.db`. */
export async function openStore(db: string = DEFAULT_DB): Promise<Store> {
  let store: Store;
  if (isPostgresUrl(db)) {
    const { createPostgresStore } = await import('./postgres-store.js');
    // `?schema=NAME` picks a schema (created when missing): several stores can share one database.
    const url = new URL(db);
    const schema = url.searchParams.get('schema');
    url.searchParams.delete('schema');
    store = await createPostgresStore(url.toString(), schema ? { schema } : {});
  } else {
    const { createSqliteStore } = await import('./sqlite-store.js');
    store = await createSqliteStore(db);
  }
  await store.migrate();
  return store;
}
