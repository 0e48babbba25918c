/**
 * Build model/clitics/lexicon.json: light-folded Arabic word counts from the ANT multisource news corpus
 * (titles and texts), which segmentClitics uses to decide whether what is left after a clitic is a word.
 * Counts are kept as buckets of 1 + round(2·log2 count) (a factor of √2 is all the decision needs) and
 * words seen fewer than MIN_COUNT times are dropped: that keeps the file near 1.5 MB.
 * Run: node --import tsx scripts/build-clitic-lexicon.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { cliticKey } from '../src/text/segment-clitics.js';

const CORPUS = new URL('../../shared/data/corpus/ant_multisource_v2.1.jsonl.gz', import.meta.url);
const OUT = new URL('../model/clitics/', import.meta.url);
const MIN_COUNT = 3;

const counts = new Map<string, number>();
let tokens = 0;
let docs = 0;
const lines = createInterface({ input: createReadStream(CORPUS).pipe(createGunzip()), crlfDelay: Infinity });
for await (const line of lines) {
  if (!line) continue;
  const row = JSON.parse(line) as { title?: string; text?: string };
  docs++;
  for (const text of [row.title ?? '', row.text ?? '']) {
    for (const m of text.matchAll(/[\u0621-\u065f\u0670\u0671\u067e-\u06ff]+/g)) {
      const key = cliticKey(m[0]);
      // Only plain Arabic letters after the fold: the runtime never looks anything else up.
      if (!/^[\u0621-\u064a]+$/.test(key)) continue;
      tokens++;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
}

const buckets: string[][] = [];
let kept = 0;
for (const [word, count] of counts) {
  if (count < MIN_COUNT) continue;
  const b = 1 + Math.round(2 * Math.log2(count));
  (buckets[b] ??= []).push(word);
  kept++;
}
const file = {
  schema: 'marsad.clitics/1',
  source: 'ANT corpus multisource v2.1 (Chouigui, Ben Khiroun, Elayeb), Apache-2.0; built by scripts/build-clitic-lexicon.ts',
  fold: 'harakat, tatweel and Quranic marks dropped; ٱ → ا; Persian/Urdu letters → Arabic; hamza forms, ة and ى kept',
  bucket: 'buckets[b] lists the words with 1 + round(2·log2 count) = b',
  docs,
  tokens,
  words: kept,
  buckets: Array.from({ length: buckets.length }, (_, b) => (buckets[b] ?? []).sort().join(' ')),
};
mkdirSync(OUT, { recursive: true });
const json = JSON.stringify(file) + '\n';
writeFileSync(new URL('lexicon.json', OUT), json);
// Read back so a broken write fails here, not at the first segmentClitics call.
JSON.parse(readFileSync(new URL('lexicon.json', OUT), 'utf8'));
console.log(`${docs} docs, ${tokens} tokens, ${counts.size} types, ${kept} kept (count ≥ ${MIN_COUNT}), ${(json.length / 1e6).toFixed(2)}M chars, ${(Buffer.byteLength(json) / 1e6).toFixed(2)} MB`);
