/**
 * A pool of worker threads running `analyzeItem`, so ingest uses every core while the main thread reads inputs
 * and writes the store. With size 0 it analyzes in the calling thread (tests, tiny inputs).
 *
 * Budgets: each worker analyzes within the pool's budgets (the pipeline stops between stages past `maxMs`), and a
 * worker still busy with one item after `hardLimitMs(maxMs)` — a stage that never returns — is terminated and
 * replaced; its item fails with BudgetExceeded and the pool goes on. The limit counts from the hand-over to a
 * worker that has loaded its models (workers say `ready` first), so model loading never counts against an item.
 * A worker that dies (out of memory, a native crash) fails its item and is replaced; one that dies before it was
 * ever ready (the models cannot load) breaks the pool, failing every item with the reason instead of looping.
 *
 * Under a TypeScript loader (tests run the sources), workers load the .ts entry through tsx's register API.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BudgetExceeded, environmentBudgets, hardLimitMs, hardTimeExceeded, type BudgetKind, type Budgets } from '../budgets.js';
import { analyzeItem, type AnalyzedItem, type ItemToAnalyze } from './analyze-item.js';
import { InputError } from './input-error.js';

/** An error as a worker sends it: the message, and the kind of a budget or input error. */
export interface WorkerError {
  message: string;
  budget?: BudgetKind;
  input?: true;
}

/** A message from a worker: ready (models loaded), or the answer for one item. */
type WorkerMessage = { ready: true } | { id: number; result: AnalyzedItem } | { id: number; error: WorkerError };

/** Options of a pool. */
export interface PoolOptions {
  /** Budgets of each item (default: the environment's, else the defaults). */
  budgets?: Budgets;
  /** The worker module (default: analyze-worker next to this file); it must speak analyze-worker's protocol. */
  entry?: URL;
}

interface Pending {
  resolve: (result: AnalyzedItem) => void;
  reject: (error: Error) => void;
}

/** One worker and what it is doing. */
interface Slot {
  worker: Worker;
  /** Its models are loaded; it takes items. */
  ready: boolean;
  /** The item it is analyzing, and the timer that stops it past the hard limit. */
  job: { id: number; timer: NodeJS.Timeout } | null;
  /** Why it died, when its 'error' event came before 'exit'. */
  error: Error | null;
  /** Replaced (stopped past the limit, or died): its later events are ignored. */
  retired: boolean;
}

/** The default worker entry: the compiled one next to this file, else the .ts source (tests, `node --import tsx`). */
function defaultEntry(): URL {
  const js = new URL('./analyze-worker.js', import.meta.url);
  return existsSync(fileURLToPath(js)) ? js : new URL('./analyze-worker.ts', import.meta.url);
}

/** Start a worker on `entry`; a .ts entry loads through tsx's loader, which a worker does not inherit. */
function startWorker(entry: URL, budgets: Budgets): Worker {
  const workerData = { budgets };
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, workerData });
}

/** An Error of the kind the worker reported. */
function errorFrom(e: WorkerError): Error {
  if (e.budget !== undefined) return new BudgetExceeded(e.budget, e.message);
  return e.input ? new InputError(e.message) : new Error(e.message);
}

/** A fixed-size pool of analyze workers; each worker takes one item at a time. */
export class AnalyzePool {
  /** The budgets every item is analyzed within. */
  readonly budgets: Budgets;
  /** Milliseconds after which a worker still on one item is stopped. */
  readonly hardLimitMs: number;
  private readonly entry: URL;
  private readonly slots: Slot[] = [];
  private readonly queue: Array<{ id: number; item: ItemToAnalyze }> = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;
  /** Set when a worker could not start: every item fails with it. */
  private broken: Error | null = null;

  /** Start `size` workers (0: analyze in this thread, within the budgets but without the hard limit). */
  constructor(readonly size: number, options: PoolOptions = {}) {
    this.budgets = options.budgets ?? environmentBudgets();
    this.hardLimitMs = hardLimitMs(this.budgets.maxMs);
    this.entry = options.entry ?? defaultEntry();
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Analyze one item (queued until a worker is free). */
  analyze(item: ItemToAnalyze): Promise<AnalyzedItem> {
    if (this.closed) return Promise.reject(new Error('AnalyzePool: closed'));
    if (this.broken) return Promise.reject(this.broken);
    if (this.size <= 0) {
      try {
        return Promise.resolve(analyzeItem(item, this.budgets));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    const id = this.nextId++;
    return new Promise<AnalyzedItem>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, item });
      this.pump();
    });
  }

  /** Items waiting or in progress. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Stop the workers (items still pending are rejected). */
  async close(): Promise<void> {
    this.closed = true;
    this.rejectAll(new Error('AnalyzePool: closed'));
    const workers = this.slots.map((slot) => {
      slot.retired = true;
      if (slot.job) clearTimeout(slot.job.timer);
      return slot.worker;
    });
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** A new worker, referenced (keeping the process alive) until it is ready and idle. */
  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(this.entry, this.budgets), ready: false, job: null, error: null, retired: false };
    slot.worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    slot.worker.on('error', (error) => {
      slot.error = error;
    });
    slot.worker.on('exit', (code) => this.onExit(slot, code));
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job !== null) continue;
      const job = this.queue.shift()!;
      slot.job = { id: job.id, timer: setTimeout(() => this.overrun(slot, job.id), this.hardLimitMs) };
      slot.worker.ref();
      slot.worker.postMessage(job);
    }
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (slot.retired) return;
    if ('ready' in message) {
      slot.ready = true;
      slot.worker.unref();
      this.pump();
      return;
    }
    if (slot.job?.id === message.id) {
      clearTimeout(slot.job.timer);
      slot.job = null;
    }
    slot.worker.unref();
    const p = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (p) {
      if ('result' in message) p.resolve(message.result);
      else p.reject(errorFrom(message.error));
    }
    this.pump();
  }

  /** The item ran past the hard limit: fail it, stop its worker, start another. */
  private overrun(slot: Slot, id: number): void {
    if (slot.retired || slot.job?.id !== id) return;
    this.replace(slot);
    void slot.worker.terminate();
    this.fail(id, hardTimeExceeded(this.budgets.maxMs));
  }

  /** A worker exited without being asked (a crash, out of memory): fail its item and replace it. */
  private onExit(slot: Slot, code: number): void {
    if (slot.retired || this.closed) return;
    const why = slot.error?.message ?? `it exited with code ${code}`;
    if (!slot.ready) {
      // It never loaded its models: another would die the same way.
      this.broken = new Error(`analysis worker could not start: ${why}`);
      slot.retired = true;
      this.rejectAll(this.broken);
      return;
    }
    const id = slot.job?.id;
    this.replace(slot);
    if (id !== undefined) this.fail(id, new Error(`analysis worker crashed: ${why}`));
  }

  /** Put a fresh worker in the slot's place. */
  private replace(slot: Slot): void {
    slot.retired = true;
    if (slot.job) clearTimeout(slot.job.timer);
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots[at] = this.spawn();
  }

  private fail(id: number, error: Error): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.reject(error);
    this.pump();
  }

  private rejectAll(error: Error): void {
    for (const [, p] of this.pending) p.reject(error);
    this.pending.clear();
    this.queue.length = 0;
  }
}
