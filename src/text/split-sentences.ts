/**
 * Stage: sentence ranges. A sentence ends at . ؟ ? ! ؛ (with the closing quotes that follow) when
 * whitespace or the end of the line comes next, and at every line break. Not a boundary: an ellipsis
 * (.. … — a pause in Arabic prose), a terminator inside brackets (`(وش اسمك؟!) رغم`),
 * a period inside a number (2.5) or a word (العربية.نت), after an initial (د. / J.) or a known
 * abbreviation, or an enumerator at the start of a line ("1. "). Quotes need not balance: they are never
 * tracked, so “a quote of two sentences.” is two sentences, as a reader splits it.
 */
import type { Doc } from '../doc.js';
import type { Range } from '../types.js';
import { loadModelJson } from '../lexicon/load-model.js';
import { foldString } from './fold.js';

/** Options for {@link splitSentences}. */
export interface SplitSentencesOptions {
  /** Words that a period does not end (without the period); default `model/abbreviations.json`. */
  abbreviations?: string[];
}

// . ! ? ؟ ؛ … and the closing quotes and brackets that may follow them.
const isTerminator = (c: number): boolean => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x61f || c === 0x61b || c === 0x2026;
const isCloser = (c: number): boolean => c === 0x22 || c === 0x27 || c === 0x201d || c === 0x2019 || c === 0xbb || c === 0x29 || c === 0x5d || c === 0x7d || c === 0x203a;
const isQuote = (c: number): boolean => c === 0x22 || c === 0x27 || c === 0x201d || c === 0x2019 || c === 0xbb || c === 0x203a;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09;
const isDigit = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9);
const isLowerLatin = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const LETTER = /[\p{L}\p{M}]/u;

/** Split `text` into sentence ranges (trimmed, non-empty). */
export function sentenceRanges(text: string, abbreviations: ReadonlySet<string>): Range[] {
  const out: Range[] = [];
  let start = 0;
  const push = (from: number, to: number): void => {
    while (from < to && isSpace(text.charCodeAt(from))) from++;
    while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
    if (to > from) out.push({ start: from, end: to });
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      push(start, i);
      start = i + 1;
      continue;
    }
    if (!isTerminator(code)) continue;
    let j = i + 1;
    while (j < n && (isTerminator(text.charCodeAt(j)) || isCloser(text.charCodeAt(j)))) j++;
    if ((j < n && !isSpace(text.charCodeAt(j))) || isPause(text, i, j)) {
      i = j - 1;
      continue;
    }
    if (code === 0x2e && j === i + 1 && !endsSentence(text, start, i, j, abbreviations)) continue;
    push(start, j);
    start = j;
    i = j - 1;
  }
  push(start, n);
  return out;
}

/**
 * Whether the terminator run `[i, j)` is a pause inside a sentence rather than its end: an ellipsis
 * (`..`, `...`, `…` — Arabic writers' pause, as in "ستستمر.. ودخول قوات"), or a terminator inside brackets
 * (`(وش اسمك؟!) رغم أن…`, `(...)`), where the sentence goes on after the bracket.
 */
function isPause(text: string, i: number, j: number): boolean {
  let k = j - 1;
  while (k > i && isQuote(text.charCodeAt(k))) k--;
  const last = text.charCodeAt(k);
  if (last === 0x29 || last === 0x5d || last === 0x7d) return true;
  // Only the final group of terminators counts: in `(...).` the last `.` ends the sentence.
  let g = k;
  while (g > i && isTerminator(text.charCodeAt(g - 1))) g--;
  let periods = 0;
  for (let p = g; p <= k; p++) {
    const c = text.charCodeAt(p);
    if (c === 0x2026) periods += 2;
    else if (c === 0x2e) periods++;
    else return false;
  }
  return periods >= 2;
}

/** Whether the single period at `dot` ends a sentence, judged by the word before and the text after. */
function endsSentence(text: string, lineStart: number, dot: number, after: number, abbreviations: ReadonlySet<string>): boolean {
  let w = dot;
  while (w > lineStart && LETTER.test(text[w - 1]!)) w--;
  const word = text.slice(w, dot);
  let next = after;
  while (next < text.length && text[next] === ' ') next++;
  const nextCode = text.charCodeAt(next);
  if (next < text.length && isLowerLatin(nextCode)) return false; // "e.g. this", "Mr. smith"
  if (word.length === 0) {
    // "1. " opening a line is an enumerator, not a sentence.
    let d = dot;
    while (d > lineStart && isDigit(text.charCodeAt(d - 1))) d--;
    const onlyNumber = d < dot && text.slice(lineStart, d).trim() === '';
    return !onlyNumber;
  }
  const before = w > 0 ? text.charCodeAt(w - 1) : 0;
  const afterNumber = isDigit(before) || (before === 0x20 && w > 1 && isDigit(text.charCodeAt(w - 2)));
  // A lone letter is an initial (د. محمد, J. K.), unless it is a unit after a number (2018 م.).
  if ([...word].length === 1) return afterNumber;
  return !abbreviations.has(foldString(word));
}

/** The sentence-splitting stage. */
export function splitSentences(options: SplitSentencesOptions = {}) {
  const list = options.abbreviations ?? loadModelJson<{ abbreviations: string[] }>('abbreviations.json').abbreviations;
  const abbreviations = new Set(list.map(foldString));
  return (doc: Doc): void => {
    // A headline is one sentence even with a pause in it ("ستستمر.. ودخول قوات"): split only the body.
    const nl = doc.title === null ? -1 : doc.text.indexOf('\n');
    if (nl === -1) {
      doc.sentences = doc.title === null ? sentenceRanges(doc.text, abbreviations) : doc.text ? [{ start: 0, end: doc.text.length }] : [];
      return;
    }
    const body = sentenceRanges(doc.text.slice(nl + 1), abbreviations).map((r) => ({ start: r.start + nl + 1, end: r.end + nl + 1 }));
    doc.sentences = nl > 0 ? [{ start: 0, end: nl }, ...body] : body;
  };
}
