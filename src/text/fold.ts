/**
 * Stage and helpers: the Arabic matching form (DESIGN §4). Tashkeel, Quranic marks and tatweel go;
 * أ/إ/آ/ٱ → ا, ى → ي, ة → ه, ؤ/ئ → ء, Persian/Urdu letters → Arabic, Arabic-Indic and Eastern digits →
 * ASCII, Latin → lower case. Folding only drops or replaces single code units, so the map from folded
 * positions back to `text` is one array. Display always uses `text`, never the folded form.
 */
import type { Doc } from '../doc.js';

/** A folded text and the map from each folded position to its position in the original. */
export interface Folded {
  /** The matching form. */
  text: string;
  /** `map[i]` is the original position of folded code unit `i`; `map[text.length]` is the original length. */
  map: Int32Array;
}

const KEEP = 0xffff;
const DROP = 0;
// One entry per UTF-16 code unit: KEEP, DROP or the replacement code unit.
const TABLE = new Uint16Array(0x10000).fill(KEEP);
const set = (chars: string, to: string | null): void => {
  for (const ch of chars) TABLE[ch.charCodeAt(0)] = to === null ? DROP : to.charCodeAt(0);
};
for (let c = 0x064b; c <= 0x065f; c++) TABLE[c] = DROP; // tashkeel
for (let c = 0x06d6; c <= 0x06ed; c++) TABLE[c] = DROP; // Quranic annotation marks
set('\u0670\u0640', null); // superscript alef, tatweel
set('أإآٱ', 'ا');
set('ىیےۍې', 'ي');
set('ة', 'ه');
set('ۀہھە', 'ه');
set('ؤئ', 'ء');
set('کڪګ', 'ك');
set('گ', 'ك');
set('پ', 'ب');
set('چ', 'ج');
set('ژ', 'ز');
set('ڤڥ', 'ف');
set('ڨٯ', 'ق');
for (let d = 0; d < 10; d++) {
  TABLE[0x0660 + d] = 0x30 + d;
  TABLE[0x06f0 + d] = 0x30 + d;
}
for (let c = 0x41; c <= 0x5a; c++) TABLE[c] = c + 0x20;

/** Fold a string to its matching form (no offset map; for lexicon keys and tokens). */
export function foldString(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const t = TABLE[s.charCodeAt(i)]!;
    if (t === KEEP) continue;
    out += s.slice(from, i);
    if (t !== DROP) out += String.fromCharCode(t);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** Fold a text and keep the map back to it. */
export function foldText(text: string): Folded {
  const n = text.length;
  const map = new Int32Array(n + 1);
  const codes = new Uint16Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const t = TABLE[text.charCodeAt(i)]!;
    if (t === DROP) continue;
    codes[k] = t === KEEP ? text.charCodeAt(i) : t;
    map[k++] = i;
  }
  map[k] = n;
  const folded = k === n && !changed(text, codes) ? text : decode(codes.subarray(0, k));
  return { text: folded, map: k === n ? map : map.slice(0, k + 1) };
}

/** The folded-text range `[start, end)` as a range of the original text. */
export function foldedToText(folded: Folded, start: number, end: number): { start: number; end: number } {
  if (end <= start) return { start: folded.map[start]!, end: folded.map[start]! };
  return { start: folded.map[start]!, end: folded.map[end - 1]! + 1 };
}

function changed(text: string, codes: Uint16Array): boolean {
  for (let i = 0; i < codes.length; i++) if (codes[i] !== text.charCodeAt(i)) return true;
  return false;
}

const UTF16 = new TextDecoder('utf-16le');

function decode(codes: Uint16Array): string {
  // Lone surrogates survive: TextDecoder would replace them, so fall back to fromCharCode when there are any.
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0xd800 && c <= 0xdfff) {
      let out = '';
      for (let j = 0; j < codes.length; j += 8192) out += String.fromCharCode(...codes.subarray(j, j + 8192));
      return out;
    }
  }
  return UTF16.decode(codes);
}

/** The fold stage: stores the folded text and its map on the document. */
export function fold() {
  return (doc: Doc): void => {
    doc.folded = foldText(doc.text);
  };
}
