/**
 * Scale-out ingest on a BullMQ queue in Redis: `marsad ingest --queue` enqueues one job per document and any number
 * of `marsad worker` processes, on any machines, analyze and store them. Delivery is at-least-once (a job whose
 * worker dies is picked up again once its lock expires) and the store's writes are idempotent (a document is
 * identified by the hash of its raw input, and `commitDocument` finds content already stored), so every document
 * lands exactly once. A job's id is its document id, so the same document enqueued twice is one job.
 * An analysis error is permanent (the same input fails the same way): it is recorded in the store and the job
 * fails at once. A store error is transient: the job is retried with exponential backoff.
 * Needs the `ioredis` package at run time (BullMQ's Redis driver, loaded by BullMQ itself).
 */
import { Queue, UnrecoverableError, Worker, type Job, type RedisOptions } from 'bullmq';
import type { SourceInput } from '../doc.js';
import type { Store } from '../store/store.js';
import { documentId } from '../pipeline.js';
import { clusterEvents } from '../store/cluster-events.js';
import { analyzeItem, type AnalyzedItem, type ItemToAnalyze } from './analyze-item.js';
import { commitDocument } from './commit-document.js';
import type { SourceItem } from './read-sources.js';

/** The queue used when none is named. */
export const DEFAULT_QUEUE_NAME = 'marsad-ingest';
/** Tries per job (the first one and four retries, 1 s, 2 s, 4 s, 8 s apart) before it is kept as failed. */
export const JOB_ATTEMPTS = 5;
/** First retry delay in milliseconds (doubled at each retry). */
export const BACKOFF_MS = 1000;
/** Completed jobs kept in Redis (older ones are removed; failed ones are all kept, with their reason). */
export const KEEP_COMPLETED = 1000;
/** Jobs added to Redis in one round trip. */
const CHUNK = 500;
/** The most characters of a raw input recorded with an error (as local ingest does). */
const ERROR_RAW_CHARS = 10_000;

/** A job's data: where the document came from, its raw input and the fields read from it (`raw` kept once). */
export interface QueueJobData {
  origin: string;
  raw: string;
  input: Omit<SourceInput, 'raw'>;
}

/** What a completed job returns (kept in Redis with the job while it is kept). */
export interface QueueJobResult {
  /** `skipped`: the document was already stored, so it was not analyzed again. */
  status: 'inserted' | 'duplicate' | 'skipped';
  /** The stored document's id (the existing one for a duplicate). */
  id: string;
  nearDuplicateOf: { id: string; similarity: number } | null;
}

/** What happened to one job, as `runWorker` reports it (once per job, when it completes or finally fails). */
export interface QueueJobReport {
  jobId: string;
  origin: string;
  status: QueueJobResult['status'] | 'failed';
  /** The stored document's id (null for a failed job). */
  id: string | null;
  /** Why it failed. */
  reason?: string;
}

/** What `enqueueSources` did. */
export interface EnqueueCounts {
  /** New jobs added. */
  enqueued: number;
  /** Documents already queued (or repeated in the input): no job added. */
  duplicates: number;
  /** Unreadable items (reported on stderr; they are not queued). */
  errors: number;
}

/** Job counts of a queue. */
export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

/** Options of a worker. */
export interface WorkerRunOptions {
  /** Queue name (default `marsad-ingest`). */
  queueName?: string;
  /** Jobs processed at once in this process (default 1: analysis is CPU-bound, so scale with processes). */
  concurrency?: number;
  /** Milliseconds a job's lock lasts without renewal: a killed worker's job is taken again after it (BullMQ default 30 s). */
  lockDuration?: number;
  /** Milliseconds between checks for jobs whose lock expired (BullMQ default 30 s). */
  stalledInterval?: number;
  /** Stops the worker: jobs in progress finish, then it resolves. */
  signal?: AbortSignal;
  /** Called once per job, when it completes or finally fails. */
  onJob?: (report: QueueJobReport) => void;
  /** The analysis (default `analyzeItem`); tests inject a failing one. */
  analyze?: (item: ItemToAnalyze) => AnalyzedItem;
}

/** The message of anything thrown. */
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Redis could not be reached (a wrong URL, or Redis is down): a user-facing error, no stack trace needed. */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

