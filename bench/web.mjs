/**
 * Dashboard first-view benchmark: the compiled app (dist/server/app.js) serving the built dashboard (dist/web) over a
 * store, on a free local port, loaded `--runs` times in Debian's chromium (playwright-core), each time in a fresh
 * browser context (empty cache and storage, as a new user). For each load it reads the dashboard's own
 * `first-view-ready` performance mark (set once the overview's timeline, map, network, alerts and event table have
 * rendered their data; its time is measured from the navigation's start) and DOMContentLoaded; it prints the
 * first (cold store) load, the median and the max, the API requests the first view made, and the bundle's sizes
 * (bytes and gzip) from dist/web/assets. Figures only, no assertions.
 * Run: npm run bench:web [-- --db ./marsad.db] [-- --runs 10] (build first: npx tsc -p tsconfig.build.json and
 * npx vite build --config web/vite.config.ts).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { buildApp } from "../dist/server/app.js";
import { openStore } from "../dist/store/open-store.js";

const { values } = parseArgs({ options: { db: { type: "string" }, runs: { type: "string" }, chromium: { type: "string" } } });
const DB = values.db ?? "./marsad.db";
const RUNS = Number(values.runs ?? 10);
const CHROMIUM = values.chromium ?? "/usr/bin/chromium";
const WEB_ROOT = fileURLToPath(new URL("../dist/web/", import.meta.url));

if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive whole number, got ${values.runs}`);
if (!existsSync(join(WEB_ROOT, "index.html"))) {
  console.error("dist/web is not built: run npx vite build --config web/vite.config.ts");
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing (apt-get install chromium, or --chromium PATH)`);
  process.exit(1);
}

/** Bytes and gzip bytes of the bundle's files by extension. */
function bundleSizes() {
  const dir = join(WEB_ROOT, "assets");
  const sizes = {};
  for (const name of readdirSync(dir)) {
    const ext = name.split(".").pop();
    const bytes = readFileSync(join(dir, name));
    const entry = (sizes[ext] ??= { files: 0, bytes: 0, gzip: 0 });
    entry.files += 1;
    entry.bytes += statSync(join(dir, name)).size;
    entry.gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return sizes;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (x) => `${x.toFixed(0)} ms`;

const store = await openStore(DB);
const stats = await store.stats();
if (stats.documents === 0) console.warn(`warning: ${DB} holds no documents (npm start ingests the bundled sample into ./marsad.db)`);
const app = await buildApp(store, { token: randomBytes(24).toString("base64url"), webRoot: WEB_ROOT, rateLimit: { max: 1_000_000, timeWindow: "1 minute" } });
const base = await app.listen({ host: "127.0.0.1", port: 0 });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const version = browser.version();
console.log(`marsad dashboard first view — ${DB}: ${stats.documents} documents, ${stats.events} events; chromium ${version}, node ${process.version}`);
console.log(`${RUNS} loads of ${base}/ , each in a fresh browser context (no cache), 1360×900 viewport`);

const ready = [];
const loaded = [];
let requests = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${base}/`);
    // The app sets data-state=ready and the mark in the same task (a selector wait needs no eval, which the CSP forbids).
    await page.waitForSelector('html[data-state="ready"]', { timeout: 60_000 });
    const timing = await page.evaluate(() => ({
      ready: performance.getEntriesByName("first-view-ready")[0].startTime,
      dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
      api: performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/")).map((e) => ({ url: e.name.slice(location.origin.length), start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize })),
    }));
    ready.push(timing.ready);
    loaded.push(timing.dcl);
    if (run === 0) requests = timing.api;
    console.log(`  run ${String(run + 1).padStart(2)}: first view ready ${ms(timing.ready).padStart(8)}   DOMContentLoaded ${ms(timing.dcl).padStart(7)}${errors.length ? `   errors: ${errors.join(" | ")}` : ""}`);
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
  await store.close();
}

console.log(`first view ready: first load ${ms(ready[0])}, median ${ms(median(ready))}, max ${ms(Math.max(...ready))}, min ${ms(Math.min(...ready))}  (DOMContentLoaded median ${ms(median(loaded))})`);
console.log("API requests of the first load (start → end, body bytes):");
for (const r of requests) console.log(`  ${decodeURIComponent(r.url).padEnd(70)} ${ms(r.start).padStart(8)} → ${ms(r.end).padStart(8)}  ${String(r.bytes).padStart(8)} B`);
const sizes = bundleSizes();
console.log("bundle (dist/web/assets):");
for (const [ext, s] of Object.entries(sizes)) console.log(`  ${ext.padEnd(4)} ${s.files} file(s)  ${(s.bytes / 1024).toFixed(1)} KiB  gzip ${(s.gzip / 1024).toFixed(1)} KiB`);
