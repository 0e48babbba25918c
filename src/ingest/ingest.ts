/**
 * Ingest: read sources, analyze them on every core (a worker-thread pool), write each document to the store.
 * Idempotent and resumable: a document already stored (same raw input, or same content) is skipped — after a crash
 * the same command again stores exactly what is missing, and each document is written in one transaction, so
 * none is ever half-written. A bad document is recorded with its reason and never stops the run; so is one over
 * its budgets (src/budgets.ts: too many bytes, refused before analysis; too long an analysis, stopped).
 */
import { availableParallelism } from 'node:os';
import type { Store } from '../store/store.js';
import { documentId } from '../pipeline.js';
import { BudgetExceeded, environmentBudgets, sizeExceeded, utf8Length, type Budgets } from '../budgets.js';
import { AnalyzePool } from './analyze-pool.js';
import { commitDocument } from './commit-document.js';
import type { SourceItem } from './read-sources.js';

/** Running counts of an ingest. */
export interface IngestCounts {
  /** Items read from the sources (documents and unreadable items). */
  read: number;
  /** Skipped before analysis: the same raw input is already stored (a re-run, or a resumed one). */
  skipped: number;
  /** Stored now. */
  inserted: number;
  /** Analyzed but not stored: the same content is already stored (another copy of the same article). */
  duplicates: number;
  /** Stored and linked to a near-duplicate (another outlet's version of the same story). */
  nearDuplicates: number;
  /** Recorded as errors (unreadable input, failed analysis). */
  errors: number;
  /** Milliseconds since the start. */
  elapsedMs: number;
}

/** Options for an ingest run. */
export interface IngestOptions {
  store: Store;
  /** Analysis threads (default: the machine's available parallelism; 0 analyzes in this thread). */
  workers?: number;
  /** Called after every stored or skipped item. */
  onProgress?: (counts: IngestCounts) => void;
  /** Stop reading new items (those in flight finish). */
  signal?: AbortSignal;
  /** Per-document budgets (default: the environment's, MARSAD_MAX_BYTES and MARSAD_MAX_MS, else the defaults). */
  budgets?: Budgets;
}

/** Ingest the items of a source stream; resolves to the final counts. */
export async function ingestItems(items: AsyncIterable<SourceItem>, options: IngestOptions): Promise<IngestCounts> {
  const { store } = options;
  const started = performance.now();
  const counts: IngestCounts = { read: 0, skipped: 0, inserted: 0, duplicates: 0, nearDuplicates: 0, errors: 0, elapsedMs: 0 };
  const progress = (): void => {
    counts.elapsedMs = performance.now() - started;
    options.onProgress?.(counts);
  };
  const budgets = options.budgets ?? environmentBudgets();
  const pool = new AnalyzePool(options.workers ?? Math.max(1, availableParallelism()), { budgets });
  const limit = Math.max(2, pool.size * 4);
  const inFlight = new Set<Promise<void>>();
  // Store writes: one at a time on SQLite (one writer), a few at once on PostgreSQL (its round trips overlap;
  // writes are idempotent, so two copies of one article racing still store it once).
  const writeSlots = store.kind === 'postgres' ? 4 : 1;
  let running = 0;
  const waiting: Array<() => void> = [];
  const write = async <T>(job: () => Promise<T>): Promise<T> => {
    while (running >= writeSlots) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  const recordError = (origin: string, reason: string, raw: string | null): Promise<void> =>
    write(() => store.putError({ origin, reason, raw: raw === null ? null : raw.slice(0, 10_000) })).then(() => {
      counts.errors++;
      progress();
    });

  try {
    for await (const item of items) {
      if (options.signal?.aborted) break;
      counts.read++;
      if ('error' in item) {
        await recordError(item.origin, item.error, item.raw);
        continue;
      }
      if (await store.hasDocument(documentId(item.raw))) {
        counts.skipped++;
        progress();
        continue;
      }
      const bytes = utf8Length(item.raw);
      if (bytes > budgets.maxBytes) {
        await recordError(item.origin, sizeExceeded(bytes, budgets.maxBytes).message, item.raw);
        continue;
      }
      const task = pool.analyze(item).then(
        (analyzed) => write(() => commitDocument(store, analyzed)).then((result) => {
          if (result.status === 'inserted') {
            counts.inserted++;
            if (result.nearDuplicateOf) counts.nearDuplicates++;
          } else counts.duplicates++;
          progress();
        }),
        (error: Error) => recordError(item.origin, error instanceof BudgetExceeded ? error.message : `analysis failed: ${error.message}`, item.raw),
      ).catch((error: Error) => recordError(item.origin, `could not store: ${error.message}`, item.raw));
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.close();
  }
  counts.elapsedMs = performance.now() - started;
  return counts;
}
