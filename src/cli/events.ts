/**
 * `marsad events [--db] [--since D] [--until D] [--type T,…] [--country C,…] [--actor A] [--q TEXT]
 * [--one-per-cluster] [--order asc|desc] [--format jsonl|plover|csv|tsv|geojson] [--limit N]`: the stored events, filtered, streamed
 * page by page in the chosen format.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DB, type EventFilter } from '../store/store.js';
import { openStore } from '../store/open-store.js';
import { createEventWriter, EXPORT_FORMATS, type ExportFormat } from '../store/export-events.js';
import type { PloverType } from '../types.js';
import { UsageError } from './usage-error.js';

const TYPES: readonly PloverType[] = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];

/** Usage text of the events command. */
export const EVENTS_USAGE = `usage: marsad events [--db PATH|postgres://…] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--type ASSAULT,PROTEST]
                     [--country SYR,IRQ] [--actor TEXT|ISO3] [--q TEXT] [--one-per-cluster] [--order asc|desc] [--limit N]
                     [--format ${EXPORT_FORMATS.join('|')}]
--order asc (default): oldest first, undated events last; desc: the dated events, newest first.
--format jsonl (default): one event per line; plover: the PLOVER spec's records; csv: flat columns for pandas/R;
  tsv: GDELT-like columns; geojson: a FeatureCollection of the events that have a place.
--one-per-cluster keeps one row per real-world event (the best-sourced report) with its source count.`;

/** Parse and check the filter options shared by the CLI and the API. */
export function eventFilter(values: { since?: string | undefined; until?: string | undefined; type?: string | undefined; country?: string | undefined; actor?: string | undefined; q?: string | undefined; 'one-per-cluster'?: boolean | undefined; order?: string | undefined }): EventFilter {
  const filter: EventFilter = {};
  for (const key of ['since', 'until'] as const) {
    const v = values[key];
    if (v === undefined) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new UsageError(`--${key} must be a date YYYY-MM-DD, got "${v}"`);
    filter[key] = v;
  }
  if (values.type !== undefined) {
    const types = values.type.split(',').map((t) => t.trim().toUpperCase()).filter(Boolean);
    const bad = types.filter((t) => !(TYPES as readonly string[]).includes(t));
    if (bad.length) throw new UsageError(`--type takes PLOVER types (${TYPES.join(', ')}), got ${bad.map((b) => `"${b}"`).join(', ')}`);
    filter.type = types as PloverType[];
  }
  if (values.country !== undefined) {
    const codes = values.country.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
    const bad = codes.filter((c) => !/^[A-Z]{3}$/.test(c));
    if (bad.length) throw new UsageError(`--country takes ISO 3166 alpha-3 codes or IGO, got ${bad.map((b) => `"${b}"`).join(', ')}`);
    filter.country = codes;
  }
  if (values.actor !== undefined && values.actor.trim()) filter.actor = values.actor.trim();
  if (values.q !== undefined && values.q.trim()) filter.q = values.q.trim();
  if (values['one-per-cluster']) filter.onePerCluster = true;
  if (values.order !== undefined) {
    if (values.order !== 'asc' && values.order !== 'desc') throw new UsageError(`--order takes asc or desc, got "${values.order}"`);
    filter.order = values.order;
  }
  return filter;
}

/** Run the events command; resolves to the exit code. */
export async function eventsCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        db: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, type: { type: 'string' },
        country: { type: 'string' }, actor: { type: 'string' }, q: { type: 'string' }, 'one-per-cluster': { type: 'boolean' },
        order: { type: 'string' }, format: { type: 'string' }, limit: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${EVENTS_USAGE}`);
  }
  const { values } = parsed;
  const format = (values.format ?? 'jsonl') as ExportFormat;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${values.format}"`);
  let limit = Infinity;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, got "${values.limit}"`);
  }
  const filter = eventFilter(values);
  const store = await openStore(values.db ?? DEFAULT_DB);
  try {
    const writer = createEventWriter(format, out, { codedDate: new Date().toISOString().slice(0, 10) });
    let written = 0;
    let cursor: string | null = null;
    do {
      const page = await store.events({ ...filter, limit: Math.min(1000, limit - written), cursor });
      for (const row of page.rows) writer.write(row);
      written += page.rows.length;
      cursor = page.next;
    } while (cursor !== null && written < limit);
    writer.end();
    return 0;
  } finally {
    await store.close();
  }
}
