/**
 * Train the NER tagger (src/annotate/ner-tagger.ts) on ANERcorp's CAMeL train part minus its last 10% of
 * sentences (the dev set, never trained on; used to pick the number of epochs), and write model/ner/.
 *
 *   node --import tsx scripts/train-ner.ts [--epochs 20] [--bits 19] [--seed 1] [--seeds 3] [--fdrop 0.2] [--lex-drop 0.3]
 *     [--min-epoch 1] [--o-bias N] [--no-lexicon] [--dry-run] [--show] [--rebuild-resources]
 *
 * Averaged perceptron, Viterbi decoding in training as in tagging, sentences shuffled each epoch by a seeded
 * generator (deterministic). Regularised by feature dropout (each feature but the bias left out of a training
 * step with probability --fdrop) and lexicon dropout (--lex-drop); --seeds runs over different shuffles are
 * averaged into one weight table (same size and speed as one run). A constant penalty on the O tag (recall
 * bias, folded into the transitions into O) is picked on dev from a small grid unless --o-bias fixes it. The lexicon labels come from scripts/ner-lexicon-features.ts (model/kb).
 */
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, gzipSync } from 'node:zlib';
import { foldString } from '../src/text/fold.js';
import { performance } from 'node:perf_hooks';
import {
  emissions,
  FEATURE_VERSION,
  FeatureExtractor,
  loadNerResources,
  NER_TAGS,
  NT,
  packWeights,
  viterbi,
  type NerModelHeader,
  type SentenceFeatures,
} from '../src/annotate/ner-tagger.js';
import { ANERCORP, microF1, readConll, report, score, splitDev } from './eval-ner.js';
import { kbFilesPresent, kbLexiconLabeler } from './ner-lexicon-features.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const EPOCHS = opt('--epochs', 20);
const BITS = opt('--bits', 19);
const SEED = opt('--seed', 1);
const LEX_DROP = opt('--lex-drop', 0.3);
const useLexicon = !args.includes('--no-lexicon');
const dryRun = args.includes('--dry-run');

/** mulberry32: a small seeded generator, so shuffles are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAG_INDEX = new Map<string, number>(NER_TAGS.map((t, i) => [t, i]));

const t0 = performance.now();
const SHARED = new URL('../../shared/data/', import.meta.url);
const CLUSTERS = new URL('../model/ner/clusters.txt', import.meta.url);
const NAMES = new URL('../model/ner/person-tokens.txt', import.meta.url);
if (!existsSync(CLUSTERS) || args.includes('--rebuild-resources')) await buildClusters();
if (!existsSync(NAMES) || args.includes('--rebuild-resources')) buildNameTokens();
const all = readConll(ANERCORP);
const { train, dev } = splitDev(all);
console.log(`ANERcorp train part: ${all.length} sentences → train ${train.length}, dev ${dev.length} (last 10%)`);
const labeler = useLexicon ? kbLexiconLabeler() : null;
console.log(`lexicon: ${useLexicon ? kbFilesPresent().join(', ') || 'none' : 'off'} (${Math.round(performance.now() - t0)} ms)`);
const res = loadNerResources();
const extractor = new FeatureExtractor(res, BITS);
const random = rng(SEED);
const SEEDS = opt('--seeds', 3);
const FDROP = opt('--fdrop', 0.2);
const MIN_EPOCH = opt('--min-epoch', 1);
const O_BIAS_GRID = args.includes('--o-bias') ? [opt('--o-bias', 0)] : [0, 4, 8, 12, 16, 24, 32, 48, 64];
const prep = (s: { tokens: string[]; tags: string[] }, drop: boolean): { sf: SentenceFeatures; gold: Int32Array } => {
  let lex = labeler ? labeler(s.tokens) : undefined;
  if (lex && drop && LEX_DROP > 0) lex = lex.map((ls) => (random() < LEX_DROP ? [] : ls));
  return {
    sf: extractor.extract(s.tokens, lex),
    gold: Int32Array.from(s.tags, (t) => {
      const i = TAG_INDEX.get(t);
      if (i === undefined) throw new Error(`unknown tag ${t}`);
      return i;
    }),
  };
};
const trainData = train.map((s) => prep(s, true));
const devData = dev.map((s) => prep(s, false));
console.log(`features ready (${Math.round(performance.now() - t0)} ms)`);

const size = (1 << BITS) * NT;
const TS = (NT + 1) * NT;
let em = new Float64Array(NT * 512);
let path = new Int32Array(512);
const decode = (weights: Float32Array, trans: Float64Array, sf: SentenceFeatures): Int32Array => {
  if (em.length < sf.n * NT) {
    em = new Float64Array(sf.n * NT * 2);
    path = new Int32Array(sf.n * 2);
  }
  emissions(weights, sf, em);
  viterbi(em, trans, sf.n, path);
  return path;
};
const evalDev = (weights: Float32Array, trans: Float64Array): { f1: number; pred: string[][] } => {
  const pred = devData.map((d) => Array.from(decode(weights, trans, d.sf).subarray(0, d.sf.n), (t) => NER_TAGS[t]!));
  return { f1: microF1(score(dev.map((s) => s.tags), pred)), pred };
};

let dropBuf = new Int32Array(4096);
/** The sentence's features with each (but the bias) left out with probability FDROP: regularisation. */
const dropFeatures = (sf: SentenceFeatures, random: () => number): SentenceFeatures => {
  if (dropBuf.length < sf.feats.length) dropBuf = new Int32Array(sf.feats.length * 2);
  const start = new Int32Array(sf.n + 1);
  let k = 0;
  for (let i = 0; i < sf.n; i++) {
    start[i] = k;
    const s = sf.start[i]!;
    dropBuf[k++] = sf.feats[s]!;
    for (let j = s + 1, e = sf.start[i + 1]!; j < e; j++) if (random() >= FDROP) dropBuf[k++] = sf.feats[j]!;
  }
  start[sf.n] = k;
  return { feats: dropBuf.subarray(0, k), start, n: sf.n };
};

