/**
 * Validate AnnotatedDoc JSONL (e.g. `marsad analyze --jsonl` output) against the published JSON Schema
 * and the offset invariants; prints counts and the first problems, exits 1 if any line is not a valid doc.
 * Run: zcat corpus.jsonl.gz | marsad analyze --jsonl - | node --import tsx scripts/validate-jsonl.ts
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { AnnotatedDoc } from '../src/types.js';

const schema = JSON.parse(readFileSync(new URL('../schema/annotated-doc.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
let lines = 0;
let valid = 0;
let errorRecords = 0;
const problems: string[] = [];
const ids = new Set<string>();
let duplicateIds = 0;
let sentences = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line) continue;
  lines++;
  const doc = JSON.parse(line) as AnnotatedDoc & { error?: string; line?: number };
  if (doc.error !== undefined) {
    errorRecords++;
    if (problems.length < 10) problems.push(`line ${lines}: error record: ${doc.error}`);
    continue;
  }
  const bad: string[] = [];
  if (!validate(doc)) bad.push(`schema: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
  const spans = [...doc.entities, ...doc.times, ...doc.quotes, ...(doc.dateline ? [doc.dateline] : [])];
  for (const s of spans) if (doc.text.slice(s.start, s.end) !== s.text) bad.push(`span ${s.start}-${s.end} does not slice its text`);
  for (const s of doc.sentences) if (s.start < 0 || s.end > doc.text.length || s.end <= s.start) bad.push(`sentence ${s.start}-${s.end} out of range`);
  if (ids.has(doc.id)) duplicateIds++;
  ids.add(doc.id);
  sentences += doc.sentences.length;
  if (bad.length === 0) valid++;
  else if (problems.length < 10) problems.push(`line ${lines}: ${bad.join('; ')}`);
}
console.log(`${lines} lines: ${valid} valid documents, ${errorRecords} error records, ${lines - valid - errorRecords} invalid; ${sentences} sentences; ${duplicateIds} repeated ids (identical input lines)`);
for (const p of problems) console.log('  ' + p);
process.exitCode = valid === lines ? 0 : 1;
