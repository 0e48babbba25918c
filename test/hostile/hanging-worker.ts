/**
 * A stand-in for analyze-worker in the pool's tests: it speaks the same protocol (ready, then `{ id, item }` →
 * `{ id, result }`), analyzes as the real worker does, but never returns from an item whose origin starts with
 * `hang:` — a stage that never ends, which only the pool's hard time limit can stop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Budgets } from '../../src/budgets.js';
import { analyzeItem, type ItemToAnalyze } from '../../src/ingest/analyze-item.js';

const port = parentPort!;
const { budgets } = workerData as { budgets: Budgets };
port.on('message', (message: { id: number; item: ItemToAnalyze }) => {
  if (message.item.origin.startsWith('hang:')) for (;;);
  try {
    const result = analyzeItem(message.item, budgets);
    port.postMessage({ id: message.id, result }, [result.signature.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id: message.id, error: { message: (error as Error).message } });
  }
});
port.postMessage({ ready: true });
