/**
 * Per-document budgets: the most bytes one document's raw input may have and the most time its analysis may
 * take. A document over a budget is not a crash: it becomes an error (`BudgetExceeded`, an InputError) that the
 * caller reports like any unreadable input — an error record in ingest, a `{"line", "error"}` line in
 * `analyze --jsonl`, exit code 1 in `analyze FILE`, a 413 (size) or 422 (time) in the API.
 *
 * Size is checked before decoding where the bytes are still a stream (files, stdin, JSONL lines, gzip): reading
 * stops storing at the budget and only counts the rest, so a 50 MB article is refused without being held or
 * decoded. Time is checked by the pipeline between stages (cooperative); ingest's worker pool also stops a worker
 * that runs past `hardLimitMs` (a stage that never returns), so no document can stop a corpus.
 *
 * Configuration: CLI flags `--max-bytes`, `--max-ms`; the environment (MARSAD_MAX_BYTES, MARSAD_MAX_MS) for the
 * server and the queue worker, and as the CLI's defaults; else DEFAULT_BUDGETS.
 */
import { UsageError } from './cli/usage-error.js';
import { InputError } from './ingest/input-error.js';

/** The limits one document must stay within. */
export interface Budgets {
  /** Most bytes of one document's raw input (UTF-8: the file, the JSONL line, the API's article object). */
  maxBytes: number;
  /** Most milliseconds of one document's analysis, checked between pipeline stages. */
  maxMs: number;
}

/** Defaults: 5 MiB (news articles are a few KB; the largest of 31,525 ANT articles is far below) and 20 s. */
export const DEFAULT_BUDGETS: Readonly<Budgets> = Object.freeze({ maxBytes: 5 * 1024 * 1024, maxMs: 20_000 });

/** Largest budgets accepted: 2 GiB (a Buffer's practical limit) and 2^30 ms (timers overflow past 2^31 - 1). */
const MAX_BYTES_LIMIT = 2 ** 31;
const MAX_MS_LIMIT = 2 ** 30;

/** Which budget a document exceeded. */
export type BudgetKind = 'bytes' | 'time';

/** A document over its size or time budget; an InputError, so every caller reports it as the input's error. */
export class BudgetExceeded extends InputError {
  override name = 'BudgetExceeded';
  /** Which budget. */
  readonly kind: BudgetKind;

  constructor(kind: BudgetKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * The size error: `document is 52,428,800 bytes, over the 5,242,880-byte budget (--max-bytes, MARSAD_MAX_BYTES)`.
 * `atLeast`: reading stopped before the end, so `bytes` is a lower bound.
 */
export function sizeExceeded(bytes: number, maxBytes: number, atLeast = false): BudgetExceeded {
  return new BudgetExceeded('bytes', `document is ${atLeast ? 'more than ' : ''}${count(bytes)} bytes, over the ${count(maxBytes)}-byte budget (--max-bytes, MARSAD_MAX_BYTES)`);
}

/** The cooperative time error: the analysis was past its budget when the next stage was due. */
export function timeExceeded(elapsedMs: number, maxMs: number, nextStage: string): BudgetExceeded {
  return new BudgetExceeded('time', `analysis took over the ${count(maxMs)}-ms budget (--max-ms, MARSAD_MAX_MS): stopped after ${count(elapsedMs)} ms, before stage ${nextStage}`);
}

/** The hard time error: the analysis did not return at all within `hardLimitMs(maxMs)`, so its worker was stopped. */
export function hardTimeExceeded(maxMs: number): BudgetExceeded {
  return new BudgetExceeded('time', `analysis did not finish within ${count(hardLimitMs(maxMs))} ms (its budget is ${count(maxMs)} ms, --max-ms, MARSAD_MAX_MS); its worker was stopped`);
}

/** When a worker running past its budget is stopped: twice the budget, and at least one second past it. */
export function hardLimitMs(maxMs: number): number {
  return Math.max(2 * maxMs, maxMs + 1000);
}

/** Bytes of a string in UTF-8. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Throw the size error when `bytes` is over `maxBytes`. */
export function checkSize(bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) throw sizeExceeded(bytes, maxBytes);
}

/** A byte count: `5242880`, `512k`, `5M`, `1G` (binary multiples; a trailing `B`/`iB` is allowed). */
export function parseMaxBytes(value: string, name: string): number {
  const m = /^\s*(\d+)\s*([kmg]?)(?:i?b)?\s*$/i.exec(value);
  const n = m ? Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_BYTES_LIMIT) {
    throw new UsageError(`${name} must be a size from 1 byte to 2G (e.g. 5242880, 512k, 5M), got "${value}"`);
  }
  return n;
}

