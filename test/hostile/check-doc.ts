/**
 * What a sane document is, as a list of problems (empty: sane), for tests and for the fuzzer (which runs outside
 * vitest): valid under the JSON Schema of the contract, every span inside `text` and slicing its own text,
 * sentences ordered, and no character a reader never sees left in `text` or `title` (controls, bidi and zero-width
 * marks, BOM, lone surrogates).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { AnnotatedDoc } from '../../src/types.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/annotated-doc.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

/** Characters the cleaning stages remove or replace; none may be left in a document's text or title. */
export const HOSTILE_CHARACTER =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/** The problems of a document; empty when it is sane. */
export function docProblems(doc: AnnotatedDoc): string[] {
  const problems: string[] = [];
  if (!validate(doc)) problems.push(`schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  const n = doc.text.length;
  const span = (r: { start: number; end: number; text?: string }, what: string): void => {
    if (!(Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.end >= r.start && r.end <= n)) {
      problems.push(`${what} [${r.start}, ${r.end}) is not inside the text (length ${n})`);
    } else if (r.text !== undefined && doc.text.slice(r.start, r.end) !== r.text) {
      problems.push(`${what} [${r.start}, ${r.end}) says ${JSON.stringify(r.text.slice(0, 40))} but the text there is ${JSON.stringify(doc.text.slice(r.start, Math.min(r.end, r.start + 40)))}`);
    }
  };
  let last = 0;
  for (const s of doc.sentences) {
    span(s, 'sentence');
    if (s.start < last || s.end <= s.start) problems.push(`sentence [${s.start}, ${s.end}) is empty or out of order`);
    last = s.end;
  }
  for (const m of doc.messages) if (m.start !== undefined) span({ start: m.start, end: m.end ?? m.start }, `message ${m.rule}`);
  for (const e of doc.entities) span(e, 'entity');
  for (const t of doc.times) span(t, 'time');
  for (const q of doc.quotes) {
    span(q, 'quote');
    if (q.speaker) span(q.speaker, 'quote speaker');
  }
  if (doc.dateline) {
    span(doc.dateline, 'dateline');
    if (doc.dateline.place) span(doc.dateline.place, 'dateline place');
    if (doc.dateline.credit) span(doc.dateline.credit, 'dateline credit');
  }
  for (const e of doc.events) {
    span(e.trigger, 'event trigger');
    const sentence = doc.sentences[e.sentence];
    if (sentence === undefined) problems.push(`event ${e.id} points at sentence ${e.sentence} of ${doc.sentences.length}`);
    else if (e.trigger.start < sentence.start || e.trigger.end > sentence.end) problems.push(`event ${e.id}'s trigger is outside its sentence`);
  }
  const bad = HOSTILE_CHARACTER.exec(doc.text);
  if (bad) problems.push(`text keeps U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad.index}`);
  if (doc.title !== null && HOSTILE_CHARACTER.test(doc.title)) problems.push('title keeps a control, bidi or invisible character');
  return problems;
}
