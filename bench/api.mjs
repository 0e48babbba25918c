/**
 * HTTP API benchmark: the compiled app (dist/server/app.js) over a store, listening on a free local port, loaded
 * by autocannon with 100 connections for 10 s on `GET /api/events?limit=50`, then on `GET /api/search` cycling
 * through a few Arabic queries. Prints requests/s, p50 and p99 latency and errors (including non-2xx answers)
 * for each. The load comes from one client IP, so the app's per-IP rate limit is raised for the run (said in
 * the output); everything else is as `marsad serve` runs it.
 * Run: npm run bench:api [-- --db ./marsad.db] [-- --duration 10] [-- --connections 100]
 * (`npm start` fills ./marsad.db with the bundled sample.)
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { buildApp } from "../dist/server/app.js";
import { openStore } from "../dist/store/open-store.js";

const { values } = parseArgs({ options: { db: { type: "string" }, duration: { type: "string" }, connections: { type: "string" } } });
const DB = values.db ?? "./marsad.db";
const DURATION = Number(values.duration ?? 10);
const CONNECTIONS = Number(values.connections ?? 100);
const QUERIES = ["داعش", "الحكومة العراقية", "اعلن", "مقتل", "بغداد", "وزير الخارجية"];
/** The load client's limit: far above what one machine can send in the window. */
const LOAD_RATE_LIMIT = 1_000_000_000;

const store = await openStore(DB);
const stats = await store.stats();
if (stats.documents === 0) console.warn(`warning: ${DB} holds no documents (npm start ingests the bundled sample into ./marsad.db)`);
const app = await buildApp(store, {
  token: randomBytes(24).toString("base64url"),
  webRoot: null,
  rateLimit: { max: LOAD_RATE_LIMIT, timeWindow: "1 minute" },
});
await app.listen({ port: 0, host: "127.0.0.1" });
const { port } = app.server.address();
const base = `http://127.0.0.1:${port}`;

console.log(`marsad API benchmark — ${DB}: ${stats.documents} documents, ${stats.events} events; node ${process.version}`);
console.log(`${CONNECTIONS} connections × ${DURATION} s per route; rate limit raised for the load client to ${LOAD_RATE_LIMIT.toLocaleString("en")} requests/min per IP (serve's default: 600, writes 60)`);

/** Run autocannon on some requests (each connection cycles through them). */
function load(requests) {
  return new Promise((resolve, reject) => {
    autocannon({ url: base, connections: CONNECTIONS, duration: DURATION, requests }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const line = (name, r) =>
  `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(5)} ms   p99 ${String(r.latency.p99).padStart(5)} ms   ` +
  `errors ${r.errors + r.timeouts}   non-2xx ${r.non2xx}   (${r.requests.total} requests)`;

try {
  const events = await load([{ method: "GET", path: "/api/events?limit=50" }]);
  console.log(line("GET /api/events?limit=50", events));
  const search = await load(QUERIES.map((q) => ({ method: "GET", path: `/api/search?q=${encodeURIComponent(q)}` })));
  console.log(line(`GET /api/search (${QUERIES.length} queries)`, search));
} finally {
  await app.close();
  await store.close();
}