/** The Redis connection options (as BullMQ passes them to ioredis) for a `redis://[user:pass@]host:port/db` URL. */
export function redisOptions(redisUrl: string): RedisOptions {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new TypeError(`not a Redis URL: "${redisUrl}" (expected redis://HOST:PORT/DB)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new TypeError(`not a Redis URL: "${redisUrl}" (expected redis://HOST:PORT/DB)`);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new TypeError(`bad Redis database number "${dbText}" in "${redisUrl}"`);
  const options: RedisOptions = {
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port === '' ? 6379 : Number(url.port),
    db,
  };
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  if (url.protocol === 'rediss:') options.tls = {};
  return options;
}

/**
 * Connection options for a producer or a reader (enqueue, counts): give up after a few failed connection attempts,
 * so a wrong URL or a Redis that is down ends the command with an error instead of waiting forever.
 */
function shortLivedConnection(redisUrl: string): RedisOptions {
  return {
    ...redisOptions(redisUrl),
    maxRetriesPerRequest: 3,
    retryStrategy: (times: number) => (times > 5 ? null : Math.min(times * 200, 1000)),
  };
}

/**
 * The job id of a document: its id, except that BullMQ refuses ids that read as integers, so the rare all-digit
 * document id (about 1 in 1,800) gets a `doc-` prefix.
 */
export function jobIdOf(docId: string): string {
  return /^\d+$/.test(docId) ? `doc-${docId}` : docId;
}

/** The options every job is added with: retries with exponential backoff, failed jobs kept, completed ones bounded. */
function jobOptions(jobId: string) {
  return {
    jobId,
    attempts: JOB_ATTEMPTS,
    backoff: { type: 'exponential' as const, delay: BACKOFF_MS },
    removeOnComplete: { count: KEEP_COMPLETED },
    removeOnFail: false,
  };
}

/** A connected Queue handle for `queueName`; a Redis that cannot be reached is a `QueueUnavailableError`. */
async function openQueue(redisUrl: string, queueName: string): Promise<Queue<QueueJobData, QueueJobResult>> {
  const queue = new Queue<QueueJobData, QueueJobResult>(queueName, { connection: shortLivedConnection(redisUrl) });
  queue.on('error', () => undefined); // errors reach the caller through the failed command
  try {
    await queue.waitUntilReady();
  } catch (error) {
    await queue.close().catch(() => undefined);
    throw new QueueUnavailableError(`cannot reach Redis at ${redisUrl}: ${messageOf(error)}`);
  }
  return queue;
}

/** Enqueue the documents of a source stream, one job each; unreadable items are reported on stderr. */
export async function enqueueSources(redisUrl: string, items: AsyncIterable<SourceItem>, options: { queueName?: string } = {}): Promise<EnqueueCounts> {
  const queue = await openQueue(redisUrl, options.queueName ?? DEFAULT_QUEUE_NAME);
  const counts: EnqueueCounts = { enqueued: 0, duplicates: 0, errors: 0 };
  let chunk: Array<{ name: string; data: QueueJobData; opts: ReturnType<typeof jobOptions> }> = [];
  const inChunk = new Set<string>();

  // A document already in the queue (any state) is not added again; BullMQ would also keep one job per id, but it
  // does not say which adds were duplicates, and skipping them saves sending their payload.
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const states = await Promise.all(chunk.map((job) => queue.getJobState(job.opts.jobId)));
    const fresh = chunk.filter((_, i) => states[i] === 'unknown');
    counts.duplicates += chunk.length - fresh.length;
    if (fresh.length > 0) await queue.addBulk(fresh);
    counts.enqueued += fresh.length;
    chunk = [];
    inChunk.clear();
  };

  try {
    for await (const item of items) {
      if ('error' in item) {
        counts.errors++;
        process.stderr.write(`${item.origin}: ${item.error}\n`);
        continue;
      }
      const jobId = jobIdOf(documentId(item.raw));
      if (inChunk.has(jobId)) {
        counts.duplicates++;
        continue;
      }
      inChunk.add(jobId);
      const { raw: _raw, ...input } = item.input;
      chunk.push({ name: 'document', data: { origin: item.origin, raw: item.raw, input }, opts: jobOptions(jobId) });
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
  } finally {
    await queue.close();
  }
  return counts;
}

/** Job counts of a queue (waiting, active, completed, failed, delayed). */
export async function queueCounts(redisUrl: string, queueName: string = DEFAULT_QUEUE_NAME): Promise<QueueCounts> {
  const queue = await openQueue(redisUrl, queueName);
  try {
    const c = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
    return { waiting: c.waiting ?? 0, active: c.active ?? 0, completed: c.completed ?? 0, failed: c.failed ?? 0, delayed: c.delayed ?? 0 };
  } finally {
    await queue.close();
  }
}

/**
 * Process one job: skip a document already stored, analyze it (an error there is recorded and final), store it
 * (an error there is thrown, so the job is retried).
 */
async function processJob(job: Job<QueueJobData, QueueJobResult>, store: Store, analyze: (item: ItemToAnalyze) => AnalyzedItem): Promise<QueueJobResult> {
  const { raw, input } = job.data;
  const origin = job.data.origin || `queue:${job.id ?? ''}`;
  const id = documentId(raw);
  // A redelivered job (its worker died after storing it) or a document stored by local ingest: nothing to do.
  if (await store.hasDocument(id)) return { status: 'skipped', id, nearDuplicateOf: null };
  let analyzed: AnalyzedItem;
  try {
    analyzed = analyze({ origin, raw, input: { ...input, raw } });
  } catch (error) {
    const reason = `analysis failed: ${messageOf(error)}`;
    // If the store cannot record it, this throws: a transient error, retried like a failed write.
    await store.putError({ origin, reason, raw: raw.slice(0, ERROR_RAW_CHARS) });
    throw new UnrecoverableError(reason);
  }
  try {
    const result = await commitDocument(store, analyzed);
    return { status: result.status, id: result.id, nearDuplicateOf: result.nearDuplicateOf };
  } catch (error) {
    const reason = `could not store: ${messageOf(error)}`;
    // On the last try, leave a trace in the store too, if it answers (the failed job keeps the reason in any case).
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
      await store.putError({ origin, reason, raw: raw.slice(0, ERROR_RAW_CHARS) }).catch(() => undefined);
    }
    throw new Error(reason);
  }
}

/**
 * Run a worker on the queue until `signal` aborts: each job is analyzed in this thread and committed to `store`;
 * events are clustered each time the queue is drained. Resolves with the jobs this worker completed and failed.
 */
export async function runWorker(redisUrl: string, store: Store, options: WorkerRunOptions = {}): Promise<{ processed: number; failed: number }> {
  const analyze = options.analyze ?? analyzeItem;
  const counts = { processed: 0, failed: 0 };
  let active = 0;
  // Clustering runs when the queue is drained and this worker is idle, one pass at a time; `dirty` says whether
  // a document was stored since the last pass started.
  let dirty = false;
  let clustering: Promise<void> = Promise.resolve();
  let clusterQueued = false;
  const cluster = (): void => {
    if (clusterQueued || !dirty) return;
    clusterQueued = true;
    clustering = clustering.then(async () => {
      clusterQueued = false;
      if (active > 0 || !dirty) return; // the last job to finish asks again
      dirty = false;
      try {
        await clusterEvents(store);
      } catch (error) {
        dirty = true;
        process.stderr.write(`worker: clustering failed (retried at the next drain): ${messageOf(error)}\n`);
      }
    });
  };
  let drained = false;

  const worker = new Worker<QueueJobData, QueueJobResult>(
    options.queueName ?? DEFAULT_QUEUE_NAME,
    async (job) => {
      active++;
      drained = false;
      try {
        const result = await processJob(job, store, analyze);
        if (result.status === 'inserted') dirty = true;
        return result;
      } finally {
        active--;
      }
    },
    {
      connection: { ...redisOptions(redisUrl), maxRetriesPerRequest: null },
      concurrency: options.concurrency ?? 1,
      ...(options.lockDuration !== undefined ? { lockDuration: options.lockDuration } : {}),
      ...(options.stalledInterval !== undefined ? { stalledInterval: options.stalledInterval } : {}),
      // Jobs carry their own retention options; these cover jobs added by other producers.
      removeOnComplete: { count: KEEP_COMPLETED },
      autorun: false,
    },
  );

  worker.on('completed', (job, result) => {
    counts.processed++;
    options.onJob?.({ jobId: job.id ?? '', origin: job.data.origin, status: result.status, id: result.id });
    if (drained && active === 0) cluster();
  });
  worker.on('failed', (job, error) => {
    // 'failed' is emitted for every failed try; only a job that will not be retried has finished.
    if (!job || job.finishedOn === undefined) return;
    counts.failed++;
    options.onJob?.({ jobId: job.id ?? '', origin: job.data.origin, status: 'failed', id: null, reason: error.message });
    if (drained && active === 0) cluster();
  });
  worker.on('drained', () => {
    drained = true;
    if (active === 0) cluster();
  });
  let lastError = '';
  worker.on('error', (error) => {
    // Connection errors repeat while Redis is away (the worker reconnects): report each kind once in a row.
    if (error.message === lastError) return;
    lastError = error.message;
    process.stderr.write(`worker: ${error.message}\n`);
  });

  const stopped = new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    else options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  const running = worker.run();
  // The worker runs until stopped; if it ends by itself, that is an error to pass on (after closing).
  const ended = await Promise.race([stopped.then(() => null), running.then(() => null, (error: unknown) => error)]);
  await worker.close(); // waits for the jobs in progress
  await running.catch(() => undefined);
  await clustering;
  // Events stored since the last drain (stopped while the queue still had jobs) are clustered now.
  if (dirty) await clusterEvents(store).catch((error: unknown) => process.stderr.write(`worker: clustering failed: ${messageOf(error)}\n`));
  if (ended !== null) throw ended;
  return counts;
}
