/**
 * Stage: quotations and their speakers. Fills `doc.quotes` with the quoted passages delimited by
 * “…” «…» „…“ and "…", each with the speaker found from the speech verbs around it
 * (`model/quotes/speech-verbs.json`).
 *
 * Span convention: a quote's span is the text INSIDE the marks, whitespace-trimmed, marks excluded
 * (`وشدد البيان على “احترام القانون”` → `احترام القانون`). The speaker is a span of `doc.text` too.
 *
 * Marks in scraped news are often unbalanced, so the scanner works one line (paragraph) at a time and
 * never crosses a line break: an opening mark without its closer ends at the next opener of the same kind
 * or at the end of the line (a `quote-unclosed` message says so); a closer with no opener is ignored.
 * A quotation may run over several sentences and stays one quote.
 *
 * Not every quoted span is speech: `تنظيم “داعش”` and `صحيفة «الشرق الأوسط»` put marks around a name. A
 * quoted span is skipped when its words are all a known entity mention, or when it has at most
 * `maxNameWords` words and no speech cue (a speech verb, أن/إن/على after one, the verb's subject, or a
 * colon) right before it and no `، قال …` right after it.
 *
 * Speaker: the nearest speech verb before the quote in its sentence (or, when the quote opens its sentence,
 * a verb right after it — `“…”، قال الوزير` — else the previous sentence of the line), then that verb's
 * subject: the words right after it (VSO), taken as the entity mention there or a noun phrase of up to four
 * words that continues while words carry the article (`وزير الخارجية الدنماركي`), stopping at أن/إن, a
 * preposition, punctuation or a quote mark. A verb without a subject (`وتابع، “…”`) or a participle that
 * continues a report (`مؤكدا على “…”`) takes the previous speaker of the document. SVO (`الوزير قال`) is not
 * analysed: such a verb also takes the previous speaker.
 */
import type { Doc } from '../doc.js';
import type { Token } from '../text/tokenize.js';
import type { Quote, Range, Span } from '../types.js';
import { loadModelJson } from '../lexicon/load-model.js';
import { foldString } from '../text/fold.js';
import { countStartingBefore } from '../text/search-starts.js';

/** The speech-verb list as stored in `model/quotes/speech-verbs.json`. */
export interface SpeechVerbList {
  /** Every cue (single words or space-separated phrases), in the spelling newspapers use. */
  verbs: readonly string[];
  /** The cues (a subset of `verbs`) that continue the previous speaker and take no subject. */
  participles: readonly string[];
}

/** Options for `findQuotes`. */
export interface FindQuotesOptions {
  /** Speech verbs to use instead of the shipped `model/quotes/speech-verbs.json`. */
  verbs?: SpeechVerbList;
  /** A quoted span of at most this many words needs a speech cue to count as a quotation (default 3). */
  maxNameWords?: number;
}

/** A quoted passage as the scanner finds it, before it is judged speech or a scare-quoted name. */
interface RawQuote {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark, or -1 when the quote ran to the end of the line or the next opener. */
  close: number;
  /** Start of the trimmed inside. */
  start: number;
  /** End of the trimmed inside. */
  end: number;
}

/** A speech cue found in the text, with the speaker it resolves to. */
interface Cue {
  /** First token of the cue. */
  first: number;
  /** One past its last token. */
  last: number;
  /** Its explicit subject (the words after it), if any. */
  subject: Span | null;
  /** Who it attributes speech to: the subject, else the previous cue's speaker. */
  speaker: Span | null;
}

// Closing marks each opener accepts. „ closes with “ (German style) or ” (seen in Arabic copy).
const CLOSERS: Record<string, string> = { '“': '”', '«': '»', '„': '“”', '"': '"' };
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/gu;
const SPACE = /\s/u;

