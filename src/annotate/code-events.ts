/**
 * Stage: PLOVER events. For every sentence, finds event triggers (`model/events/triggers.json`: verbs in every
 * tense and person, masdars, participles, multi-word phrases), then reads the sentence around each trigger:
 *
 * - actor and recipient from the structure — a subject after the verb (VSO) or before it (SVO), agents marked by
 *   من قبل / على يد / بنيران, recipients after ضد، على، إلى، مع، لدى or an ل right after the trigger, the object of a
 *   transitive verb, the host of a visit (بدعوة من X; استقبل X Y: Y visits X), compound actors joined by و;
 * - modality from cue words (`model/events/cues.json`): negated (لم، لن، عدم، نفى…), future (س، سوف، من المقرر،
 *   المقبل…, or a date after publication) and hypothetical (إذا، قد، يأمل، يخشى، يجب، حذر من…); a future
 *   CONSULT/SUPPORT/COOPERATE/AID is coded AGREE with `planned` naming it (PLOVER v0.8);
 * - place (`event_loc`) from a place after في/ب/قرب… near the trigger, else any place in the sentence, else the
 *   dateline's; date from a time expression near the trigger, else the dateline's, else the publication date
 *   (realized events only), with `date_source` saying which;
 * - size (dead, injured, arrested, participants) from the numbers beside casualty words;
 * - attribution: claimed (تبنى), alleged (اتهم، زعم) or reported (inside a quotation or after a source);
 * - confidence from the evidence (how specific the trigger, whether an actor was found), mapped through the
 *   calibration table `model/events/calibration.json` when there is one.
 *
 * Several triggers of one type for the same actors in one sentence are one event ("قتل 3 وأصاب 20").
 */
import type { Doc } from '../doc.js';
import type { Actor, Entity, PloverEvent, PloverType, Place, TimeExpr } from '../types.js';
import type { KbEntry } from '../lexicon/kb-types.js';
import { foldString } from '../text/fold.js';
import { loadModelJson } from '../lexicon/load-model.js';
import { countStartingBefore } from '../text/search-starts.js';

/** One trigger entry of `model/events/triggers.json`. */
export interface TriggerEntry {
  /** Dictionary form. */
  lemma: string;
  /** Folded surface forms (one or more words each). */
  forms: string[];
  /** PLOVER type. */
  event: PloverType;
  /** PLOVER mode, or null. */
  mode: string | null;
  /** CAMEO code ('' when none). */
  cameo: string;
  /** Words that must follow the trigger in its clause (a petrarch pattern), space-separated; `&X` = a synset. */
  pattern?: string;
  /** A word that is often not an event (دعم، تعاون، قتال): needs an actor or recipient to count. */
  weak?: boolean;
  /** Where it comes from: the petrarch dictionary or the hand table. */
  origin: 'petrarch' | 'hand';
}

/** The trigger lexicon file. */
export interface TriggerLexicon {
  version: number;
  source: string;
  license: string;
  triggers: TriggerEntry[];
}

/** The cue-word file (`model/events/cues.json`). */
export interface EventCues {
  negation: { before: string[]; window: number };
  future: { before: string[]; after: string[]; window: number };
  hypothetical: { before: string[]; window: number };
  claimed: string[];
  alleged: string[];
  reported: string[];
  size: Record<'dead' | 'injured' | 'arrested' | 'participants', string[]>;
  numbers: Record<string, number>;
  multipliers: Record<string, number>;
  agent_markers: string[];
  host_markers: string[];
  location_preps: string[];
  contexts: Record<string, string[]>;
  not_followed_by: Record<string, string[]>;
  not_preceded_by: Record<string, string[]>;
}

/** A piecewise-linear map from raw to calibrated confidence (fitted by `npm run eval:events -- --fit`). */
export interface Calibration {
  version: number;
  fitted_on: string;
  points: Array<[number, number]>;
}

/** Options for the events stage. */
export interface CodeEventsOptions {
  /** Trigger lexicon (default: the shipped one). */
  triggers?: TriggerLexicon;
  /** Cue words (default: the shipped ones). */
  cues?: EventCues;
  /** Calibration map (default: the shipped one if present; null: raw scores). */
  calibration?: Calibration | null;
  /** Use petrarch triggers that have no pattern (default false: they are too often not events). */
  barePetrarch?: boolean;
}

// Words that turn the entity after them into a recipient or a location, not a subject.
const RECIPIENT_PREPS = new Set(['ضد', 'علي', 'الي', 'مع', 'لدي', 'تجاه', 'نحو', 'بحق']);
const OTHER_PREPS = new Set(['عن', 'من', 'حول', 'بين', 'منذ', 'بعد', 'قبل', 'خلال', 'عبر', 'مثل', 'ضمن', 'بشان', 'امام', 'عند', 'حتي', 'لصالح']);
const LOCATION_PREPS = new Set(['في', 'قرب', 'داخل', 'شمال', 'جنوب', 'شرق', 'غرب', 'شمالي', 'جنوبي', 'شرقي', 'غربي', 'وسط', 'ريف', 'مدينه', 'محافظه', 'ولايه', 'منطقه', 'بلده', 'قريه', 'انحاء', 'العاصمه', 'عاصمه', 'مناطق', 'مدن', 'مخيم', 'حي', 'ضواحي']);
const CLAUSE_END = new Set(['.', '؛', ';', '!', '?', '؟', ':', '\n']);
const QUOTE_MARKS = new Set(['“', '”', '«', '»', '"', '„']);
// PLOVER sector for a knowledge-base subtype, when the entry has none.
const SUBTYPE_SECTOR: Record<string, string> = {
  GOV: 'GOV', MIL: 'MIL', IGO: 'IGO', ARMED_GROUP: 'REB', PARTY: 'PTY', MEDIA: 'MED', COMPANY: 'BUS', NGO: 'NGO', GPE: 'GOV',
  COP: 'COP', JUD: 'JUD', LEG: 'LEG', SPY: 'SPY', OPP: 'OPP', REB: 'REB',
};
const COOPERATIVE = new Set<PloverType>(['CONSULT', 'SUPPORT', 'COOPERATE', 'AID']);
const CONFLICT = new Set<PloverType>(['ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT']);
// Prepositions that introduce the recipient, by the kind of event.
const CONFLICT_PREPS = new Set(['ضد', 'علي', 'بحق', 'تجاه', 'الي', 'نحو']);
const COOPERATION_PREPS = new Set(['الي', 'مع', 'لدي', 'علي']);
const SIZE_TYPES: Record<string, Array<'dead' | 'injured' | 'arrested' | 'participants'>> = {
  ASSAULT: ['dead', 'injured'], COERCE: ['arrested', 'dead', 'injured'], PROTEST: ['participants', 'dead', 'injured', 'arrested'],
};
// Words that carry no event meaning in a petrarch pattern.
const FUNCTION_WORDS = new Set(['الي', 'علي', 'في', 'من', 'مع', 'عن', 'ضد', 'بين', 'حول', 'لدي', 'لاجل', 'اجل', 'خلال', 'بعد', 'قبل', 'نحو', 'عبر', 'تجاه', 'بشان', 'ذلك', 'هذا', 'هذه', 'التي', 'الذي', 'بعيد', 'قريب', 'جانب', 'واسطه', 'خلف']);
// Types whose weak nouns are mostly generic talk (دعم، التعاون، القتال، المساعدة) unless someone receives them.
const GENERIC_NOUN_TYPES = new Set<PloverType>(['SUPPORT', 'COOPERATE', 'AID', 'ASSAULT', 'THREATEN', 'CONSULT']);
// Words before a definite event noun that point back at an event told elsewhere (قبل الهجوم، تلك الاحتجاجات، منذ بدء التظاهرات).
const BACK_REFERENCE = new Set(['قبل', 'بعد', 'منذ', 'عقب', 'بعيد', 'تلك', 'هذه', 'هذا', 'ذلك', 'بدء', 'انطلاق']);
// Sectors of state bodies: when one of them "protests", it is a diplomatic complaint (ACCUSE), not a street protest.
const STATE_SECTORS = new Set(['GOV', 'MIL', 'IGO', 'LEG', 'JUD', 'COP', 'SPY']);
const PRONOUNS = ['هما', 'هم', 'هن', 'ها', 'ه', 'كم', 'نا'];
const PREP_TAILS = new Set(['مع', 'عن', 'علي', 'الي', 'ضد', 'ب', 'ل']);
const WINDOW_BEFORE = 8;
const CLAUSE_REACH = 60;
const WINDOW_AFTER = 14;

