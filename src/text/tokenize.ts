/**
 * Stage: tokens — words, numbers (ASCII, Arabic-Indic and Eastern digits, with decimal and thousands
 * separators) and punctuation — each with its folded matching form and, for Arabic words that carry
 * clitics (و ف ب ل ك ال س, attached pronouns), the sub-spans of those clitics. Offsets are into `text`.
 */
import type { Doc } from '../doc.js';
import { foldString } from './fold.js';
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
  /** Clitic segmentation of an Arabic word, as absolute sub-spans covering the token; absent when none. */
  parts?: CliticPart[];
}

// A number (with its separators) or a run of letters/marks/digits, or any other single character.
// Latin words keep their digits (G20, COVID19); Arabic words don't, so a clitic before a number splits off.
// Example: `و2.5 مليون، G20 2254.` → و | 2.5 | مليون | ، | G20 | 2254 | .
const TOKEN = /([0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*)|([A-Za-z][A-Za-z0-9]*|[\p{L}\p{M}]+)|(\S)/gu;
const ARABIC = /[\u0621-\u064a\u0671-\u06d3]/;

/** Tokenize `text`. */
export function tokenizeText(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const start = m.index;
    const s = m[0];
    const end = start + s.length;
    if (m[1] !== undefined) {
      tokens.push({ start, end, kind: 'number', norm: foldString(s) });
    } else if (m[2] !== undefined) {
      const token: Token = { start, end, kind: 'word', norm: foldString(s) };
      if (s.length > 2 && ARABIC.test(s[0]!)) {
        const seg = segmentClitics(s);
        if (seg) token.parts = seg.parts.map((p) => ({ start: start + p.start, end: start + p.end, kind: p.kind }));
      }
      tokens.push(token);
    } else {
      tokens.push({ start, end, kind: 'punct', norm: s });
    }
  }
  return tokens;
}

/** The tokenizing stage. */
export function tokenize() {
  return (doc: Doc): void => {
    doc.tokens = tokenizeText(doc.text);
  };
}