/** One averaged-perceptron run over shuffles from `seed`; the averaged weights of the best epoch on dev. */
const trainOne = (seed: number): { f1: number; epoch: number; w: Float32Array; t: Float64Array } => {
  const random = rng(seed);
  const w = new Float32Array(size);
  const u = new Float64Array(size); // sum of c·Δ, for averaging
  const tr = new Float64Array(TS);
  const tu = new Float64Array(TS);
  let c = 1;
  const avgW = new Float32Array(size);
  const avgT = new Float64Array(TS);
  let best = { f1: -1, epoch: 0, w: new Float32Array(0), t: new Float64Array(0) };
  const order = trainData.map((_, i) => i);
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let errors = 0;
    for (const k of order) {
      const { sf: full, gold } = trainData[k]!;
      const sf = FDROP > 0 ? dropFeatures(full, random) : full;
      const pred = decode(w, tr, sf);
      let prevG = NT;
      let prevP = NT;
      for (let i = 0; i < sf.n; i++) {
        const g = gold[i]!;
        const p = pred[i]!;
        if (g !== p) {
          errors++;
          for (let j = sf.start[i]!, e = sf.start[i + 1]!; j < e; j++) {
            const b = sf.feats[j]!;
            w[b + g]! += 1;
            u[b + g]! += c;
            w[b + p]! -= 1;
            u[b + p]! -= c;
          }
        }
        if (g !== p || prevG !== prevP) {
          tr[prevG * NT + g]! += 1;
          tu[prevG * NT + g]! += c;
          tr[prevP * NT + p]! -= 1;
          tu[prevP * NT + p]! -= c;
        }
        prevG = g;
        prevP = p;
      }
      c++;
    }
    if (epoch < MIN_EPOCH) continue;
    for (let i = 0; i < size; i++) avgW[i] = w[i]! - u[i]! / c;
    for (let i = 0; i < TS; i++) avgT[i] = tr[i]! - tu[i]! / c;
    const { f1 } = evalDev(avgW, avgT);
    console.log(`seed ${seed} epoch ${epoch}: ${errors} token errors in training; dev micro-F1 ${f1.toFixed(2)} (${Math.round(performance.now() - t0)} ms)`);
    if (f1 > best.f1) best = { f1, epoch, w: avgW.slice(), t: avgT.slice() };
  }
  return best;
};

