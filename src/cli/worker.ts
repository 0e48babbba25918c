/**
 * `marsad worker --queue redis://HOST:6379 [--db PATH|postgres://…] [--concurrency N] [--queue-name NAME]`: take
 * documents from the ingest queue (filled by `marsad ingest --queue`), analyze them and write them to the store,
 * until SIGINT or SIGTERM. Run as many as there are cores, on as many machines as needed: each document lands once.
 * Prints a line every 100 jobs and a summary when stopped. The queue module (BullMQ) is loaded only when run.
 */
import { parseArgs } from 'node:util';
import { resolveBudgets } from '../budgets.js';
import { DEFAULT_DB } from '../store/store.js';
import { UsageError } from './usage-error.js';

/** Usage text of the worker command. */
export const WORKER_USAGE = `usage: marsad worker --queue redis://HOST:6379[/DB] [--db PATH|postgres://…] [--concurrency N] [--queue-name NAME]
  process the documents \`marsad ingest --queue\` enqueued: analyze each and store it (--db defaults to ${DEFAULT_DB});
  runs until Ctrl-C / SIGTERM (jobs in progress finish first). --concurrency: jobs at once in this process
  (default 1; analysis is CPU-bound, so start one worker per core instead). --queue-name defaults to marsad-ingest.`;

/** A line is printed after every this many jobs. */
const REPORT_EVERY = 100;

/** The worker command's options, checked. */
interface WorkerArgs {
  queue: string;
  db: string;
  concurrency: number;
  queueName: string | undefined;
}

/** Read and check the command line. */
async function parseWorkerArgs(args: string[]): Promise<WorkerArgs> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        queue: { type: 'string' },
        db: { type: 'string' },
        concurrency: { type: 'string' },
        'queue-name': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${WORKER_USAGE}`);
  }
  if (values.queue === undefined) throw new UsageError(`worker needs --queue redis://HOST:PORT\n${WORKER_USAGE}`);
  const { redisOptions } = await import('../ingest/queue.js');
  try {
    redisOptions(values.queue);
  } catch (error) {
    throw new UsageError(`--queue: ${(error as Error).message}`);
  }
  const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 256, got "${values.concurrency}"`);
  }
  // Budgets come from MARSAD_MAX_BYTES / MARSAD_MAX_MS: a bad value stops the worker now, not every job later.
  resolveBudgets();
  const queueName = values['queue-name'];
  if (queueName !== undefined && (queueName === '' || queueName.includes(':'))) {
    throw new UsageError(`--queue-name must be a non-empty name without ":", got "${queueName}"`);
  }
  return { queue: values.queue, db: values.db ?? DEFAULT_DB, concurrency, queueName };
}

/** Run the worker command until a signal stops it; resolves to the exit code. */
export async function workerCommand(args: string[]): Promise<number> {
  const options = await parseWorkerArgs(args);
  const { runWorker, queueCounts, DEFAULT_QUEUE_NAME, QueueUnavailableError } = await import('../ingest/queue.js');
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  // Reach Redis once before starting: a wrong URL is reported at once (the worker itself reconnects forever).
  let backlog;
  try {
    backlog = await queueCounts(options.queue, queueName);
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    process.stderr.write(`marsad: ${error.message}\n`);
    return 1;
  }
  const { openStore } = await import('../store/open-store.js');
  const store = await openStore(options.db);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const tally = { inserted: 0, duplicate: 0, skipped: 0, failed: 0 };
  let jobs = 0;
  const started = performance.now();
  process.stderr.write(`worker: taking jobs from ${queueName} on ${options.queue} (${backlog.waiting + backlog.delayed} waiting) into ${options.db}; Ctrl-C stops\n`);
  try {
    const counts = await runWorker(options.queue, store, {
      concurrency: options.concurrency,
      signal: controller.signal,
      ...(options.queueName !== undefined ? { queueName: options.queueName } : {}),
      onJob: (r) => {
        tally[r.status]++;
        if (r.status === 'failed') process.stderr.write(`worker: ${r.origin}: ${r.reason ?? 'failed'}\n`);
        if (++jobs % REPORT_EVERY === 0) process.stderr.write(`worker: ${jobs} jobs — ${describe(tally)}\n`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`worker stopped after ${seconds.toFixed(0)} s: ${counts.processed} jobs completed, ${counts.failed} failed — ${describe(tally)}\n`);
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await store.close();
  }
}

/** The tally as words. */
function describe(t: { inserted: number; duplicate: number; skipped: number; failed: number }): string {
  return `${t.inserted} stored, ${t.duplicate} duplicates, ${t.skipped} already stored, ${t.failed} failed`;
}