/** A trigger found in a sentence. */
interface Hit {
  entry: TriggerEntry;
  /** First and one-past-last token. */
  first: number;
  last: number;
  /** Specificity rank: 4 hand, 3 hand weak, 2 petrarch with pattern, 1 bare petrarch. */
  rank: number;
  /** The matched surface form had the future prefix س. */
  futurePrefix: boolean;
  /** The matched word is a verb form (not a masdar, participle or plural noun). */
  verb: boolean;
  /** The word carries a pronoun suffix (دعمه، زيارتها): its actor is named earlier. */
  pronoun: boolean;
}

/** A noun phrase of one or more adjacent entities. */
interface Group {
  /** Entity indices, in order. */
  members: number[];
  first: number;
  last: number;
  /** The folded preposition word before it, or its proclitic preposition (ب، ل، ك), or ''. */
  marker: string;
  /** Joined to the previous group by و (compound). */
  joined: boolean;
  /** Is a place (all members LOC, none a country acting). */
  place: boolean;
}

/** Lookup of folded forms: single words, and multi-word forms by their first word. */
interface TriggerIndex {
  single: Map<string, TriggerEntry[]>;
  multi: Map<string, Array<{ rest: string[]; entry: TriggerEntry }>>;
}

function buildIndex(lexicon: TriggerLexicon, barePetrarch: boolean): TriggerIndex {
  const single = new Map<string, TriggerEntry[]>();
  const multi = new Map<string, Array<{ rest: string[]; entry: TriggerEntry }>>();
  for (const entry of lexicon.triggers) {
    if (entry.pattern?.includes('&')) continue; // synset patterns are not exported
    // A petrarch verb counts only with its pattern, and only when the pattern has a content word: most of its
    // patterns are a bare preposition (جاء ل، قام في), which would make every such verb an event.
    if (entry.origin === 'petrarch' && !barePetrarch && !(entry.pattern ?? '').split(' ').some((w) => w.length >= 3 && !FUNCTION_WORDS.has(w))) continue;
    for (const form of entry.forms) {
      const words = foldString(form).split(' ').filter(Boolean);
      if (words.length === 0) continue;
      if (words.length === 1) {
        const list = single.get(words[0]!) ?? [];
        if (!list.includes(entry)) list.push(entry);
        single.set(words[0]!, list);
      } else {
        const list = multi.get(words[0]!) ?? [];
        list.push({ rest: words.slice(1), entry });
        multi.set(words[0]!, list);
      }
    }
  }
  return { single, multi };
}

/** A set of folded cue phrases, by their first word. */
/** Phrases with labels, matched in one pass over a span: which labels occur in it. */
class LabeledPhrases {
  private readonly byFirst = new Map<string, Array<{ words: string[]; label: string }>>();
  constructor(groups: Record<string, readonly string[]>) {
    for (const [label, phrases] of Object.entries(groups)) {
      for (const p of phrases) {
        const words = foldString(p).split(' ').filter(Boolean);
        if (words.length === 0) continue;
        const list = this.byFirst.get(words[0]!) ?? [];
        list.push({ words, label });
        this.byFirst.set(words[0]!, list);
      }
    }
  }
  /** The labels of the phrases found in `words[from..to)`. */
  labelsIn(words: readonly string[], from: number, to: number): Set<string> {
    const out = new Set<string>();
    for (let i = from; i < to; i++) {
      const list = this.byFirst.get(words[i]!);
      if (!list) continue;
      for (const { words: p, label } of list) {
        let ok = true;
        for (let k = 1; k < p.length && ok; k++) ok = words[i + k] === p[k];
        if (ok) out.add(label);
      }
    }
    return out;
  }
}

class PhraseSet {
  private readonly byFirst = new Map<string, string[][]>();
  constructor(phrases: readonly string[]) {
    for (const p of phrases) {
      const words = foldString(p).split(' ').filter(Boolean);
      if (words.length === 0) continue;
      const list = this.byFirst.get(words[0]!) ?? [];
      list.push(words);
      this.byFirst.set(words[0]!, list);
    }
  }
  /** Length in words of the longest phrase starting at word `i` of `words` (0 if none). */
  matchAt(words: readonly string[], i: number): number {
    const list = this.byFirst.get(words[i]!);
    if (!list) return 0;
    let best = 0;
    for (const p of list) {
      if (p.length <= best) continue;
      let ok = true;
      for (let k = 1; k < p.length && ok; k++) ok = words[i + k] === p[k];
      if (ok) best = p.length;
    }
    return best;
  }
}

/** Strip a leading conjunction (و، ف) from a folded word, keeping at least three letters. */
function bare(word: string): string {
  return (word.startsWith('و') || word.startsWith('ف')) && word.length > 3 ? word.slice(1) : word;
}

