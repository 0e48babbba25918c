/**
 * Lexicon matcher throughput: longest knowledge-base matches over the tokens of the first 6,000 ANT articles
 * (already through the text layer, so only matching is timed), three rounds, plain node over dist/.
 * Run: npm run bench:matcher
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Pipeline, textStages } from '../dist/pipeline.js';
import { shippedKnowledgeBase } from '../dist/lexicon/kb.js';
import { matchLexicon } from '../dist/lexicon/matcher.js';

const corpus = new URL('../../shared/data/corpus/ant_multisource_v2.1.jsonl.gz', import.meta.url);
const rows = gunzipSync(readFileSync(corpus)).toString().split('\n').filter(Boolean).slice(0, 6000).map((l) => JSON.parse(l));
const pipeline = new Pipeline(textStages());
const docs = rows.map((r) => pipeline.process({ raw: r.text ?? '', text: r.text ?? '' }));
const t0 = performance.now();
const kb = shippedKnowledgeBase();
console.log(`knowledge base: ${kb.entries.length} entries, ${kb.byKey.size} keys, built in ${(performance.now() - t0).toFixed(0)} ms`);
for (let round = 0; round < 3; round++) {
  let tokens = 0;
  let matches = 0;
  const t = performance.now();
  for (const d of docs) {
    tokens += d.tokens.length;
    matches += matchLexicon(kb, d.text, d.tokens).length;
  }
  const s = (performance.now() - t) / 1000;
  console.log(`round ${round + 1}: ${tokens} tokens, ${matches} matches, ${(tokens / s / 1e6).toFixed(2)}M tokens/s`);
}
