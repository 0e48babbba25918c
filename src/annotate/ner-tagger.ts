/**
 * The statistical half of entity recognition: an averaged-perceptron sequence tagger with BIO tags over
 * PERS/ORG/LOC/MISC (the ANERcorp scheme), decoded with first-order Viterbi under BIO constraints (an I-X
 * only after B-X or I-X, so the output is always well formed).
 *
 * Features are hashed into a fixed table of weights (9 tags per bucket). Each distinct word form is analysed
 * once (fold, clitic stem, affixes, shape, corpus frequency, trigger class) into a few 32-bit string hashes,
 * kept in a cache; a feature is then one integer mix of a template id and those hashes, so tagging allocates
 * no strings per feature. The lexicon labels a caller passes (`B-LOC`, `I-ORG`, `PER-FIRST`, …, from the
 * knowledge-base matcher) are features too, for the token and its neighbours.
 *
 * Model files (model/ner/, written by scripts/train-ner.ts): perceptron.json (header: tags, table size,
 * quantisation scale, transition weights), perceptron.bin (gzipped Int16 weights), context-words.json
 * (trigger words by type). Word frequencies come from model/clitics/lexicon.json.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { foldString } from '../text/fold.js';
import { cliticKey, segmentClitics } from '../text/segment-clitics.js';

/** The tags, in the order of the weight table's columns. */
export const NER_TAGS = ['O', 'B-PERS', 'I-PERS', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'] as const;
/** Number of tags. */
export const NT = 9;

/** A trained tagger. */
export interface Tagger {
  /** BIO tags for a sentence's tokens, given each token's lexicon labels (optional; `[]` for none). */
  tag(tokens: string[], lexicon?: string[][]): string[];
}

/** Model header (model/ner/perceptron.json). */
export interface NerModelHeader {
  /** Format: `marsad.ner-perceptron/1`. */
  schema: string;
  /** Version of the feature templates the weights were trained with. */
  features: number;
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Tags, in column order. */
  tags: string[];
  /** Weight = stored Int16 × scale. */
  scale: number;
  /** Transition weights, `trans[prev * NT + cur]`, prev = NT for the sentence start. */
  trans: number[];
  /** What the model was trained on and how well it does. */
  trained: Record<string, unknown>;
}

/** Version of the feature templates below; bump when they change (old weights then mean nothing). */
export const FEATURE_VERSION = 3;

/** Resources the features read: trigger words and corpus word frequencies. */
export interface NerResources {
  /** Folded word → bit mask of the types it announces (1 PERS, 2 ORG, 4 LOC, 8 MISC). */
  triggers: Map<string, number>;
  /** Light-folded word (cliticKey) → frequency bucket (1 + round(2·log2 count)) in the news corpus. */
  freq: Map<string, number>;
  /** Folded word → distributional class: coarse × 8 + fine (model/ner/clusters.txt). */
  clusters: Map<string, number>;
  /** Folded person-name token → count bucket 1..3 (model/ner/person-tokens.txt). */
  names: Map<string, number>;
}

const MODEL_DIR = new URL('../../model/', import.meta.url);
const TYPE_BITS: Record<string, number> = { PERS: 1, ORG: 2, LOC: 4, MISC: 8 };

/** Read the feature resources from model/ (once per process). */
export function loadNerResources(): NerResources {
  if (resources) return resources;
  const ctx = JSON.parse(readFileSync(new URL('ner/context-words.json', MODEL_DIR), 'utf8')) as Record<string, unknown>;
  const triggers = new Map<string, number>();
  for (const [type, bit] of Object.entries(TYPE_BITS)) {
    const words = ctx[type];
    if (!Array.isArray(words)) continue;
    for (const w of words as string[]) {
      const k = foldString(w);
      triggers.set(k, (triggers.get(k) ?? 0) | bit);
    }
  }
  const freq = new Map<string, number>();
  const lex = JSON.parse(readFileSync(new URL('clitics/lexicon.json', MODEL_DIR), 'utf8')) as { buckets: string[] };
  lex.buckets.forEach((line, b) => {
    if (line) for (const w of line.split(' ')) freq.set(w, b);
  });
  const clusters = new Map<string, number>();
  for (const line of readFileSync(new URL('ner/clusters.txt', MODEL_DIR), 'utf8').split('\n')) {
    if (!line) continue;
    const parts = line.split(' ');
    const id = Number(parts[0]) * 8 + Number(parts[1]) + 1;
    for (let i = 2; i < parts.length; i++) clusters.set(parts[i]!, id);
  }
  const names = new Map<string, number>();
  for (const line of readFileSync(new URL('ner/person-tokens.txt', MODEL_DIR), 'utf8').split('\n')) {
    const sp = line.indexOf(' ');
    if (sp < 0) continue;
    const n = Number(line.slice(sp + 1));
    names.set(line.slice(0, sp), n >= 20 ? 3 : n >= 5 ? 2 : 1);
  }
  resources = { triggers, freq, clusters, names };
  return resources;
}
let resources: NerResources | undefined;

// ---- hashing ------------------------------------------------------------------------------------------

/** FNV-1a over code units [from, to) of s, finished with a murmur mix. */
function hashRange(s: string, from: number, to: number, seed: number): number {
  let h = (0x811c9dc5 ^ seed) | 0;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix(h);
}
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
/** Combine two hashes (order matters). */
function mix(a: number, b: number): number {
  return fmix((Math.imul(a, 0x9e3779b1) + b) | 0);
}

// ---- per-word analysis ---------------------------------------------------------------------------------

// Slots of a word's analysis (Int32Array). Each holds a hash, or a small integer mixed in later.
const W = 0; // folded word
const S = 1; // stem: clitics and article off
const NP = 2; // without و ف ب ل ك (article kept: للعراق, وبالعراق → العراق)
const P1 = 3, P2 = 4, P3 = 5; // prefixes of the folded word
const X1 = 6, X2 = 7, X3 = 8; // suffixes
const SHAPE = 9; // character-class shape + length bucket
const FREQ = 10; // corpus frequency of the word, of ال+stem and of the stem, combined
const TRIG = 11; // trigger type mask
const SX3 = 12; // 3-letter suffix of the stem
const CLI = 13; // which clitics it has (bit mask)
const CL = 14; // distributional class (coarse × 8 + fine + 1; 0 unknown)
const CLC = 15; // coarse class
const NAME = 16; // person-name token count bucket
const SLOTS = 17;

const BOUNDARY_LEFT = boundary(1);
const BOUNDARY_RIGHT = boundary(2);
function boundary(k: number): Int32Array {
  const a = new Int32Array(SLOTS);
  for (let i = 0; i < SLOTS; i++) a[i] = mix(0x5eed + k, i);
  return a;
}

function charClass(c: number): number {
  if (c >= 0x621 && c <= 0x64a) return 1; // Arabic letter
  if (c >= 0x30 && c <= 0x39) return 2; // digit (folding maps Arabic-Indic digits here)
  if (c >= 0x61 && c <= 0x7a) return 3; // Latin (folded to lower case)
  if (c >= 0x660 && c <= 0x6ff) return 1;
  if (c >= 0xc0 && c <= 0x24f) return 3;
  return 4; // punctuation, symbols
}

function freqBucket(f: number): number {
  return f === 0 ? 0 : f < 8 ? 1 : f < 14 ? 2 : f < 20 ? 3 : 4;
}

/** Analyse one word form. */
function analyse(word: string, res: NerResources): Int32Array {
  const a = new Int32Array(SLOTS);
  const w = foldString(word);
  const n = w.length;
  a[W] = hashRange(w, 0, n, 1);
  a[P1] = hashRange(w, 0, Math.min(1, n), 2);
  a[P2] = n >= 2 ? hashRange(w, 0, 2, 3) : 0;
  a[P3] = n >= 3 ? hashRange(w, 0, 3, 4) : 0;
  a[X1] = hashRange(w, Math.max(0, n - 1), n, 5);
  a[X2] = n >= 2 ? hashRange(w, n - 2, n, 6) : 0;
  a[X3] = n >= 3 ? hashRange(w, n - 3, n, 7) : 0;
  // shape: collapsed class sequence and length bucket
  let shape = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const c = charClass(w.charCodeAt(i));
    if (c !== last) shape = shape * 5 + c;
    last = c;
    if (shape > 1e6) break;
  }
  const lenB = n <= 3 ? n : n <= 5 ? 4 : n <= 8 ? 5 : 6;
  a[SHAPE] = shape * 8 + lenB;
  // clitics
  let stem = w;
  let np = w;
  let cli = 0;
  const seg = last === 1 && n >= 2 ? segmentClitics(word) : null;
  if (seg) {
    let article = false;
    for (const p of seg.parts) {
      if (p.kind === 'stem') stem = foldString(word.slice(p.start, p.end));
      else if (p.kind === 'article') article = true;
      else if (p.kind === 'conj') cli |= 1;
      else if (p.kind === 'prep' || p.kind === 'future') cli |= 2;
      else if (p.kind === 'pron') cli |= 8;
    }
    if (article) cli |= 4;
    np = article ? 'ال' + stem : stem;
  } else if (n >= 4 && w.charCodeAt(0) === 0x627 && w.charCodeAt(1) === 0x644) {
    cli = 4;
    stem = w.slice(2);
  }
  a[S] = hashRange(stem, 0, stem.length, 11);
  a[NP] = hashRange(np, 0, np.length, 12);
  const sn = stem.length;
  a[SX3] = sn >= 3 ? hashRange(stem, sn - 3, sn, 13) : hashRange(stem, 0, sn, 14);
  a[CLI] = cli;
  // frequencies in the news corpus: names are rare and do not take the article
  const fw = res.freq.get(cliticKey(word)) ?? 0;
  const fs = res.freq.get(cliticKey(stem)) ?? 0;
  const fa = res.freq.get('ال' + cliticKey(stem)) ?? 0;
  a[FREQ] = freqBucket(fw) * 25 + freqBucket(fs) * 5 + freqBucket(fa);
  a[TRIG] = res.triggers.get(w) ?? res.triggers.get(np) ?? res.triggers.get(stem) ?? 0;
  const cl = res.clusters.get(w) ?? res.clusters.get(np) ?? res.clusters.get(stem) ?? 0;
  a[CL] = cl;
  a[CLC] = cl === 0 ? -1 : (cl - 1) >> 3;
  a[NAME] = res.names.get(w) ?? res.names.get(np) ?? res.names.get(stem) ?? 0;
  return a;
}

