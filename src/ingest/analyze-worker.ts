/**
 * Worker-thread entry of the analyze pool. At start it loads the models (one warm-up analysis) and says
 * `{ ready: true }`, so that the pool's time limit never counts model loading; then it receives `{ id, item }` and
 * answers `{ id, result }` or `{ id, error }` (the error's kind kept, so the pool can tell a budget from a bug). Its
 * budgets come in `workerData.budgets`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BudgetExceeded, type Budgets } from '../budgets.js';
import { analyze } from '../pipeline.js';
import { analyzeItem, type ItemToAnalyze } from './analyze-item.js';
import { InputError } from './input-error.js';
import type { WorkerError } from './analyze-pool.js';

if (!parentPort) throw new Error('analyze-worker must run in a worker thread');
const port = parentPort;
const { budgets } = workerData as { budgets: Budgets };

/** What crosses the thread boundary of an error: its message and, for a budget or an input error, its kind. */
function describeError(error: unknown): WorkerError {
  const message = error instanceof Error ? error.message || String(error) : String(error);
  if (error instanceof BudgetExceeded) return { message, budget: error.kind };
  return error instanceof InputError ? { message, input: true } : { message };
}

analyze({ raw: '', text: '' });
port.on('message', (message: { id: number; item: ItemToAnalyze }) => {
  try {
    const result = analyzeItem(message.item, budgets);
    port.postMessage({ id: message.id, result }, [result.signature.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id: message.id, error: describeError(error) });
  }
});
port.postMessage({ ready: true });
