/**
 * Score the event coder against the hand-annotated events dev set (test/eval/events-dev; the gold format and the
 * agreement rule are in test/eval/README.md). Gold is annotators a, c and d (gold/<annotator>-<first>-<last>.jsonl);
 * b, the second annotation of articles 0–19, gives the inter-annotator agreement (b scored against a) that the
 * coder's figures can be read against. Files may be missing or partial while annotation is in progress: whatever
 * exists is used, and the report says which articles have gold. A gold record that cannot be read (bad JSON,
 * unknown type, a sentence index outside the article…) is reported with its file and line and skipped.
 *
 *   node --import tsx scripts/eval-events.ts [--json] [--errors] [--article N] [--fit FILE] [--gold-dir DIR]
 *
 * Measures, per article and summed:
 * - events: a predicted event matches a gold one with the same `sentence` and type, one-to-one, greedily
 *   (among candidates, first those whose trigger text overlaps, then the first in order); P/R/F1 overall, per
 *   type, and "detection" (same sentence, any type).
 * - attributes over the matched pairs: actor and recipient country sets, location country (a predicted region
 *   without a country matches when its `countries` hold the gold one), date (exact; and lenient: the predicted
 *   value lies within the gold one, 2018-03-04 in 2018-03; only pairs with a gold date), modality (negated >
 *   hypothetical > future > asserted: P/R/F1 on the non-asserted labels, and accuracy) and `planned` of AGREE pairs.
 * - calibration: a predicted event's outcome is 1 when it matched a gold event of its type; expected calibration
 *   error (10 equal-width bins, weighted by count), Brier score, reliability table. `--fit FILE` fits a Platt (logistic)
 *   map on the even articles, writes it to FILE as
 *   {"version":1,"fitted_on":"…","points":[[raw,calibrated],…]} and reports the odd articles before and after it.
 *
 * --json prints one JSON object (P/R/F1 as fractions 0–1) instead of the report; --errors lists, per article,
 * the gold events the coder missed and the predicted ones the gold lacks; --article N scores one article.
 * For testing the scorer without the coder, `--predict-from LETTER` takes that annotator's records as the
 * prediction (confidence 1) on the articles it annotated, through the same code (`--predict-from b` repeats the
 * agreement figures; `--predict-from a` must score 100).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Country, PloverEvent, PloverType } from '../src/types.js';

/** The dev set's articles. */
export const ARTICLES = new URL('../test/eval/events-dev/articles.jsonl', import.meta.url);
/** Where the annotators write their files. */
export const GOLD_DIR = new URL('../test/eval/events-dev/gold/', import.meta.url);
/** Annotators whose records are the gold, in order of preference should two cover one article. */
export const GOLD_ANNOTATORS = ['a', 'c', 'd'] as const;
/** The second annotation, and the first one it is compared with, on articles 0–19. */
export const AGREEMENT = { second: 'b', first: 'a', articles: 20 } as const;

/** The 16 PLOVER v0.8 types, in the README's order. */
export const PLOVER_TYPES: readonly PloverType[] = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
];
const PLANNED_TYPES: ReadonlyArray<NonNullable<PloverEvent['planned']>> = ['CONSULT', 'SUPPORT', 'COOPERATE', 'AID'];

/** One line of articles.jsonl (the fields used here). */
export interface Article {
  /** Article number, 0–59. */
  n: number;
  /** Corpus document number. */
  docno: string;
  /** Publication date as the text layer read it. */
  published: string | null;
  /** The article's sentences as marsad's text layer split them; gold `sentence` indexes this. */
  sentences: string[];
  /** The corpus record: what the coder reads. */
  input: Record<string, unknown>;
}

/**
 * What the metrics read of an event: the PloverEvent fields a gold record also has. A PloverEvent is one as it
 * stands; a gold record is converted (location → event_loc, confidence 1).
 */
export interface EvalEvent {
  /** Index into the article's sentences. */
  sentence: number;
  /** PLOVER type. */
  event: PloverType;
  /** Trigger word(s). */
  trigger: { text: string };
  /** Actors (only their countries are scored). */
  actor: ReadonlyArray<{ country: Country | null }>;
  /** Recipients. */
  recipient: ReadonlyArray<{ country: Country | null }>;
  /** Place; a region may have no country but several `countries`. */
  event_loc: { country: Country | null; countries?: readonly Country[] } | null;
  /** TIMEX3 value. */
  date: string | null;
  /** Modality flags. */
  negated: boolean;
  future: boolean;
  hypothetical: boolean;
  /** For AGREE from a future cooperative action: the underlying type. */
  planned: PloverEvent['planned'];
  /** Confidence 0..1 (1 for gold records). */
  confidence: number;
}

/** A problem found in a gold file or in the coder's output. */
export interface Problem {
  /** File, relative to the working directory (or `coder`). */
  file: string;
  /** 1-based line; 0 for the whole file. */
  line: number;
  /** What is wrong. */
  reason: string;
  /** What was dropped because of it, if anything. */
  skipped: 'line' | 'event' | null;
}

/** One annotator's line for one article. */
export interface AnnotatorRecord {
  /** Annotator letter. */
  annotator: string;
  /** Article number. */
  n: number;
  /** File and line it came from. */
  file: string;
  line: number;
  /** Its valid events. */
  events: EvalEvent[];
}

/** Every annotator's records: annotator → article number → record. */
export type Annotations = Map<string, Map<number, AnnotatorRecord>>;

// ---------------------------------------------------------------------------------------------- reading

/** Read articles.jsonl. */
export function readArticles(path: URL | string): Article[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Article);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A path as the report shows it: relative to the working directory when inside it. */
const display = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
};
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** A gold `country` value: ISO3 / IGO string or null; anything else is reported and read as null. */
function readCountry(v: unknown, where: string, warn: (reason: string) => void): Country | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') {
    warn(`${where}: country ${show(v)} is not a string or null; read as null`);
    return null;
  }
  if (!/^[A-Z]{3}$/.test(v)) warn(`${where}: country "${v}" is not an ISO 3166 alpha-3 code or IGO`);
  return v;
}