// ---- feature extraction --------------------------------------------------------------------------------

/** A sentence's features: bucket offsets (hash bucket × NT) for token i at `feats[start[i] .. start[i + 1])`. */
export interface SentenceFeatures {
  /** Bucket offsets, already multiplied by NT. */
  feats: Int32Array;
  /** Start of each token's features; length n + 1. */
  start: Int32Array;
  /** Number of tokens. */
  n: number;
}

const WORD_CACHE_BITS = 18;
const WORD_CACHE_SIZE = 1 << WORD_CACHE_BITS;

/** Turns tokens (and their lexicon labels) into hashed features; caches word analyses. */
export class FeatureExtractor {
  private readonly cacheKeys = new Array<string | undefined>(WORD_CACHE_SIZE);
  private readonly cacheValues = new Array<Int32Array | undefined>(WORD_CACHE_SIZE);
  private readonly labelHash = new Map<string, number>();
  private readonly mask: number;
  private buf = new Int32Array(4096);

  constructor(
    private readonly res: NerResources,
    bits: number,
  ) {
    this.mask = (1 << bits) - 1;
  }

  private word(token: string): Int32Array {
    // Direct-mapped: one hash and one string compare per word. A Map of 200k entries was slower than
    // re-analysing (its lookups miss the CPU caches) and kept the heap large.
    let h = 0x811c9dc5;
    for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
    const slot = (h ^ (h >>> WORD_CACHE_BITS)) & (WORD_CACHE_SIZE - 1);
    if (this.cacheKeys[slot] === token) return this.cacheValues[slot]!;
    const a = analyse(token, this.res);
    this.cacheKeys[slot] = token;
    this.cacheValues[slot] = a;
    return a;
  }

