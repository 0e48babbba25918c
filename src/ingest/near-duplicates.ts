/**
 * Near-duplicate detection for ingest: the same wire story published by two outlets gets linked. A text becomes
 * the set of its word 4-shingles (folded, punctuation and digit-only tokens dropped), summarised by a 128-hash
 * minhash signature; the fraction of equal positions of two signatures estimates the Jaccard similarity of their
 * shingle sets. LSH bands of the signature find candidates without comparing every pair; `contentHash` identifies
 * the exact same article under other metadata. The threshold and the banding are measured on the labeled pairs in
 * test/eval/near-duplicates (`node --import tsx scripts/eval-near-duplicates.ts`).
 */
import { createHash } from 'node:crypto';
import { CHAR_CLASS, DIGIT, LETTER } from '../text/char-class.js';
import { foldString } from '../text/fold.js';

/** Number of hashes in a signature. */
export const SIGNATURE_SIZE = 128;
/**
 * Words per shingle. On the labeled pairs 2- to 5-word shingles rank pairs alike (AUC 0.93–0.94); 4 keeps rewritten
 * wire copies (a changed word every sentence or two) measurably similar while common 2–3-word phrases stay apart.
 */
export const SHINGLE_WORDS = 4;
/**
 * LSH banding: BANDS × ROWS positions of the signature (all 128). Two rows per band because the threshold is low
 * (rewritten wire copies share few 4-shingles): a pair at the threshold must almost always share a band.
 */
export const LSH_BANDS = 64;
export const LSH_ROWS = 2;

/**
 * Estimated shingle Jaccard from which two texts are linked as near-duplicates. Chosen on the 132 labeled pairs of
 * test/eval/near-duplicates (so tuned on the set it is measured on): the best F1 (85%; precision 88%, recall 83%)
 * among the thresholds at which the banding makes a pair a candidate with probability ≥ 0.9. The unconstrained
 * best (0.1) would need one-row bands, which make every shared common phrase a candidate.
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.2;

const EMPTY = 0xffffffff;

// Fixed per-position seeds (splitmix32 from a constant): signatures are the same in every process and machine.
const SEEDS = ((): Uint32Array => {
  const seeds = new Uint32Array(SIGNATURE_SIZE);
  let state = 0x6d617273; // "mars"
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    seeds[i] = (z ^ (z >>> 16)) >>> 0;
  }
  return seeds;
})();

/** murmur3's finaliser: a bijection on 32 bits with full avalanche. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * FNV-1a hashes of the words of the folded text: runs of letters and digits that contain a letter (so "2015",
 * "٪" and punctuation are not words, "g20" is). Numbers are left out because copies of one story differ in them
 * (dates, times, a toll updated between two versions of a dispatch). Hashing while scanning avoids allocating a
 * string per word.
 */
function wordHashes(folded: string): Uint32Array {
  // A word takes at least one code unit and a separator: at most ⌈length / 2⌉ words.
  const out = new Uint32Array((folded.length + 1) >>> 1);
  let n = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  let hasLetter = false;
  for (let i = 0; i <= folded.length; i++) {
    const c = i < folded.length ? folded.charCodeAt(i) : 0x20;
    const cls = CHAR_CLASS[c]!;
    if (cls === LETTER || cls === DIGIT) {
      if (!inWord) {
        inWord = true;
        hasLetter = false;
        h = 0x811c9dc5;
      }
      if (cls === LETTER) hasLetter = true;
      h = Math.imul(h ^ c, 0x01000193);
    } else if (inWord) {
      inWord = false;
      if (hasLetter) out[n++] = h >>> 0;
    }
  }
  return out.subarray(0, n);
}

/** Hash of each run of SHINGLE_WORDS consecutive words (one shingle for a shorter text with any word). */
function shingleHashes(words: Uint32Array): Uint32Array {
  const k = Math.min(SHINGLE_WORDS, words.length);
  if (k === 0) return new Uint32Array(0);
  const out = new Uint32Array(words.length - k + 1);
  for (let i = 0; i < out.length; i++) {
    let h = 0x3c6ef372;
    for (let j = 0; j < k; j++) h = mix32((h ^ words[i + j]!) + j);
    out[i] = h;
  }
  return out;
}

/**
 * The minhash signature of a text: for each of 128 fixed hash functions, the least hash of the text's word
 * 4-shingles. A text with no word gets an all-0xffffffff signature, which matches nothing.
 */
export function minhashSignature(text: string): Uint32Array {
  const shingles = shingleHashes(wordHashes(foldString(text)));
  const sig = new Uint32Array(SIGNATURE_SIZE).fill(EMPTY);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s]!;
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      // One multiply-xorshift round per position is enough: x is already fully mixed.
      let v = Math.imul(x ^ SEEDS[i]!, 0x9e3779b1);
      v = (v ^ (v >>> 15)) >>> 0;
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** Whether a signature is that of a text with no word. */
function isEmpty(sig: Uint32Array): boolean {
  for (let i = 0; i < sig.length; i++) if (sig[i] !== EMPTY) return false;
  return true;
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/**
 * The LSH band keys of a signature: 64 bands of 2 rows, each key `bNN:` + a 64-bit hash of its rows
 * (`b07:3fa2c1d09e8b7a65`). Two texts of true similarity s share a band with probability 1 − (1 − s²)⁶⁴:
 * 0.47 at 0.1, 0.77 at 0.15, 0.93 at the 0.2 threshold, 0.98 at 0.25, 0.998 at 0.3 (the measured candidate
 * recall on labeled duplicates is in the eval). An empty text has no bands.
 */
export function lshBands(signature: Uint32Array): string[] {
  if (signature.length !== SIGNATURE_SIZE) throw new Error(`expected a ${SIGNATURE_SIZE}-hash signature, got ${signature.length}`);
  if (isEmpty(signature)) return [];
  const keys: string[] = [];
  for (let b = 0; b < LSH_BANDS; b++) {
    let h1 = 0x243f6a88 ^ b;
    let h2 = 0x85a308d3 ^ b;
    for (let r = 0; r < LSH_ROWS; r++) {
      const v = signature[b * LSH_ROWS + r]!;
      h1 = mix32(h1 ^ v);
      h2 = mix32((h2 + v) ^ 0x13198a2e);
    }
    keys.push(`b${String(b).padStart(2, '0')}:${hex8(h1)}${hex8(h2)}`);
  }
  return keys;
}

/** Estimated Jaccard similarity of two texts: the fraction of equal signature positions (0 if either text is empty). */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`signatures differ in size (${a.length}, ${b.length})`);
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  if (equal === a.length && isEmpty(a)) return 0;
  return equal / a.length;
}

// Invisible characters that scrapers keep or drop at random: zero-width space is a word break, the others are not.
const ZERO_WIDTH_SPACE = /\u200b/g;
const INVISIBLE = /[\u200c-\u200f\u2060\ufeff]/g;

/** Folded and whitespace-collapsed form of a text, as hashed by contentHash. */
function canonical(s: string): string {
  return foldString(s).replace(ZERO_WIDTH_SPACE, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * SHA-256 (hex) of the folded, whitespace-collapsed title and text: the same article under other metadata (outlet,
 * URL, date) or with other tashkeel, hamza spellings or line breaks hashes the same.
 */
export function contentHash(title: string | null, text: string): string {
  // The title and text are joined by a newline, which canonical() never leaves inside either.
  return createHash('sha256').update(`${canonical(title ?? '')}\n${canonical(text)}`).digest('hex');
}