// An ensemble of runs over different shuffles: the sum of their averaged weights (a linear model again).
const runs: Array<{ f1: number; epoch: number }> = [];
const sumW = new Float32Array(size);
const sumT = new Float64Array(TS);
for (let r = 0; r < SEEDS; r++) {
  const one = trainOne(SEED + r);
  runs.push({ f1: one.f1, epoch: one.epoch });
  for (let i = 0; i < size; i++) sumW[i]! += one.w[i]! / SEEDS;
  for (let i = 0; i < TS; i++) sumT[i]! += one.t[i]! / SEEDS;
}
// Recall bias: a constant penalty on the O tag (folded into every transition into O), chosen on dev.
let best = { f1: -1, epoch: runs[0]!.epoch, w: sumW, t: sumT, pred: [] as string[][], oBias: 0 };
for (const ob of O_BIAS_GRID) {
  const t = sumT.slice();
  for (let p = 0; p <= NT; p++) t[p * NT]! -= ob;
  const { f1, pred } = evalDev(sumW, t);
  console.log(`O penalty ${ob}: dev micro-F1 ${f1.toFixed(2)}`);
  if (f1 > best.f1 + 1e-9) best = { ...best, f1, t, pred, oBias: ob };
}

if (args.includes("--show")) dev.forEach((s, i) => { const p = best.pred[i]!; if (p.some((t, k) => t !== s.tags[k])) console.log(s.tokens.map((t, k) => p[k] === s.tags[k] ? (p[k] === "O" ? t : `[${t}/${p[k]}]`) : `{${t} ${s.tags[k]}≠${p[k]}}`).join(" ")); });
console.log(`runs ${runs.map((r) => `${r.epoch}:${r.f1.toFixed(2)}`).join(' ')}; O penalty ${best.oBias}: dev micro-F1 ${best.f1.toFixed(2)}`);
console.log(report(score(dev.map((s) => s.tags), best.pred)));
if (!dryRun) {
  const { scale, q } = packWeights(best.w);
  let nonzero = 0;
  for (let i = 0; i < q.length; i++) if (q[i] !== 0) nonzero++;
  const bin = gzipSync(Buffer.from(q.buffer, q.byteOffset, q.byteLength), { level: 9 });
  const header: NerModelHeader = {
    schema: 'marsad.ner-perceptron/1',
    features: FEATURE_VERSION,
    bits: BITS,
    tags: [...NER_TAGS],
    scale,
    trans: Array.from(best.t, (x) => Math.round(x * 1000) / 1000),
    trained: {
      data: 'ANERcorp (CAMeL Lab split), train part minus its last 10% of sentences',
      sentences: train.length,
      tokens: train.reduce((a, s) => a + s.tokens.length, 0),
      epochs: runs.map((r) => r.epoch),
      seeds: SEEDS,
      oPenalty: best.oBias,
      seed: SEED,
      lexicon: useLexicon ? kbFilesPresent() : [],
      lexiconDropout: LEX_DROP,
      featureDropout: FDROP,
      devMicroF1: Math.round(best.f1 * 100) / 100,
      nonzeroWeights: nonzero,
      license: 'CC BY-SA 4.0 (derived from ANERcorp, CAMeL Lab release)',
    },
  };
  writeFileSync(new URL('../model/ner/perceptron.bin', import.meta.url), bin);
  writeFileSync(new URL('../model/ner/perceptron.json', import.meta.url), JSON.stringify(header, null, 1) + '\n');
  console.log(`wrote model/ner/perceptron.bin (${(bin.length / 1e6).toFixed(2)} MB, ${nonzero} nonzero weights) and perceptron.json`);
}

/**
 * Person-name tokens for the tagger's NAME feature: Wikidata person-name tokens (CC0) with their counts, and
 * the Arabic first/last name lists of AKhateeb/arabic-names (MIT). Folded, one `token count` per line.
 */
