/**
 * `marsad analyze [FILE|-] [--jsonl] [--format json|plover] [--published D] [--source S] [--url U] [--title T]`:
 * one AnnotatedDoc as JSON, or with --jsonl one document per input line, a bad line giving
 * `{"line": n, "error": "…"}`. With `--format plover`, one PLOVER record per event and line instead.
 * `--max-bytes`, `--max-ms`: the per-document budgets (src/budgets.ts); a file or line over its size is refused
 * without being read whole, an analysis past its time is stopped, and either is that document's error.
 */
import { createReadStream, openSync, closeSync, fstatSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultStages, Pipeline } from '../pipeline.js';
import { InputError, decodeBytes, inputFromBytes, inputFromObject, type InputOverrides } from '../ingest/read-input.js';
import { boundedLines, readBounded, resolveBudgets, sizeExceeded, type Budgets } from '../budgets.js';
import type { Message } from '../types.js';
import type { AnnotatedDoc } from '../types.js';
import { ploverRecords } from './plover-record.js';
import { UsageError } from './usage-error.js';

/** Usage text of the analyze command. */
export const ANALYZE_USAGE = `usage: marsad analyze [FILE|-] [--published YYYY-MM-DD] [--source NAME] [--url URL] [--title T] [--compact] [--format json|plover] [--lexicon FILE]… [--max-bytes N] [--max-ms N]
       marsad analyze --jsonl [FILE|-] [--format json|plover] [--lexicon FILE]… [--max-bytes N] [--max-ms N]
FILE may be .txt, .html or .json ({text|html, title?, source?, url?, published?, id?}); - or nothing reads stdin.
--format json (default) prints the AnnotatedDoc; --format plover prints one PLOVER JSON record per event and line
  (with --jsonl, for every document; a bad input line is then reported on stderr).
--lexicon FILE adds or overrides knowledge-base entries (JSON, see README); repeatable.
--max-bytes N (5M; 512k, bytes…) and --max-ms N (20000; 20s…): budgets of one document (the file, or one line),
  defaults from MARSAD_MAX_BYTES / MARSAD_MAX_MS; a document over one is an error (exit 1, or its error line).`;

/** Output formats of the analyze command. */
const FORMATS = ['json', 'plover'] as const;
type Format = (typeof FORMATS)[number];

/** Run the analyze command; resolves to the exit code. */
export async function analyzeCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        jsonl: { type: 'boolean' },
        published: { type: 'string' },
        source: { type: 'string' },
        url: { type: 'string' },
        title: { type: 'string' },
        compact: { type: 'boolean' },
        format: { type: 'string' },
        lexicon: { type: 'string', multiple: true },
        'max-bytes': { type: 'string' },
        'max-ms': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${ANALYZE_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`analyze takes one FILE (or -), got ${positionals.length}\n${ANALYZE_USAGE}`);
  const file = positionals[0] ?? '-';
  const overrides: InputOverrides = { published: values.published, source: values.source, url: values.url, title: values.title };
  if (values.published !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(values.published)) {
    throw new UsageError(`--published must be an ISO 8601 date (YYYY-MM-DD, optionally with time and offset), got "${values.published}"`);
  }
  const format = values.format ?? 'json';
  if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"\n${ANALYZE_USAGE}`);
  // One coding day per run, so a corpus that runs past midnight still gets one coded_date.
  const codedDate = new Date().toISOString().slice(0, 10);
  const plover = (doc: AnnotatedDoc): string => ploverRecords(doc, { codedDate }).map((r) => JSON.stringify(r) + '\n').join('');
  const budgets = resolveBudgets({ maxBytes: values['max-bytes'], maxMs: values['max-ms'] });
  const pipeline = (): Pipeline => new Pipeline(defaultStages({ lexicons: values.lexicon ?? [] }));
  if (values.jsonl) return analyzeJsonl(file, overrides, out, pipeline(), format === 'plover' ? plover : null, budgets);
  // Read (and refuse an input over its size) before loading the models.
  const input = inputFromBytes(await readInput(file, budgets.maxBytes), file === '-' ? null : file, overrides);
  const doc = pipeline().run(input, budgets);
  out.write(format === 'plover' ? plover(doc) : JSON.stringify(doc, null, values.compact ? undefined : 2) + '\n');
  return 0;
}

/** The bytes of FILE or stdin (`-`); a regular file over `maxBytes` is refused by its size before any read. */
async function readInput(file: string, maxBytes: number): Promise<Buffer> {
  if (file === '-') return readBounded(process.stdin, maxBytes);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new InputError(e.code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${e.message}`);
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw new InputError(`${file} is a folder; give a file, or use --jsonl for a corpus`);
    if (info.isFile()) {
      if (info.size > maxBytes) throw sizeExceeded(info.size, maxBytes);
      return readFileSync(fd);
    }
  } finally {
    closeSync(fd);
  }
  // A pipe or device: read as a stream, within the budget.
  return readBounded(createReadStream(file), maxBytes);
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/**
 * Analyze a JSONL corpus. `plover` null: one AnnotatedDoc or `{"line", "error"}` per line. Otherwise the lines it
 * renders for each document (the document's events), and a failed input line goes to stderr so that stdout holds
 * PLOVER records only.
 */
async function analyzeJsonl(
  file: string,
  overrides: InputOverrides,
  out: NodeJS.WritableStream,
  pipeline: Pipeline,
  plover: ((doc: AnnotatedDoc) => string) | null,
  budgets: Budgets,
): Promise<number> {
  const stream = file === '-' ? process.stdin : createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') resolve();
    stream.once('error', reject);
    stream.once('open', () => resolve());
  });
  try {
    await opened;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new InputError(e.code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${e.message}`);
  }
  let n = 0;
  let failed = 0;
  for await (const bytes of boundedLines(stream, budgets.maxBytes)) {
    n++;
    const messages: Message[] = [];
    const oversize = Buffer.isBuffer(bytes) ? null : bytes.oversize;
    const line = Buffer.isBuffer(bytes) ? decodeBytes(bytes, messages).replace(/\r$/, '') : '';
    if (oversize === null && line.trim() === '') continue;
    let record: string;
    let problem: string | null = null;
    try {
      if (oversize !== null) throw sizeExceeded(oversize, budgets.maxBytes);
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new InputError(`not valid JSON: ${(error as Error).message}`);
      }
      const input = inputFromObject(value, line, overrides);
      if (messages.length > 0) input.messages = [...messages, ...(input.messages ?? [])];
      const doc = pipeline.run(input, budgets);
      record = plover === null ? JSON.stringify(doc) + '\n' : plover(doc);
    } catch (error) {
      failed++;
      // Programming errors are reported too: one broken article never stops a corpus.
      problem = error instanceof InputError ? error.message : `internal error: ${(error as Error).message}`;
      record = plover === null ? JSON.stringify({ line: n, error: problem }) + '\n' : '';
    }
    if (problem !== null && plover !== null) process.stderr.write(`marsad analyze: line ${n}: ${problem}\n`);
    if (record !== '' && !out.write(record)) await new Promise((resolve) => out.once('drain', resolve));
  }
  if (failed > 0) {
    const where = plover === null ? 'the {"line", "error"} records' : 'the messages above';
    process.stderr.write(`marsad analyze: ${failed} of ${n} line(s) failed; see ${where}\n`);
  }
  return failed > 0 ? 1 : 0;
}