/** Create the events stage. */
export function codeEvents(options: CodeEventsOptions = {}) {
  const lexicon = options.triggers ?? loadModelJson<TriggerLexicon>('events/triggers.json');
  const cues = options.cues ?? loadModelJson<EventCues>('events/cues.json');
  const calibration = options.calibration !== undefined ? options.calibration : loadCalibration();
  const index = buildIndex(lexicon, options.barePetrarch ?? false);
  const negation = new PhraseSet(cues.negation.before);
  const futureBefore = new PhraseSet(cues.future.before);
  const futureAfter = new PhraseSet(cues.future.after);
  const hypothetical = new PhraseSet(cues.hypothetical.before);
  const alleged = new PhraseSet(cues.alleged);
  const agents = new PhraseSet(cues.agent_markers);
  const hosts = new PhraseSet(cues.host_markers);
  const sizeWords = Object.fromEntries(Object.entries(cues.size).map(([k, v]) => [k, new PhraseSet(v)])) as Record<keyof EventCues['size'], PhraseSet>;
  const numberWords = new Map(Object.entries(cues.numbers).map(([k, v]) => [foldString(k), v]));
  const multipliers = new Map(Object.entries(cues.multipliers).map(([k, v]) => [foldString(k), v]));
  const notPrecededBy = new Map(Object.entries(cues.not_preceded_by).map(([k, v]) => [foldString(k), new Set(v.map(foldString))]));
  const notFollowedBy = new Map(Object.entries(cues.not_followed_by).map(([k, v]) => [foldString(k), new Set(v.map(foldString))]));
  // Context keywords and the claimed/reported cues, matched in one pass per sentence (cue labels start with a space).
  const sentenceLabels = new LabeledPhrases({ ...cues.contexts, ' claimed': cues.claimed, ' reported': cues.reported });
  const contextNames = Object.keys(cues.contexts);
  // Lookups by folded word, one table per written last letter (ه, ة, other), since that decides the pronoun reading.
  type Found = { entries: TriggerEntry[]; futurePrefix: boolean; pronoun: boolean } | null;
  const cachePlain = new Map<string, Found>();
  type Candidates = { multi: Array<{ rest: string[]; entry: TriggerEntry }> | undefined; found: Found; verb: boolean };
  const candidatesPlain = new Map<string, Candidates | null>();
  const candidatesHa = new Map<string, Candidates | null>();
  const candidatesTa = new Map<string, Candidates | null>();
  const cacheHa = new Map<string, Found>();
  const cacheTa = new Map<string, Found>();

  /** Trigger entries for one folded word, trying it without its clitics; cached. */
  function lookup(norm: string, last: number): { entries: TriggerEntry[]; futurePrefix: boolean; pronoun: boolean } | null {
    // The written last letter tells ه (a pronoun, or a root letter) from ة (never a pronoun): وزارة is not و+زار+ه.
    const endsWithHa = last === 0x647;
    const endsWithTa = last === 0x629;
    const cache = endsWithHa ? cacheHa : endsWithTa ? cacheTa : cachePlain;
    const cached = cache.get(norm);
    if (cached !== undefined) return cached;
    let found: { entries: TriggerEntry[]; futurePrefix: boolean; pronoun: boolean } | null = null;
    const stems: Array<[string, boolean]> = [[norm, false]];
    for (const conj of ['', 'و', 'ف']) {
      if (conj && !norm.startsWith(conj)) continue;
      const w = norm.slice(conj.length);
      if (w.length < 3) continue;
      if (conj) stems.push([w, false]);
      if (w.startsWith('لل') && w.length > 4) stems.push(['ال' + w.slice(2), false]);
      for (const prep of ['ب', 'ل', 'ك']) if (w.startsWith(prep) && w.length > 3) stems.push([w.slice(1), false]);
    }
    for (const [w] of [...stems]) {
      for (const p of PRONOUNS) {
        if (endsWithTa && p === 'ه') continue;
        if (w.endsWith(p) && w.length - p.length >= 3) {
          const s = w.slice(0, -p.length);
          stems.push([s, true]);
          if (s.endsWith('ت')) stems.push([s.slice(0, -1) + 'ه', true]); // زيارته → زياره
        }
      }
    }
    for (const [w, pronoun] of stems) {
      // A word written with ه (not ة) at the end has a pronoun there: مظاهره is "its manifestations", not مظاهرة.
      if (endsWithHa && !pronoun && w.endsWith('ه')) continue;
      const entries = index.single.get(w);
      if (entries) {
        found = { entries, futurePrefix: /^(س|ست|سي|سن)/.test(w) && entries.some((e) => !foldString(e.lemma).startsWith('س')), pronoun };
        break;
      }
    }
    if (cache.size > 400_000) cache.clear();
    cache.set(norm, found);
    return found;
  }

  return (doc: Doc): void => {
    const { tokens, entities, text } = doc;
    if (tokens.length === 0 || doc.sentences.length === 0) return;
    const words = tokens.map((t) => (t.kind === 'word' ? bare(t.norm) : t.norm));
    const raw = tokens.map((t) => t.norm);
    // Which entity covers each token (-1: none).
    const entityAt = new Int32Array(tokens.length).fill(-1);
    doc.mentions.forEach((m, i) => {
      for (let k = m.first; k < m.last; k++) entityAt[k] = i;
    });
    // Quotes and times sorted by start, searched by bisection: a long document must not make each event cost O(n).
    const quotes = [...doc.quotes].sort((a, b) => a.start - b.start);
    const quoteAt = (pos: number): boolean => {
      const q = quotes[countStartingBefore(quotes, pos, true) - 1];
      return q !== undefined && pos < q.end;
    };
    const dates = doc.times.filter((t) => t.type === 'DATE').sort((a, b) => a.start - b.start);
    // Per-sentence facts, computed when the sentence's first event needs them.
    let sentenceFacts: { index: number; claimed: boolean; reported: boolean; contexts: string[]; host: Group | undefined } | null = null;
    const datelinePlace = datelineEntity(doc);
    const isTrigger = new Uint8Array(tokens.length);
    const events: PloverEvent[] = [];

    doc.sentences.forEach((sentence, sIndex) => {
      const sFirst = countStartingBefore(tokens, sentence.start);
      const sLast = countStartingBefore(tokens, sentence.end);
      if (sLast <= sFirst) return;
      const hits = findTriggers(sFirst, sLast);
      if (hits.length === 0) return;
      isTrigger.fill(0, sFirst, sLast);
      for (const h of hits) isTrigger.fill(1, h.first, h.last);
      const groups = findGroups(sFirst, sLast);
      const coded: Array<{ event: PloverEvent; hit: Hit; actorKey: string }> = [];
      const codedByKind = new Map<string, typeof coded>();
      for (const [h, hit] of hits.entries()) {
        const next = hits[h + 1]?.first ?? sLast;
        const prev = h > 0 ? hits[h - 1]!.last : sFirst;
        // "دعت كندا إلى الإفراج عن…": the demanded action is the REQUEST's content, not an event of its own.
        let demanded = false;
        for (let j = h - 1; j >= 0 && hit.first - hits[j]!.last <= 5 && !demanded; j--) {
          demanded = hits[j]!.entry.event === 'REQUEST' && !clauseBreak(hits[j]!.last, hit.first);
        }
        if (demanded) continue;
        const event = codeOne(hit, sIndex, sFirst, sLast, prev, next, groups);
        if (!event) continue;
        const actorKey = event.actor.map((a) => a.country ?? a.text).sort().join('|');
        // One event per type and actor in a sentence: "قتل 3 وأصاب 20" is one ASSAULT.
        const kind = `${event.event}|${event.planned}|${event.negated}`;
        const sameKind = codedByKind.get(kind) ?? [];
        const same = sameKind.find((c) => c.actorKey === actorKey || !actorKey || !c.actorKey);
        if (same) {
          if (event.size) same.event.size = { ...(same.event.size ?? {}), ...event.size, ...(same.event.size ?? {}) };
          if (same.event.actor.length === 0 && event.actor.length > 0) {
            same.event.actor = event.actor;
            same.actorKey = actorKey;
          }
          if (same.event.recipient.length === 0) same.event.recipient = event.recipient;
          if (!same.event.event_loc) same.event.event_loc = event.event_loc;
          continue;
        }
        const entry = { event, hit, actorKey };
        coded.push(entry);
        sameKind.push(entry);
        codedByKind.set(kind, sameKind);
      }
      for (const c of coded) events.push(c.event);
    });
    events.forEach((e, i) => {
      e.id = `${doc.id}-${i + 1}`;
    });
    doc.events = events;

    /** The triggers of a sentence, one per token, most specific entry first; none inside a name. */
    function findTriggers(sFirst: number, sLast: number): Hit[] {
      const hits: Hit[] = [];
      for (let k = sFirst; k < sLast; k++) {
        const t = tokens[k]!;
        if (t.kind !== 'word' || entityAt[k]! >= 0) continue;
        const candidate = candidatesOf(raw[k]!, text.charCodeAt(t.end - 1));
        if (candidate === null) continue;
        if (notFollowedBy.get(words[k]!)?.has(words[k + 1] ?? '') || notPrecededBy.get(words[k]!)?.has(words[k - 1] ?? '')) continue;
        let best: Hit | null = null;
        const { multi, found, verb } = candidate;
        if (multi) {
          for (const { rest, entry } of multi) {
            let ok = true;
            for (let r = 0; r < rest.length && ok; r++) ok = words[k + 1 + r] === rest[r] && k + 1 + r < sLast;
            if (ok && (!best || rest.length + 1 > best.last - best.first)) {
              best = { entry, first: k, last: k + 1 + rest.length, rank: entry.origin === 'hand' ? 5 : 2, futurePrefix: false, verb: false, pronoun: false };
            }
          }
        }
        if (!best) {
          if (!found) continue;
          for (const entry of found.entries) {
            if (entry.pattern && !patternFollows(entry, k + 1, Math.min(sLast, k + (entry.origin === 'hand' ? 6 : 4)))) continue;
            if (entry.origin === 'petrarch' && !isVerbFormCached(words[k]!, entry)) continue;
            if (startsMarker(k)) continue;
            const rank = entry.origin === 'hand' ? (entry.weak ? 3 : 4) + (entry.pattern ? 1 : 0) : entry.pattern ? 2 : 1;
            if (!best || rank > best.rank) {
              best = { entry, first: k, last: k + 1, rank, futurePrefix: found.futurePrefix, verb, pronoun: found.pronoun };
            }
          }
        }
        if (best) {
          hits.push(best);
          k = best.last - 1;
        }
      }
      return hits;
    }

    /** The trigger entries a token's folded word may start (multi-word and single), or null; cached. */
    function candidatesOf(norm: string, last: number): Candidates | null {
      const table = last === 0x647 ? candidatesHa : last === 0x629 ? candidatesTa : candidatesPlain;
      let c = table.get(norm);
      if (c !== undefined) return c;
      const w0 = bare(norm);
      const c0 = w0.charCodeAt(0);
      const multi = index.multi.get(w0) ?? index.multi.get(norm)
        ?? ((c0 === 0x628 || c0 === 0x644 || c0 === 0x643) && w0.length > 3 ? index.multi.get(w0.startsWith('لل') ? 'ال' + w0.slice(2) : w0.slice(1)) : undefined);
      const found = lookup(norm, last);
      c = multi || found ? { multi, found, verb: found ? found.entries.some((e) => isVerbForm(w0, e)) : false } : null;
      if (table.size > 400_000) table.clear();
      table.set(norm, c);
      return c;
    }

    /** Token `k` opens a host or agent phrase (بدعوة من، على يد): not a trigger of its own. */
    function startsMarker(k: number): boolean {
      return hosts.matchAt(words, k) > 1 || agents.matchAt(words, k) > 1 || hosts.matchAt(raw, k) > 1;
    }

    /** Every word of a petrarch/hand pattern appears, in order, among tokens [from, to). */
    function patternFollows(entry: TriggerEntry, from: number, to: number): boolean {
      let k = from;
      for (const w of patternWords(entry)) {
        while (k < to && !(words[k] === w || words[k]!.endsWith(w) || words[k]!.startsWith(w) || (w.startsWith('ال') && words[k] === w.slice(2)))) k++;
        if (k >= to) return false;
        k++;
      }
      return true;
    }

    /** Entities of a sentence joined into noun phrases (a role's demonym and the name after it are one actor). */
    function findGroups(sFirst: number, sLast: number): Group[] {
      const groups: Group[] = [];
      let prevLast = -1;
      for (let k = sFirst; k < sLast; k++) {
        const e = entityAt[k]!;
        if (e < 0) continue;
        const m = doc.mentions[e]!;
        const gap = groups.length > 0 ? k - prevLast : Infinity;
        const between = groups.length > 0 ? raw.slice(prevLast, k) : [];
        const joinedByWa = raw[k]!.startsWith('و') && !entities[e]!.text.startsWith('و') || between.includes('و');
        const punct = between.some((w) => w === '،' || w === ',' || CLAUSE_END.has(w) || QUOTE_MARKS.has(w));
        const last = groups[groups.length - 1];
        // Adjacent names are one actor ("الدنماركي جيب كوفود"); so is a demonym, a title and a name ("السعودي الملك سلمان").
        const titled = gap === 1 && entities[last?.members[last.members.length - 1] ?? -1]?.subtype === 'NORP' && entities[e]!.type === 'PER'
          && !isTrigger[prevLast]! && tokens[prevLast]!.kind === 'word' && !RECIPIENT_PREPS.has(words[prevLast]!) && !OTHER_PREPS.has(words[prevLast]!) && !LOCATION_PREPS.has(words[prevLast]!);
        if (last && (gap === 0 || titled) && !joinedByWa && sameKind(last, e)) {
          last.members.push(e);
          last.last = m.last;
        } else {
          const marker = markerBefore(m.first, e);
          const joined = !!last && joinedByWa && gap <= 3 && !punct;
          // "في العراق وسوريا": a country joined to a place is a place too.
          const place = isPlace(e, marker) || (joined && last.place && entities[e]!.type === 'LOC');
          groups.push({ members: [e], first: m.first, last: m.last, marker: joined && !marker ? last.marker : marker, joined, place });
        }
        prevLast = m.last;
        k = m.last - 1;
      }
      return groups;
    }

    function sameKind(g: Group, e: number): boolean {
      // A place after an organisation or person is its own phrase ("الجيش السوري في إدلب" is split by في anyway);
      // a demonym, role or organisation next to a name is the same actor.
      return isPlace(e, g.marker) === g.place;
    }

    /** A place mention: a city or region, or a country after في/ب (a country alone can act: "روسيا تكشف"). */
    function isPlace(e: number, marker: string): boolean {
      const ent = entities[e]!;
      if (ent.type !== 'LOC') return false;
      const link = doc.links[e];
      return !link || link.feature !== 'country' || LOCATION_PREPS.has(marker) || marker === 'ب' || marker === 'من';
    }

    /** The preposition before token `k`: a whole word, or the proclitic on the entity's own token. */
    function markerBefore(k: number, e: number): string {
      const t = tokens[k]!;
      const ent = entities[e]!;
      const lead = foldString(text.slice(t.start, ent.start));
      const proclitic = lead.replace(/^[وف]/, '');
      if (proclitic.startsWith('ب') || proclitic.startsWith('ل') || proclitic.startsWith('ك')) return proclitic[0]!;
      const before = words[k - 1];
      if (before === undefined) return '';
      if (RECIPIENT_PREPS.has(before) || LOCATION_PREPS.has(before) || OTHER_PREPS.has(before)) return before;
      // Over one head noun: "مع الشعب السوري" puts السوري after مع.
      const twoBack = words[k - 2];
      if (twoBack !== undefined && tokens[k - 1]!.kind === 'word' && entityAt[k - 1]! < 0 && !isTrigger[k - 1] && (RECIPIENT_PREPS.has(twoBack) || OTHER_PREPS.has(twoBack))) return twoBack;
      return '';
    }

    /** Code one trigger into an event, or null when it does not hold up (a weak word with no one acting). */
    function codeOne(hit: Hit, sIndex: number, sFirst: number, sLast: number, prev: number, next: number, groups: Group[]): PloverEvent | null {
      const { entry } = hit;
      const wFirst = Math.max(sFirst, clauseStart(hit.first, sFirst), hit.first - WINDOW_BEFORE);
      const wLast = Math.min(sLast, clauseEnd(hit.last, sLast), hit.last + WINDOW_AFTER);
      const inWindow = groupsBetween(groups, wFirst, wLast);
      const before = inWindow.filter((g) => g.last <= hit.first && g.first >= prev);
      const after = inWindow.filter((g) => g.first >= hit.last && g.last <= next + 2);

      // Modality.
      const negated = cueBefore(negation, hit.first, cues.negation.window, sFirst);
      const futureDate = timesIn(wFirst, wLast).some((t) => isAfterPublication(t.value, doc.published));
      const future = hit.futurePrefix || cueBefore(futureBefore, hit.first, cues.future.window, sFirst)
        || cueAfter(futureAfter, hit.last, 6, sLast) || futureDate || raw[hit.first - 1] === 'لن';
      // "لدعم"، "لشن هجمات": ل before a masdar states a purpose, not an occurrence.
      const purpose = !hit.verb && /^[وف]?ل[^ل]/.test(raw[hit.first]!) && !raw[hit.first]!.replace(/^[وف]/, '').startsWith('لل') && words[hit.first] !== foldString(hit.entry.lemma);
      const hypo = cueBefore(hypothetical, hit.first, cues.hypothetical.window, sFirst)
        || (raw[hit.first - 1] === 'قد' && hit.verb) || purpose;

      // Actor and recipient.
      const used = new Set<Group>();
      let actors: Group[] = [];
      let recipients: Group[] = [];
      const agent = after.find((g) => agentMarked(g.first));
      const facts = factsOf(sIndex, sFirst, sLast, groups);
      const host = facts.host;
      if (agent) actors = compound(agent, after);
      else {
        const svo = before.filter((g) => !g.place && isSubjectMarker(g.marker) && g !== host && !commaBetween(g.last, hit.first)).pop();
        const vso = after.find((g) => !g.place && isSubjectMarker(g.marker) && g !== host && !(g.marker === 'ل' && g.first - hit.last <= 1));
        // A noun trigger's actor is its genitive: هجوم داعش، الاجتماع القادم لوزراء خارجية التحالف.
        const genitive = !hit.verb && !hit.pronoun ? after.find((g) => g.first - hit.last <= 5 && !g.place && g.marker === '') : undefined;
        if (genitive) actors = compound(genitive, after);
        else if (svo && (hit.first - svo.last <= 3 || !vso || !hit.verb)) actors = compoundBack(svo, before);
        else if (vso && hit.verb) actors = compound(vso, after);
        else if (svo) actors = compoundBack(svo, before);
        else if (hit.pronoun) {
          // دعمه، زيارته: the actor was named earlier in the sentence — its first subject.
          const subject = groupsBetween(groups, Math.max(sFirst, hit.first - 80), hit.first).find((g) => !g.place && isSubjectMarker(g.marker) && g !== host);
          if (subject) actors = [subject];
        }
      }
      for (const g of actors) used.add(g);
      if (entry.lemma === 'استقبل' && actors.length > 0) {
        // X received Y: Y is the visitor (actor), X the host (recipient).
        const visitor = after.find((g) => !used.has(g) && !g.place);
        if (visitor) {
          recipients = actors;
          actors = compound(visitor, after);
        }
      }
      if (recipients.length === 0) {
        // A trigger ending in its preposition (يقف مع، الإفراج عن): the next name is its recipient.
        const prepTail = hit.last - hit.first > 1 && PREP_TAILS.has(words[hit.last - 1]!)
          ? after.find((g) => !used.has(g) && !g.place && g.first - hit.last <= 2) : undefined;
        if (host && !used.has(host) && entry.event === 'CONSULT') recipients = [host];
        else if (prepTail) recipients = compound(prepTail, after);
        else {
          const preps = CONFLICT.has(entry.event) ? CONFLICT_PREPS : COOPERATION_PREPS;
          const marked = after.find((g) => !used.has(g) && !g.place && g.first - hit.last <= 6 && (preps.has(g.marker) || (g.marker === 'ل' && g.first - hit.last <= 2)));
          const object = hit.verb ? after.find((g) => !used.has(g) && !g.place && g.marker === '' && g.first > (actors[0]?.last ?? hit.last) - 1) : undefined;
          const pick = marked ?? object;
          if (pick) recipients = compound(pick, after);
        }
      }
      for (const g of recipients) used.add(g);
      if (entry.weak && actors.length === 0 && recipients.length === 0) return null;
      if (entry.weak && purpose) return null;
      // "قبل الهجوم"، "منذ الاجتماع": a definite noun after a time preposition points back at an event told elsewhere.
      if (!hit.verb && words[hit.first]!.startsWith('ال') && BACK_REFERENCE.has(words[hit.first - 1] ?? '')) return null;
      // "قال خلال اجتماع…": a meeting named as the setting of a statement is not reported as an event.
      if (!hit.verb && entry.event === 'CONSULT' && (words[hit.first - 1] === 'خلال' || words[hit.first - 1] === 'اثناء')) return null;
      // A weak noun (دعم، التعاون، القتال، التهديد) names an occurrence only with someone on the receiving end.
      // (For an attack, a target place after على/ضد will do: "سقوط قذائف على دمشق".)
      const targetPlace = entry.event === 'ASSAULT' && after.some((g) => g.place && (g.marker === 'علي' || g.marker === 'ضد') && g.first - hit.last <= 4);
      if (!hit.verb && entry.weak && GENERIC_NOUN_TYPES.has(entry.event) && recipients.length === 0 && !targetPlace) return null;
      if (!hit.verb && entry.event === 'THREATEN' && recipients.length === 0) return null;

      // Place: a place after في/ب near the trigger, else any place in the window, else in the sentence, else the dateline.
      const places = inWindow.filter((g) => g.place && !used.has(g));
      const marked = places.filter((g) => LOCATION_PREPS.has(g.marker) || g.marker === 'ب' || RECIPIENT_PREPS.has(g.marker));
      const nearest = (list: Group[]): Group | undefined =>
        [...list].sort((a, b) => distance(a, hit) - distance(b, hit))[0];
      const sameSegment = (g: Group): boolean => !commaBetween(Math.min(g.last, hit.last), Math.max(g.first, hit.first));
      let placeGroup = nearest(marked.filter(sameSegment)) ?? nearest(places.filter(sameSegment)) ?? nearest(marked) ?? nearest(places)
        ?? nearest(groupsBetween(groups, hit.first - 40, hit.last + 40).filter((g) => g.place && !used.has(g)));
      let loc: Place | null = placeGroup ? placeOf(placeGroup) : null;
      if (!loc && recipients.length === 0 && entry.lemma === 'زار') {
        const visited = after.find((g) => !used.has(g));
        if (visited) {
          placeGroup = visited;
          loc = placeOf(visited);
        }
      }
      if (!loc && datelinePlace !== null) loc = placeOf({ members: [datelinePlace], first: 0, last: 0, marker: '', joined: false, place: true });
      // A visit's host is the country visited when the text names no host.
      if (recipients.length === 0 && entry.event === 'CONSULT' && entry.mode === 'visit' && loc?.country && !actors.some((g) => groupCountry(g) === loc?.country)) {
        if (placeGroup) recipients = [placeGroup];
      }
      // Violence and coercion without a named target fall on the place they happen in: "غارات على إدلب" → SYR.
      if (recipients.length === 0 && (entry.event === 'ASSAULT' || entry.event === 'COERCE') && placeGroup && loc?.country
        && placeGroup.last > 0 && !actors.some((g) => groupCountry(g) === loc?.country)) {
        recipients = [placeGroup];
      }

      // Date.
      const { date, precision, source } = dateOf(wFirst, wLast, hit, future || hypo, future);

      // "أردوغان يهاجم قانون…": a politician attacking in words accuses; armed forces attacking assault.
      const verbal = entry.event === 'ASSAULT' && /^هاجم$/.test(foldString(entry.lemma)) && actors.some((g) => g.members.some((e) => entities[e]!.type === 'PER'));
      const official = entry.event === 'PROTEST' && hit.verb && actors.some((g) => g.members.some((e) => STATE_SECTORS.has(sectorOf(entities[e]!, doc.links[e] ?? null) ?? '')));
      const base: PloverType = verbal || official ? 'ACCUSE' : entry.event;
      const type: PloverType = future && COOPERATIVE.has(base) && !negated ? 'AGREE' : base;
      const planned = type === 'AGREE' && base !== 'AGREE' ? (base as PloverEvent['planned']) : null;
      const sentence = doc.sentences[sIndex]!;
      const trigger = { start: tokens[hit.first]!.start, end: tokens[hit.last - 1]!.end, text: '' };
      trigger.text = text.slice(trigger.start, trigger.end);
      const attribution = facts.claimed ? 'claimed'
        : cueBefore(alleged, hit.first, 10, sFirst) && entry.event !== 'ACCUSE' ? 'alleged'
          : quoteAt(trigger.start) || facts.reported ? 'reported' : null;
      const size = SIZE_TYPES[entry.event] ? sizeOf(wFirst, wLast, SIZE_TYPES[entry.event]!, hit.first) : null;
      const raw01 = rawConfidence(hit, actors.length > 0, recipients.length > 0, loc !== null);
      const event: PloverEvent = {
        id: '',
        event: type,
        mode: type === entry.event ? entry.mode : verbal || official ? 'disapprove' : null,
        context: withActorContexts(facts.contexts, actors),
        actor: actors.map(actorOf),
        recipient: recipients.map(actorOf),
        event_loc: loc,
        date,
        date_precision: precision,
        date_source: source,
        event_text: text.slice(sentence.start, sentence.end),
        sentence: sIndex,
        trigger,
        negated,
        future,
        hypothetical: hypo,
        planned,
        attribution,
        size,
        confidence: calibrate(raw01),
      };
      if (entry.cameo) event.cameo = entry.cameo;
      return event;
    }

    function isSubjectMarker(marker: string): boolean {
      return marker === '' || marker === 'في' || marker === 'ل';
    }

    /** A group and the groups joined to it by و after it (compound actors). */
    function compound(g: Group, list: Group[]): Group[] {
      const out = [g];
      let at = list.indexOf(g);
      while (at >= 0 && list[at + 1]?.joined && !list[at + 1]!.place) out.push(list[++at]!);
      return out;
    }

    function clauseBreak(from: number, to: number): boolean {
      for (let i = from; i < to; i++) if (CLAUSE_END.has(raw[i]!)) return true;
      return false;
    }

    function commaBetween(from: number, to: number): boolean {
      for (let i = from; i < to; i++) if (raw[i] === '،' || raw[i] === ',') return true;
      return false;
    }

    /** A group and the groups it is joined to by و before it ("روسيا وتركيا تشنان"). */
    function compoundBack(g: Group, list: Group[]): Group[] {
      const out = [g];
      let at = list.indexOf(g);
      while (at > 0 && list[at]!.joined && !list[at - 1]!.place) out.unshift(list[--at]!);
      return out;
    }

    // Clause bounds are searched at most CLAUSE_REACH tokens away, so a sentence without punctuation stays linear.
    function clauseStart(k: number, sFirst: number): number {
      const stop = Math.max(sFirst, k - CLAUSE_REACH);
      for (let i = k - 1; i >= stop; i--) if (CLAUSE_END.has(raw[i]!)) return i + 1;
      return stop;
    }

    function clauseEnd(k: number, sLast: number): number {
      const stop = Math.min(sLast, k + CLAUSE_REACH);
      for (let i = k; i < stop; i++) if (CLAUSE_END.has(raw[i]!)) return i;
      return stop;
    }

    function cueBefore(set: PhraseSet, k: number, window: number, sFirst: number): boolean {
      for (let i = k - 1; i >= Math.max(sFirst, k - window); i--) {
        if (CLAUSE_END.has(raw[i]!)) return false;
        const n = Math.max(set.matchAt(words, i), set.matchAt(raw, i));
        if (n > 0 && i + n <= k) return true;
      }
      return false;
    }

    function cueAfter(set: PhraseSet, k: number, window: number, sLast: number): boolean {
      for (let i = k; i < Math.min(sLast, k + window); i++) {
        if (CLAUSE_END.has(raw[i]!)) return false;
        if (set.matchAt(words, i) > 0) return true;
      }
      return false;
    }

    function agentMarked(k: number): boolean {
      for (let i = k - 1; i >= Math.max(0, k - 3); i--) {
        const n = agents.matchAt(words, i);
        if (n > 0 && i + n === k) return true;
      }
      // بنيران / برصاص glued to the name's token is handled by the marker: "بنيران القوات" has the entity after it.
      return false;
    }

    function hostMarked(k: number): boolean {
      for (let i = k - 1; i >= Math.max(0, k - 4); i--) {
        const n = hosts.matchAt(words, i);
        if (n > 0 && i + n >= k - 2) return true;
      }
      return false;
    }

    function timesIn(from: number, to: number): TimeExpr[] {
      const start = tokens[from]?.start ?? 0;
      const end = tokens[to - 1]?.end ?? 0;
      const out: TimeExpr[] = [];
      for (let i = countStartingBefore(dates, start); i < dates.length && dates[i]!.start < end; i++) if (dates[i]!.end <= end) out.push(dates[i]!);
      return out;
    }

    /** The groups wholly inside tokens [from, to) (groups are in text order). */
    function groupsBetween(groups: Group[], from: number, to: number): Group[] {
      let lo = 0;
      let hi = groups.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (groups[mid]!.first < from) lo = mid + 1;
        else hi = mid;
      }
      const out: Group[] = [];
      for (let i = lo; i < groups.length && groups[i]!.first < to; i++) if (groups[i]!.last <= to) out.push(groups[i]!);
      return out;
    }

    /** What holds for a whole sentence (attribution cues, contexts, the host of a visit), once per sentence. */
    function factsOf(index: number, sFirst: number, sLast: number, groups: Group[]): NonNullable<typeof sentenceFacts> {
      if (sentenceFacts?.index === index) return sentenceFacts;
      const labels = sentenceLabels.labelsIn(words, sFirst, sLast);
      sentenceFacts = {
        index,
        claimed: labels.has(' claimed'),
        reported: labels.has(' reported'),
        contexts: contextNames.filter((name) => labels.has(name)),
        host: groups.find((g) => hostMarked(g.first)),
      };
      return sentenceFacts;
    }

    function dateOf(from: number, to: number, hit: Hit, unrealized: boolean, unrealizedFuture: boolean): Pick<PloverEvent, 'date' | 'date_precision'> & { precision: PloverEvent['date_precision']; source: PloverEvent['date_source'] } {
      const at = tokens[hit.first]!.start;
      const near = (list: TimeExpr[]): TimeExpr | undefined => list.filter((t) => precisionOf(t.value) !== null)
        .sort((a, b) => Math.abs(a.start - at) - Math.abs(b.start - at))[0];
      const found = near(timesIn(from, to)) ?? near(timesIn(clauseStart(hit.first, 0), clauseEnd(hit.last, tokens.length)));
      if (found) {
        // "سيعقد … هذا الخريف" in January: a planned event's relative season or month is the next one, not the last.
        let value = found.value;
        if (unrealizedFuture && found.anchor !== null && isBeforePublication(value, doc.published) && /^\d{4}-(SP|SU|FA|WI|\d{2})$/.test(value)) {
          value = `${Number(value.slice(0, 4)) + 1}${value.slice(4)}`;
        }
        return { date: value, date_precision: precisionOf(value), precision: precisionOf(value), source: 'text' };
      }
      const dl = doc.dateline;
      if (dl) {
        const dated = doc.times.find((t) => t.type === 'DATE' && t.start >= dl.start && t.end <= dl.end && precisionOf(t.value));
        if (dated) return { date: dated.value, date_precision: precisionOf(dated.value), precision: precisionOf(dated.value), source: 'dateline' };
      }
      if (!unrealized && doc.published) return { date: doc.published.slice(0, 10), date_precision: 'day', precision: 'day', source: 'published' };
      return { date: null, date_precision: null, precision: null, source: null };
    }

    function sizeOf(from: number, to: number, kinds: Array<keyof EventCues['size']>, trigger: number): PloverEvent['size'] {
      const size: NonNullable<PloverEvent['size']> = {};
      for (let k = from; k < to; k++) {
        const n = numberAt(k);
        if (n === null) continue;
        const valueEnd = multipliers.has(words[k + 1] ?? '') ? k + 2 : k + 1;
        for (const kind of kinds) {
          if (size[kind] !== undefined) continue;
          // "80 قتيلا", "8 ملايين شخص" (after), "مقتل 25 شخصا", "اعتقال 5" (before).
          // A count of people right after the trigger is its own size: "تظاهر 5 آلاف شخص" (the first kind of the type).
          const people = words[valueEnd] !== undefined && /^(شخص|اشخاص|شخصا|مدنيا|مدنيين|طفلا|اطفال|جنديا|جنود|عنصرا|عناصر|مسلحا|مسلحين|فلسطينيا|فلسطينيين|متظاهر|متظاهرين)$/.test(words[valueEnd]!);
          const afterCue = sizeWords[kind].matchAt(words, valueEnd) > 0 || (people && (cueNear(sizeWords[kind], k, 3) || (kind === kinds[0] && k > trigger && k - trigger <= 2)));
          const beforeCue = sizeWords[kind].matchAt(words, k - 1) > 0 || (k >= 2 && sizeWords[kind].matchAt(words, k - 2) > 0 && /^(نحو|حوالي|قرابه|اكثر|اقل|من)$/.test(words[k - 1]!));
          if (afterCue || beforeCue) {
            size[kind] = n * (multipliers.get(words[k + 1] ?? '') ?? 1);
            break;
          }
        }
      }
      return Object.keys(size).length > 0 ? size : null;
    }

    function cueNear(set: PhraseSet, k: number, window: number): boolean {
      for (let i = Math.max(0, k - window); i < k; i++) if (set.matchAt(words, i) > 0) return true;
      return false;
    }

    function numberAt(k: number): number | null {
      const t = tokens[k]!;
      if (t.kind === 'number') {
        const n = Number(t.norm.replace(/[,٬]/g, '').replace('٫', '.'));
        return Number.isFinite(n) && n >= 0 && n < 1e8 && Number.isInteger(n) ? n : null;
      }
      return numberWords.get(words[k]!) ?? null;
    }

    function withActorContexts(sentenceContexts: readonly string[], actors: Group[]): string[] {
      const out = [...sentenceContexts];
      if (!out.includes('terrorism') && actors.some((g) => g.members.some((e) => doc.links[e]?.subtype === 'ARMED_GROUP'))) out.push('terrorism');
      return out;
    }

    function groupCountry(g: Group): string | null {
      for (const e of g.members) {
        const c = entities[e]!.country ?? doc.links[e]?.country;
        if (c) return c;
      }
      return null;
    }

    /** The actor a group names: its most specific member (a person, else an organisation, else a country), with the group's country. */
    function actorOf(g: Group): Actor {
      const rank = (e: number): number => {
        const ent = entities[e]!;
        return ent.type === 'PER' ? 4 : ent.type === 'ORG' ? 3 : ent.type === 'LOC' ? 2 : 1;
      };
      const head = [...g.members].sort((a, b) => rank(b) - rank(a))[0]!;
      const ent = entities[head]!;
      const link = doc.links[head] ?? null;
      return {
        start: ent.start,
        end: ent.end,
        text: ent.text,
        name: ent.name ?? null,
        id: ent.id ?? null,
        country: groupCountry(g),
        sector: sectorOf(ent, link),
      };
    }

    function placeOf(g: Group): Place | null {
      const e = g.members[g.members.length - 1]!;
      const ent: Entity = entities[e]!;
      const link = doc.links[e];
      if (!link || link.lat === undefined || link.lon === undefined) return null;
      const place: Place = {
        start: ent.start, end: ent.end, text: ent.text, name: link.en, country: link.country ?? null,
        lat: link.lat, lon: link.lon, feature: link.feature ?? (link.subtype === 'REGION' ? 'region' : 'city'),
      };
      if (link.countries) place.countries = link.countries;
      if (link.geonames_id !== undefined) place.geonames_id = link.geonames_id;
      if (link.wikidata) place.wikidata = link.wikidata;
      return place;
    }
  };

  function rawConfidence(hit: Hit, actor: boolean, recipient: boolean, place: boolean): number {
    const base = [0, 0.3, 0.45, 0.55, 0.65, 0.7, 0.75][hit.rank] ?? 0.5;
    return Math.min(0.95, base + (actor ? 0.1 : 0) + (recipient ? 0.05 : 0) + (place ? 0.03 : 0) + (hit.verb ? 0.02 : 0));
  }

  function calibrate(x: number): number {
    const pts = calibration?.points;
    if (!pts || pts.length === 0) return Math.round(x * 1000) / 1000;
    if (x <= pts[0]![0]) return pts[0]![1];
    for (let i = 1; i < pts.length; i++) {
      const [x1, y1] = pts[i]!;
      const [x0, y0] = pts[i - 1]!;
      if (x <= x1) return Math.round((x1 === x0 ? y1 : y0 + ((x - x0) * (y1 - y0)) / (x1 - x0)) * 1000) / 1000;
    }
    return pts[pts.length - 1]![1];
  }
}

