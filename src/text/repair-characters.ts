/**
 * Stage: repair characters that scraped text carries but a reader never sees or that break matching:
 * zero-width and bidi controls, BOM, C0/C1 controls, lone surrogates, Arabic presentation forms,
 * decorative tatweel (between letters), exotic spaces and line separators; then whitespace runs. Every repair leaves a message.
 */
import type { Doc } from '../doc.js';
import { editText, type Edit } from './edit-text.js';

/** What to do with one character: its replacement and the message rule and reason. */
export interface CharRepair {
  /** Replacement text ('' removes the character). */
  insert: string;
  /** Message rule. */
  rule: string;
  /** What the character was. */
  what: string;
}

const INVISIBLE: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'BYTE ORDER MARK',
};

const hex = (c: number): string => 'U+' + c.toString(16).toUpperCase().padStart(4, '0');

/** How to repair one character, or null when it stays. `\n` and ordinary spaces stay. */
export function repairCharacter(ch: string): CharRepair | null {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return { insert: '\uFFFD', rule: 'invalid-char', what: `lone surrogate ${hex(c)}` };
  const name = INVISIBLE[c];
  if (name) return { insert: '', rule: 'invisible-char', what: `${hex(c)} ${name}` };
  if (c === 0x0640) return { insert: '', rule: 'tatweel', what: 'tatweel (U+0640)' };
  if (c === 0x0d || c === 0x2028 || c === 0x2029 || c === 0x85) return { insert: '\n', rule: 'line-break', what: `line separator ${hex(c)}` };
  if (c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000) {
    return { insert: ' ', rule: 'whitespace', what: `space character ${hex(c)}` };
  }
  if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return { insert: '', rule: 'control-char', what: `control character ${hex(c)}` };
  if ((c >= 0xfb50 && c <= 0xfdff && !(c >= 0xfdd0 && c <= 0xfdef)) || (c >= 0xfe70 && c <= 0xfefc)) {
    const base = ch.normalize('NFKC');
    if (base !== ch) return { insert: base, rule: 'presentation-form', what: `Arabic presentation form ${hex(c)} → ${base}` };
  }
  return null;
}

// Everything repairCharacter may change, so the common case (clean text) is one failed regex scan.
const SUSPECT = /[\u0000-\u0009\u000b-\u001f\u007f-\u00a0\u00ad\u061c\u0640\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2069\u3000\ufb50-\ufdff\ufe70-\ufefc\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// Horizontal whitespace runs, spaces at line ends and starts, and blank lines.
const WHITESPACE = /^[ \n]+|[ \n]+$|[ ]*\n[ \n]*| {2,}/g;

/** Whether a high surrogate at `at` starts a valid pair (a low surrogate follows it). */
function startsPair(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  const next = text.charCodeAt(at + 1);
  return c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

/** An Arabic letter or a haraka on one (what may stand on either side of a decorative tatweel). */
function isArabicLetter(c: number): boolean {
  return (c >= 0x0621 && c <= 0x065f && c !== 0x0640) || (c >= 0x066e && c <= 0x06d3) || c === 0x0670;
}

/** The character-repair stage. */
export function repairCharacters() {
  return (doc: Doc): void => {
    const text = doc.text;
    const edits: Edit[] = [];
    SUSPECT.lastIndex = 0;
    for (let m = SUSPECT.exec(text); m; m = SUSPECT.exec(text)) {
      const fix = repairCharacter(m[0]);
      if (!fix) continue;
      const start = m.index;
      let end = start + m[0].length;
      let count = 1;
      // A run of the same character is one repair (one message); a high surrogate that starts a valid pair is not
      // part of a run of lone ones.
      while (text.startsWith(m[0], end) && !startsPair(text, end)) {
        end += m[0].length;
        count++;
      }
      SUSPECT.lastIndex = end;
      // Tatweel is decoration only between two letters (إنــه); elsewhere it means something: بـ5.5, الـ 21,
      // 1436هـ, لـ«النصرة», or a dash between spaces. There it stays (the matching form drops it anyway).
      if (fix.rule === 'tatweel' && !(isArabicLetter(text.charCodeAt(start - 1)) && isArabicLetter(text.charCodeAt(end)))) continue;
      const insert = fix.rule === 'presentation-form' || fix.rule === 'invalid-char' ? fix.insert.repeat(count) : fix.insert;
      const times = count > 1 ? ` ×${count}` : '';
      const action = insert === '' ? 'removed' : fix.rule === 'whitespace' || fix.rule === 'line-break' ? 'made a plain space/line break' : 'replaced';
      const edit: Edit = { start, end, insert };
      // Plain space variants are reported once, with the whitespace summary, not one by one.
      if (fix.rule !== 'whitespace' && fix.rule !== 'line-break') edit.message = { rule: fix.rule, reason: `${fix.what}${times} ${action}` };
      edits.push(edit);
    }
    const spaces = edits.length - edits.filter((e) => e.message).length;
    editText(doc, edits);
    const after = doc.text;
    const ws: Edit[] = [];
    WHITESPACE.lastIndex = 0;
    for (let m = WHITESPACE.exec(after); m; m = WHITESPACE.exec(after)) {
      const s = m[0];
      const insert = m.index === 0 || m.index + s.length === after.length ? '' : s.includes('\n') ? '\n' : ' ';
      if (insert !== s) ws.push({ start: m.index, end: m.index + s.length, insert });
    }
    editText(doc, ws);
    if (spaces + ws.length > 0) {
      doc.messages.push({
        rule: 'whitespace',
        reason: `normalised whitespace: ${spaces} unusual space or line-break character run(s), ${ws.length} run(s) of spaces or blank lines collapsed or trimmed`,
      });
    }
  };
}