// Folded words that sit between a speech verb and its quotation (أن، إنه، بأن، على) — a quote after them
// is speech; they also end a subject noun phrase.
const CONNECTORS = new Set(['ان', 'انه', 'انها', 'بان', 'بانه', 'بانها', 'علي', 'عن', 'بالقول']);
// Words that end a subject noun phrase: connectors, prepositions, particles.
const STOP_WORDS = new Set([
  ...CONNECTORS, 'في', 'الي', 'من', 'مع', 'حول', 'خلال', 'ل', 'ان', 'لا', 'لم', 'لن', 'قد', 'ما', 'الذي', 'التي',
  'الذين', 'ذلك', 'هذا', 'هذه', 'كما', 'حيث', 'بعد', 'قبل', 'امام', 'عبر', 'لدي', 'اي', 'كل', 'انما',
]);
// Time adverbs that may stand between the verb and its subject (قال أمس الوزير).
const TIME_WORDS = new Set(['امس', 'اليوم', 'الليله', 'ايضا', 'كذلك', 'مجددا', 'الاحد', 'الاثنين', 'الثلاثاء', 'الاربعاء', 'الخميس', 'الجمعه', 'السبت']);
const MAX_SUBJECT_WORDS = 4;
// How many words back from a connector a verb may be: `وصف الوزير القرار بأنه “…”`.
const CUE_WINDOW = 4;

/** Create the quotes stage. */
export function findQuotes(options: FindQuotesOptions = {}): (doc: Doc) => void {
  const list = options.verbs ?? loadModelJson<SpeechVerbList>('quotes/speech-verbs.json');
  const maxNameWords = options.maxNameWords ?? 3;
  const verbs = list.verbs.map((v) => v.split(/\s+/u).map(foldString));
  const participles = new Set(list.participles.map((v) => v.split(/\s+/u).map(foldString).join(' ')));
  const firstWords = new Set(verbs.map((v) => v[0]!));

  return (doc: Doc): void => {
    const text = doc.text;
    const tokens = doc.tokens;
    // Entities are the linked mentions (same spans); sorted by start for binary search.
    const names: Range[] = (doc.entities.length > 0 ? doc.entities : doc.mentions).map((m) => ({ start: m.start, end: m.end })).sort((a, b) => a.start - b.start);

    // 1. Quoted passages, line by line.
    const raws: RawQuote[] = [];
    const lines: Range[] = [];
    let from = 0;
    for (const m of text.matchAll(LINE_BREAK)) {
      lines.push({ start: from, end: m.index });
      from = m.index + m[0].length;
    }
    lines.push({ start: from, end: text.length });
    for (const line of lines) scanLine(text, line, raws);
    for (const r of raws) {
      if (r.close === -1) doc.messages.push({ rule: 'quote-unclosed', reason: `opening quotation mark ${text[r.open]} has no closing mark on its line; the quotation is taken to end at ${r.end === lineOf(lines, r.open).end ? 'the end of the line' : 'the next opening mark'}`, start: r.open, end: r.open + 1 });
    }

    // 2. Speech cues outside quotes, in text order, each resolved to a speaker.
    const cues: Cue[] = [];
    const cueAt = new Map<number, Cue>();
    let previous: Span | null = null;
    let q = 0; // raws are in text order: walk them alongside the tokens
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      while (q < raws.length && quoteEnd(raws[q]!) <= t.start) q++;
      if (t.kind !== 'word' || (q < raws.length && raws[q]!.open <= t.start)) continue;
      const len = matchVerb(tokens, i, verbs, firstWords, text);
      if (len === 0) continue;
      const key = tokens.slice(i + 1, i + len).map((w) => ` ${w.norm}`).join('');
      const continues = participles.has(t.norm + key) || participles.has(bare(t.norm) + key);
      const subject = continues ? null : subjectAfter(text, tokens, i + len, names, lines);
      const speaker: Span | null = subject ?? previous;
      const cue: Cue = { first: i, last: i + len, subject, speaker };
      cues.push(cue);
      cueAt.set(i, cue);
      previous = speaker;
      i += len - 1;
    }

    // 3. Judge each passage and attribute it.
    const quotes: Quote[] = [];
    for (const r of raws) {
      const words = wordTokens(tokens, r.start, r.end);
      if (words.length === 0) continue;
      if (coveredByNames(words, names)) continue;
      const before = cueBefore(text, tokens, r, cues, lines);
      const after = cueAfter(text, tokens, r, cueAt);
      if (words.length <= maxNameWords && !before.direct && !after) continue;
      const line = lineOf(lines, r.open);
      const si = lastStartingAtOrBefore(doc.sentences, r.open);
      const sentence = si >= 0 && r.open < doc.sentences[si]!.end ? doc.sentences[si]! : line;
      const regionStart = Math.max(sentence.start, line.start);
      let cue = lastCueIn(tokens, cues, regionStart, r.open);
      const opensSentence = !hasWordBetween(tokens, regionStart, r.open);
      if (!cue && after) cue = after;
      if (!cue && opensSentence) {
        let pi = lastStartingAtOrBefore(doc.sentences, regionStart);
        while (pi >= 0 && doc.sentences[pi]!.end > regionStart) pi--;
        const prev = pi >= 0 && doc.sentences[pi]!.start >= line.start ? doc.sentences[pi] : undefined;
        if (prev) cue = lastCueIn(tokens, cues, prev.start, prev.end);
      }
      quotes.push({ start: r.start, end: r.end, text: text.slice(r.start, r.end), speaker: cue?.speaker ?? null });
    }
    doc.quotes = quotes;
  };
}

