/**
 * `marsad stats [--db] [--json]` and `marsad errors [--db] [--limit N] [--json]`: what the store holds, and the
 * documents that could not be read or analyzed with their reasons.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DB } from '../store/store.js';
import { openStore } from '../store/open-store.js';
import { UsageError } from './usage-error.js';

/** Usage text of the stats and errors commands. */
export const STATS_USAGE = `usage: marsad stats [--db PATH|postgres://…] [--json]      counts: documents, events, clusters, errors, by type and country
       marsad errors [--db PATH|postgres://…] [--limit N] [--json]   the documents that failed, with the reason`;

function parse(args: string[], withLimit: boolean): { db: string; json: boolean; limit: number } {
  try {
    const { values } = parseArgs({ args, options: { db: { type: 'string' }, json: { type: 'boolean' }, ...(withLimit ? { limit: { type: 'string' } } : {}) } });
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive whole number, got "${String(values.limit)}"`);
    return { db: (values.db as string | undefined) ?? DEFAULT_DB, json: values.json === true, limit };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${STATS_USAGE}`);
  }
}

const top = (counts: Record<string, number>, n: number): string =>
  Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([k, v]) => `${k} ${v}`).join(', ') || '—';

/** Run the stats command. */
export async function statsCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { db, json } = parse(args, false);
  const store = await openStore(db);
  try {
    const s = await store.stats();
    if (json) out.write(JSON.stringify(s) + '\n');
    else {
      out.write(`${db}: ${s.documents} documents (${s.nearDuplicates} near-duplicates linked), ${s.events} events in ${s.clusters} clusters, ${s.errors} errors\n`);
      out.write(`by type: ${top(s.byType, 16)}\n`);
      out.write(`by country: ${top(s.byCountry, 15)}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** Run the errors command. */
export async function errorsCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { db, json, limit } = parse(args, true);
  const store = await openStore(db);
  try {
    const rows = await store.errors({ limit });
    for (const e of rows) out.write(json ? JSON.stringify(e) + '\n' : `${e.at}  ${e.origin}  ${e.reason}\n`);
    if (!json && rows.length === 0) out.write('no errors recorded\n');
    return 0;
  } finally {
    await store.close();
  }
}
