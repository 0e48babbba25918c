/**
 * Text-layer benchmark over the ANT multisource corpus (31.5k articles, ../shared/data/corpus):
 * articles/s, MB/s (UTF-8 bytes of title + text) and peak RSS of analyze, against a floor pass over the
 * same stream (read + gunzip + JSON.parse + a regex word split), each in its own process so the peak RSS
 * is its own; then the ratio, a per-stage breakdown and worst-case inputs.
 * Run: npm run bench [-- --limit N] [-- --file path.jsonl.gz]
 */
import { fork } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { limit: { type: 'string' }, file: { type: 'string' }, pass: { type: 'string' } },
});
const FILE = values.file ?? fileURLToPath(new URL('../../shared/data/corpus/ant_multisource_v2.1.jsonl.gz', import.meta.url));
const LIMIT = values.limit ? Number(values.limit) : Infinity;

interface PassResult { pass: string; docs: number; bytes: number; seconds: number; maxRssMb: number; words?: number; stages?: Record<string, number>; errors?: number }

async function* lines(): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(FILE).pipe(createGunzip()), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (!line) continue;
    if (n++ >= LIMIT) break;
    yield line;
  }
}

async function floorPass(): Promise<PassResult> {
  const t0 = performance.now();
  let docs = 0;
  let bytes = 0;
  let words = 0;
  for await (const line of lines()) {
    const r = JSON.parse(line) as { title?: string; text?: string };
    const text = `${r.title ?? ''}\n${r.text ?? ''}`;
    bytes += Buffer.byteLength(text);
    words += text.match(/[\p{L}\p{M}\p{N}]+/gu)?.length ?? 0;
    docs++;
  }
  return { pass: 'floor', docs, bytes, words, seconds: (performance.now() - t0) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function analyzePass(): Promise<PassResult> {
  const { Pipeline, textStages } = await import('../src/pipeline.js');
  const { inputFromObject } = await import('../src/ingest/read-input.js');
  const stages: Record<string, number> = {};
  // Time each stage by wrapping it; the wrapper's own cost is two performance.now() calls per stage.
  const timed = textStages().map((s) => ({
    name: s.name,
    run: (doc: Parameters<typeof s.run>[0]) => {
      const t = performance.now();
      s.run(doc);
      stages[s.name] = (stages[s.name] ?? 0) + performance.now() - t;
    },
  }));
  const pipeline = new Pipeline(timed);
  const t0 = performance.now();
  let docs = 0;
  let bytes = 0;
  let errors = 0;
  let firstError: string | undefined;
  for await (const line of lines()) {
    const r = JSON.parse(line) as { title?: string; text?: string };
    bytes += Buffer.byteLength(`${r.title ?? ''}\n${r.text ?? ''}`);
    try {
      pipeline.run(inputFromObject(r, line));
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message;
    }
    docs++;
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const k of Object.keys(stages)) stages[k] = stages[k]! / 1000;
  if (firstError) console.error(`analyze: ${errors} article(s) failed; first: ${firstError}`);
  return { pass: 'analyze', docs, bytes, errors, seconds, stages, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function worstCases(): Promise<void> {
  const { analyze } = await import('../src/pipeline.js');
  const cases: Array<[string, string]> = [
    ['1 MB single line', 'قال الوزير ل#x200d;داعش “نعم” 2.5 '.repeat(30_000).slice(0, 1_000_000)],
    ['200k entity references', '&amp;quot;'.repeat(200_000)],
    ['100k short lines', 'مشاركة :\nخبر.\n'.repeat(50_000)],
    ['500k zero-width/bidi chars', '\u200d\u202eب'.repeat(166_667)],
  ];
  for (const [name, text] of cases) {
    const t = performance.now();
    analyze({ raw: text, text });
    const ms = performance.now() - t;
    console.log(`  worst case ${name.padEnd(28)} ${(text.length / 1e6).toFixed(2)} M chars  ${ms.toFixed(0)} ms  ${((Buffer.byteLength(text) / 1e6) / (ms / 1000)).toFixed(1)} MB/s`);
  }
}

function runChild(pass: string): Promise<PassResult> {
  return new Promise((resolve, reject) => {
    const args = ['--pass', pass, '--file', FILE, ...(Number.isFinite(LIMIT) ? ['--limit', String(LIMIT)] : [])];
    const child = fork(fileURLToPath(import.meta.url), args, { execArgv: ['--import', 'tsx'] });
    child.once('message', (m) => resolve(m as PassResult));
    child.once('exit', (code) => code !== 0 && reject(new Error(`${pass} pass exited with ${code}`)));
  });
}

if (values.pass) {
  const result = values.pass === 'floor' ? await floorPass() : values.pass === 'analyze' ? await analyzePass() : await worstCases().then(() => null);
  if (result) process.send!(result);
  process.exit(0);
}

console.log(`marsad text-layer benchmark — ${FILE}${Number.isFinite(LIMIT) ? ` (first ${LIMIT})` : ''}, node ${process.version}`);
const floor = await runChild('floor');
const analyzed = await runChild('analyze');
const mb = (r: PassResult) => r.bytes / 1e6 / r.seconds;
for (const r of [floor, analyzed]) {
  console.log(`${r.pass.padEnd(8)} ${r.docs} articles  ${(r.bytes / 1e6).toFixed(1)} MB  ${r.seconds.toFixed(2)} s  ${(r.docs / r.seconds).toFixed(0)} articles/s  ${mb(r).toFixed(1)} MB/s  peak RSS ${r.maxRssMb.toFixed(0)} MB${r.errors ? `  errors ${r.errors}` : ''}`);
}
console.log(`ratio    analyze takes ${(analyzed.seconds / floor.seconds).toFixed(2)}× the floor pass`);
const stageTotal = Object.values(analyzed.stages ?? {}).reduce((a, b) => a + b, 0);
console.log(`stages   ${Object.entries(analyzed.stages ?? {}).map(([k, v]) => `${k} ${v.toFixed(2)}s`).join(', ')}; outside stages (read, gunzip, parse, input, id) ${(analyzed.seconds - stageTotal).toFixed(2)}s`);
console.log(`text layer alone (sum of stages): ${(analyzed.bytes / 1e6 / stageTotal).toFixed(1)} MB/s on one core`);
if (analyzed.errors) process.exitCode = 1;
await new Promise<void>((resolve) => {
  const child = fork(fileURLToPath(import.meta.url), ['--pass', 'worst'], { execArgv: ['--import', 'tsx'] });
  child.once('exit', () => resolve());
});