/**
 * Find the quoted passages of one line. Example: `قال “أ «ب» ج” ثم “د` → `أ «ب» ج` (closed) and `د` (open to
 * the line's end). Inside an open quote only its closer or a new opener of the same kind matter.
 */
function scanLine(text: string, line: Range, out: RawQuote[]): void {
  let open = -1;
  let kind = '';
  const push = (close: number, end: number): void => {
    let s = open + 1;
    let e = end;
    while (s < e && SPACE.test(text[s]!)) s++;
    while (e > s && SPACE.test(text[e - 1]!)) e--;
    if (e > s) out.push({ open, close, start: s, end: e });
  };
  for (let i = line.start; i < line.end; i++) {
    const code = text.charCodeAt(i);
    // Only quote marks matter: skip everything else without a property lookup.
    if (code !== 0x22 && code !== 0x201c && code !== 0x201d && code !== 0xab && code !== 0xbb && code !== 0x201e) continue;
    const c = text[i]!;
    if (open !== -1) {
      if (CLOSERS[kind]!.includes(c)) {
        push(i, i);
        open = -1;
      } else if (c === kind) {
        // A second opener of the same kind before any closer: the first quote was never closed.
        push(-1, i);
        open = i;
      }
    } else if (c in CLOSERS) {
      open = i;
      kind = c;
    }
  }
  if (open !== -1) push(-1, line.end);
}

/** One past the passage's closing mark, or its end when unclosed. */
function quoteEnd(r: RawQuote): number {
  return r.close === -1 ? r.end : r.close + 1;
}

/** The line that holds `pos`. */
function lineOf(lines: readonly Range[], pos: number): Range {
  const i = lastStartingAtOrBefore(lines, pos);
  return i >= 0 && pos <= lines[i]!.end ? lines[i]! : lines[lines.length - 1]!;
}

/** Index of the last range (sorted by start) that starts at or before `pos`, or -1. */
function lastStartingAtOrBefore(ranges: readonly Range[], pos: number): number {
  return countStartingBefore(ranges, pos, true) - 1;
}

/** The name (sorted, non-overlapping ranges) that overlaps `[start, end)`, if any. */
function nameOver(names: readonly Range[], start: number, end: number): Range | undefined {
  const i = lastStartingAtOrBefore(names, end - 1);
  for (let k = i; k >= 0 && k >= i - 1; k--) {
    const m = names[k]!;
    if (m.start < end && m.end > start) return m;
  }
  return undefined;
}

