/**
 * Ingest benchmark: the ANT multisource corpus (31.5k articles, ../shared/data/corpus) into SQLite and into
 * PostgreSQL with 1 and 2 analysis workers, against analyze alone on the same workers over the same items (so
 * storage costs read as a ratio, steadier than absolute times on a shared machine); then the same corpus again
 * into the SQLite database, which must add 0 documents.
 * Plain JavaScript over the compiled dist/ (what `marsad ingest` runs).
 * Run: npm run bench:ingest [-- --limit N] [-- --pg postgres://postgres@127.0.0.1:5432/test]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readSources } from "../dist/ingest/read-sources.js";
import { AnalyzePool } from "../dist/ingest/analyze-pool.js";
import { ingestItems } from "../dist/ingest/ingest.js";
import { openStore } from "../dist/store/open-store.js";

const { values } = parseArgs({ options: { limit: { type: "string" }, pg: { type: "string" }, file: { type: "string" } } });
const FILE = values.file ?? fileURLToPath(new URL("../../shared/data/corpus/ant_multisource_v2.1.jsonl.gz", import.meta.url));
const LIMIT = values.limit ? Number(values.limit) : Infinity;
const PG = values.pg ?? "postgres://postgres@127.0.0.1:5432/test";

/** The corpus items, at most LIMIT. */
async function* items() {
  let n = 0;
  for await (const item of readSources([FILE], {})) {
    if (n++ >= LIMIT) return;
    yield item;
  }
}

/** Analyze alone: the same reading and the same pool, no store. */
async function analyzeOnly(workers) {
  const pool = new AnalyzePool(workers);
  const t0 = performance.now();
  let done = 0;
  const inFlight = new Set();
  for await (const item of items()) {
    if (!("input" in item)) continue;
    const p = pool.analyze(item).then(() => { done++; }, () => { done++; });
    inFlight.add(p);
    p.finally(() => inFlight.delete(p));
    if (inFlight.size >= Math.max(2, workers * 4)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await pool.close();
  return { docs: done, seconds: (performance.now() - t0) / 1000 };
}

async function ingestInto(db, workers) {
  const store = await openStore(db);
  try {
    const t0 = performance.now();
    const counts = await ingestItems(items(), { store, workers });
    const seconds = (performance.now() - t0) / 1000;
    return { docs: counts.inserted + counts.duplicates + counts.skipped, inserted: counts.inserted, errors: counts.errors, seconds };
  } finally {
    await store.close();
  }
}

const rate = (r) => r.docs / r.seconds;
const line = (name, r, base) =>
  `${name.padEnd(34)} ${String(r.docs).padStart(6)} docs ${r.seconds.toFixed(1).padStart(7)} s ${rate(r).toFixed(1).padStart(7)} docs/s` +
  (r.inserted !== undefined ? `  stored ${r.inserted}` : "") + (base ? `  ${(rate(r) / rate(base)).toFixed(2)}× analyze alone` : "");

const dir = mkdtempSync(join(tmpdir(), "marsad-bench-"));
const pgSchema = `marsad_bench_${process.pid}`;
console.log(`marsad ingest benchmark — ${FILE}${Number.isFinite(LIMIT) ? ` (first ${LIMIT})` : ""}, node ${process.version}`);
try {
  const a1 = await analyzeOnly(1);
  console.log(line("analyze alone, 1 worker", a1));
  const a2 = await analyzeOnly(2);
  console.log(line("analyze alone, 2 workers", a2) + `  ${(rate(a2) / rate(a1)).toFixed(2)}× 1 worker`);
  const s1 = await ingestInto(join(dir, "w1.db"), 1);
  console.log(line("ingest SQLite, 1 worker", s1, a1));
  const s2 = await ingestInto(join(dir, "w2.db"), 2);
  console.log(line("ingest SQLite, 2 workers", s2, a2) + `  ${(rate(s2) / rate(s1)).toFixed(2)}× 1 worker`);
  const again = await ingestInto(join(dir, "w2.db"), 2);
  console.log(line("re-ingest SQLite (same corpus)", again) + `  → ${again.inserted} documents added`);
  let pgOk = true;
  try {
    const p1 = await ingestInto(`${PG}?schema=${pgSchema}_1`, 1);
    console.log(line("ingest PostgreSQL, 1 worker", p1, a1));
    const p2 = await ingestInto(`${PG}?schema=${pgSchema}_2`, 2);
    console.log(line("ingest PostgreSQL, 2 workers", p2, a2) + `  ${(rate(p2) / rate(p1)).toFixed(2)}× 1 worker`);
  } catch (error) {
    pgOk = false;
    console.log(`PostgreSQL skipped: ${error.message}`);
  }
  if (pgOk) {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: PG });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${pgSchema}_1 CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${pgSchema}_2 CASCADE`);
    await client.end();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
