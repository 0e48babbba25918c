/**
 * Worker-thread entry of the analyze pool: receives `{ id, item }` messages, answers `{ id, result }` or
 * `{ id, error }`. The models load once per thread, on the first item.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeItem, type ItemToAnalyze } from './analyze-item.js';

if (!parentPort) throw new Error('analyze-worker must run in a worker thread');
const port = parentPort;
port.on('message', (message: { id: number; item: ItemToAnalyze }) => {
  try {
    const result = analyzeItem(message.item);
    port.postMessage({ id: message.id, result }, [result.signature.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id: message.id, error: (error as Error).message || String(error) });
  }
});