/** The shipped calibration map, or null when none has been fitted. */
function loadCalibration(): Calibration | null {
  try {
    return loadModelJson<Calibration>('events/calibration.json');
  } catch {
    return null;
  }
}

const FOLDED_LEMMA = new WeakMap<TriggerEntry, string>();
const PATTERN_WORDS = new WeakMap<TriggerEntry, string[]>();
const VERB_FORMS = new WeakMap<TriggerEntry, Map<string, boolean>>();

/** The folded words of an entry's pattern that carry meaning (one-letter prepositions are implied by the next word). */
function patternWords(entry: TriggerEntry): string[] {
  let words = PATTERN_WORDS.get(entry);
  if (!words) {
    words = foldString(entry.pattern ?? '').split(' ').filter((w) => w.length >= 2);
    PATTERN_WORDS.set(entry, words);
  }
  return words;
}

/** `isVerbForm`, remembered per entry and word. */
function isVerbFormCached(word: string, entry: TriggerEntry): boolean {
  let seen = VERB_FORMS.get(entry);
  if (!seen) VERB_FORMS.set(entry, (seen = new Map()));
  let verb = seen.get(word);
  if (verb === undefined) seen.set(word, (verb = isVerbForm(word, entry)));
  return verb;
}

/**
 * Whether a matched word is a finite verb of its entry (قصفت، يجتمع، سيزور), not a masdar, participle or plural noun
 * (القصف، اجتماع، زيارة، تهديدات): decided by shape against the lemma, since the forms list mixes both.
 */