/** Folded form of a word without a leading conjunction و/ف (but وصف stays وصف: the caller tries both). */
function bare(norm: string): string {
  return norm.length > 2 && (norm[0] === 'و' || norm[0] === 'ف') ? norm.slice(1) : norm;
}

/** How many tokens the speech cue starting at token `i` spans (0: none). */
function matchVerb(tokens: readonly Token[], i: number, verbs: readonly string[][], firstWords: ReadonlySet<string>, text: string): number {
  const t = tokens[i]!;
  const forms = [t.norm, bare(t.norm)];
  if (!forms.some((f) => firstWords.has(f))) return 0;
  let best = 0;
  for (const v of verbs) {
    if (!forms.includes(v[0]!) || v.length <= best) continue;
    let ok = true;
    for (let k = 1; k < v.length && ok; k++) {
      const n = tokens[i + k];
      // Words of a multi-word cue are adjacent on one line.
      ok = n !== undefined && n.norm === v[k] && !/[\n\r]/u.test(text.slice(tokens[i + k - 1]!.end, n.start));
    }
    if (ok) best = v.length;
  }
  return best;
}

/**
 * The explicit subject after a speech verb, VSO: the entity mention or noun phrase starting at token `j`.
 * Example: `وأوضح البيان، أن` → `البيان`; `قال وزير الخارجية الدنماركي جيب كوفود إن` → the five words.
 */
function subjectAfter(text: string, tokens: readonly Token[], j: number, names: readonly Range[], lines: readonly Range[]): Span | null {
  let k = j;
  while (k < tokens.length && tokens[k]!.kind === 'word' && TIME_WORDS.has(tokens[k]!.norm)) k++;
  const first = tokens[k];
  if (!first || first.kind !== 'word' || STOP_WORDS.has(first.norm)) return null;
  const line = lineOf(lines, first.start);
  const nameAt = (t: Token): Range | undefined => nameOver(names, t.start, t.end);
  let end = first.end;
  let count = 1;
  let name = nameAt(first);
  if (name) end = Math.max(end, name.end);
  for (let n = k + 1; n < tokens.length; n++) {
    const t = tokens[n]!;
    if (t.start >= line.end || t.kind !== 'word') break;
    if (t.start < end) continue; // still inside a mention taken whole
    if (STOP_WORDS.has(t.norm)) break;
    const inName = nameAt(t);
    if (!(inName || (t.norm.startsWith('ال') && count < MAX_SUBJECT_WORDS))) break;
    // A gap wider than one space (a dash, a comma) ends the phrase.
    if (!/^\s+$/u.test(text.slice(end, t.start))) break;
    end = inName ? Math.max(t.end, inName.end) : t.end;
    name = inName;
    count++;
  }
  return { start: first.start, end, text: text.slice(first.start, end) };
}

/** Whether a word or number token lies inside `[start, end)` (walks back from `end`: cheap on long lines). */
function hasWordBetween(tokens: readonly Token[], start: number, end: number): boolean {
  for (let i = tokenIndexBefore(tokens, end); i >= 0 && tokens[i]!.start >= start; i--) if (tokens[i]!.kind !== 'punct') return tokens[i]!.end <= end;
  return false;
}

/** The word and number tokens inside `[start, end)`. */
function wordTokens(tokens: readonly Token[], start: number, end: number): Token[] {
  const out: Token[] = [];
  for (let i = tokenIndexBefore(tokens, start) + 1; i < tokens.length && tokens[i]!.start < end; i++) {
    const t = tokens[i]!;
    if (t.end <= end && t.kind !== 'punct') out.push(t);
  }
  return out;
}

