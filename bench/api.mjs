/**
 * HTTP API benchmark: the compiled app (dist/server/app.js) over a store, listening on a free local port, loaded by
 * autocannon running in a child process (so the load generator does not share the server's event loop; on a 2-core
 * machine it still shares the CPUs, and its CPU share is printed). Two scenarios per run, each `--duration` seconds
 * with `--connections` connections:
 *   GET /api/events  a mix of 12 filters (none, types, countries, an actor, a date range, a full-text filter, pages)
 *   GET /api/search  a mix of 12 Arabic queries
 * first with the answer cache (as `marsad serve` runs: the first request of each URL asks the store, the others are
 * served from the cache until the store changes) from a cold start, then again warm (every URL of the mix asked once
 * before: the steady state of a server in use), then with the cache off (every request asks the store).
 * Prints requests/s, p50/p99 latency, errors and non-2xx answers per scenario. The load comes from one client IP,
 * so the app's per-IP rate limit is raised for the run (said in the output); everything else is as `marsad serve`.
 * Run: npm run bench:api [-- --db ./marsad.db] [-- --duration 10] [-- --connections 100] [-- --only cache|no-cache]
 * (`npm start` fills ./marsad.db with the bundled sample; the figures in the README are on the whole ANT corpus.)
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { buildApp } from "../dist/server/app.js";
import { openStore } from "../dist/store/open-store.js";

const { values } = parseArgs({ options: { db: { type: "string" }, duration: { type: "string" }, connections: { type: "string" }, only: { type: "string" } } });
const DB = values.db ?? "./marsad.db";
const DURATION = Number(values.duration ?? 10);
const CONNECTIONS = Number(values.connections ?? 100);
const QUERIES = ["داعش", "الحكومة العراقية", "اعلن", "مقتل", "بغداد", "وزير الخارجية", "مجلس الامن", "اللاجئين", "النفط", "الحوثيين", "انتخابات", "الرئيس المصري"];
const EVENT_QUERIES = ["", "type=ASSAULT", "type=PROTEST,COERCE", "country=IRQ", "country=SYR,YEM", "actor=داعش", "since=2015-01-01&until=2015-06-30",
  "q=هجوم", "type=CONSULT&country=EGY", "since=2017-01-01", "type=AID", "country=LBN&type=ASSAULT"];
/** The load client's limit: far above what one machine can send in the window. */
const LOAD_RATE_LIMIT = 1_000_000_000;

/** The load generator: autocannon in a child process; prints its result and its own CPU time as JSON. */
const CHILD = `
import autocannon from "autocannon";
const options = JSON.parse(process.argv[1]);
autocannon(options, (error, result) => {
  if (error) { console.error(error); process.exit(1); }
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ result, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
});`;

function load(base, requests) {
  return new Promise((resolve, reject) => {
    const options = { url: base, connections: CONNECTIONS, duration: DURATION, requests };
    const child = spawn(process.execPath, ["--input-type=module", "-e", CHILD, JSON.stringify(options)], { cwd: new URL("..", import.meta.url), stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited with ${code}`))));
  });
}

const store = await openStore(DB);
const stats = await store.stats();
if (stats.documents === 0) console.warn(`warning: ${DB} holds no documents (npm start ingests the bundled sample into ./marsad.db)`);
console.log(`marsad API benchmark — ${DB}: ${stats.documents} documents, ${stats.events} events; node ${process.version}`);
console.log(`${CONNECTIONS} connections × ${DURATION} s per scenario; load generator in a child process; rate limit raised for the load client to ${LOAD_RATE_LIMIT.toLocaleString("en")} requests/min per IP (serve's default: 600, writes 60)`);

const line = (name, { result: r, cpuSeconds }, serverCpu) =>
  `${name.padEnd(40)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  ` +
  `errors ${r.errors + r.timeouts}  non-2xx ${r.non2xx}  (${r.requests.total} requests)  CPU: load ${(cpuSeconds / DURATION * 100).toFixed(0)}%, server ${(serverCpu / DURATION * 100).toFixed(0)}% of one core`;

const scenarios = [["cache", {}], ["no-cache", { cache: false }]].filter(([name]) => !values.only || values.only === name);
try {
  for (const [name, cacheOption] of scenarios) {
    const app = await buildApp(store, { token: randomBytes(24).toString("base64url"), webRoot: null, rateLimit: { max: LOAD_RATE_LIMIT, timeWindow: "1 minute" }, ...cacheOption });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${app.server.address().port}`;
    for (const [route, requests] of [
      [`GET /api/events (${EVENT_QUERIES.length} filters)`, EVENT_QUERIES.map((q) => ({ method: "GET", path: `/api/events?limit=50${q ? `&${encodeURI(q)}` : ""}` }))],
      [`GET /api/search (${QUERIES.length} queries)`, QUERIES.map((q) => ({ method: "GET", path: `/api/search?q=${encodeURIComponent(q)}` }))],
    ]) {
      const before = process.cpuUsage();
      const result = await load(base, requests);
      const cpu = process.cpuUsage(before);
      console.log(line(`${route} [${name}]`, result, (cpu.user + cpu.system) / 1e6));
      if (name === "cache") {
        // Again, now that every URL of the mix has been asked once: the steady state of a server in use.
        const warmBefore = process.cpuUsage();
        const warm = await load(base, requests);
        const warmCpu = process.cpuUsage(warmBefore);
        console.log(line(`${route} [cache, warm]`, warm, (warmCpu.user + warmCpu.system) / 1e6));
      }
    }
    await app.close();
  }
} finally {
  await store.close();
}
