/** The `marsad analyze` command as a user runs it: arguments, stdin, JSONL, exit codes and messages. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnnotatedDoc } from '../src/types.js';
import { expectValidDoc } from './helpers/invariants.js';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const SEED = new URL('./fixtures/coalition-copenhagen.txt', import.meta.url).pathname;
const marsad = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { input, encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'marsad-cli-'));

describe('marsad analyze', () => {
  it('analyzes the seed article: title, source, repairs, share button and 19 body sentences', () => {
    const r = marsad(['analyze', SEED]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as AnnotatedDoc;
    expectValidDoc(doc);
    expect(doc.title).toBe('مديروه السياسيون من كوبنهاغن يعلنون استمرار العمل ضد تهديد داعش عالمياً');
    expect(doc.source).toBe('الصباح الجديد');
    expect(doc.text).not.toContain('#x200d;');
    expect(doc.text).not.toContain('\u200d');
    expect(doc.text).not.toContain('مشاركة');
    expect(doc.text.split('\n')[0]).toBe(doc.title);
    expect(doc.messages.filter((m) => m.rule === 'html-entity')).toHaveLength(4);
    expect(doc.messages.filter((m) => m.rule === 'boilerplate')).toHaveLength(1);
    expect(doc.sentences).toHaveLength(20);
  });
  it('reads stdin and takes metadata flags', () => {
    const r = marsad(['analyze', '-', '--published', '2019-10-22', '--source', 'وكالة', '--url', 'http://x/1', '--title', 'عنوان'], 'نص الخبر.');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ published: '2019-10-22', source: 'وكالة', url: 'http://x/1', title: 'عنوان', text: 'عنوان\nنص الخبر.' });
  });
  it('reads .json and .html files', () => {
    const json = join(tmp, 'a.json');
    writeFileSync(json, JSON.stringify({ text: 'نص.', title: 'ع', id: 'A1', published: 'Sun, 18 Feb 2018 21:35:43 +0400' }));
    expect(JSON.parse(marsad(['analyze', json]).stdout)).toMatchObject({ input_id: 'A1', published: '2018-02-18T21:35:43+04:00', text: 'ع\nنص.' });
    const html = join(tmp, 'a.html');
    writeFileSync(html, '<html><body><h1>عنوان</h1><script>x()</script><p>فقرة.</p></body></html>');
    expect(JSON.parse(marsad(['analyze', html]).stdout)).toMatchObject({ title: 'عنوان', text: 'عنوان\nفقرة.' });
  });
  it('gives one document per JSONL line and an error record for a bad line, exit 1', () => {
    const lines = [JSON.stringify({ text: 'أول.' }), '{broken', '', JSON.stringify({ title: 'no text' }), JSON.stringify({ content: 'ثان.', docno: 'D2' })].join('\n');
    const r = marsad(['analyze', '--jsonl', '-'], lines);
    expect(r.status).toBe(1);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ text: 'أول.' });
    expect(out[1]).toMatchObject({ line: 2, error: expect.stringContaining('not valid JSON') });
    expect(out[2]).toMatchObject({ line: 4, error: expect.stringContaining('no article text') });
    expect(out[3]).toMatchObject({ input_id: 'D2', text: 'ثان.' });
    expect(r.stderr).toContain('failed');
  });
  it('exits 0 on a clean JSONL file', () => {
    const file = join(tmp, 'ok.jsonl');
    writeFileSync(file, JSON.stringify({ text: 'أ.' }) + '\n' + JSON.stringify({ text: 'ب.' }) + '\n');
    const r = marsad(['analyze', '--jsonl', file]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });
  it('exits 1 with a clear message and no stack trace for a missing file', () => {
    const r = marsad(['analyze', join(tmp, 'nope.txt')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no such file/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
  it('adds entries from a user lexicon with generated variants', () => {
    const lexicon = join(tmp, 'lex.json');
    writeFileSync(lexicon, JSON.stringify({ version: 1, source: 'test', license: 'CC0', entries: [
      { id: 'org:amal', type: 'ORG', subtype: 'NGO', en: 'Al-Amal Foundation', ar: ['مؤسسة الأمل الخيرية'], country: 'JOR' },
    ] }));
    const r = marsad(['analyze', '-', '--lexicon', lexicon], 'وقالت مؤسسة الامل الخيرية إنها وزعت المساعدات.');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as AnnotatedDoc;
    expect(doc.entities).toContainEqual(expect.objectContaining({ text: 'مؤسسة الامل الخيرية', type: 'ORG', id: 'org:amal', name: 'Al-Amal Foundation', country: 'JOR' }));
  });
  it('exits 1 naming the entry when a lexicon is broken', () => {
    const lexicon = join(tmp, 'bad.json');
    writeFileSync(lexicon, JSON.stringify({ version: 1, entries: [{ id: 'x', type: 'PLACE', ar: ['س'], en: 'x' }] }));
    const r = marsad(['analyze', '-', '--lexicon', lexicon], 'نص.');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/entry 0 \("x"\) needs "type"/);
  });
  it('tags CoNLL token lines, keeping blank lines and ignoring a gold column', () => {
    const r = marsad(['tag', '--conll', '-'], 'وصل B-X\nالرئيس O\nإلى O\nبغداد B-LOC\n\nقال O\n');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^وصل\t(O|[BI]-(PERS|ORG|LOC|MISC))$/);
    expect(lines[3]).toBe('بغداد\tB-LOC');
    expect(lines[4]).toBe('');
    expect(lines[5]).toMatch(/^قال\t/);
  });
  it('exits 2 on usage errors', () => {
    expect(marsad(['analyze', '--bogus']).status).toBe(2);
    expect(marsad(['analyze', 'a', 'b']).status).toBe(2);
    expect(marsad(['analyze', '-', '--published', 'tomorrow'], 'x').status).toBe(2);
    expect(marsad(['frobnicate']).status).toBe(2);
    expect(marsad(['tag', 'x.conll']).status).toBe(2);
  });
});
