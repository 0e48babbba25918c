/**
 * Stage: read the header scrapers leave at the top of an article — a headline glued to its outlet
 * (`TITLE : OUTLET – متابعة: body`), a dateline (`بغداد - الصباح الجديد:`, `بيروت (رويترز) -`,
 * `دبي، الإمارات العربية المتحدة (CNN)--`, `سبق – أبها:`, `الرياض 25 شوال 1436 هـ … واس`) — and make the
 * title the first line of `text`. Which of two names is the place and which the credit is decided by the
 * credits list only; telling a reporter's name from a place needs the gazetteer (a later stage).
 */
import type { Doc } from '../doc.js';
import type { Span } from '../types.js';
import { loadModelJson } from '../lexicon/load-model.js';
import { editText } from './edit-text.js';
import { foldString } from './fold.js';

/** Options for {@link splitHeader}. */
export interface SplitHeaderOptions {
  /** Names that are credits (agencies, outlets) rather than places; default `model/news-credits.json`. */
  credits?: string[];
  /**
   * Whether a name is a known place (the gazetteer). Given, it decides which half of "A - B" is the place, and
   * a byline with no place in it ("سلوى سعد – متابعات") gets no place; without it, only the credits list decides.
   */
  isPlace?: (name: string) => boolean;
}