/** A gold `actor` / `recipient` list. */
function readActors(v: unknown, field: string, warn: (reason: string) => void): Array<{ country: Country | null }> {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) {
    warn(`${field} is not a list; read as []`);
    return [];
  }
  return v.flatMap((a: unknown, i) => {
    if (!isObject(a)) {
      warn(`${field}[${i}] is not an object; ignored`);
      return [];
    }
    return [{ country: readCountry(a['country'], `${field}[${i}]`, warn) }];
  });
}

/** A gold flag: true or false (missing = false). */
function readFlag(rec: Record<string, unknown>, name: string, warn: (reason: string) => void): boolean {
  const v = rec[name];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') warn(`${name} ${show(v)} is not true/false; read as ${v === true}`);
  return v === true;
}

/**
 * One gold event record as an EvalEvent, or the reason it cannot be scored (not an object, unknown type, bad
 * sentence index). Lesser faults go to `warn` and the field is read leniently.
 */
export function readGoldEvent(v: unknown, article: Article, warn: (reason: string) => void): EvalEvent | string {
  if (!isObject(v)) return `not an object: ${show(v).slice(0, 60)}`;
  const type = v['event'];
  if (typeof type !== 'string' || !(PLOVER_TYPES as readonly string[]).includes(type)) return `unknown type ${show(type)}`;
  const sentence = v['sentence'];
  if (typeof sentence !== 'number' || !Number.isInteger(sentence) || sentence < 0 || sentence >= article.sentences.length) {
    return `sentence ${show(sentence)} is not an index of the article's ${article.sentences.length} sentences (0–${article.sentences.length - 1})`;
  }
  let trigger = v['trigger'];
  if (typeof trigger !== 'string') {
    warn(`trigger ${show(trigger)} is not a string`);
    trigger = '';
  } else if (trigger !== '' && !article.sentences[sentence]!.includes(trigger)) {
    warn(`trigger "${trigger}" is not in sentence ${sentence} (check the index)`);
  }
  const loc = v['location'];
  let eventLoc: EvalEvent['event_loc'] = null;
  if (isObject(loc)) eventLoc = { country: readCountry(loc['country'], 'location', warn) };
  else if (loc !== null && loc !== undefined) warn(`location ${show(loc)} is not an object or null; read as null`);
  let date = v['date'];
  if (date === '' || date === undefined) date = null;
  if (date !== null && typeof date !== 'string') {
    warn(`date ${show(date)} is not a string or null; read as null`);
    date = null;
  }
  let planned = v['planned'] ?? null;
  if (planned !== null && !(PLANNED_TYPES as readonly unknown[]).includes(planned)) {
    warn(`planned ${show(planned)} is not one of ${PLANNED_TYPES.join(', ')} or null; read as null`);
    planned = null;
  }
  if (planned !== null && type !== 'AGREE') warn(`planned ${show(planned)} on a ${type} (only AGREE has one)`);
  return {
    sentence,
    event: type as PloverType,
    trigger: { text: trigger as string },
    actor: readActors(v['actor'], 'actor', warn),
    recipient: readActors(v['recipient'], 'recipient', warn),
    event_loc: eventLoc,
    date: date as string | null,
    negated: readFlag(v, 'negated', warn),
    future: readFlag(v, 'future', warn),
    hypothetical: readFlag(v, 'hypothetical', warn),
    planned: planned as PloverEvent['planned'],
    confidence: 1,
  };
}

/** One line of a gold file, or null (reported) when it cannot be used. */
export function readGoldLine(text: string, file: string, line: number, articles: readonly Article[], problems: Problem[]): AnnotatorRecord | null {
  const problem = (reason: string, skipped: Problem['skipped']): void => void problems.push({ file, line, reason, skipped });
  const skipLine = (reason: string): null => (problem(reason, 'line'), null);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return skipLine(`not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(v)) return skipLine('not a JSON object');
  const n = v['n'];
  const article = typeof n === 'number' && Number.isInteger(n) ? articles[n] : undefined;
  if (article === undefined) return skipLine(`n ${show(n)} is not an article number (0–${articles.length - 1})`);
  if (v['docno'] !== undefined && v['docno'] !== article.docno) return skipLine(`docno ${show(v['docno'])} is not article ${article.n}'s (${article.docno})`);
  const fromName = basename(file).split('-')[0]!;
  let annotator = v['annotator'];
  if (typeof annotator !== 'string' || annotator === '') annotator = fromName;
  else if (annotator !== fromName) problem(`annotator "${annotator}" in a file named for "${fromName}"; read as "${annotator}"`, null);
  if (!Array.isArray(v['events'])) return skipLine(`events ${show(v['events']).slice(0, 60)} is not a list`);
  const events: EvalEvent[] = [];
  v['events'].forEach((raw: unknown, i) => {
    const ev = readGoldEvent(raw, article, (reason) => problem(`article ${article.n} event ${i}: ${reason}`, null));
    if (typeof ev === 'string') problem(`article ${article.n} event ${i}: ${ev}`, 'event');
    else events.push(ev);
  });
  return { annotator: annotator as string, n: article.n, file, line, events };
}

/** Every *.jsonl in `dir`, by annotator and article; a second line for the same annotator and article is reported and skipped. */
export function readAnnotations(dir: string, articles: readonly Article[]): { annotations: Annotations; files: string[]; problems: Problem[] } {
  const annotations: Annotations = new Map();
  const problems: Problem[] = [];
  if (!existsSync(dir)) return { annotations, files: [], problems };
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, f));
  for (const path of files) {
    const file = display(path);
    readFileSync(path, 'utf8').split('\n').forEach((text, i) => {
      if (text.trim() === '') return;
      const rec = readGoldLine(text, file, i + 1, articles, problems);
      if (!rec) return;
      let byArticle = annotations.get(rec.annotator);
      if (!byArticle) annotations.set(rec.annotator, (byArticle = new Map()));
      const seen = byArticle.get(rec.n);
      if (seen) problems.push({ file, line: i + 1, reason: `article ${rec.n} again for annotator ${rec.annotator} (first at ${seen.file}:${seen.line})`, skipped: 'line' });
      else byArticle.set(rec.n, rec);
    });
  }
  return { annotations, files, problems };
}

