/**
 * Golden fixtures: real articles (test/fixtures/SOURCES.md) with their full expected output.
 * Invariants are checked before comparing; `UPDATE=1 npx vitest run test/fixtures.test.ts` rewrites
 * the expected JSON — then read the diff: the sentences are sentences, the title is the title, nothing lost.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/pipeline.js';
import { inputFromBytes } from '../src/ingest/read-input.js';
import { htmlToText } from '../src/ingest/html-to-text.js';
import { foldString } from '../src/text/fold.js';
import { expectValidDoc } from './helpers/invariants.js';

const DIR = new URL('./fixtures/', import.meta.url);
const inputs = readdirSync(DIR).filter((f) => /\.(txt|html|input\.json)$/.test(f)).sort();
const expectedName = (f: string): string => f.replace(/\.(txt|html|input\.json)$/, '.json');

// Letters and digits of a text, folded: what "nothing was lost" compares.
const content = (s: string): string => foldString(s).replace(/[^\p{L}\p{N}]+/gu, '');

describe('golden fixtures', () => {
  it('has at least 30 real articles besides the seed', () => {
    expect(inputs.filter((f) => f.endsWith('.input.json')).length).toBeGreaterThanOrEqual(30);
  });
  for (const file of inputs) {
    it(`analyzes ${file} as recorded`, () => {
      const bytes = readFileSync(new URL(file, DIR));
      const doc = analyze(inputFromBytes(bytes, file));
      expectValidDoc(doc);
      // Nothing of the article is lost: every letter of the body survives, except what messages say was removed.
      const raw = bytes.toString('utf8');
      const fields = file.endsWith('.input.json') ? (JSON.parse(raw) as Record<string, string>) : null;
      const body = fields ? (fields.text ?? fields.content ?? '') : file.endsWith('.html') ? htmlToText(raw).text : raw;
      // What messages say was removed (boilerplate lines, header parts), quoted in their reasons.
      const removed = doc.messages
        .filter((m) => m.rule === 'boilerplate' || m.rule === 'header')
        .map((m) => content(/"(.*)"/u.exec(m.reason)?.[1] ?? ''))
        .filter(Boolean);
      const kept = content(doc.text);
      const missing: string[] = [];
      for (const para of body.split('\n')) {
        let c = content(para.replace(/&?#x?[0-9a-f]{2,6};/giu, ''));
        for (const r of removed) c = c.replace(r, '');
        if (c && !kept.includes(c)) missing.push(para.slice(0, 60));
      }
      expect(missing, 'paragraphs of the input missing from the text').toEqual([]);
      const target = new URL(expectedName(file), DIR);
      const actual = JSON.stringify(doc, null, 1) + '\n';
      if (process.env.UPDATE || !existsSync(target)) writeFileSync(target, actual);
      expect(JSON.parse(actual)).toEqual(JSON.parse(readFileSync(target, 'utf8')));
    });
  }
});