/** A duration: `20000` (ms), `250ms`, `20s`, `2m`. */
export function parseMaxMs(value: string, name: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(value);
  const unit = (m?.[2] ?? 'ms').toLowerCase();
  const n = m ? Math.round(Number(m[1]) * (unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1)) : NaN;
  if (!Number.isFinite(n) || n < 1 || n > MAX_MS_LIMIT) {
    throw new UsageError(`${name} must be a duration from 1 ms to 12 days (e.g. 20000, 20s, 2m), got "${value}"`);
  }
  return n;
}

/** Budgets from the flags given (strings as typed), else the environment, else the defaults. */
export function resolveBudgets(flags: { maxBytes?: string | undefined; maxMs?: string | undefined } = {}, env: NodeJS.ProcessEnv = process.env): Budgets {
  const bytes = flags.maxBytes ?? env.MARSAD_MAX_BYTES;
  const ms = flags.maxMs ?? env.MARSAD_MAX_MS;
  return {
    maxBytes: bytes === undefined || bytes === '' ? DEFAULT_BUDGETS.maxBytes : parseMaxBytes(bytes, flags.maxBytes !== undefined ? '--max-bytes' : 'MARSAD_MAX_BYTES'),
    maxMs: ms === undefined || ms === '' ? DEFAULT_BUDGETS.maxMs : parseMaxMs(ms, flags.maxMs !== undefined ? '--max-ms' : 'MARSAD_MAX_MS'),
  };
}

let fromEnvironment: Budgets | null = null;

/** The budgets of this process's environment (MARSAD_MAX_BYTES, MARSAD_MAX_MS) or the defaults; read once. */
export function environmentBudgets(): Budgets {
  fromEnvironment ??= resolveBudgets();
  return fromEnvironment;
}

/** How far past the budget a refused stream is still counted, so the error can give its size (a multiple of it). */
const COUNT_PAST = 16;

/**
 * The whole of a byte stream, or the size error once it passes `maxBytes`: from then on nothing is kept, the rest
 * is only counted (up to 16× the budget, then the size is reported as "more than"), and the stream is closed.
 */
export async function readBounded(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  let over = false;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      over = true;
      chunks.length = 0;
      if (total > maxBytes * COUNT_PAST) throw sizeExceeded(total, maxBytes, true);
      continue;
    }
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  if (over) throw sizeExceeded(total, maxBytes);
  return Buffer.concat(chunks, total);
}

/** A line over the budget: only its length was kept. */
export interface OversizeLine {
  oversize: number;
}

/**
 * The lines of a byte stream, split on the newline byte (never inside a UTF-8 character; a `\r` before it stays),
 * each a Buffer — or, for a line longer than `maxBytes`, its length only: its bytes are dropped as they come, so one
 * huge line is never held. The last line may lack its newline.
 */
export async function* boundedLines(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Buffer | OversizeLine> {
  let pending: Buffer[] = [];
  let length = 0;
  let over = false;
  const add = (part: Buffer): void => {
    length += part.length;
    if (length > maxBytes) {
      over = true;
      pending = [];
    } else if (part.length > 0) pending.push(part);
  };
  const take = (): Buffer | OversizeLine => {
    const line = over ? { oversize: length } : Buffer.concat(pending, length);
    pending = [];
    length = 0;
    over = false;
    return line;
  };
  for await (const bytes of source) {
    const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      add(chunk.subarray(start, nl));
      yield take();
      start = nl + 1;
    }
    // Copied: the stream may reuse its chunk's memory.
    if (start < chunk.length) add(Buffer.from(chunk.subarray(start)));
  }
  if (length > 0 || over) yield take();
}