/** The gold: a, c, d merged (the first of them that has an article wins; overlaps are reported). */
export function goldRecords(annotations: Annotations, problems: Problem[]): Map<number, AnnotatorRecord> {
  const gold = new Map<number, AnnotatorRecord>();
  for (const who of GOLD_ANNOTATORS) {
    for (const [n, rec] of annotations.get(who) ?? []) {
      const first = gold.get(n);
      if (first) problems.push({ file: rec.file, line: rec.line, reason: `article ${n} is also annotated by ${first.annotator} (${first.file}); ${first.annotator}'s is the gold`, skipped: 'line' });
      else gold.set(n, rec);
    }
  }
  return gold;
}

// ---------------------------------------------------------------------------------------------- matching

const DIACRITICS = /[\u064B-\u065F\u0670\u0640]/gu;
const words = (s: string): string[] => s.normalize('NFC').replace(DIACRITICS, '').split(/[\s\p{P}]+/u).filter((w) => w.length >= 2);

/** Trigger texts overlap: a word of one contains a word of the other (clitics and ال aside: وأقر / أقر). */
export function triggersOverlap(a: string, b: string): boolean {
  const wb = words(b);
  return words(a).some((x) => wb.some((y) => x.includes(y) || y.includes(x)));
}

/** A one-to-one matching: pairs of [predicted index, gold index] and what is left on each side. */
export interface Matching {
  /** Matched pairs, in predicted order. */
  pairs: Array<[number, number]>;
  /** Predicted events with no gold partner. */
  unmatchedPred: number[];
  /** Gold events with no predicted partner. */
  unmatchedGold: number[];
}

/**
 * Greedy one-to-one matching on the same sentence (and the same type when `typed`): a first pass pairs each
 * predicted event, in order, with the first free candidate whose trigger overlaps its own; a second pass pairs
 * what is left with the first free candidate.
 */
export function matchEvents(pred: readonly EvalEvent[], gold: readonly EvalEvent[], typed = true): Matching {
  const partner = new Array<number>(pred.length).fill(-1);
  const taken = new Array<boolean>(gold.length).fill(false);
  const candidate = (p: EvalEvent, g: EvalEvent): boolean => p.sentence === g.sentence && (!typed || p.event === g.event);
  for (const needOverlap of [true, false]) {
    pred.forEach((p, i) => {
      if (partner[i] !== -1) return;
      const j = gold.findIndex((g, k) => !taken[k] && candidate(p, g) && (!needOverlap || triggersOverlap(p.trigger.text, g.trigger.text)));
      if (j === -1) return;
      partner[i] = j;
      taken[j] = true;
    });
  }
  const pairs: Array<[number, number]> = [];
  partner.forEach((j, i) => j !== -1 && pairs.push([i, j]));
  return {
    pairs,
    unmatchedPred: pred.flatMap((_, i) => (partner[i] === -1 ? [i] : [])),
    unmatchedGold: gold.flatMap((_, j) => (taken[j] ? [] : [j])),
  };
}

// ---------------------------------------------------------------------------------------------- measures

/** True positives, false positives, false negatives. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Counts with precision, recall and F1 (fractions 0–1; 0 when undefined). */
export interface PRF extends Counts {
  p: number;
  r: number;
  f1: number;
}

/** Correct out of total. */
export interface Accuracy {
  correct: number;
  total: number;
  /** correct / total, or null when there is nothing to count. */
  accuracy: number | null;
}

const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const add = (into: Counts, c: Counts): void => {
  into.tp += c.tp;
  into.fp += c.fp;
  into.fn += c.fn;
};

/** Precision, recall, F1 of counts. */
export function prf(c: Counts): PRF {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { ...c, p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

const accuracy = (correct: number, total: number): Accuracy => ({ correct, total, accuracy: total ? correct / total : null });

/** Set comparison of two country lists (nulls left out). */
export function countrySets(pred: ReadonlyArray<{ country: Country | null }>, gold: ReadonlyArray<{ country: Country | null }>): Counts {
  const ps = new Set(pred.flatMap((a) => (a.country ? [a.country] : [])));
  const gs = new Set(gold.flatMap((a) => (a.country ? [a.country] : [])));
  const tp = [...ps].filter((c) => gs.has(c)).length;
  return { tp, fp: ps.size - tp, fn: gs.size - tp };
}

/** The predicted location country; a region without one counts as the gold country when it spans it. */
export function predictedCountry(loc: EvalEvent['event_loc'], goldCountry: Country | null): Country | null {
  if (!loc) return null;
  if (loc.country) return loc.country;
  return goldCountry !== null && loc.countries?.includes(goldCountry) ? goldCountry : null;
}

/** Compare one predicted value with one gold value: tp when equal, fp when predicted and wrong, fn when gold and missed. */
export function compareValue(pred: string | null, gold: string | null, correct: boolean = pred !== null && pred === gold): Counts {
  if (correct) return { tp: 1, fp: 0, fn: 0 };
  return { tp: 0, fp: pred !== null ? 1 : 0, fn: gold !== null ? 1 : 0 };
}

const MS_DAY = 86_400_000;
const dayOf = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / MS_DAY;
const SEASON_MONTHS: Record<string, [number, number]> = { SP: [3, 5], SU: [6, 8], FA: [9, 11], WI: [12, 14] };

/**
 * The days a TIMEX3 date value covers, [first, last] (day numbers), and its granularity (0 year … 5 time of day);
 * null for values that are not calendar periods (PAST_REF, XXXX-…, durations). WI is December of its year to
 * February, as resolve-times writes it.
 */
export function timexPeriod(value: string): { first: number; last: number; rank: number } | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(value);
  if (m) {
    const day = dayOf(+m[1]!, +m[2]!, +m[3]!);
    return { first: day, last: day, rank: m[4] ? 5 : 4 };
  }
  if ((m = /^(\d{4})-W(\d{2})$/.exec(value))) {
    const y = +m[1]!;
    const jan4 = dayOf(y, 1, 4);
    const monday = jan4 - ((((jan4 + 3) % 7) + 7) % 7) + 7 * (+m[2]! - 1); // 1970-01-01 (day 0) was a Thursday
    return { first: monday, last: monday + 6, rank: 3 };
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(value))) return { first: dayOf(+m[1]!, +m[2]!, 1), last: dayOf(+m[1]!, +m[2]! + 1, 0), rank: 2 };
  if ((m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value))) {
    const [from, to] = SEASON_MONTHS[m[2]!]!;
    return { first: dayOf(+m[1]!, from, 1), last: dayOf(+m[1]!, to + 1, 0), rank: 1 };
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(value))) return { first: dayOf(+m[1]!, 3 * +m[2]! - 2, 1), last: dayOf(+m[1]!, 3 * +m[2]! + 1, 0), rank: 1 };
  if ((m = /^(\d{4})-H([12])$/.exec(value))) return { first: dayOf(+m[1]!, 6 * +m[2]! - 5, 1), last: dayOf(+m[1]!, 6 * +m[2]! + 1, 0), rank: 1 };
  if ((m = /^(\d{4})$/.exec(value))) return { first: dayOf(+m[1]!, 1, 1), last: dayOf(+m[1]!, 12, 31), rank: 0 };
  return null;
}

