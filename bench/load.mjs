/**
 * Load test of the HTTP API: the compiled app (dist/server/app.js) over a store, listening on a free local port as
 * `marsad serve` runs it (answer cache on, unless --cache off), loaded by autocannon in a separate child process
 * with `--connections` (200) connections for `--duration` (30) seconds per route:
 *   GET /api/events  a mix of filters (none, types, countries, an actor, date ranges, full text, one per cluster)
 *                    and pages (cursors of the first pages, taken from the store before the run)
 *   GET /api/search  a mix of Arabic queries
 * Per route it prints requests/s, latency p50/p90/p99/max, errors, timeouts and non-2xx answers, and the CPU each
 * side used: the load generator (its own process.cpuUsage) and the server (this process), as a share of one core
 * and of all the machine's cores, with the whole machine's busy share (/proc/stat, other processes included): the
 * load generator shares the CPUs with the server, so its share is part of the figures.
 * The load comes from one client IP: the per-IP rate limit is raised for the run (said in the output).
 * Exits 1 when any request failed (error, timeout or non-2xx), so a run that did not hold is not a figure.
 * Run: npm run bench:load [-- --db ./marsad.db] [-- --connections 200] [-- --duration 30] [-- --route events|search]
 *      [-- --cache on|off]
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    db: { type: "string" }, connections: { type: "string" }, duration: { type: "string" }, route: { type: "string" },
    cache: { type: "string" }, child: { type: "string" },
  },
});

if (values.child !== undefined) {
  // The load generator: run autocannon with the options given, print its result and this process's CPU time.
  const { default: autocannon } = await import("autocannon");
  const options = JSON.parse(values.child);
  const before = process.cpuUsage(); // the run's CPU time, not the module loading's
  autocannon(options, (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    const cpu = process.cpuUsage(before);
    console.log(JSON.stringify({ result, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
  });
} else {
  await main();
}

/** The whole machine's busy and total CPU time so far (jiffies, all cores), or null where /proc/stat is missing. */
function machineCpu() {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

async function main() {
  const DB = values.db ?? "./marsad.db";
  const CONNECTIONS = Number(values.connections ?? 200);
  const DURATION = Number(values.duration ?? 30);
  const CACHE = (values.cache ?? "on") !== "off";
  const CORES = availableParallelism();
  if (!Number.isInteger(CONNECTIONS) || CONNECTIONS < 1 || !(DURATION > 0)) throw new Error("--connections and --duration must be positive numbers");
  if (values.route !== undefined && !["events", "search"].includes(values.route)) throw new Error("--route must be events or search");
  if (values.cache !== undefined && !["on", "off"].includes(values.cache)) throw new Error("--cache must be on or off");
  /** The load client's limit: far above what one machine can send in the window. */
  const LOAD_RATE_LIMIT = 1_000_000_000;

  const { buildApp } = await import("../dist/server/app.js");
  const { openStore } = await import("../dist/store/open-store.js");
  const store = await openStore(DB);
  const stats = await store.stats();
  if (stats.documents === 0) console.warn(`warning: ${DB} holds no documents (npm start ingests the bundled sample into ./marsad.db)`);
  const app = await buildApp(store, {
    token: randomBytes(24).toString("base64url"),
    webRoot: null,
    rateLimit: { max: LOAD_RATE_LIMIT, timeWindow: "1 minute" },
    ...(CACHE ? {} : { cache: false }),
  });
  // How each answer was made: from the cache ("hit"), shared with a concurrent identical request ("shared"), or by
  // the store ("miss", or no header when the cache is off).
  const answeredBy = { hit: 0, shared: 0, miss: 0, uncached: 0 };
  app.addHook("onResponse", async (_request, reply) => {
    const how = reply.getHeader("x-marsad-cache");
    answeredBy[how in answeredBy ? how : "uncached"]++;
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${app.server.address().port}`;

  try {
    // The mixes. Pages: the cursors of the first pages of two listings, so deep pages are part of the load.
    const filters = ["", "type=ASSAULT", "type=PROTEST,COERCE", "country=IRQ", "country=SYR,YEM", `actor=${encodeURIComponent("داعش")}`,
      "since=2015-01-01&until=2015-06-30", `q=${encodeURIComponent("هجوم")}`, "type=CONSULT&country=EGY", "since=2017-01-01", "one_per_cluster=true",
      `country=LBN&type=ASSAULT&q=${encodeURIComponent("غارة")}`];
    const eventPaths = filters.map((f) => `/api/events?limit=50${f ? `&${f}` : ""}`);
    for (const listing of ["/api/events?limit=50", "/api/events?limit=50&type=ASSAULT"]) {
      let cursor = null;
      for (let page = 0; page < 3; page++) {
        const res = await app.inject({ method: "GET", url: cursor ? `${listing}&cursor=${cursor}` : listing });
        cursor = res.json().next;
        if (!cursor) break;
        eventPaths.push(`${listing}&cursor=${cursor}`);
      }
    }
    const queries = ["داعش", "الحكومة العراقية", "اعلن", "مقتل", "بغداد", "وزير الخارجية", "مجلس الامن", "اللاجئين", "النفط", "الحوثيين", "انتخابات", "الرئيس المصري"];
    const searchPaths = queries.map((q) => `/api/search?q=${encodeURIComponent(q)}&limit=20`);
    const routes = [
      ["events", `GET /api/events (${filters.length} filters, ${eventPaths.length - filters.length} deep pages)`, eventPaths],
      ["search", `GET /api/search (${queries.length} queries)`, searchPaths],
    ].filter(([name]) => values.route === undefined || values.route === name);
    // Every URL of the mixes answers 200 before the load starts (a mix of 400s would measure nothing).
    for (const [, , paths] of routes) {
      for (const path of paths) {
        const res = await app.inject({ method: "GET", url: path });
        if (res.statusCode !== 200) throw new Error(`${path} answers ${res.statusCode}: ${res.body.slice(0, 200)}`);
      }
    }

    console.log(`marsad API load test — ${DB}: ${stats.documents} documents, ${stats.events} events; node ${process.version}; ${CORES} cores`);
    console.log(`${CONNECTIONS} connections × ${DURATION} s per route; answer cache ${CACHE ? "on (as marsad serve)" : "off"}; autocannon in a child process; ` +
      `rate limit raised for the load client to ${LOAD_RATE_LIMIT.toLocaleString("en")} requests/min per IP (serve's default: 600, writes 60)`);
    let failed = 0;
    for (const [, label, paths] of routes) {
      const options = { url: base, connections: CONNECTIONS, duration: DURATION, requests: paths.map((path) => ({ method: "GET", path })) };
      for (const key of Object.keys(answeredBy)) answeredBy[key] = 0;
      const serverBefore = process.cpuUsage();
      const machineBefore = machineCpu();
      const { result: r, cpuSeconds } = await runLoadGenerator(options);
      const serverCpu = process.cpuUsage(serverBefore);
      const machineAfter = machineCpu();
      // Shares over the run itself (the child's start-up is outside its CPU figure; the server's is a few ms).
      const wall = r.duration;
      const serverSeconds = (serverCpu.user + serverCpu.system) / 1e6;
      failed += r.errors + r.non2xx; // autocannon's errors include its timeouts
      const share = (seconds) => `${((seconds / wall) * 100).toFixed(0)}% of one core, ${((seconds / wall / CORES) * 100).toFixed(0)}% of ${CORES}`;
      const machine = machineBefore && machineAfter
        ? `${(((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100).toFixed(0)}% busy (all processes)`
        : "n/a";
      console.log(`\n${label}`);
      console.log(`  ${r.requests.average.toFixed(0)} req/s (${r.requests.total} requests)   latency p50 ${r.latency.p50} ms   p90 ${r.latency.p90} ms   ` +
        `p99 ${r.latency.p99} ms   max ${r.latency.max} ms`);
      console.log(`  errors ${r.errors} (timeouts ${r.timeouts})   non-2xx ${r.non2xx}   2xx ${r["2xx"]}   ` +
        `answered from the cache ${answeredBy.hit}, shared ${answeredBy.shared}, by the store ${answeredBy.miss + answeredBy.uncached}`);
      console.log(`  CPU over ${wall.toFixed(1)} s: load generator ${cpuSeconds.toFixed(1)} s (${share(cpuSeconds)}); server ${serverSeconds.toFixed(1)} s (${share(serverSeconds)}); machine ${machine}`);
    }
    if (failed > 0) {
      console.log(`\nFAILED: ${failed} requests failed (connection errors, timeouts or non-2xx answers)`);
      process.exitCode = 1;
    } else {
      console.log("\nheld: 0 errors, 0 timeouts, 0 non-2xx");
    }
  } finally {
    await app.close();
    await store.close();
  }
}

/** Run autocannon in a child process (this file with --child); resolves to its result and CPU time. */
function runLoadGenerator(options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--child", JSON.stringify(options)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the load generator exited with ${code}`))));
  });
}