  private label(l: string): number {
    let h = this.labelHash.get(l);
    if (h === undefined) {
      h = hashRange(l, 0, l.length, 99);
      this.labelHash.set(l, h);
    }
    return h;
  }

  /** Features of a sentence. */
  extract(tokens: readonly string[], lexicon?: readonly (readonly string[])[]): SentenceFeatures {
    const n = tokens.length;
    const words: Int32Array[] = new Array<Int32Array>(n);
    for (let i = 0; i < n; i++) words[i] = this.word(tokens[i]!);
    const at = (i: number): Int32Array => (i < 0 ? BOUNDARY_LEFT : i >= n ? BOUNDARY_RIGHT : words[i]!);
    const start = new Int32Array(n + 1);
    let k = 0;
    const mask = this.mask;
    for (let i = 0; i < n; i++) {
      if (this.buf.length < k + 256) {
        const b = new Int32Array(this.buf.length * 2);
        b.set(this.buf);
        this.buf = b;
      }
      const f = this.buf;
      start[i] = k;
      const c = words[i]!;
      const l1 = at(i - 1), l2 = at(i - 2), r1 = at(i + 1), r2 = at(i + 2);
      let t = 0;
      // the token itself
      f[k++] = 0; // bias
      f[k++] = mix(++t, c[W]!);
      f[k++] = mix(++t, c[S]!);
      f[k++] = mix(++t, c[NP]!);
      f[k++] = mix(++t, c[P1]!);
      f[k++] = mix(++t, c[P2]!);
      f[k++] = mix(++t, c[P3]!);
      f[k++] = mix(++t, c[X1]!);
      f[k++] = mix(++t, c[X2]!);
      f[k++] = mix(++t, c[X3]!);
      f[k++] = mix(++t, c[SHAPE]!);
      f[k++] = mix(++t, c[FREQ]!);
      f[k++] = mix(++t, c[TRIG]!);
      f[k++] = mix(++t, c[SX3]!);
      f[k++] = mix(++t, c[CLI]!);
      f[k++] = mix(++t, mix(c[FREQ]!, c[CLI]!));
      f[k++] = mix(++t, c[CL]!);
      f[k++] = mix(++t, c[CLC]!);
      f[k++] = mix(++t, c[NAME]!);
      f[k++] = mix(++t, l1[CL]!);
      f[k++] = mix(++t, r1[CL]!);
      f[k++] = mix(++t, l1[CLC]!);
      f[k++] = mix(++t, r1[CLC]!);
      f[k++] = mix(++t, l2[CLC]!);
      f[k++] = mix(++t, r2[CLC]!);
      f[k++] = mix(++t, l1[NAME]!);
      f[k++] = mix(++t, r1[NAME]!);
      f[k++] = mix(++t, mix(l1[CLC]!, c[CLC]!));
      f[k++] = mix(++t, mix(c[CLC]!, r1[CLC]!));
      f[k++] = mix(++t, mix(c[NAME]!, c[FREQ]!));
      f[k++] = mix(++t, mix(l1[W]!, c[CLC]!));
      // window
      f[k++] = mix(++t, l1[W]!);
      f[k++] = mix(++t, r1[W]!);
      f[k++] = mix(++t, l2[W]!);
      f[k++] = mix(++t, r2[W]!);
      f[k++] = mix(++t, l1[NP]!);
      f[k++] = mix(++t, r1[NP]!);
      f[k++] = mix(++t, l1[S]!);
      f[k++] = mix(++t, r1[S]!);
      f[k++] = mix(++t, l2[S]!);
      f[k++] = mix(++t, r2[S]!);
      f[k++] = mix(++t, l1[SHAPE]!);
      f[k++] = mix(++t, r1[SHAPE]!);
      f[k++] = mix(++t, l2[SHAPE]!);
      f[k++] = mix(++t, r2[SHAPE]!);
      f[k++] = mix(++t, l1[X3]!);
      f[k++] = mix(++t, r1[X3]!);
      f[k++] = mix(++t, l1[P2]!);
      f[k++] = mix(++t, r1[P2]!);
      f[k++] = mix(++t, l1[FREQ]!);
      f[k++] = mix(++t, r1[FREQ]!);
      f[k++] = mix(++t, l1[TRIG]!);
      f[k++] = mix(++t, l2[TRIG]!);
      f[k++] = mix(++t, r1[TRIG]!);
      f[k++] = mix(++t, r2[TRIG]!);
      f[k++] = mix(++t, l1[CLI]!);
      // bigrams
      f[k++] = mix(++t, mix(l1[W]!, c[W]!));
      f[k++] = mix(++t, mix(c[W]!, r1[W]!));
      f[k++] = mix(++t, mix(l1[S]!, c[S]!));
      f[k++] = mix(++t, mix(c[S]!, r1[S]!));
      f[k++] = mix(++t, mix(l2[W]!, l1[W]!));
      f[k++] = mix(++t, mix(r1[W]!, r2[W]!));
      f[k++] = mix(++t, mix(l1[TRIG]!, c[FREQ]!));
      f[k++] = mix(++t, mix(l1[W]!, c[SHAPE]!));
      f[k++] = mix(++t, mix(c[SHAPE]!, r1[SHAPE]!));
      // lexicon labels of the token and its neighbours
      if (lexicon) {
        const base = ++t;
        for (let d = -1; d <= 1; d++) {
          const ls = lexicon[i + d];
          if (!ls) continue;
          for (let j = 0; j < ls.length && j < 8; j++) {
            const lh = this.label(ls[j]!);
            f[k++] = mix(base + d, lh);
            if (d === 0) {
              f[k++] = mix(base + 5, mix(lh, c[FREQ]!));
              f[k++] = mix(base + 6, mix(lh, l1[TRIG]!));
            }
          }
          if (d === 0 && ls.length > 1) {
            // the combination (a name both a place and a person's, a first name inside a place match)
            let h = 0;
            for (let j = 0; j < ls.length && j < 8; j++) h ^= this.label(ls[j]!);
            f[k++] = mix(base + 7, h);
          }
        }
      }
      for (let j = start[i]!; j < k; j++) f[j] = (f[j]! & mask) * NT;
    }
    start[n] = k;
    return { feats: this.buf.slice(0, k), start, n };
  }
}