/** Lenient date match: equal, or the predicted value is a period within the gold one and no coarser (2018-03-04 in 2018-03). */
export function dateWithin(pred: string, gold: string): boolean {
  if (pred === gold) return true;
  const p = timexPeriod(pred);
  const g = timexPeriod(gold);
  return p !== null && g !== null && p.first >= g.first && p.last <= g.last && p.rank >= g.rank;
}

/** Modality labels. */
export type Modality = 'asserted' | 'negated' | 'hypothetical' | 'future';
const MODALITIES: readonly Modality[] = ['asserted', 'negated', 'hypothetical', 'future'];

/** The modality label of an event's flags: negated, else hypothetical, else future, else asserted. */
export function modality(e: EvalEvent): Modality {
  return e.negated ? 'negated' : e.hypothetical ? 'hypothetical' : e.future ? 'future' : 'asserted';
}

/** One article to score: the prediction and the gold for it. */
export interface ArticleCase {
  article: Article;
  pred: EvalEvent[];
  gold: EvalEvent[];
}

/** One scored article. */
export interface ArticleResult extends ArticleCase {
  /** Sentence + type matching. */
  typed: Matching;
}

/** Every figure of one evaluation (coder vs gold, or b vs a). */
export interface Evaluation {
  /** Articles scored. */
  articles: number[];
  /** Event counts. */
  predicted: number;
  gold: number;
  /** Sentence + type. */
  events: PRF;
  /** Sentence only. */
  detection: PRF;
  /** Sentence + type, per gold/predicted type. */
  perType: Record<PloverType, PRF>;
  /**
   * Sentence classification for ASSAULT and PROTEST (does the sentence report one, in any modality?), over every
   * sentence of the scored articles: the shape of a sentence-level gold standard, where sentences that talk about
   * violence without an event count as negatives.
   */
  sentences: { ASSAULT: PRF; PROTEST: PRF; realizedASSAULT: PRF };
  /** Attributes of the sentence + type matched pairs. */
  attributes: {
    pairs: number;
    actorCountry: PRF;
    recipientCountry: PRF;
    locationCountry: PRF;
    /** Pairs with a gold date. */
    datePairs: number;
    date: PRF;
    dateLenient: PRF;
    /** Non-asserted labels. */
    modality: PRF;
    modalityAccuracy: Accuracy;
    /** gold label → predicted label → pairs. */
    modalityConfusion: Record<Modality, Record<Modality, number>>;
    /** AGREE pairs. */
    plannedAccuracy: Accuracy;
  };
}

