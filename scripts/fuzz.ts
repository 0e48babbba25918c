/**
 * `npm run fuzz` — `node --import tsx scripts/fuzz.ts [--runs N | --runs NAME=N,…] [--seed S] [--only NAME,…] [--hang-ms MS]`:
 * the fuzzer's properties (test/hostile/fuzz-properties.ts: analyze-object, analyze-bytes, ingest, api) over
 * 100,000 cases by default (45% / 25% / 5% / 25%; `--runs N` sets the total, `--runs ingest=2000` one property's
 * count). Prints the seed (a run is reproduced with `--seed S` and the same --runs), then per property the cases run,
 * failures, crashes, the slowest case and the outcomes; exits 1 on any failure, crash or hang.
 *
 * The properties run in a child process and report every case before running it; if no case finishes within
 * `--hang-ms` (default 120 s), the child is killed and the case it was on is printed as a hang — so a hang is
 * found, not waited on.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fuzzProperties, type PropertyReport } from '../test/hostile/fuzz-properties.js';
import { analyze } from '../src/pipeline.js';

const SHARES: Record<string, number> = { 'analyze-object': 0.45, 'analyze-bytes': 0.25, ingest: 0.05, api: 0.25 };
const DEFAULT_TOTAL = 100_000;

/** Messages from the child. */
type ChildMessage =
  | { type: 'case'; property: string; preview: string }
  | { type: 'report'; report: PropertyReport; ms: number }
  | { type: 'crash'; message: string };

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    seed: { type: 'string' },
    only: { type: 'string' },
    'hang-ms': { type: 'string' },
    child: { type: 'boolean' },
  },
});

/**
 * Runs per property from `--runs`: a total split by the shares, or NAME=N pairs over the default split (the child is
 * given exactly the parent's plan: the pairs alone).
 */
function runsPerProperty(spec: string | undefined, exact: boolean): Record<string, number> {
  const total = spec !== undefined && /^\d+$/.test(spec) ? Number(spec) : DEFAULT_TOTAL;
  const runs = exact ? {} as Record<string, number> : Object.fromEntries(Object.entries(SHARES).map(([name, share]) => [name, Math.round(total * share)]));
  if (spec !== undefined && !/^\d+$/.test(spec)) {
    for (const pair of spec.split(',')) {
      const m = /^([\w-]+)=(\d+)$/.exec(pair.trim());
      if (!m || !(m[1]! in SHARES)) throw new Error(`--runs: "${pair}" is not NAME=N with NAME one of ${Object.keys(SHARES).join(', ')}`);
      runs[m[1]!] = Number(m[2]);
    }
  }
  if (values.only !== undefined) {
    const only = new Set(values.only.split(','));
    for (const name of Object.keys(runs)) if (!only.has(name)) delete runs[name];
  }
  return runs;
}

const runs = runsPerProperty(values.runs, values.child === true);
const seed = values.seed !== undefined ? Number(values.seed) : (Date.now() ^ (process.pid << 16)) >>> 0;
if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got "${values.seed}"`);

if (values.child) await child();
else process.exitCode = await parent();

/** The child: run the properties, telling the parent of every case and each property's report. */
async function child(): Promise<void> {
  const send = (message: ChildMessage): void => {
    process.send!(message);
  };
  process.on('uncaughtException', (error) => {
    send({ type: 'crash', message: error.stack ?? String(error) });
    process.exit(1);
  });
  // Load the models first, so that no case's time includes them.
  analyze({ raw: '', text: '' });
  for (const property of fuzzProperties()) {
    const n = runs[property.name];
    if (n === undefined || n === 0) continue;
    const started = performance.now();
    const report = await property.run(n, seed, (name, preview) => send({ type: 'case', property: name, preview: preview() }));
    send({ type: 'report', report, ms: performance.now() - started });
  }
  process.disconnect();
}

/** The parent: start the child, watch for hangs, print the summary; resolves to the exit code. */
async function parent(): Promise<number> {
  const hangMs = values['hang-ms'] !== undefined ? Number(values['hang-ms']) : 120_000;
  const runsArg = Object.entries(runs).map(([name, n]) => `${name}=${n}`).join(',');
  console.log(`marsad fuzz — seed ${seed}; reproduce with: node --import tsx scripts/fuzz.ts --seed ${seed} --runs ${runsArg}`);
  const reports: Array<{ report: PropertyReport; ms: number }> = [];
  let current: { property: string; preview: string; at: number } | null = null;
  let crash: string | null = null;
  let hang: string | null = null;
  const proc: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child', '--seed', String(seed), '--runs', runsArg], { execArgv: process.execArgv });
  proc.on('message', (message: ChildMessage) => {
    if (message.type === 'case') current = { property: message.property, preview: message.preview, at: Date.now() };
    else if (message.type === 'report') {
      reports.push(message);
      const r = message.report;
      console.log(`  ${r.name}: ${r.runs} cases in ${(message.ms / 1000).toFixed(1)} s${r.failure ? ` — ${r.failure.kind.toUpperCase()}` : ''}`);
    } else crash = message.message;
  });
  const watchdog = setInterval(() => {
    if (current !== null && Date.now() - current.at > hangMs) {
      hang = `${current.property}: no answer after ${hangMs} ms on ${current.preview}`;
      proc.kill('SIGKILL');
    }
  }, 1000);
  const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
  clearInterval(watchdog);

  console.log('\nproperty          cases  shrinks  failures  crashes  slowest    outcomes');
  let cases = 0;
  let failures = 0;
  let crashes = 0;
  let slowest: { ms: number; name: string; preview: string } = { ms: 0, name: '', preview: '' };
  for (const { report: r } of reports) {
    cases += r.runs;
    const failed = r.failure?.kind === 'failure' ? 1 : 0;
    const crashed = r.failure?.kind === 'crash' ? 1 : 0;
    failures += failed;
    crashes += crashed;
    if (r.slowestMs > slowest.ms) slowest = { ms: r.slowestMs, name: r.name, preview: r.slowestCase };
    const outcomes = Object.entries(r.outcomes).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`${r.name.padEnd(16)} ${String(r.runs).padStart(6)}  ${String(r.shrinks).padStart(7)}  ${String(failed).padStart(8)}  ${String(crashed).padStart(7)}  ${r.slowestMs.toFixed(0).padStart(6)} ms  ${outcomes}`);
  }
  for (const { report: r } of reports) {
    if (r.failure) {
      console.log(`\n${r.failure.kind.toUpperCase()} in ${r.name} (seed ${r.seed}, path ${r.failure.path}):\n  ${r.failure.message.split('\n').slice(0, 12).join('\n  ')}\n  counterexample: ${r.failure.counterexample}`);
    }
  }
  if (crash !== null) {
    crashes++;
    console.log(`\nCRASH of the fuzzing process: ${crash}`);
  } else if (code !== 0 && hang === null) {
    crashes++;
    console.log(`\nCRASH: the fuzzing process exited with code ${code}${current ? ` during ${(current as { property: string }).property}` : ''}`);
  }
  if (hang !== null) console.log(`\nHANG: ${hang}`);
  console.log(`\ntotal: ${cases} cases, ${failures} failures, ${crashes} crashes, ${hang === null ? 0 : 1} hangs; slowest case ${slowest.ms.toFixed(0)} ms (${slowest.name}): ${slowest.preview}`);
  return failures + crashes > 0 || hang !== null ? 1 : 0;
}