const WORD = String.raw`[\p{L}\p{M}][\p{L}\p{M}.]*`;
// A dash, or a tatweel standing alone between spaces as one (`ناصر الطميحي ـ جدة`).
const DASH = String.raw`(?:-{1,2}|[–—]|(?<= )ـ(?= ))`;
// `TITLE : OUTLET – متابعة:` on the first line; the marker is optional but the closing colon is not.
const GLUED = new RegExp(
  String.raw`^(.{8,300}?)\s+[:：]\s+(${WORD}(?:[ .]${WORD}){0,4})\s*${DASH}\s*((?:متابعة|خاص|وكالات|تقرير|ترجمة|المحرر)[^:\n]{0,20}?)?\s*:\s*(?=\S)`,
  'u',
);
// `PLACE[، COUNTRY] (CREDIT) -` and `(CREDIT) -`.
const PAREN = new RegExp(String.raw`^(?:(${WORD}(?:[ ،,]+${WORD}){0,4})\s*)?\(([^()\n]{2,40})\)\s*(?:${DASH}|:)\s*`, 'u');
// `A - B:` (place and credit in either order) and `A - B` alone on its line.
const PAIR = new RegExp(String.raw`^(${WORD}(?: ${WORD}){0,2}) ?${DASH} ?(${WORD}(?: ${WORD}){0,3}) ?(?::\s*|(?=\n|$))`, 'u');
// `PLACE - body…`: one or two words, then a spaced dash.
const PLACE_DASH = new RegExp(String.raw`^(${WORD}(?: ${WORD})?)\s+${DASH}\s+(?=\S)`, 'u');
// A dated dateline line, as the Saudi Press Agency writes it: `الرياض 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس`.
const DATED = new RegExp(String.raw`^(${WORD}(?: ${WORD})?) ([0-9٠-٩][^
]{4,90}?) (${WORD}(?: ${WORD})?)(?=
|$)`, 'u');
const TERMINAL = /[.!?؟؛:…]["'”»)\]]*$/u;

/** The header stage. */
export function splitHeader(options: SplitHeaderOptions = {}) {
  const credits = new Set((options.credits ?? loadModelJson<{ credits: string[] }>('news-credits.json').credits).map(foldString));
  const isCredit = (s: string): boolean => credits.has(foldString(s));
  return (doc: Doc): void => {
    const firstLineOf = (text: string): string => {
      const nl = text.indexOf('\n');
      return nl === -1 ? text : text.slice(0, nl);
    };
    if (doc.title !== null) {
      // A title given with the input was made the first line when the text was assembled; keep its cleaned form.
      doc.title = firstLineOf(doc.text);
    } else {
      const glued = GLUED.exec(firstLineOf(doc.text).slice(0, 500));
      if (glued && (glued[3] || isCredit(glued[2]!))) {
        const cut = glued[1]!.length;
        const removed = doc.text.slice(cut, glued[0].length).trim();
        editText(doc, [{ start: cut, end: glued[0].length, insert: '\n', message: { rule: 'header', reason: `headline split from the body; outlet and marker "${removed}" removed from the text` } }]);
        doc.title = firstLineOf(doc.text);
        doc.source ??= glued[2]!.trim();
      } else {
        // No title given: a short first line without closing punctuation, above more text, is the headline.
        const line = firstLineOf(doc.text);
        if (line.length < doc.text.length && line.length > 0) {
          const words = line.split(' ').length;
          if (words <= 30 && !TERMINAL.test(line) && !PAIR.test(line) && !PAREN.test(line)) doc.title = line;
        }
      }
    }
    findDateline(doc, isCredit, options.isPlace);
  };
}

/** Find a dateline at the start of the body (the first line after the title) and record it on the doc. */
function findDateline(doc: Doc, isCredit: (s: string) => boolean, isPlace?: (s: string) => boolean): void {
  const text = doc.text;
  let bodyStart = 0;
  if (doc.title !== null) {
    const nl = text.indexOf('\n');
    if (nl === -1) return;
    bodyStart = nl + 1;
  }
  const head = text.slice(bodyStart, bodyStart + 160);
  const span = (s: string | undefined, from: number): Span | null => {
    if (!s) return null;
    const t = s.trim();
    const at = text.indexOf(t, bodyStart + from);
    return at === -1 ? null : { start: at, end: at + t.length, text: t };
  };
  let m = PAREN.exec(head);
  if (m) {
    const place = span(m[1], 0);
    const credit = span(m[2], m[1] ? m[1].length : 0);
    doc.dateline = { start: bodyStart, end: bodyStart + m[0].trimEnd().length, text: m[0].trimEnd(), place, credit };
    return;
  }
  m = PAIR.exec(head);
  if (m && (m[0].trimEnd().endsWith(':') || bodyStart + m[0].length === text.length || text[bodyStart + m[0].length] === '\n')) {
    // Either order occurs (`بغداد - الصباح الجديد:`, `سبق – أبها:`, `ناصر الطميحي ـ جدة`): the gazetteer decides
    // when it knows one of them, else a known credit; a pair with no place in it is a byline.
    const a = span(m[1], 0);
    const b = span(m[2], m[1]!.length);
    const line = { start: bodyStart, end: bodyStart + m[0].trimEnd().length, text: m[0].trimEnd() };
    if (isPlace) {
      const pa = isPlace(m[1]!) && !isCredit(m[1]!);
      const pb = isPlace(m[2]!) && !isCredit(m[2]!);
      if (pa || pb) doc.dateline = { ...line, place: pa ? a : b, credit: pa ? b : a };
      else doc.dateline = { ...line, place: null, credit: isCredit(m[2]!) && !isCredit(m[1]!) ? b : a };
      return;
    }
    const swap = isCredit(m[1]!) && !isCredit(m[2]!);
    doc.dateline = { ...line, place: swap ? b : a, credit: swap ? a : b };
    return;
  }
  m = DATED.exec(head);
  // No credit check on the first words: outlets named after cities (الرياض, المدينة) lead dated lines as places.
  if (m) {
    // The lazy date part leaves up to two words for the credit: `فرانس برس`, or `م واس` where only `واس` is.
    const two = m[3]!;
    const one = two.slice(two.lastIndexOf(' ') + 1);
    const credit = isCredit(two) ? two : isCredit(one) ? one : null;
    if (credit) {
      const line = m[0];
      doc.dateline = {
        start: bodyStart,
        end: bodyStart + line.length,
        text: line,
        place: span(m[1], 0),
        credit: { start: bodyStart + line.length - credit.length, end: bodyStart + line.length, text: credit },
      };
      return;
    }
  }
  m = PLACE_DASH.exec(head);
  if (m && !isCredit(m[1]!) && (!isPlace || isPlace(m[1]!))) {
    const place = span(m[1], 0);
    doc.dateline = { start: bodyStart, end: bodyStart + m[0].trimEnd().length, text: m[0].trimEnd(), place, credit: null };
  }
}