/** Score a set of articles. */
export function evaluate(cases: readonly ArticleCase[]): { evaluation: Evaluation; results: ArticleResult[] } {
  const events = zero();
  const detection = zero();
  const perType = new Map<PloverType, Counts>(PLOVER_TYPES.map((t) => [t, zero()]));
  const actor = zero();
  const recipient = zero();
  const location = zero();
  const date = zero();
  const dateLenient = zero();
  const mod = zero();
  const confusion = Object.fromEntries(MODALITIES.map((g) => [g, Object.fromEntries(MODALITIES.map((p) => [p, 0]))])) as Record<Modality, Record<Modality, number>>;
  let pairs = 0;
  let datePairs = 0;
  let modCorrect = 0;
  let agreePairs = 0;
  let plannedCorrect = 0;
  const results: ArticleResult[] = [];

  const sentenceCounts = { ASSAULT: zero(), PROTEST: zero(), realizedASSAULT: zero() };
  const realized = (e: EvalEvent): boolean => !e.negated && !e.future && !e.hypothetical;
  for (const c of cases) {
    for (let s = 0; s < c.article.sentences.length; s++) {
      for (const [key, type, only] of [['ASSAULT', 'ASSAULT', null], ['PROTEST', 'PROTEST', null], ['realizedASSAULT', 'ASSAULT', realized]] as const) {
        const test = (e: EvalEvent): boolean => e.sentence === s && e.event === type && (only === null || only(e));
        const p = c.pred.some(test);
        const g = c.gold.some(test);
        add(sentenceCounts[key], { tp: p && g ? 1 : 0, fp: p && !g ? 1 : 0, fn: g && !p ? 1 : 0 });
      }
    }
    const typed = matchEvents(c.pred, c.gold, true);
    results.push({ ...c, typed });
    const untyped = matchEvents(c.pred, c.gold, false);
    add(events, { tp: typed.pairs.length, fp: typed.unmatchedPred.length, fn: typed.unmatchedGold.length });
    add(detection, { tp: untyped.pairs.length, fp: untyped.unmatchedPred.length, fn: untyped.unmatchedGold.length });
    for (const e of c.pred) perType.get(e.event)!.fp++;
    for (const e of c.gold) perType.get(e.event)!.fn++;
    for (const [i, j] of typed.pairs) {
      const p = c.pred[i]!;
      const g = c.gold[j]!;
      const t = perType.get(g.event)!;
      t.tp++;
      t.fp--;
      t.fn--;
      pairs++;
      add(actor, countrySets(p.actor, g.actor));
      add(recipient, countrySets(p.recipient, g.recipient));
      const gc = g.event_loc?.country ?? null;
      add(location, compareValue(predictedCountry(p.event_loc, gc), gc));
      if (g.date !== null) {
        datePairs++;
        add(date, compareValue(p.date, g.date));
        add(dateLenient, compareValue(p.date, g.date, p.date !== null && dateWithin(p.date, g.date)));
      }
      const pm = modality(p);
      const gm = modality(g);
      confusion[gm][pm]++;
      if (pm === gm) modCorrect++;
      add(mod, compareValue(pm === 'asserted' ? null : pm, gm === 'asserted' ? null : gm));
      if (g.event === 'AGREE') {
        agreePairs++;
        if ((p.planned ?? null) === (g.planned ?? null)) plannedCorrect++;
      }
    }
  }
  return {
    evaluation: {
      articles: cases.map((c) => c.article.n),
      predicted: events.tp + events.fp,
      gold: events.tp + events.fn,
      events: prf(events),
      detection: prf(detection),
      perType: Object.fromEntries([...perType].map(([t, c]) => [t, prf(c)])) as Record<PloverType, PRF>,
      sentences: { ASSAULT: prf(sentenceCounts.ASSAULT), PROTEST: prf(sentenceCounts.PROTEST), realizedASSAULT: prf(sentenceCounts.realizedASSAULT) },
      attributes: {
        pairs,
        actorCountry: prf(actor),
        recipientCountry: prf(recipient),
        locationCountry: prf(location),
        datePairs,
        date: prf(date),
        dateLenient: prf(dateLenient),
        modality: prf(mod),
        modalityAccuracy: accuracy(modCorrect, pairs),
        modalityConfusion: confusion,
        plannedAccuracy: accuracy(plannedCorrect, agreePairs),
      },
    },
    results,
  };
}

// ---------------------------------------------------------------------------------------------- calibration

/** A predicted event's confidence and whether it matched a gold event of its type. */
export interface Outcome {
  /** Article number. */
  n: number;
  confidence: number;
  outcome: 0 | 1;
}

