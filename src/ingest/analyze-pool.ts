/**
 * A pool of worker threads running `analyzeItem`, so ingest uses every core while the main thread reads inputs
 * and writes the store. With size 0 it analyzes in the calling thread (tests, tiny inputs).
 * Under a TypeScript loader (tests run the sources), workers load the .ts entry through tsx's register API.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeItem, type AnalyzedItem, type ItemToAnalyze } from './analyze-item.js';

interface Pending {
  resolve: (result: AnalyzedItem) => void;
  reject: (error: Error) => void;
}

/** Start one analyze worker: the compiled entry under plain node, or the .ts entry through tsx's loader. */
function startWorker(): Worker {
  const js = new URL('./analyze-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  // Running the sources (tests, `node --import tsx`): a worker does not inherit the loader, so register it there.
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./analyze-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}

/** A fixed-size pool of analyze workers; each worker takes one item at a time. */
export class AnalyzePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ id: number; item: ItemToAnalyze }> = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;
  private closed = false;

  /** Start `size` workers (0: analyze in this thread). */
  constructor(readonly size: number) {
    if (size <= 0) return;
    for (let i = 0; i < size; i++) {
      const worker = startWorker();
      worker.on('message', (message: { id: number; result?: AnalyzedItem; error?: string }) => this.settle(worker, message));
      worker.on('error', (error) => this.fail(worker, error));
      worker.unref();
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Analyze one item (queued until a worker is free). */
  analyze(item: ItemToAnalyze): Promise<AnalyzedItem> {
    if (this.closed) return Promise.reject(new Error('AnalyzePool: closed'));
    if (this.size <= 0) {
      try {
        return Promise.resolve(analyzeItem(item));
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
    for (const [, p] of this.pending) p.reject(new Error('AnalyzePool: closed'));
    this.pending.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job.id);
      worker.ref();
      worker.postMessage(job);
    }
  }

  private settle(worker: Worker, message: { id: number; result?: AnalyzedItem; error?: string }): void {
    this.busy.delete(worker);
    worker.unref();
    this.idle.push(worker);
    const p = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (p) {
      if (message.result) {
        // The signature's buffer was transferred; structured clone gives back a plain Uint32Array.
        p.resolve(message.result);
      } else p.reject(new Error(message.error ?? 'analysis failed'));
    }
    this.pump();
  }

  /** A worker died (out of memory, a native crash): fail its item, replace it, go on. */
  private fail(worker: Worker, error: Error): void {
    const id = this.busy.get(worker);
    this.busy.delete(worker);
    if (id !== undefined) {
      this.pending.get(id)?.reject(new Error(`analysis worker crashed: ${error.message}`));
      this.pending.delete(id);
    }
    const at = this.workers.indexOf(worker);
    if (at >= 0 && !this.closed) {
      const fresh = startWorker();
      fresh.on('message', (message: { id: number; result?: AnalyzedItem; error?: string }) => this.settle(fresh, message));
      fresh.on('error', (e) => this.fail(fresh, e));
      fresh.unref();
      this.workers[at] = fresh;
      this.idle.push(fresh);
      this.pump();
    }
  }
}
