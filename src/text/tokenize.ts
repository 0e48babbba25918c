/**
 * Stage: tokens — words, numbers (ASCII, Arabic-Indic and Eastern digits, with decimal and thousands
 * separators) and punctuation — each with its folded matching form and, for Arabic words that carry
 * clitics (و ف ب ل ك ال س, attached pronouns), the sub-spans of those clitics. Offsets are into `text`.
 */
import type { Doc } from '../doc.js';
import { foldString } from './fold.js';
import { CHAR_CLASS, classOfCodePoint, DIGIT, LETTER, SPACE, SURROGATE } from './char-class.js';
import { segmentClitics, type CliticPart } from './segment-clitics.js';

/** A token of the text. */
export interface Token {
  /** Start offset in `text`. */
  start: number;
  /** End offset in `text`. */
  end: number;
  /** What it is. */
  kind: 'word' | 'number' | 'punct';
  /** The folded matching form (DESIGN §4). */
  norm: string;
  /**
   * Clitic segmentation of an Arabic word: sub-spans covering the token, with offsets RELATIVE to `start`
   * (shared between tokens of the same word form, so read-only); absent when the word has none.
   * `text.slice(start + p.start, start + p.end)` is the part's text.
   */
  parts?: readonly CliticPart[];
}

// A number (with its separators) or a run of letters/marks/digits, or any other single character.
const ARABIC_FIRST = 0x0621;
const ARABIC_LAST = 0x06d3;
const isLatin = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Tokenize `text`: a number (digits with inner `.` `,` `٫` `٬` separators), a word (letters and marks;
 * Latin words keep their digits: G20, COVID19; Arabic ones don't, so `و2.5` is و + 2.5), or any other
 * single code point. Example: `و2.5 مليون، G20 2254.` → و | 2.5 | مليون | ، | G20 | 2254 | .
 */
export function tokenizeText(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let cls = CHAR_CLASS[c]!;
    let width = 1;
    if (cls === SURROGATE) ({ cls, width } = classOfCodePoint(text, i));
    if (cls === SPACE) {
      i++;
      continue;
    }
    const start = i;
    if (cls === DIGIT) {
      i++;
      while (i < n) {
        const k = CHAR_CLASS[text.charCodeAt(i)];
        if (k === DIGIT) i++;
        else if (isSeparator(text.charCodeAt(i)) && i + 1 < n && CHAR_CLASS[text.charCodeAt(i + 1)] === DIGIT) i += 2;
        else break;
      }
      const s = text.slice(start, i);
      tokens.push({ start, end: i, kind: 'number', norm: foldString(s) });
      continue;
    }
    if (cls === LETTER) {
      const latin = isLatin(c);
      i += width;
      while (i < n) {
        const d = text.charCodeAt(i);
        const k = CHAR_CLASS[d]!;
        if (k === LETTER) i++;
        else if (k === DIGIT && latin && d < 0x80) i++;
        else if (k === SURROGATE) {
          const cp = classOfCodePoint(text, i);
          if (cp.cls !== LETTER) break;
          i += cp.width;
        } else break;
      }
      const s = text.slice(start, i);
      const token: Token = { start, end: i, kind: 'word', norm: foldString(s) };
      if (i - start > 2 && c >= ARABIC_FIRST && c <= ARABIC_LAST) {
        const parts = cliticsOf(s);
        if (parts) token.parts = parts;
      }
      tokens.push(token);
      continue;
    }
    i += width;
    tokens.push({ start, end: i, kind: 'punct', norm: text.slice(start, i) });
  }
  return tokens;
}

// News vocabulary is Zipfian, so most words were segmented before. A direct-mapped cache (hash → slot,
// the word itself kept to confirm) answers those with one hash over the word and one string compare;
// a Map was slower here than recomputing. 64k slots: bounded memory whatever the corpus.
const CACHE_BITS = 16;
const CACHE_KEYS: Array<string | undefined> = new Array<string | undefined>(1 << CACHE_BITS);
const CACHE_PARTS: Array<readonly CliticPart[] | null> = new Array<readonly CliticPart[] | null>(1 << CACHE_BITS);

/** The clitic parts of an Arabic word (relative to it), memoised. */
function cliticsOf(word: string): readonly CliticPart[] | null {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  const slot = (h ^ (h >>> CACHE_BITS)) & ((1 << CACHE_BITS) - 1);
  if (CACHE_KEYS[slot] === word) return CACHE_PARTS[slot]!;
  const parts = segmentClitics(word)?.parts ?? null;
  CACHE_KEYS[slot] = word;
  CACHE_PARTS[slot] = parts;
  return parts;
}

/** Decimal and thousands separators inside a number: . , ٫ ٬ */
function isSeparator(c: number): boolean {
  return c === 0x2e || c === 0x2c || c === 0x66b || c === 0x66c;
}

/** The tokenizing stage. */
export function tokenize() {
  return (doc: Doc): void => {
    doc.tokens = tokenizeText(doc.text);
  };
}