function buildNameTokens(): void {
  const counts = new Map<string, number>();
  const add = (w: string, n: number): void => {
    const k = foldString(w.trim());
    if (k.length < 2 || !/^[\u0621-\u064a]+$/.test(k)) return;
    counts.set(k, (counts.get(k) ?? 0) + n);
  };
  const wd = readFileSync(new URL('lexicons/wikidata_person_name_tokens/wd_arabic_name_tokens.tsv', SHARED), 'utf8').split('\n').slice(1);
  for (const line of wd) {
    const [, ar, n] = line.split('\t');
    if (ar && n) add(ar, Number(n));
  }
  for (const f of ['male-first--names-in-arabic.txt', 'female-first-names-in-arabic.txt', 'last-names-in-arabic.txt']) {
    for (const line of readFileSync(new URL(`lexicons/arabic_names_akhateeb/${f}`, SHARED), 'utf8').split('\n')) if (line.trim()) add(line, 10);
  }
  const lines = [...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w, n]) => `${w} ${n}`);
  writeFileSync(NAMES, lines.join('\n') + '\n');
  console.log(`wrote model/ner/person-tokens.txt (${lines.length} tokens)`);
}

/**
 * Distributional word classes from the ANT news corpora (Apache-2.0): each frequent folded word gets a vector
 * of its ±1/±2 neighbours (random-projected, weighted by 1/√count of the neighbour), then spherical k-means
 * gives 256 coarse classes and 8 fine ones inside each. Written as `coarse fine word…` lines.
 */
