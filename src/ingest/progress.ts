/**
 * Ingest progress: on a terminal, one line redrawn in place (count, rate, elapsed, and a bar with ETA when the total
 * is known); otherwise nothing while running and one summary line at the end.
 */
import type { IngestCounts } from './ingest.js';

/** A progress reporter for one ingest run. */
export interface ProgressReporter {
  update(counts: IngestCounts): void;
  done(counts: IngestCounts): void;
}

const pad = (n: number, width: number): string => String(n).padStart(width);
const clock = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60), 2)}m` : s >= 60 ? `${Math.floor(s / 60)}m${pad(s % 60, 2)}s` : `${s}s`;
};

/** The summary line printed at the end of an ingest. */
export function summaryLine(c: IngestCounts): string {
  const rate = c.elapsedMs > 0 ? (c.inserted + c.duplicates + c.skipped) / (c.elapsedMs / 1000) : 0;
  return `ingested ${c.read} items in ${clock(c.elapsedMs)} (${rate.toFixed(1)}/s): ${c.inserted} stored, ` +
    `${c.nearDuplicates} linked as near-duplicates, ${c.duplicates} duplicates, ${c.skipped} already stored, ${c.errors} errors`;
}

/** A reporter writing to `stream`; `total` (items) enables the bar and the ETA. */
export function createProgress(stream: NodeJS.WriteStream, total: number | null = null): ProgressReporter {
  const tty = stream.isTTY === true;
  let last = 0;
  return {
    update(c) {
      if (!tty) return;
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      const done = c.read;
      const rate = c.elapsedMs > 0 ? done / (c.elapsedMs / 1000) : 0;
      let bar = '';
      if (total !== null && total > 0) {
        const frac = Math.min(1, done / total);
        const width = 24;
        const filled = Math.round(frac * width);
        const eta = rate > 0 ? ((total - done) / rate) * 1000 : 0;
        bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ETA ${clock(eta)} `;
      }
      stream.write(`\r${bar}${done}${total !== null ? `/${total}` : ''} items, ${rate.toFixed(1)}/s, ${c.inserted} stored, ${c.errors} errors, ${clock(c.elapsedMs)}\x1b[K`);
    },
    done(c) {
      if (tty) stream.write('\r\x1b[K');
      stream.write(summaryLine(c) + '\n');
    },
  };
}
