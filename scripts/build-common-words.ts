/**
 * Build model/kb/common-words.json: the most frequent folded word forms of the ANT corpus. A place or name
 * that is also one of these ("بيان" statement / Bei'an, "جديد" new / El Jadid, "التقدم" progress / El
 * Progreso) is only an entity when the tagger says so; the lexicon alone never makes it one.
 * Run: node --import tsx scripts/build-common-words.ts [--top 4000]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { foldString } from '../src/text/fold.js';

const { values } = parseArgs({ options: { top: { type: 'string', default: '4000' } } });
const TOP = Number(values.top);
const corpus = new URL('../../shared/data/corpus/ant_multisource_v2.1.jsonl.gz', import.meta.url);
const counts = new Map<string, number>();
let docs = 0;
for (const line of gunzipSync(readFileSync(corpus)).toString('utf8').split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line) as { title?: string; text?: string };
  docs++;
  for (const w of `${r.title ?? ''} ${r.text ?? ''}`.match(/[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0640]+/g) ?? []) {
    const k = foldString(w);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
}
const words = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP).map(([w]) => w);
writeFileSync(
  new URL('../model/kb/common-words.json', import.meta.url),
  JSON.stringify({ version: 1, source: `the ${TOP} most frequent folded Arabic word forms in ANT multisource v2.1 (${docs} articles), scripts/build-common-words.ts`, license: 'Apache-2.0 (ANT corpus; word counts only)', words }) + '\n',
);
console.log(`${docs} articles, ${counts.size} distinct folded words; kept the top ${TOP} (last: ${words.at(-1)} ×${counts.get(words.at(-1)!)})`);
