/**
 * Arabic matching form for marking search words in result passages, as the store folds text for search
 * (src/text/fold.ts: tashkeel and tatweel dropped, hamza/alef forms → ا, ى → ي, ة → ه, ؤ/ئ → ء, Arabic-Indic
 * digits → ASCII, Latin lower case), with each folded position mapped back to the displayed text.
 */

function foldChar(c: string): string {
  const code = c.charCodeAt(0);
  if ((code >= 0x064b && code <= 0x065f) || (code >= 0x06d6 && code <= 0x06ed) || c === '\u0670' || c === '\u0640') return '';
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  switch (c) {
    case 'أ': case 'إ': case 'آ': case 'ٱ': return 'ا';
    case 'ى': case 'ی': return 'ي';
    case 'ة': return 'ه';
    case 'ؤ': case 'ئ': return 'ء';
    default: return c.toLowerCase();
  }
}

const WORD = /[\p{L}\p{N}\p{M}]/u;
const CLITICS = /^(?:[وفبلك]|[وف]?[بلك]?ال|[وف]?لل)?$/u;

/** The text cut into pieces, `match: true` where a query word occurs as a whole word (folded). */
export function matchPieces(text: string, query: string): Array<{ text: string; match: boolean }> {
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text[i]!);
    for (let k = 0; k < f.length; k++) map.push(i);
    folded += f;
  }
  map.push(text.length);
  const words = [...new Set([...query].map(foldChar).join('').match(/[\p{L}\p{N}\p{M}]+/gu) ?? [])];
  const ranges: Array<[number, number]> = [];
  for (const w of words) {
    for (let at = folded.indexOf(w); at !== -1; at = folded.indexOf(w, at + 1)) {
      let wordStart = at;
      while (wordStart > 0 && WORD.test(folded[wordStart - 1]!)) wordStart--;
      const after = folded[at + w.length];
      // A whole word, or one behind the clitics و ف ب ل ك and the article (والداعش، لداعش).
      if (CLITICS.test(folded.slice(wordStart, at)) && (after === undefined || !WORD.test(after))) {
        ranges.push([map[at]!, map[at + w.length]!]);
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const pieces: Array<{ text: string; match: boolean }> = [];
  let pos = 0;
  for (const [start, end] of ranges) {
    if (end <= pos) continue;
    if (start > pos) pieces.push({ text: text.slice(pos, start), match: false });
    pieces.push({ text: text.slice(Math.max(start, pos), end), match: true });
    pos = end;
  }
  if (pos < text.length) pieces.push({ text: text.slice(pos), match: false });
  return pieces;
}
