/**
 * `marsad reanalyze [--db] [--workers N]`: analyze every stored document again from its raw input with the current
 * coder (after a model or code update), replacing its analysis and events but keeping the document; then cluster
 * the new events. Documents whose analysis fails keep their old analysis and are recorded as errors.
 */
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { DEFAULT_DB } from '../store/store.js';
import { openStore } from '../store/open-store.js';
import { AnalyzePool } from '../ingest/analyze-pool.js';
import { sourceInput } from '../ingest/analyze-item.js';
import { clusterEvents } from '../store/cluster-events.js';
import { UsageError } from './usage-error.js';

/** Usage text of the reanalyze and cluster commands. */
export const REANALYZE_USAGE = `usage: marsad reanalyze [--db PATH|postgres://…] [--workers N]   re-code every stored document with this coder
       marsad cluster [--db PATH|postgres://…]                       assign clusters to events that have none`;

/** Run the reanalyze command. */
export async function reanalyzeCommand(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { db: { type: 'string' }, workers: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${REANALYZE_USAGE}`);
  }
  const workers = values.workers === undefined ? Math.max(1, availableParallelism()) : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0) throw new UsageError(`--workers must be a whole number, got "${values.workers}"`);
  const store = await openStore(values.db ?? DEFAULT_DB);
  const pool = new AnalyzePool(workers);
  let done = 0;
  let failed = 0;
  try {
    let after: string | null = null;
    for (;;) {
      const page = await store.rawDocuments(after, 200);
      if (page.length === 0) break;
      await Promise.all(page.map(async (d) => {
        try {
          const analyzed = await pool.analyze({ origin: d.origin, raw: d.raw, input: sourceInput(d.raw, d.input) });
          await store.replaceAnalysis(d.id, analyzed.doc);
          done++;
        } catch (error) {
          failed++;
          await store.putError({ origin: d.origin, reason: `re-analysis failed: ${(error as Error).message}`, raw: null });
        }
      }));
      after = page[page.length - 1]!.id;
    }
    const clusters = await clusterEvents(store);
    process.stderr.write(`re-analyzed ${done} documents (${failed} failed, kept as they were); ${clusters.assigned} events clustered\n`);
    return failed > 0 ? 1 : 0;
  } finally {
    await pool.close();
    await store.close();
  }
}

/** Run the cluster command. */
export async function clusterCommand(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { db: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${REANALYZE_USAGE}`);
  }
  const store = await openStore(values.db ?? DEFAULT_DB);
  try {
    const s = await clusterEvents(store);
    process.stderr.write(`clustered ${s.assigned} events (${s.joined} joined another report's cluster)\n`);
    return 0;
  } finally {
    await store.close();
  }
}
