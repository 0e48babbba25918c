/**
 * Draw the bundled demo sample: 300 ANT multisource articles (Apache-2.0; article copyright stays with the outlets),
 * 60 per outlet, news categories (internationalNews, middleEast) first, ordered by a hash of their docno — never by
 * content — and written as examples/sample/ant-300.jsonl.gz with attribution in examples/sample/SOURCES.md.
 * `npm start` ingests it (and the seed article) into ./marsad.db when that database is empty.
 * Run: node --import tsx scripts/make-sample.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

const CORPUS = new URL('../../shared/data/corpus/ant_multisource_v2.1.jsonl.gz', import.meta.url);
const OUT = new URL('../examples/sample/ant-300.jsonl.gz', import.meta.url);
const SOURCES = new URL('../examples/sample/SOURCES.md', import.meta.url);
const PER_OUTLET = 60;
const NEWS = /^(internationalNews|middleEast)$/;

const hash = (s: string): string => createHash('sha256').update(`sample:${s}`).digest('hex');
const rows = gunzipSync(readFileSync(CORPUS)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>);
const byOutlet = new Map<string, Array<Record<string, string>>>();
for (const r of rows) {
  if ((r.text ?? '').length < 300 || (r.text ?? '').length > 6000) continue;
  byOutlet.set(r.source!, [...(byOutlet.get(r.source!) ?? []), r]);
}
const picked: Array<Record<string, string>> = [];
for (const [, list] of [...byOutlet].sort((a, b) => a[0].localeCompare(b[0]))) {
  list.sort((a, b) => Number(!NEWS.test(a.category ?? '')) - Number(!NEWS.test(b.category ?? '')) || hash(a.docno!).localeCompare(hash(b.docno!)));
  picked.push(...list.slice(0, PER_OUTLET));
}
picked.sort((a, b) => (a.docno ?? '').localeCompare(b.docno ?? ''));
const lines = picked.map(({ docno, url, source, category, title, time, author, text }) => JSON.stringify({ docno, url, source, category, title, time, author, text }));
writeFileSync(OUT, gzipSync(lines.join('\n') + '\n', { level: 9 }));
const outlets = [...new Set(picked.map((r) => r.source))].sort().join(', ');
writeFileSync(SOURCES, `# The bundled sample

\`ant-300.jsonl.gz\`: ${picked.length} articles of the ANT corpus v2.1 (multisource: ${outlets}; 2018), drawn by
\`scripts/make-sample.ts\` (${PER_OUTLET} per outlet, internationalNews and middleEast first, ordered by a hash of the
docno). Fields as in the corpus (docno, url, source, category, title, time, author, text).

- ANT corpus: Chouigui, Ben Khiroun, Elayeb — "ANT Corpus: An Arabic News Text Collection for Textual
  Classification" (AICCSA 2017) and the ANT v2.1 release; license Apache-2.0. The articles' copyright stays with
  their outlets (BBC Arabic, CNN Arabic, France 24, Sky News Arabia, Al Arabiya); they are included as a small
  demonstration sample only, with their URLs.

\`../coalition-copenhagen.txt\` is the project's seed article (a scraped report from الصباح الجديد); \`npm start\`
ingests it with its publication date, 2020-01-28, from \`seed.json\`.
`);
console.log(`${picked.length} articles → ${OUT.pathname}`);
