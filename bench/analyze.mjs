/**
 * Analyze benchmark (text layer + entities) over the ANT multisource corpus (31.5k articles, ../shared/data/corpus):
 * articles/s, MB/s (UTF-8 bytes of title + text) and peak RSS of analyze, against a floor pass over the
 * same stream (read + gunzip + JSON.parse + a regex word split), each in its own process so the peak RSS
 * is its own; then the ratio, a per-stage breakdown (text layer MB/s, entity tokens/s, model load) and
 * worst-case inputs.
 * Plain JavaScript over the compiled dist/ (what `marsad` runs): a TypeScript loader such as tsx wraps
 * every module it loads and slowed the tokenizer 2x when this was measured.
 * Run: npm run bench [-- --limit N] [-- --file path.jsonl.gz]
 */
import { fork } from "node:child_process";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
const { values } = parseArgs({
  options: { limit: { type: "string" }, file: { type: "string" }, pass: { type: "string" } }
});
const FILE = values.file ?? fileURLToPath(new URL("../../shared/data/corpus/ant_multisource_v2.1.jsonl.gz", import.meta.url));
const LIMIT = values.limit ? Number(values.limit) : Infinity;
async function* lines() {
  const rl = createInterface({ input: createReadStream(FILE).pipe(createGunzip()), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (!line) continue;
    if (n++ >= LIMIT) break;
    yield line;
  }
}
/** The floor: what any consumer of the corpus pays (read, gunzip, JSON.parse) plus a regex word split. */
async function floorPass() {
  const t0 = performance.now();
  let docs = 0;
  let bytes = 0;
  let words = 0;
  for await (const line of lines()) {
    const r = JSON.parse(line);
    const text = `${r.title ?? ""}
${r.text ?? ""}`;
    bytes += Buffer.byteLength(text);
    words += text.match(/[\p{L}\p{M}\p{N}]+/gu)?.length ?? 0;
    docs++;
  }
  return { pass: "floor", docs, bytes, words, seconds: (performance.now() - t0) / 1e3, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}
/** Analyze every article with the default stages, each stage timed by a wrapper (two performance.now() calls). */
async function analyzePass(textOnly = false) {
  const { Pipeline, defaultStages, textStages } = await import("../dist/pipeline.js");
  const { inputFromObject } = await import("../dist/ingest/read-input.js");
  const stages = {};
  // Model load: the knowledge base index and the tagger weights, built when the stages are created.
  const tLoad = performance.now();
  const all = textOnly ? textStages() : defaultStages();
  const loadSeconds = (performance.now() - tLoad) / 1e3;
  let tokens = 0;
  const timed = all.map((s) => ({
    name: s.name,
    run: (doc) => {
      const t = performance.now();
      s.run(doc);
      stages[s.name] = (stages[s.name] ?? 0) + performance.now() - t;
      if (s.name === "tokenize") tokens += doc.tokens.length;
    }
  }));
  const pipeline = new Pipeline(timed);
  const t0 = performance.now();
  let docs = 0;
  let bytes = 0;
  let errors = 0;
  let firstError;
  for await (const line of lines()) {
    const r = JSON.parse(line);
    bytes += Buffer.byteLength(`${r.title ?? ""}
${r.text ?? ""}`);
    try {
      pipeline.run(inputFromObject(r, line));
    } catch (error) {
      errors++;
      firstError ??= error.message;
    }
    docs++;
  }
  const seconds = (performance.now() - t0) / 1e3;
  for (const k of Object.keys(stages)) stages[k] = stages[k] / 1e3;
  if (firstError) console.error(`analyze: ${errors} article(s) failed; first: ${firstError}`);
  return { pass: textOnly ? "text" : "analyze", docs, bytes, errors, seconds, stages, tokens, loadSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}
/** Hostile shapes: one huge line, entity floods, many short lines, invisible-character floods. */
async function worstCases() {
  const { analyze } = await import("../dist/pipeline.js");
  const cases = [
    ["1 MB single line", "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064A\u0631 \u0644#x200d;\u062F\u0627\u0639\u0634 \u201C\u0646\u0639\u0645\u201D 2.5 ".repeat(3e4).slice(0, 1e6)],
    ["1 MB event-dense single line", "\u0642\u0627\u0644 \u0627\u0644\u0631\u0626\u064A\u0633 \u0625\u0646 \u0627\u0644\u0642\u0648\u0627\u062A \u0647\u0627\u062C\u0645\u062A \u0645\u062F\u064A\u0646\u0629 \u062D\u0644\u0628 \u0648\u0642\u062A\u0644 5 \u0623\u0634\u062E\u0627\u0635 \u0641\u064A \u063A\u0627\u0631\u0629 \u0639\u0644\u0649 \u0633\u0648\u0631\u064A\u0627 ".repeat(2e4).slice(0, 1e6)],
    ["200k entity references", "&amp;quot;".repeat(2e5)],
    ["100k short lines", "\u0645\u0634\u0627\u0631\u0643\u0629 :\n\u062E\u0628\u0631.\n".repeat(5e4)],
    ["500k zero-width/bidi chars", "\u200D\u202E\u0628".repeat(166667)]
  ];
  for (const [name, text] of cases) {
    const t = performance.now();
    analyze({ raw: text, text });
    const ms = performance.now() - t;
    console.log(`  worst case ${name.padEnd(28)} ${(text.length / 1e6).toFixed(2)} M chars  ${ms.toFixed(0)} ms  ${(Buffer.byteLength(text) / 1e6 / (ms / 1e3)).toFixed(1)} MB/s`);
  }
}
function runChild(pass) {
  return new Promise((resolve, reject) => {
    const args = ["--pass", pass, "--file", FILE, ...Number.isFinite(LIMIT) ? ["--limit", String(LIMIT)] : []];
    const child = fork(fileURLToPath(import.meta.url), args, { execArgv: [] });
    child.once("message", (m) => resolve(m));
    child.once("exit", (code) => code !== 0 && reject(new Error(`${pass} pass exited with ${code}`)));
  });
}
if (values.pass) {
  const result = values.pass === "floor" ? await floorPass() : values.pass === "analyze" ? await analyzePass() : values.pass === "text" ? await analyzePass(true) : await worstCases().then(() => null);
  if (result) process.send(result);
  process.exit(0);
}
console.log(`marsad analyze benchmark \u2014 ${FILE}${Number.isFinite(LIMIT) ? ` (first ${LIMIT})` : ""}, node ${process.version}`);
const floor = await runChild("floor");
const text = await runChild("text");
const analyzed = await runChild("analyze");
const mb = (r) => r.bytes / 1e6 / r.seconds;
for (const r of [floor, text, analyzed]) {
  console.log(`${r.pass.padEnd(8)} ${r.docs} articles  ${(r.bytes / 1e6).toFixed(1)} MB  ${r.seconds.toFixed(2)} s  ${(r.docs / r.seconds).toFixed(0)} articles/s  ${mb(r).toFixed(1)} MB/s  peak RSS ${r.maxRssMb.toFixed(0)} MB${r.errors ? `  errors ${r.errors}` : ""}`);
}
const sum = (r, names) => names.reduce((a, k) => a + (r.stages?.[k] ?? 0), 0);
const TEXT = ["repair-entities", "repair-characters", "strip-boilerplate", "split-header", "split-sentences", "tokenize", "fold"];
console.log(`ratio    the text layer takes ${(text.seconds / floor.seconds).toFixed(2)}\xD7 the floor pass; the whole analyze ${(analyzed.seconds / floor.seconds).toFixed(2)}\xD7`);
for (const r of [text, analyzed]) {
  const stageTotal = sum(r, Object.keys(r.stages ?? {}));
  console.log(`stages   (${r.pass}) ${Object.entries(r.stages ?? {}).map(([k, v]) => `${k} ${v.toFixed(2)}s`).join(", ")}; outside stages (read, gunzip, parse, input, id) ${(r.seconds - stageTotal).toFixed(2)}s`);
}
console.log(`text layer alone (its stages, text pass): ${(text.bytes / 1e6 / sum(text, TEXT)).toFixed(1)} MB/s on one core`);
const entityTotal = sum(analyzed, ["tag-entities", "link-entities"]);
console.log(`entities (tag + link, analyze pass): ${(analyzed.tokens / entityTotal / 1e3).toFixed(0)}k tokens/s over ${analyzed.tokens} tokens; model load (knowledge base + tagger) ${analyzed.loadSeconds.toFixed(2)} s`);
if (text.errors) process.exitCode = 1;
if (analyzed.errors) process.exitCode = 1;
await new Promise((resolve) => {
  const child = fork(fileURLToPath(import.meta.url), ["--pass", "worst"], { execArgv: [] });
  child.once("exit", () => resolve());
});
