/**
 * A per-code-unit class table for the scanners (tokenizer, sentence splitter): one array lookup per
 * character instead of a Unicode-property regex, built once at load from the same Unicode properties.
 */

/** Not a letter, digit or space: punctuation, symbols, other. */
export const OTHER = 0;
/** A letter or combining mark (\p{L}, \p{M}). */
export const LETTER = 1;
/** A decimal digit: ASCII, Arabic-Indic or Eastern Arabic-Indic. */
export const DIGIT = 2;
/** Space, tab or line break. */
export const SPACE = 3;
/** A surrogate: classify the whole code point with {@link classOfCodePoint}. */
export const SURROGATE = 4;

/** Class of every UTF-16 code unit. */
export const CHAR_CLASS = new Uint8Array(0x10000);
{
  const letter = /[\p{L}\p{M}]/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) CHAR_CLASS[c] = SURROGATE;
    else if ((c >= 0x30 && c <= 0x39) || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9)) CHAR_CLASS[c] = DIGIT;
    else if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) CHAR_CLASS[c] = SPACE;
    else if (letter.test(String.fromCharCode(c))) CHAR_CLASS[c] = LETTER;
  }
}

const ASTRAL_LETTER = /^[\p{L}\p{M}]$/u;

/** Class of the code point starting at `i` (handles surrogate pairs; a lone surrogate is OTHER). */
export function classOfCodePoint(text: string, i: number): { cls: number; width: number } {
  const c = text.charCodeAt(i);
  const cls = CHAR_CLASS[c]!;
  if (cls !== SURROGATE) return { cls, width: 1 };
  const d = text.charCodeAt(i + 1);
  if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
    return { cls: ASTRAL_LETTER.test(text.slice(i, i + 2)) ? LETTER : OTHER, width: 2 };
  }
  return { cls: OTHER, width: 1 };
}