function isVerbForm(word: string, entry: TriggerEntry): boolean {
  if (word.startsWith('ال') || /^[بلك]ال/.test(word)) return false;
  let lemma = FOLDED_LEMMA.get(entry);
  if (lemma === undefined) {
    lemma = foldString(entry.lemma).replace(/[^\u0621-\u064a ]/g, '');
    FOLDED_LEMMA.set(entry, lemma);
  }
  if (lemma.includes(' ') || word.endsWith('ات') || (word.endsWith('ه') && !lemma.endsWith('ه'))) return false;
  if ([lemma, `${lemma}ت`, `${lemma}وا`, `${lemma}ا`].includes(word)) return true;
  const stem = word.replace(/^س?[يتن]/, '').replace(/(ون|ان)$/, '');
  if (stem === word) return false;
  const bareLemma = lemma.replace(/^ا/, '');
  // Hollow verbs (زار → يزور) and defective ones (دعا → يدعو، التقى → يلتقي).
  const hollow = lemma.length === 3 && lemma[1] === 'ا' ? [`${lemma[0]}و${lemma[2]}`, `${lemma[0]}ي${lemma[2]}`] : [];
  const defective = /[اي]$/.test(lemma) ? [lemma.slice(0, -1) + 'و', lemma.slice(0, -1) + 'ي', bareLemma.slice(0, -1) + 'ي'] : [];
  return [lemma, bareLemma, ...hollow, ...defective].includes(stem);
}

