/**
 * Evaluate the NER tagger on the dev set (the LAST 10% of sentences of ANERcorp's CAMeL train part, which
 * training never sees): conlleval-style exact-span precision / recall / F1 per type and micro-averaged, the
 * tagging speed (tokens/s, lexicon labels precomputed) and the model's load time.
 *
 *   node --import tsx scripts/eval-ner.ts [--data FILE]
 *
 * Speed under tsx is about half of compiled code; when dist/annotate/ner-tagger.js exists (npm run build) it
 * is the one timed, with plain node semantics.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Tagger } from '../src/annotate/ner-tagger.js';

/** One CoNLL sentence: tokens and gold tags. */
export interface ConllSentence {
  /** Tokens. */
  tokens: string[];
  /** Gold BIO tags. */
  tags: string[];
}

/** Default training data. */
export const ANERCORP = new URL('../../shared/data/ner/anercorp-train.txt', import.meta.url);

/** Read `TOKEN TAG` lines (split on the last space), blank line = sentence end. */
export function readConll(path: URL | string): ConllSentence[] {
  const out: ConllSentence[] = [];
  let cur: ConllSentence = { tokens: [], tags: [] };
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    if (line.trim() === '') {
      if (cur.tokens.length) out.push(cur);
      cur = { tokens: [], tags: [] };
      continue;
    }
    const sp = line.lastIndexOf(' ');
    cur.tokens.push(line.slice(0, sp));
    cur.tags.push(line.slice(sp + 1).trim());
  }
  if (cur.tokens.length) out.push(cur);
  return out;
}

/** Train and dev parts: dev is the last 10% of sentences. */
export function splitDev(sentences: ConllSentence[]): { train: ConllSentence[]; dev: ConllSentence[] } {
  const cut = sentences.length - Math.round(sentences.length * 0.1);
  return { train: sentences.slice(0, cut), dev: sentences.slice(cut) };
}

/** Spans as conlleval reads BIO: an I-X that does not continue an X starts a new span. */
export function spans(tags: readonly string[]): string[] {
  const out: string[] = [];
  let open: [number, string] | null = null;
  const close = (end: number): void => {
    if (open) out.push(`${open[0]}:${end}:${open[1]}`);
    open = null;
  };
  tags.forEach((tag, i) => {
    const type = tag.slice(2);
    if (tag.startsWith('B-') || (tag.startsWith('I-') && (!open || open[1] !== type))) {
      close(i);
      open = [i, type];
    } else if (!tag.startsWith('I-')) close(i);
  });
  close(tags.length);
  return out;
}

/** Per-type and micro counts. */
export interface Score {
  /** type → [true positives, predicted, gold]. */
  counts: Map<string, [number, number, number]>;
}

/** Exact-span scores of predictions against gold. */
export function score(gold: readonly string[][], pred: readonly string[][]): Score {
  const counts = new Map<string, [number, number, number]>();
  const get = (t: string): [number, number, number] => {
    let c = counts.get(t);
    if (!c) counts.set(t, (c = [0, 0, 0]));
    return c;
  };
  for (const t of ['PERS', 'ORG', 'LOC', 'MISC']) get(t);
  gold.forEach((g, s) => {
    const gs = new Set(spans(g));
    const ps = spans(pred[s]!);
    for (const x of gs) get(x.split(':')[2]!)[2]++;
    for (const x of ps) {
      const c = get(x.split(':')[2]!);
      c[1]++;
      if (gs.has(x)) c[0]++;
    }
  });
  return { counts };
}

/** Precision, recall, F1 (percent) of [tp, predicted, gold]. */
export function prf([tp, p, g]: [number, number, number]): [number, number, number] {
  const pr = p ? (100 * tp) / p : 0;
  const re = g ? (100 * tp) / g : 0;
  return [pr, re, pr + re ? (2 * pr * re) / (pr + re) : 0];
}

/** Micro-averaged F1 of a score. */
export function microF1(s: Score): number {
  const tot: [number, number, number] = [0, 0, 0];
  for (const c of s.counts.values()) for (let k = 0; k < 3; k++) tot[k]! += c[k]!;
  return prf(tot)[2];
}

/** A conlleval-like table. */
export function report(s: Score): string {
  const lines = ['type    precision  recall     F1   (gold / predicted)'];
  const tot: [number, number, number] = [0, 0, 0];
  for (const [t, c] of s.counts) {
    const [p, r, f] = prf(c);
    lines.push(`${t.padEnd(6)} ${p.toFixed(2).padStart(9)} ${r.toFixed(2).padStart(8)} ${f.toFixed(2).padStart(6)}   (${c[2]} / ${c[1]})`);
    for (let k = 0; k < 3; k++) tot[k]! += c[k]!;
  }
  const [p, r, f] = prf(tot);
  lines.push(`${'micro'.padEnd(6)} ${p.toFixed(2).padStart(9)} ${r.toFixed(2).padStart(8)} ${f.toFixed(2).padStart(6)}   (${tot[2]} / ${tot[1]})`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dataAt = args.indexOf('--data');
  const data = dataAt >= 0 ? args[dataAt + 1]! : ANERCORP;
  const { dev } = splitDev(readConll(data));
  const dist = new URL('../dist/annotate/ner-tagger.js', import.meta.url);
  const useDist = existsSync(dist) && !args.includes('--src');
  const mod = (await import(useDist ? dist.href : '../src/annotate/ner-tagger.js')) as typeof import('../src/annotate/ner-tagger.js');
  const { kbLexiconLabeler, kbFilesPresent } = await import('./ner-lexicon-features.js');

  let t0 = performance.now();
  const tagger: Tagger = mod.loadTagger();
  const loadMs = performance.now() - t0;

  t0 = performance.now();
  const labeler = kbLexiconLabeler();
  const kbMs = performance.now() - t0;
  t0 = performance.now();
  const lex = dev.map((s) => labeler(s.tokens));
  const lexMs = performance.now() - t0;

  const pred = dev.map((s, i) => tagger.tag(s.tokens, lex[i]));
  console.log(`dev: last 10% of ${typeof data === 'string' ? data : fileURLToPath(data)}: ${dev.length} sentences, ${dev.reduce((a, s) => a + s.tokens.length, 0)} tokens; lexicon from model/kb: ${kbFilesPresent().join(', ') || 'none'}`);
  console.log(report(score(dev.map((s) => s.tags), pred)));

  // Speed: repeat the dev set until ~2 s have passed, after a warm-up round.
  const tokens = dev.reduce((a, s) => a + s.tokens.length, 0);
  for (let i = 0; i < dev.length; i++) tagger.tag(dev[i]!.tokens, lex[i]);
  let rounds = 0;
  t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    for (let i = 0; i < dev.length; i++) tagger.tag(dev[i]!.tokens, lex[i]);
    rounds++;
  }
  const sec = (performance.now() - t0) / 1000;
  console.log(`speed: ${Math.round((rounds * tokens) / sec).toLocaleString('en')} tokens/s tagging (${useDist ? 'compiled dist/, plain node' : 'src/ under tsx'}, one core, lexicon labels precomputed); lexicon labels ${Math.round(tokens / (lexMs / 1000)).toLocaleString('en')} tokens/s (first pass, KB built in ${Math.round(kbMs)} ms)`);
  console.log(`load: ${Math.round(loadMs)} ms (model/ner weights + resources)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