async function buildClusters(): Promise<void> {
  const t = performance.now();
  const ids = new Map<string, number>();
  const words: string[] = [];
  let stream = new Int32Array(1 << 24);
  let len = 0;
  const push = (x: number): void => {
    if (len === stream.length) {
      const b = new Int32Array(stream.length * 2);
      b.set(stream);
      stream = b;
    }
    stream[len++] = x;
  };
  const re = /[\p{L}\p{M}\p{N}]+|[.!?؟،,:;«»"()]/gu;
  for (const file of ['corpus/ant_multisource_v2.1.jsonl.gz', 'corpus/ant_jawharafm_v1.1.jsonl.gz']) {
    const rl = createInterface({ input: createReadStream(new URL(file, SHARED)).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line) continue;
      const doc = JSON.parse(line) as { title?: string; abstract?: string; text?: string };
      for (const part of [doc.title, doc.abstract, doc.text]) {
        if (!part) continue;
        for (const m of part.matchAll(re)) {
          const w = foldString(m[0]);
          if (w.length === 1 && /[.!?؟،,:;«»"()]/.test(w)) {
            push(-1);
            continue;
          }
          let id = ids.get(w);
          if (id === undefined) {
            id = words.length;
            ids.set(w, id);
            words.push(w);
          }
          push(id);
        }
        push(-1);
      }
    }
  }
  const count = new Int32Array(words.length);
  for (let i = 0; i < len; i++) if (stream[i]! >= 0) count[stream[i]!]!++;
  const byFreq = words.map((_, i) => i).sort((a, b) => count[b]! - count[a]!);
  const MIN = 10;
  const vocab = byFreq.filter((i) => count[i]! >= MIN && words[i]!.length > 1);
  const vIndex = new Int32Array(words.length).fill(-1);
  vocab.forEach((w, k) => (vIndex[w] = k));
  // contexts: the 1000 most frequent words as left neighbour, as right neighbour, and within ±2; slot 999 of
  // each block stands for a sentence boundary
  const CTX = 1000;
  const cIndex = new Int32Array(words.length).fill(-1);
  byFreq.slice(0, CTX - 1).forEach((w, k) => (cIndex[w] = k));
  const V = vocab.length;
  const C = 3 * CTX;
  const co = new Float32Array(V * C);
  const ctxOf = (j: number): number => (j < 0 || j >= len || stream[j]! < 0 ? CTX - 1 : cIndex[stream[j]!]!);
  for (let i = 0; i < len; i++) {
    const w = stream[i]!;
    if (w < 0) continue;
    const v = vIndex[w]!;
    if (v < 0) continue;
    const row = v * C;
    const l = ctxOf(i - 1);
    const rr = ctxOf(i + 1);
    if (l >= 0) co[row + l]!++;
    if (rr >= 0) co[row + CTX + rr]!++;
    if (i >= 2 && stream[i - 1]! >= 0) {
      const l2 = ctxOf(i - 2);
      if (l2 >= 0) co[row + 2 * CTX + l2]!++;
    }
    if (i + 2 < len && stream[i + 1]! >= 0) {
      const r2 = ctxOf(i + 2);
      if (r2 >= 0) co[row + 2 * CTX + r2]!++;
    }
  }
  // PPMI, then a random ±1 projection to D dimensions (inner products kept up to ~1/√D noise)
  const colSum = new Float64Array(C);
  const rowSum = new Float64Array(V);
  let total = 0;
  for (let v = 0; v < V; v++) {
    for (let k = 0; k < C; k++) {
      const x = co[v * C + k]!;
      colSum[k]! += x;
      rowSum[v]! += x;
      total += x;
    }
  }
  const D = 200;
  const r = rng(7);
  const proj = new Float32Array(C * D);
  for (let i = 0; i < proj.length; i++) proj[i] = r() < 0.5 ? -1 : 1;
  const vec = new Float32Array(V * D);
  for (let v = 0; v < V; v++) {
    const vo = v * D;
    for (let k = 0; k < C; k++) {
      const x = co[v * C + k]!;
      if (x === 0) continue;
      const pmi = Math.log((x * total) / (rowSum[v]! * colSum[k]!));
      if (pmi <= 0) continue;
      const po = k * D;
      for (let d = 0; d < D; d++) vec[vo + d]! += pmi * proj[po + d]!;
    }
    let nrm = 0;
    for (let d = 0; d < D; d++) nrm += vec[vo + d]! ** 2;
    nrm = Math.sqrt(nrm) || 1;
    for (let d = 0; d < D; d++) vec[vo + d]! /= nrm;
  }
  console.log(`clusters: ${len} tokens, ${V} words with count ≥ ${MIN} (${Math.round(performance.now() - t)} ms)`);
  const kmeans = (members: Int32Array, K: number, iters: number): Int32Array => {
    const n = members.length;
    const assign = new Int32Array(n);
    if (n <= K) {
      for (let i = 0; i < n; i++) assign[i] = i;
      return assign;
    }
    const cent = new Float32Array(K * D);
    // seeds: evenly spread over the frequency order (members are in frequency order)
    for (let k = 0; k < K; k++) {
      const m = members[Math.floor((k * n) / K + r() * (n / K))]!;
      cent.set(vec.subarray(m * D, m * D + D), k * D);
    }
    for (let it = 0; it < iters; it++) {
      for (let i = 0; i < n; i++) {
        const mo = members[i]! * D;
        let best = -Infinity;
        let arg = 0;
        for (let k = 0; k < K; k++) {
          let s = 0;
          const co = k * D;
          for (let d = 0; d < D; d++) s += vec[mo + d]! * cent[co + d]!;
          if (s > best) {
            best = s;
            arg = k;
          }
        }
        assign[i] = arg;
      }
      cent.fill(0);
      for (let i = 0; i < n; i++) {
        const mo = members[i]! * D;
        const co = assign[i]! * D;
        for (let d = 0; d < D; d++) cent[co + d]! += vec[mo + d]!;
      }
      for (let k = 0; k < K; k++) {
        let nrm = 0;
        for (let d = 0; d < D; d++) nrm += cent[k * D + d]! ** 2;
        nrm = Math.sqrt(nrm);
        if (nrm === 0) {
          const m = members[Math.floor(r() * n)]!;
          cent.set(vec.subarray(m * D, m * D + D), k * D);
        } else for (let d = 0; d < D; d++) cent[k * D + d]! /= nrm;
      }
    }
    return assign;
  };
  const all = Int32Array.from({ length: V }, (_, i) => i);
  const coarse = kmeans(all, 256, 10);
  const lines: string[] = [];
  for (let k = 0; k < 256; k++) {
    const members = all.filter((v) => coarse[v] === k);
    const fine = kmeans(members, 8, 8);
    for (let f = 0; f < 8; f++) {
      const ws = [...members].filter((_, i) => fine[i] === f).map((v) => words[vocab[v]!]!);
      if (ws.length) lines.push(`${k} ${f} ${ws.join(' ')}`);
    }
  }
  writeFileSync(CLUSTERS, lines.join('\n') + '\n');
  console.log(`wrote model/ner/clusters.txt (${lines.length} classes, ${Math.round(performance.now() - t)} ms)`);
}

