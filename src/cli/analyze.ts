/**
 * `marsad analyze [FILE|-] [--jsonl] [--published D] [--source S] [--url U] [--title T]`: one AnnotatedDoc
 * as JSON, or with --jsonl one document per input line, a bad line giving `{"line": n, "error": "…"}`.
 */
import { readFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { defaultStages, Pipeline } from '../pipeline.js';
import { InputError, inputFromBytes, inputFromObject, type InputOverrides } from '../ingest/read-input.js';
import { UsageError } from './usage-error.js';

/** Usage text of the analyze command. */
export const ANALYZE_USAGE = `usage: marsad analyze [FILE|-] [--published YYYY-MM-DD] [--source NAME] [--url URL] [--title T] [--compact] [--lexicon FILE]…
       marsad analyze --jsonl [FILE|-] [--lexicon FILE]…
FILE may be .txt, .html or .json ({text|html, title?, source?, url?, published?, id?}); - or nothing reads stdin.
--lexicon FILE adds or overrides knowledge-base entries (JSON, see README); repeatable.`;

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
        lexicon: { type: 'string', multiple: true },
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
  const pipeline = new Pipeline(defaultStages({ lexicons: values.lexicon ?? [] }));
  if (values.jsonl) return analyzeJsonl(file, overrides, out, pipeline);
  let bytes: Uint8Array;
  try {
    bytes = file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new InputError(e.code === 'ENOENT' ? `no such file: ${file}` : e.code === 'EISDIR' ? `${file} is a folder; give a file, or use --jsonl for a corpus` : `cannot read ${file}: ${e.message}`);
  }
  const doc = pipeline.run(inputFromBytes(bytes, file === '-' ? null : file, overrides));
  out.write(JSON.stringify(doc, null, values.compact ? undefined : 2) + '\n');
  return 0;
}

async function analyzeJsonl(file: string, overrides: InputOverrides, out: NodeJS.WritableStream, pipeline: Pipeline): Promise<number> {
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
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  let failed = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let record: string;
    try {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new InputError(`not valid JSON: ${(error as Error).message}`);
      }
      record = JSON.stringify(pipeline.run(inputFromObject(value, line, overrides)));
    } catch (error) {
      failed++;
      // Programming errors are reported too: one broken article never stops a corpus.
      const reason = error instanceof InputError ? error.message : `internal error: ${(error as Error).message}`;
      record = JSON.stringify({ line: n, error: reason });
    }
    if (!out.write(record + '\n')) await new Promise((resolve) => out.once('drain', resolve));
  }
  if (failed > 0) process.stderr.write(`marsad analyze: ${failed} of ${n} line(s) failed; see the {"line", "error"} records\n`);
  return failed > 0 ? 1 : 0;
}
