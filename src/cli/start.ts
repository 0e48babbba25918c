/**
 * `npm start` (`marsad start [--db PATH] [--port N] [--host H] [--no-serve]`): the main job on the embedded default.
 * When the database is empty, ingest the bundled sample (300 ANT articles and the seed article, `examples/sample/`)
 * into it; print a summary of what is stored; then serve the HTTP API over it and print the URL (`--no-serve`:
 * stop after the summary).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DB } from '../store/store.js';
import { openStore } from '../store/open-store.js';
import { ingestItems } from '../ingest/ingest.js';
import { createProgress } from '../ingest/progress.js';
import { readSources } from '../ingest/read-sources.js';
import { clusterEvents } from '../store/cluster-events.js';
import { UsageError } from './usage-error.js';

/** The bundled sample's files. */
export const SAMPLE_FILES = ['ant-300.jsonl.gz', 'seed.json'].map((f) => fileURLToPath(new URL(`../../examples/sample/${f}`, import.meta.url)));

/** Usage text of the start command. */
export const START_USAGE = `usage: marsad start [--db PATH] [--port 8080] [--host 127.0.0.1] [--no-serve]
ingest the bundled sample into an empty database, summarize it, then serve it (\`marsad serve\`)`;

/** Run the start command. */
export async function startCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { db: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'no-serve': { type: 'boolean' } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${START_USAGE}`);
  }
  const db = values.db ?? process.env.MARSAD_DB ?? DEFAULT_DB;
  const store = await openStore(db);
  try {
    let stats = await store.stats();
    if (stats.documents === 0) {
      out.write(`${db} is empty: ingesting the bundled sample (examples/sample: 300 ANT articles and the seed article)\n`);
      const progress = createProgress(process.stderr);
      const counts = await ingestItems(readSources(SAMPLE_FILES, {}), { store, onProgress: (c) => progress.update(c) });
      progress.done(counts);
      await clusterEvents(store);
      stats = await store.stats();
    }
    const top = (counts: Record<string, number>, n: number): string =>
      Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v}`).join(', ');
    out.write(`${db}: ${stats.documents} documents, ${stats.events} events in ${stats.clusters} clusters, ${stats.errors} errors\n`);
    out.write(`  by type:    ${top(stats.byType, 8)}\n`);
    out.write(`  by country: ${top(stats.byCountry, 8)}\n`);
    // The best-sourced reports first (most documents per cluster, then confidence).
    const page = await store.events({ type: ['ASSAULT', 'CONSULT', 'PROTEST'], limit: 2000, onePerCluster: true });
    const shown = [...page.rows].sort((a, b) => b.cluster_size - a.cluster_size || b.confidence - a.confidence).slice(0, 5);
    for (const e of shown) {
      out.write(`  ${e.date ?? '—'}  ${e.event.padEnd(8)} ${e.cluster_size > 1 ? `(${e.cluster_size} reports) ` : ''} ${e.actor.map((a) => a.name ?? a.text).join(', ') || '—'} → ${e.recipient.map((a) => a.name ?? a.text).join(', ') || '—'} @ ${e.event_loc?.name ?? '—'}  (${e.source ?? ''})\n`);
    }
    out.write(`query: npx marsad events --db ${db} --type ASSAULT --format csv > assaults.csv   ·   npx marsad stats --db ${db}\n`);
  } finally {
    await store.close();
  }
  if (values['no-serve']) return 0;
  const { serveCommand } = await import('./serve.js');
  return serveCommand(['--db', db, ...(values.port ? ['--port', values.port] : []), ...(values.host ? ['--host', values.host] : [])]);
}