// ---- decoding ------------------------------------------------------------------------------------------

/** Allowed transitions: I-X only after B-X or I-X (prev = NT is the sentence start). */
export const ALLOWED: Uint8Array = (() => {
  const a = new Uint8Array((NT + 1) * NT);
  for (let p = 0; p <= NT; p++) {
    for (let c = 0; c < NT; c++) {
      const ci = NER_TAGS[c]!;
      const ok = !ci.startsWith('I-') || (p < NT && NER_TAGS[p]!.slice(2) === ci.slice(2));
      a[p * NT + c] = ok ? 1 : 0;
    }
  }
  return a;
})();

/**
 * Emission scores (n × NT) of a sentence's features under weights `w` (times `scale`: the shipped weights stay
 * Int16 in memory, half the bytes of Float32 — the lookups are cache misses, so that is what tagging costs).
 */
export function emissions(w: Float32Array | Int16Array, sf: SentenceFeatures, out: Float64Array, scale = 1): void {
  const { feats, start, n } = sf;
  for (let i = 0; i < n; i++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0;
    for (let j = start[i]!, e = start[i + 1]!; j < e; j++) {
      const b = feats[j]!;
      s0 += w[b]!;
      s1 += w[b + 1]!;
      s2 += w[b + 2]!;
      s3 += w[b + 3]!;
      s4 += w[b + 4]!;
      s5 += w[b + 5]!;
      s6 += w[b + 6]!;
      s7 += w[b + 7]!;
      s8 += w[b + 8]!;
    }
    const o = i * NT;
    out[o] = s0 * scale;
    out[o + 1] = s1 * scale;
    out[o + 2] = s2 * scale;
    out[o + 3] = s3 * scale;
    out[o + 4] = s4 * scale;
    out[o + 5] = s5 * scale;
    out[o + 6] = s6 * scale;
    out[o + 7] = s7 * scale;
    out[o + 8] = s8 * scale;
  }
}