/** One reliability bin. */
export interface Bin {
  lo: number;
  hi: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

/** Calibration figures of a set of outcomes; ece and brier are null when there is none. */
export interface Calibration {
  count: number;
  ece: number | null;
  brier: number | null;
  /** Non-empty bins. */
  bins: Bin[];
}

/** The outcomes of every predicted event (confidence clamped to [0, 1]). */
export function outcomes(results: readonly ArticleResult[]): Outcome[] {
  return results.flatMap((r) => {
    const matched = new Set(r.typed.pairs.map(([i]) => i));
    return r.pred.map((e, i): Outcome => ({ n: r.article.n, confidence: Math.min(1, Math.max(0, Number.isFinite(e.confidence) ? e.confidence : 0)), outcome: matched.has(i) ? 1 : 0 }));
  });
}

/** ECE over 10 equal-width bins (weighted by count), Brier score and the reliability table. */
export function calibration(xs: readonly Outcome[], bins = 10): Calibration {
  if (!xs.length) return { count: 0, ece: null, brier: null, bins: [] };
  const acc = Array.from({ length: bins }, () => ({ count: 0, conf: 0, hits: 0 }));
  let brier = 0;
  for (const x of xs) {
    const b = acc[Math.min(bins - 1, Math.floor(x.confidence * bins))]!;
    b.count++;
    b.conf += x.confidence;
    b.hits += x.outcome;
    brier += (x.confidence - x.outcome) ** 2;
  }
  let ece = 0;
  const table: Bin[] = [];
  acc.forEach((b, k) => {
    if (!b.count) return;
    const bin = { lo: k / bins, hi: (k + 1) / bins, count: b.count, meanConfidence: b.conf / b.count, accuracy: b.hits / b.count };
    ece += (b.count / xs.length) * Math.abs(bin.meanConfidence - bin.accuracy);
    table.push(bin);
  });
  return { count: xs.length, ece, brier: brier / xs.length, bins: table };
}

/**
 * Isotonic regression of outcome on confidence by pool adjacent violators (equal confidences pooled first);
 * the map's points are each block's lowest and highest confidence with the block's mean outcome.
 */
export function fitIsotonic(xs: readonly Outcome[]): Array<[number, number]> {
  // Equal confidences first become one weighted point, so that a tie is never split between blocks.
  const ties: Array<{ lo: number; hi: number; sum: number; weight: number }> = [];
  for (const x of [...xs].sort((a, b) => a.confidence - b.confidence)) {
    const last = ties.at(-1);
    if (last && last.hi === x.confidence) {
      last.sum += x.outcome;
      last.weight++;
    } else ties.push({ lo: x.confidence, hi: x.confidence, sum: x.outcome, weight: 1 });
  }
  const blocks: typeof ties = [];
  for (const t of ties) {
    blocks.push({ ...t });
    // Pool while the last block's mean is not above the one before it (equal means pooled: fewer points).
    while (blocks.length > 1) {
      const b = blocks.at(-1)!;
      const a = blocks.at(-2)!;
      if (a.sum / a.weight < b.sum / b.weight) break;
      blocks.splice(-2, 2, { lo: a.lo, hi: b.hi, sum: a.sum + b.sum, weight: a.weight + b.weight });
    }
  }
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  return blocks.flatMap((b): Array<[number, number]> => {
    const y = round(b.sum / b.weight);
    return b.lo === b.hi ? [[round(b.lo), y]] : [[round(b.lo), y], [round(b.hi), y]];
  });
}

/**
 * Platt scaling: the logistic curve p = 1 / (1 + e^-(a·x + b)) fitted to the outcomes by Newton's method, returned
 * as a map sampled every 0.05 of raw confidence. Two parameters: it overfits a small dev set far less than isotonic
 * regression (which on this set made held-out calibration worse).
 */
export function fitPlatt(xs: readonly Outcome[]): Array<[number, number]> {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50 && xs.length > 0; iter++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (const { confidence: x, outcome: y } of xs) {
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const w = Math.max(p * (1 - p), 1e-9);
      ga += (p - y) * x;
      gb += p - y;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    }
    // A small ridge keeps the step finite when the outcomes do not vary.
    haa += 1e-6;
    hbb += 1e-6;
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  const round = (v: number): number => Math.round(v * 1e4) / 1e4;
  const points: Array<[number, number]> = [];
  for (let k = 0; k <= 20; k++) {
    const x = k / 20;
    points.push([round(x), round(1 / (1 + Math.exp(-(a * x + b))))]);
  }
  return points;
}

/** Apply a calibration map: piecewise-linear between its points, constant beyond them; no points = identity. */
export function applyMap(points: ReadonlyArray<readonly [number, number]>, x: number): number {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return x;
  if (x <= first[0]) return first[1];
  if (x >= last[0]) return last[1];
  for (let k = 1; k < points.length; k++) {
    const [x1, y1] = points[k]!;
    if (x > x1) continue;
    const [x0, y0] = points[k - 1]!;
    return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return last[1];
}

// ---------------------------------------------------------------------------------------------- predictions

/** A predicted event as the metrics read it; a coder event outside its article is reported and left out. */
function checkPredicted(events: readonly EvalEvent[], article: Article, problems: Problem[]): EvalEvent[] {
  return events.filter((e, i) => {
    const bad = !(PLOVER_TYPES as readonly string[]).includes(e.event)
      ? `unknown type ${show(e.event)}`
      : !Number.isInteger(e.sentence) || e.sentence < 0 || e.sentence >= article.sentences.length
        ? `sentence ${e.sentence} outside the article's ${article.sentences.length} sentences`
        : null;
    if (bad) problems.push({ file: 'coder', line: 0, reason: `article ${article.n} predicted event ${i}: ${bad}`, skipped: 'event' });
    return !bad;
  });
}

/** Run the coder on each article; warns when its sentences do not line up with the dev set's. */
async function runCoder(articles: readonly Article[], problems: Problem[], raw = false): Promise<{ coder: string; pred: Map<number, EvalEvent[]> }> {
  const { inputFromObject } = await import('../src/ingest/read-input.js');
  const { Pipeline, defaultStages, CODER } = await import('../src/pipeline.js');
  // Fitting a calibration map needs the coder's raw evidence scores, not scores already mapped by the shipped map.
  const pipeline = new Pipeline(defaultStages(raw ? { events: { calibration: null } } : {}));
  const analyze = pipeline.run.bind(pipeline);
  const pred = new Map<number, EvalEvent[]>();
  for (const article of articles) {
    const doc = analyze(inputFromObject(article.input, JSON.stringify(article.input)));
    const texts = doc.sentences.map((s) => doc.text.slice(s.start, s.end));
    if (texts.length !== article.sentences.length) {
      problems.push({ file: 'coder', line: 0, reason: `article ${article.n}: the coder split ${texts.length} sentences, the dev set has ${article.sentences.length}; sentence indices do not align`, skipped: null });
    } else {
      const k = texts.findIndex((t, i) => t !== article.sentences[i]);
      if (k !== -1) problems.push({ file: 'coder', line: 0, reason: `article ${article.n}: sentence ${k} differs from the dev set's (text layer changed since sampling?)`, skipped: null });
    }
    const events: readonly EvalEvent[] = doc.events;
    pred.set(article.n, checkPredicted(events, article, problems));
  }
  return { coder: CODER, pred };
}

// ---------------------------------------------------------------------------------------------- report

const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
const pct = (v: number): string => (100 * v).toFixed(1);
const num = (v: number | null, digits = 3): string => (v === null ? 'n/a' : v.toFixed(digits));

/** Article numbers as ranges: 0–19, 21, 30–31. */
export function ranges(ns: readonly number[]): string {
  const sorted = [...new Set(ns)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return out.join(', ') || 'none';
}

/** A table with a left label column and right-aligned columns. */
function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, indent = '  '): string {
  const all = [header, ...rows];
  const widths = header.map((_, k) => Math.max(...all.map((r) => (r[k] ?? '').length)));
  return all.map((r) => indent + r.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ').trimEnd()).join('\n');
}

const eventRow = (label: string, s: PRF): string[] => [label, pct(s.p), pct(s.r), pct(s.f1), `${s.tp}`, `${s.tp + s.fp}`, `${s.tp + s.fn}`];
const attrRow = (label: string, s: PRF): string[] => [label, pct(s.p), pct(s.r), pct(s.f1), `${s.tp}`, `${s.fp}`, `${s.fn}`];
const accText = (a: Accuracy): string => (a.accuracy === null ? 'n/a (0 pairs)' : `${pct(a.accuracy)}% (${a.correct}/${a.total})`);

/** The events, per-type and attribute blocks of one evaluation. */
export function formatEvaluation(ev: Evaluation): string {
  const a = ev.attributes;
  const types = PLOVER_TYPES.map((t) => eventRow(t, ev.perType[t]));
  return [
    `${plural(ev.articles.length, 'article')} (${ranges(ev.articles)}); ${plural(ev.predicted, 'predicted event')}, ${ev.gold} gold`,
    '',
    table(['events', 'P', 'R', 'F1', 'match', 'pred', 'gold'], [eventRow('sentence + type', ev.events), eventRow('detection (sentence)', ev.detection)]),
    '',
    table(['type', 'P', 'R', 'F1', 'match', 'pred', 'gold'], types),
    '',
    table(['sentences reporting', 'P', 'R', 'F1', 'match', 'pred', 'gold'], [
      eventRow('ASSAULT (any modality)', ev.sentences.ASSAULT),
      eventRow('ASSAULT (realized)', ev.sentences.realizedASSAULT),
      eventRow('PROTEST (any modality)', ev.sentences.PROTEST),
    ]),
    '',
    `  attributes over the ${a.pairs} matched pairs (date: the ${a.datePairs} with a gold date)`,
    table(['attribute', 'P', 'R', 'F1', 'tp', 'fp', 'fn'], [
      attrRow('actor country', a.actorCountry),
      attrRow('recipient country', a.recipientCountry),
      attrRow('location country', a.locationCountry),
      attrRow('date (exact)', a.date),
      attrRow('date (lenient)', a.dateLenient),
      attrRow('modality (non-asserted)', a.modality),
    ]),
    `  modality accuracy          ${accText(a.modalityAccuracy)}`,
    `  planned accuracy (AGREE)   ${accText(a.plannedAccuracy)}`,
  ].join('\n');
}

/** The reliability table and ECE / Brier line of a calibration. */
export function formatCalibration(label: string, c: Calibration): string {
  const head = `  ${label}: ${c.count} predicted events, ECE ${num(c.ece)}, Brier ${num(c.brier)}`;
  if (!c.count) return head;
  const rows = c.bins.map((b) => [`${b.lo.toFixed(1)}–${b.hi.toFixed(1)}`, `${b.count}`, b.meanConfidence.toFixed(3), b.accuracy.toFixed(3)]);
  return `${head}\n${table(['bin', 'count', 'mean conf', 'accuracy'], rows, '    ')}`;
}

/** One event in an error listing. */
export interface ErrorItem {
  sentence: number;
  event: PloverType;
  trigger: string;
  /** The sentence, truncated to 100 characters. */
  text: string;
}

/** Per article: the gold events nobody predicted (missed) and the predicted events the gold lacks (spurious). */
export interface ArticleErrors {
  n: number;
  docno: string;
  missed: ErrorItem[];
  spurious: ErrorItem[];
}

const truncate = (s: string, max = 100): string => (s.length > max ? `${s.slice(0, max)}…` : s);

/** The unmatched events of each article (articles with none are left out). */
export function errors(results: readonly ArticleResult[]): ArticleErrors[] {
  const item = (a: Article, e: EvalEvent): ErrorItem => ({ sentence: e.sentence, event: e.event, trigger: e.trigger.text, text: truncate(a.sentences[e.sentence] ?? '') });
  return results
    .map((r) => ({
      n: r.article.n,
      docno: r.article.docno,
      missed: r.typed.unmatchedGold.map((j) => item(r.article, r.gold[j]!)),
      spurious: r.typed.unmatchedPred.map((i) => item(r.article, r.pred[i]!)),
    }))
    .filter((e) => e.missed.length || e.spurious.length);
}

/** The error listing as text. */
export function formatErrors(list: readonly ArticleErrors[]): string {
  const line = (e: ErrorItem): string => `    s${String(e.sentence).padEnd(3)} ${e.event.padEnd(9)}  «${e.trigger}»\n          ${e.text}`;
  return list
    .map((a) => [
      `article ${a.n} (${a.docno})`,
      ...(a.missed.length ? ['  missed (in gold, not predicted):', ...a.missed.map(line)] : []),
      ...(a.spurious.length ? ['  spurious (predicted, not in gold):', ...a.spurious.map(line)] : []),
    ].join('\n'))
    .join('\n');
}

const formatProblem = (p: Problem): string =>
  `  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.reason}${p.skipped ? ` (${p.skipped} skipped)` : ''}`;

// ---------------------------------------------------------------------------------------------- main

const USAGE = 'usage: node --import tsx scripts/eval-events.ts [--json] [--errors] [--article N] [--fit FILE] [--gold-dir DIR]';

/** Parse the command line; exits with the usage on a bad one. */
function options(argv: string[]): { json: boolean; errors: boolean; article: number | null; fit: string | null; goldDir: string; predictFrom: string | null } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        errors: { type: 'boolean', default: false },
        article: { type: 'string' },
        fit: { type: 'string' },
        'gold-dir': { type: 'string' },
        'predict-from': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  let article: number | null = null;
  if (values.article !== undefined) {
    article = Number(values.article);
    if (!/^\d+$/.test(values.article)) {
      console.error(`--article takes an article number, got "${values.article}"\n${USAGE}`);
      process.exit(2);
    }
  }
  return {
    json: values.json,
    errors: values.errors,
    article,
    fit: values.fit ?? null,
    goldDir: values['gold-dir'] ?? fileURLToPath(GOLD_DIR),
    predictFrom: values['predict-from'] ?? null,
  };
}

async function main(): Promise<void> {
  const opt = options(process.argv.slice(2));
  const articles = readArticles(ARTICLES);
  if (opt.article !== null && !articles[opt.article]) {
    console.error(`--article ${opt.article}: the dev set has articles 0–${articles.length - 1}`);
    process.exit(2);
  }
  const { annotations, files, problems } = readAnnotations(opt.goldDir, articles);
  const gold = goldRecords(annotations, problems);
  const keep = (n: number): boolean => opt.article === null || n === opt.article;
  const coverage = Object.fromEntries([...annotations].sort(([a], [b]) => a.localeCompare(b)).map(([who, m]) => [who, [...m.keys()].sort((a, b) => a - b)]));
  const goldArticles = [...gold.keys()].sort((a, b) => a - b);
  const noGold = articles.map((a) => a.n).filter((n) => !gold.has(n));
  for (const who of annotations.keys()) {
    if (who !== AGREEMENT.second && !(GOLD_ANNOTATORS as readonly string[]).includes(who) && who !== opt.predictFrom) {
      problems.push({ file: display(opt.goldDir), line: 0, reason: `annotator "${who}" is neither gold (${GOLD_ANNOTATORS.join(', ')}) nor ${AGREEMENT.second}; ignored`, skipped: null });
    }
  }

  // The prediction: the coder, or (for testing) one annotator's records, on the articles that have gold.
  let scored = articles.filter((a) => gold.has(a.n) && keep(a.n));
  let source: string;
  let pred: Map<number, EvalEvent[]>;
  if (opt.predictFrom !== null) {
    const records = annotations.get(opt.predictFrom) ?? new Map<number, AnnotatorRecord>();
    scored = scored.filter((a) => records.has(a.n));
    pred = new Map([...records].map(([n, r]) => [n, r.events]));
    source = `annotator ${opt.predictFrom}'s records (--predict-from), confidence 1`;
  } else {
    const run = await runCoder(scored, problems, opt.fit !== null);
    pred = run.pred;
    source = run.coder;
  }
  const cases = scored.map((article): ArticleCase => ({ article, pred: pred.get(article.n) ?? [], gold: gold.get(article.n)!.events }));
  const { evaluation, results } = evaluate(cases);

  // Calibration: all articles, or fit on the even ones and measure the odd ones before and after.
  const outs = outcomes(results);
  let calib: Record<string, unknown>;
  let calibText: string;
  if (opt.fit !== null) {
    const even = outs.filter((o) => o.n % 2 === 0);
    const odd = outs.filter((o) => o.n % 2 === 1);
    const points = fitPlatt(even);
    const evenArticles = scored.filter((a) => a.n % 2 === 0).map((a) => a.n);
    const map = {
      version: 1,
      fitted_on: `events-dev articles with n % 2 == 0 (${ranges(evenArticles)}): ${even.length} predicted events by ${source}, gold ${GOLD_ANNOTATORS.join(', ')}, ${new Date().toISOString().slice(0, 10)}`,
      points,
    };
    writeFileSync(opt.fit, `${JSON.stringify(map)}\n`);
    const before = calibration(odd);
    const after = calibration(odd.map((o) => ({ ...o, confidence: applyMap(points, o.confidence) })));
    calib = { fit: { file: opt.fit, ...map }, oddBefore: before, oddAfter: after };
    calibText = [
      `calibration: Platt (logistic) map fitted on ${even.length} events of the even articles → ${opt.fit} (${points.length} points)${even.length ? '' : '; nothing to fit, the map is the identity'}`,
      formatCalibration('odd articles, raw confidence', before),
      formatCalibration('odd articles, calibrated', after),
    ].join('\n');
  } else {
    const all = calibration(outs);
    calib = { all };
    calibText = `calibration (outcome 1 = matched a gold event of its type)\n${formatCalibration('all articles', all)}`;
  }

  // Agreement: b against a on articles 0–19, the same measures.
  const first = annotations.get(AGREEMENT.first);
  const second = annotations.get(AGREEMENT.second);
  const agreementCases = articles
    .filter((a) => a.n < AGREEMENT.articles && keep(a.n) && first?.has(a.n) && second?.has(a.n))
    .map((article): ArticleCase => ({ article, pred: second!.get(article.n)!.events, gold: first!.get(article.n)!.events }));
  const agreement = agreementCases.length ? evaluate(agreementCases).evaluation : null;
  const errorList = opt.errors ? errors(results) : null;

  if (opt.json) {
    const out = {
      articles: articles.length,
      goldDir: display(opt.goldDir),
      goldFiles: files.map(display),
      annotated: coverage,
      gold: goldArticles,
      noGold,
      prediction: source,
      article: opt.article,
      problems,
      evaluation,
      calibration: calib,
      agreement,
      ...(errorList ? { errors: errorList } : {}),
    };
    console.log(JSON.stringify(out, (_, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v), 2));
    return;
  }

  const lines: string[] = [];
  lines.push(`events dev set: ${articles.length} articles; gold files in ${display(opt.goldDir)}: ${files.length ? files.map((f) => basename(f)).join(', ') : 'none yet'}`);
  for (const [who, ns] of Object.entries(coverage)) {
    const role = [(GOLD_ANNOTATORS as readonly string[]).includes(who) ? 'gold' : who === AGREEMENT.second ? 'agreement only' : 'not used', ...(who === opt.predictFrom ? ['prediction'] : [])].join(', ');
    lines.push(`  annotator ${who} (${role}): ${plural(ns.length, 'article')}: ${ranges(ns)}`);
  }
  lines.push(`  gold for ${plural(goldArticles.length, 'article')}: ${ranges(goldArticles)}; no gold yet: ${ranges(noGold)}`);
  if (problems.length) lines.push('', `problems (${problems.length}):`, ...problems.map(formatProblem));
  lines.push('', `prediction: ${source}${opt.article !== null ? `; --article ${opt.article}` : ''}`, formatEvaluation(evaluation), '', calibText);
  lines.push('', `inter-annotator agreement (${AGREEMENT.second} vs ${AGREEMENT.first}), articles 0–${AGREEMENT.articles - 1} annotated by both`);
  lines.push(agreement ? formatEvaluation(agreement) : `  none yet (needs ${AGREEMENT.first} and ${AGREEMENT.second} on the same articles)`);
  if (errorList) lines.push('', `errors (${plural(errorList.length, 'article')} with unmatched events)`, formatErrors(errorList) || '  none');
  console.log(lines.join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
