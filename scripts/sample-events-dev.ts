/**
 * Draw the events dev set: 60 articles from ANT multisource's internationalNews and middleEast categories,
 * 12 per outlet, ordered by a hash of their docno (deterministic, not by content), 600–3,000 characters, none
 * that is already a test fixture. Each is run through the text layer only (no entities, times or events: the
 * annotators must not see the coder's output) and written with its numbered sentences (and the corpus record as `input`, so the
 * evaluation needs no corpus) to
 * test/eval/events-dev/articles.jsonl. Articles 0–19 are the doubly annotated ones.
 * Run: node --import tsx scripts/sample-events-dev.ts
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Pipeline, textStages } from '../src/pipeline.js';
import { inputFromObject } from '../src/ingest/read-input.js';

const CORPUS = new URL('../../shared/data/corpus/ant_multisource_v2.1.jsonl.gz', import.meta.url);
const OUT = new URL('../test/eval/events-dev/articles.jsonl', import.meta.url);
const FIXTURES = new URL('../test/fixtures/', import.meta.url);
const PER_OUTLET = 12;

const hash = (s: string): string => createHash('sha256').update(`events-dev:${s}`).digest('hex');
const fixtureIds = new Set(
  readdirSync(FIXTURES).filter((f) => f.endsWith('.input.json'))
    .map((f) => (JSON.parse(readFileSync(new URL(f, FIXTURES), 'utf8')) as { docno?: string }).docno).filter(Boolean),
);
const rows = gunzipSync(readFileSync(CORPUS)).toString('utf8').split('\n').filter(Boolean)
  .map((l) => JSON.parse(l) as Record<string, string>)
  .filter((r) => /^(internationalNews|middleEast)$/.test(r.category ?? '') && !fixtureIds.has(r.docno)
    && (r.text ?? '').length >= 600 && (r.text ?? '').length <= 3000);
const byOutlet = new Map<string, Array<Record<string, string>>>();
for (const r of rows) byOutlet.set(r.source!, [...(byOutlet.get(r.source!) ?? []), r]);
const picked: Array<Record<string, string>> = [];
for (const [, list] of [...byOutlet].sort((a, b) => a[0].localeCompare(b[0]))) {
  list.sort((a, b) => hash(a.docno!).localeCompare(hash(b.docno!)));
  picked.push(...list.slice(0, PER_OUTLET));
}
// Interleave outlets so that any prefix (e.g. the doubly annotated first 20) mixes them.
picked.sort((a, b) => hash(`order:${a.docno}`).localeCompare(hash(`order:${b.docno}`)));

const pipeline = new Pipeline(textStages());
const lines = picked.map((r, n) => {
  const doc = pipeline.run(inputFromObject(r, JSON.stringify(r)));
  return JSON.stringify({
    n, docno: r.docno, source: r.source, category: r.category, url: r.url, published: doc.published, title: doc.title,
    sentences: doc.sentences.map((s) => doc.text.slice(s.start, s.end)),
    input: { docno: r.docno, url: r.url, source: r.source, title: r.title, time: r.time, author: r.author, text: r.text },
  });
});
writeFileSync(OUT, lines.join('\n') + '\n');
console.log(`${lines.length} articles → ${OUT.pathname}`);