const NEG = -1e30;

/** Viterbi over emission scores `em` (n × NT) and transitions `trans` ((NT + 1) × NT); writes tag indices. */
export function viterbi(em: Float64Array, trans: Float32Array | Float64Array, n: number, out: Int32Array): void {
  if (n === 0) return;
  const delta = scratchDelta(n);
  const back = scratchBack(n);
  for (let c = 0; c < NT; c++) delta[c] = ALLOWED[NT * NT + c] ? em[c]! + trans[NT * NT + c]! : NEG;
  for (let i = 1; i < n; i++) {
    const o = i * NT;
    const po = o - NT;
    for (let c = 0; c < NT; c++) {
      let best = NEG;
      let arg = 0;
      for (let p = 0; p < NT; p++) {
        if (!ALLOWED[p * NT + c]) continue;
        const v = delta[po + p]! + trans[p * NT + c]!;
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      delta[o + c] = best + em[o + c]!;
      back[o + c] = arg;
    }
  }
  let best = NEG;
  let arg = 0;
  const lo = (n - 1) * NT;
  for (let c = 0; c < NT; c++) {
    if (delta[lo + c]! > best) {
      best = delta[lo + c]!;
      arg = c;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    out[i] = arg;
    arg = back[i * NT + arg]!;
  }
}
let deltaBuf = new Float64Array(NT * 256);
let backBuf = new Int32Array(NT * 256);
function scratchDelta(n: number): Float64Array {
  if (deltaBuf.length < n * NT) deltaBuf = new Float64Array(n * NT * 2);
  return deltaBuf;
}
function scratchBack(n: number): Int32Array {
  if (backBuf.length < n * NT) backBuf = new Int32Array(n * NT * 2);
  return backBuf;
}

// ---- the tagger ----------------------------------------------------------------------------------------

/** A perceptron tagger over given weights (from {@link loadTagger}, or from training). */
export class PerceptronTagger implements Tagger {
  private em = new Float64Array(NT * 256);
  private path = new Int32Array(256);

  constructor(
    /** Emission weights: bucket × NT + tag (Int16 when quantised: multiply by `scale`). */
    readonly weights: Float32Array | Int16Array,
    /** Transition weights: (NT + 1) × NT. */
    readonly trans: Float32Array,
    /** The feature extractor the weights were trained with. */
    readonly extractor: FeatureExtractor,
    /** What one unit of `weights` is worth. */
    readonly scale = 1,
  ) {}

  /** Tag indices for a sentence's features. */
  decode(sf: SentenceFeatures): Int32Array {
    if (this.em.length < sf.n * NT) {
      this.em = new Float64Array(sf.n * NT * 2);
      this.path = new Int32Array(sf.n * 2);
    }
    emissions(this.weights, sf, this.em, this.scale);
    viterbi(this.em, this.trans, sf.n, this.path);
    return this.path;
  }

  tag(tokens: string[], lexicon?: string[][]): string[] {
    if (tokens.length === 0) return [];
    const path = this.decode(this.extractor.extract(tokens, lexicon));
    const out = new Array<string>(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = NER_TAGS[path[i]!]!;
    return out;
  }
}

let shipped: PerceptronTagger | undefined;

/** The shipped tagger (model/ner), loaded on first use. */
export function loadTagger(): Tagger {
  if (shipped) return shipped;
  const headerUrl = new URL('ner/perceptron.json', MODEL_DIR);
  let header: NerModelHeader;
  let packed: Buffer;
  try {
    header = JSON.parse(readFileSync(headerUrl, 'utf8')) as NerModelHeader;
    packed = readFileSync(new URL('ner/perceptron.bin', MODEL_DIR));
  } catch (error) {
    throw new Error(`marsad: the NER model in ${new URL('ner/', MODEL_DIR).pathname} is missing or unreadable (${(error as Error).message}); run \`npm run train\``);
  }
  if (header.schema !== 'marsad.ner-perceptron/1' || header.features !== FEATURE_VERSION) {
    throw new Error(`marsad: model/ner/perceptron.json is ${header.schema} with feature version ${header.features}, this code needs ${FEATURE_VERSION}; run \`npm run train\``);
  }
  const raw = gunzipSync(packed);
  // Copied out of the gunzip buffer so it is aligned and owns its memory.
  const weights = new Int16Array(raw.byteLength / 2);
  weights.set(new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2));
  shipped = new PerceptronTagger(weights, Float32Array.from(header.trans), new FeatureExtractor(loadNerResources(), header.bits), header.scale);
  return shipped;
}

/** Quantise weights for model/ner/perceptron.bin: gzipped Int16 and the scale that restores them. */
export function packWeights(weights: Float32Array): { scale: number; q: Int16Array } {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i]!));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round(weights[i]! / scale);
  return { scale, q };
}