/** Precision of a TIMEX3 date value, or null when it is not a calendar date (PAST_REF, P1Y, …). */
export function precisionOf(value: string): PloverEvent['date_precision'] {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'day';
  if (/^\d{4}-W\d{2}$/.test(value)) return 'week';
  if (/^\d{4}-\d{2}$/.test(value)) return 'month';
  if (/^\d{4}-(SP|SU|FA|WI)$/.test(value)) return 'season';
  if (/^\d{4}$/.test(value)) return 'year';
  return null;
}

/** Whether a date value lies wholly after the publication date (a planned or expected event). */
function isAfterPublication(value: string, published: string | null): boolean {
  if (!published || precisionOf(value) === null) return false;
  const day = published.slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value > day;
  if (/^\d{4}-\d{2}$/.test(value)) return value > day.slice(0, 7);
  if (/^\d{4}$/.test(value)) return value > day.slice(0, 4);
  return false;
}

/** Whether a season or month value ended before the publication date. */
function isBeforePublication(value: string, published: string | null): boolean {
  if (!published) return false;
  const month = published.slice(0, 7);
  const season = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value);
  if (season) {
    const last: Record<string, string> = { SP: '05', SU: '08', FA: '11', WI: '14' };
    return `${season[1]}-${last[season[2]!]!}` < month;
  }
  return /^\d{4}-\d{2}$/.test(value) && value < month;
}

/** The entity that the dateline's place names, if any. */
function datelineEntity(doc: Doc): number | null {
  const place = doc.dateline?.place;
  if (!place) return null;
  const i = doc.entities.findIndex((e) => e.start >= place.start && e.end <= place.end && e.type === 'LOC');
  return i >= 0 ? i : null;
}

function distance(g: { first: number; last: number }, hit: { first: number; last: number }): number {
  return g.first >= hit.last ? g.first - hit.last : hit.first - g.last + 0.5;
}

function sectorOf(ent: Entity, link: KbEntry | null): string | null {
  if (link?.sector) return link.sector;
  if (ent.subtype && SUBTYPE_SECTOR[ent.subtype]) return SUBTYPE_SECTOR[ent.subtype]!;
  return null;
}

