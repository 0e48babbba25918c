/**
 * `marsad ingest PATH… | - [--db PATH|URL] [--map FIELD=SRC,…] [--workers N] [--watch DIR] [--queue redis://…]
 * [--max-bytes N] [--max-ms N]`: files, folders, JSONL(.gz), HTML, RSS/Atom files or feed URLs into the store (or,
 * with --queue, onto the work queue for `marsad worker`). Prints a progress line on a terminal and one summary line
 * at the end. A document over a budget (src/budgets.ts) is an error record with the reason, like an unreadable one.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DB } from '../store/store.js';
import { openStore } from '../store/open-store.js';
import { ingestItems } from '../ingest/ingest.js';
import { clusterEvents } from '../store/cluster-events.js';
import { createProgress, summaryLine } from '../ingest/progress.js';
import { parseFieldMap, readSources, watchFolder, type ReadOptions } from '../ingest/read-sources.js';
import { UsageError } from './usage-error.js';
import { resolveBudgets } from '../budgets.js';

/** Usage text of the ingest command. */
export const INGEST_USAGE = `usage: marsad ingest PATH… | - [--db PATH|postgres://…] [--map text=content,published=date_extracted,…] [--workers N]
       marsad ingest --watch DIR [--db …]                 keep ingesting files that appear in DIR (Ctrl-C stops)
       marsad ingest PATH… --queue redis://HOST:6379        enqueue for \`marsad worker\` instead of analyzing here
PATH: files, folders (recursive), .jsonl / .jsonl.gz, .json, .txt, .html, RSS/Atom files or http(s) feed URLs.
--map names the source fields (text, title, published, url, source, id); published=- means the source has no
  publication date (SaudiNewsNet's date_extracted is the crawl time: ingest it with --map published=-).
--db defaults to ${DEFAULT_DB} (SQLite); a postgres:// URL uses PostgreSQL.
--max-bytes N (default 5M; 512k, bytes…) and --max-ms N (default 20000; 20s…): budgets of one document (a file, after
  gunzip, or one JSONL line; its analysis), defaults from MARSAD_MAX_BYTES / MARSAD_MAX_MS. A document over one is
  recorded as an error (\`marsad errors\`); a worker still busy at twice --max-ms is stopped and replaced.`;

/** Run the ingest command; resolves to the exit code. */
export async function ingestCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        map: { type: 'string' },
        workers: { type: 'string' },
        watch: { type: 'string' },
        queue: { type: 'string' },
        quiet: { type: 'boolean' },
        'max-bytes': { type: 'string' },
        'max-ms': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${INGEST_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0 && !values.watch) throw new UsageError(`ingest needs at least one PATH (or - for stdin, or --watch DIR)\n${INGEST_USAGE}`);
  let workers: number | undefined;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > 256) throw new UsageError(`--workers must be a whole number from 0 to 256, got "${values.workers}"`);
  }
  const budgets = resolveBudgets({ maxBytes: values['max-bytes'], maxMs: values['max-ms'] });
  const read: ReadOptions = { maxBytes: budgets.maxBytes };
  if (values.map !== undefined) read.map = parseFieldMap(values.map);

  if (values.queue !== undefined) {
    const { enqueueSources } = await import('../ingest/queue.js');
    const counts = await enqueueSources(values.queue, readSources(positionals, read));
    process.stderr.write(`enqueued ${counts.enqueued} documents on ${values.queue} (${counts.errors} unreadable items reported)\n`);
    return counts.errors > 0 ? 1 : 0;
  }

  const store = await openStore(values.db ?? DEFAULT_DB);
  try {
    if (values.watch !== undefined) {
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.stderr.write(`watching ${values.watch} — new files are ingested into ${values.db ?? DEFAULT_DB}; Ctrl-C stops\n`);
      const counts = await ingestItems(watchFolder(values.watch, read, controller.signal), {
        store,
        budgets,
        ...(workers !== undefined ? { workers } : {}),
        signal: controller.signal,
        onProgress: (c) => {
          if (!values.quiet) process.stderr.write(`\r${c.inserted} stored, ${c.errors} errors\x1b[K`);
        },
      });
      process.stderr.write(`\n${summaryLine(counts)}\n`);
      return 0;
    }
    const progress = createProgress(process.stderr);
    const counts = await ingestItems(readSources(positionals, read), {
      store,
      budgets,
      ...(workers !== undefined ? { workers } : {}),
      onProgress: (c) => {
        if (!values.quiet) progress.update(c);
      },
    });
    progress.done(counts);
    const clusters = await clusterEvents(store);
    if (!values.quiet) process.stderr.write(`clustered ${clusters.assigned} new events (${clusters.joined} joined a cluster from another report)\n`);
    return counts.errors > 0 && counts.inserted + counts.duplicates + counts.skipped === 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
