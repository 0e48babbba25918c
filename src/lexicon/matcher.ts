/**
 * Longest match of knowledge-base names over a document's tokens. Works on the folded forms, and the first
 * token of a name may carry proclitics (و ف, then ب ل ك: `لداعش`, `وبغداد`, `بالعراق`, `للعراق` = ل + العراق),
 * which stay outside the match's span. A name never crosses a line break or punctuation.
 */
import type { Token } from '../text/tokenize.js';
import type { KnowledgeBase } from './kb.js';
import { PLACE_PREFIXES } from './variants.js';

/** A run of tokens that names knowledge-base entries. */
export interface LexiconMatch {
  /** Start in `text` (after any proclitic). */
  start: number;
  /** End in `text`. */
  end: number;
  /** First token of the match. */
  first: number;
  /** One past the last token. */
  last: number;
  /** Entry numbers in the knowledge base (more than one: homonyms, resolved by the linker). */
  entries: readonly number[];
  /** The folded key that matched. */
  key: string;
  /** A match made only of frequent ordinary words (see KnowledgeBase.common): weak evidence. */
  common: boolean;
}

const WAW = 0x648;
const FA = 0x641;
const BA = 0x628;
const LAM = 0x644;
const KAF = 0x643;

/** Folded first-token candidates with the number of folded proclitic letters in front of each. */
function firstForms(norm: string, out: Array<[string, number]>): void {
  out.length = 0;
  out.push([norm, 0]);
  let cut = 0;
  const c0 = norm.charCodeAt(0);
  if (c0 === WAW || c0 === FA) {
    if (norm.length > 3) out.push([norm.slice(1), 1]);
    cut = 1;
  }
  const c = norm.charCodeAt(cut);
  if ((c === BA || c === LAM || c === KAF) && norm.length - cut > 3) {
    const rest = norm.slice(cut + 1);
    out.push([rest, cut + 1]);
    // ل + ال writes one alef-less لل: للعراق → ل + (ا)لعراق; the span starts at the article's ل
    if (c === LAM && rest.charCodeAt(0) === LAM) out.push(['ا' + rest, cut + 1]);
  }
}

/** Position in `word` (original text) after `folded` folded letters, skipping what folding drops. */
function textOffset(word: string, foldedCount: number, norm: string): number {
  if (word.length === norm.length) return foldedCount;
  // Folding only drops code units (tashkeel, tatweel), never adds: walk until enough kept letters were seen.
  let kept = 0;
  let i = 0;
  while (i < word.length && kept < foldedCount) {
    const c = word.charCodeAt(i);
    if (!((c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640 || (c >= 0x06d6 && c <= 0x06ed))) kept++;
    i++;
  }
  // Marks right after the proclitic belong to it.
  while (i < word.length) {
    const c = word.charCodeAt(i);
    if (!((c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640)) break;
    i++;
  }
  return i;
}

/**
 * "مدينة بغداد", "بمحافظة نينوى": an administrative word right before a settlement or province match joins
 * it (only settlements: "منطقة الخليج" or "مدينة أوروبا" are not names of that kind).
 */
function withPlacePrefix(kb: KnowledgeBase, text: string, tokens: readonly Token[], m: LexiconMatch, before: readonly LexiconMatch[]): void {
  const p = m.first - 1;
  if (p < 0 || tokens[p]!.kind !== 'word' || (before.length > 0 && before[before.length - 1]!.last > p)) return;
  if (text.slice(tokens[p]!.end, tokens[m.first]!.start) !== ' ') return;
  if (!m.entries.some((e) => kb.entries[e]!.feature === 'city' || kb.entries[e]!.feature === 'adm1')) return;
  const forms: Array<[string, number]> = [];
  firstForms(tokens[p]!.norm, forms);
  const hit = forms.find(([form]) => PLACE_PREFIXES.has(form));
  if (!hit) return;
  const word = text.slice(tokens[p]!.start, tokens[p]!.end);
  m.start = tokens[p]!.start + textOffset(word, hit[1], tokens[p]!.norm);
  m.first = p;
  m.key = `${hit[0]} ${m.key}`;
  m.common = false;
}

/** Every word of the key is a frequent ordinary word ("بيان", "من اجل"). */
function isCommon(kb: KnowledgeBase, key: string): boolean {
  if (kb.common.size === 0) return false;
  for (const word of key.split(' ')) if (!kb.common.has(word)) return false;
  return true;
}

/** Find the longest knowledge-base names in `tokens` of `text`, left to right, without overlaps. */
export function matchLexicon(kb: KnowledgeBase, text: string, tokens: readonly Token[]): LexiconMatch[] {
  const matches: LexiconMatch[] = [];
  const forms: Array<[string, number]> = [];
  const n = tokens.length;
  for (let i = 0; i < n; ) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      i++;
      continue;
    }
    firstForms(t.norm, forms);
    let best: LexiconMatch | null = null;
    for (const [form, cut] of forms) {
      const most = kb.firstToken.get(form);
      if (most === undefined) continue;
      // Extend over following word tokens on the same line, then try the longest key first.
      let reach = i + 1;
      while (reach < n && reach - i < most && tokens[reach]!.kind !== 'punct' && !text.slice(tokens[reach - 1]!.end, tokens[reach]!.start).includes('\n')) reach++;
      for (let last = reach; last > i; last--) {
        if (best && last - i <= best.last - best.first) break;
        let key = form;
        for (let k = i + 1; k < last; k++) key += ' ' + tokens[k]!.norm;
        const entries = kb.byKey.get(key);
        if (!entries) continue;
        const word = text.slice(t.start, t.end);
        best = { start: t.start + textOffset(word, cut, t.norm), end: tokens[last - 1]!.end, first: i, last, entries, key, common: isCommon(kb, key) };
        break;
      }
    }
    if (best) {
      withPlacePrefix(kb, text, tokens, best, matches);
      matches.push(best);
      i = best.last;
    } else i++;
  }
  return matches;
}
