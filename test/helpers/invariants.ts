/** Checks every document must pass: schema-valid, every span slices its text, ranges ordered and inside. */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import type { AnnotatedDoc } from '../../src/types.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/annotated-doc.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
/** The contract's JSON Schema, compiled. */
export const validateDoc = ajv.compile(schema);

/** Assert `doc` satisfies the contract and the offset invariants. */
export function expectValidDoc(doc: AnnotatedDoc): void {
  const ok = validateDoc(doc);
  expect(ok, JSON.stringify(validateDoc.errors?.slice(0, 5))).toBe(true);
  const n = doc.text.length;
  const inText = (r: { start: number; end: number }, what: string): void => {
    expect(r.start, what).toBeGreaterThanOrEqual(0);
    expect(r.end, what).toBeGreaterThanOrEqual(r.start);
    expect(r.end, what).toBeLessThanOrEqual(n);
  };
  let last = 0;
  for (const s of doc.sentences) {
    inText(s, 'sentence');
    expect(s.start, 'sentences are ordered and disjoint').toBeGreaterThanOrEqual(last);
    expect(s.end, 'sentences are non-empty').toBeGreaterThan(s.start);
    last = s.end;
  }
  for (const m of doc.messages) {
    if (m.start !== undefined) inText({ start: m.start, end: m.end ?? m.start }, `message ${m.rule}`);
  }
  const spans = [...doc.entities, ...doc.times, ...doc.quotes, ...doc.quotes.flatMap((q) => (q.speaker ? [q.speaker] : []))];
  if (doc.dateline) spans.push(doc.dateline, ...(doc.dateline.place ? [doc.dateline.place] : []), ...(doc.dateline.credit ? [doc.dateline.credit] : []));
  for (const s of spans) {
    inText(s, 'span');
    expect(doc.text.slice(s.start, s.end)).toBe(s.text);
  }
}