/** True when every word of the passage lies inside a known entity mention (`“داعش”`). */
function coveredByNames(words: readonly Token[], names: readonly Range[]): boolean {
  // A mention may start after a clitic of its first word (للتحالف → لتحالف), hence the small slack.
  return words.every((w) => {
    const m = nameOver(names, w.start, w.end);
    return m !== undefined && m.start <= w.start + 2 && m.end >= w.end;
  });
}

/** The last cue whose tokens lie in `[from, to)`. */
function lastCueIn(tokens: readonly Token[], cues: readonly Cue[], from: number, to: number): Cue | undefined {
  // Cues are in text order: start from the last one that starts before `to` and walk back (a long sentence full of
  // quotations must not make each quotation scan all the cues before it).
  for (let k = firstCueFrom(tokens, cues, to) - 1; k >= 0; k--) {
    const c = cues[k]!;
    if (tokens[c.first]!.start < from) break;
    if (tokens[c.last - 1]!.end <= to) return c;
  }
  return undefined;
}

/**
 * Whether speech is introduced right before the passage: a colon, the verb itself, the verb's subject, or a
 * connector (أن، إنه، على) with a verb a few words back. `قال الوزير: “لا”`, `وأكد أن “الأمر محسوم”`.
 */
function cueBefore(text: string, tokens: readonly Token[], r: RawQuote, cues: readonly Cue[], lines: readonly Range[]): { direct: boolean } {
  const line = lineOf(lines, r.open);
  // Tokens before the opener on its line, skipping commas.
  const prev: Token[] = [];
  for (let i = tokenIndexBefore(tokens, r.open); i >= 0 && prev.length < CUE_WINDOW + 1; i--) {
    const t = tokens[i]!;
    if (t.start < line.start) break;
    if (t.kind === 'punct') {
      if (t.norm === ':' || t.norm === '：') {
        if (prev.length === 0) return { direct: true };
        break;
      }
      if (t.norm === '،' || t.norm === ',') continue;
      break;
    }
    prev.push(t);
  }
  const last = prev[0];
  if (!last) return { direct: false };
  // Only cues starting within the window can matter; the subject may run a few words past it.
  const from = prev[prev.length - 1]!.start;
  for (let k = firstCueFrom(tokens, cues, from); k < cues.length; k++) {
    const c = cues[k]!;
    if (tokens[c.first]!.start < from) continue;
    if (tokens[c.first]!.start >= r.open) break;
    if (tokens[c.last - 1]!.end === last.end) return { direct: true };
    if (c.subject && c.subject.end === last.end) return { direct: true };
    if ((CONNECTORS.has(last.norm) || CONNECTORS.has(bare(last.norm))) && tokens[c.last - 1]!.end <= last.start) return { direct: true };
  }
  return { direct: false };
}

/** A speech cue right after the passage's closing mark: `“…”، قال الوزير`, `“…”، بحسب البيان`. */
function cueAfter(text: string, tokens: readonly Token[], r: RawQuote, cueAt: ReadonlyMap<number, Cue>): Cue | undefined {
  if (r.close === -1) return undefined;
  let i = tokenIndexBefore(tokens, r.close + 1) + 1;
  let words = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (/[\n\r]/u.test(text.slice(r.close, t.start))) return undefined;
    if (t.kind === 'punct') {
      if (t.norm === '،' || t.norm === ',' || t.norm === '-' || t.norm === '–') continue;
      return undefined;
    }
    const cue = cueAt.get(i);
    if (cue) return cue;
    // One word may precede the verb: `“…”، حسبما قال الوزير`, `“…”، وفق ما قال`.
    if (++words > 1) return undefined;
  }
  return undefined;
}

/** Index of the first cue (in text order) whose first token starts at or after `pos`. */
function firstCueFrom(tokens: readonly Token[], cues: readonly Cue[], pos: number): number {
  let lo = 0;
  let hi = cues.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[cues[mid]!.first]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last token that starts before `pos` (-1 if none). */
function tokenIndexBefore(tokens: readonly Token[], pos: number): number {
  return countStartingBefore(tokens, pos) - 1;
}
