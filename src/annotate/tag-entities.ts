/**
 * Stage: named-entity mentions. The trained tagger reads each sentence's tokens with the knowledge base's
 * labels as features; its spans are kept, tied to the lexicon match they contain. Lexicon matches the
 * tagger passed over are added when the knowledge base is sure of them (a country, region, IGO, armed
 * group, a multi-word name, a large city) and demonyms always (MISC/NORP), so "الدنماركي" carries DNK —
 * unless the name is also a frequent ordinary word (بيان, جديد): then only the tagger can make it an entity.
 */
import type { Doc, Mention } from '../doc.js';
import type { KnowledgeBase } from '../lexicon/kb.js';
import type { KbEntry } from '../lexicon/kb-types.js';
import { matchLexicon, type LexiconMatch } from '../lexicon/matcher.js';
import { lexiconLabels, type NameLists } from './lexicon-labels.js';

/** A trained sequence tagger: BIO tags over PERS/ORG/LOC/MISC for a sentence's tokens. */
export interface SequenceTagger {
  /** Tags for `words` (one per word), given each word's lexicon labels. */
  tag(words: string[], lexicon?: string[][]): string[];
}

/** Options for {@link tagEntities}. */
export interface TagEntitiesOptions {
  /** The knowledge base to match. */
  kb: KnowledgeBase;
  /** The tagger; null runs on the lexicon alone. */
  tagger: SequenceTagger | null;
  /** Person-name lists for the tagger's features. */
  names?: NameLists;
  /** Person roles (ROLE entries): a name right after one is a person even when the tagger misses it. */
  roles?: KnowledgeBase;
  /** A lexicon-only city needs at least this population (a small town's name is often a common word). */
  minCityPopulation?: number;
}

const TYPE_OF_TAG: Record<string, Mention['type']> = { PERS: 'PER', PER: 'PER', ORG: 'ORG', LOC: 'LOC', MISC: 'MISC' };

/** The entity-tagging stage. */
export function tagEntities(options: TagEntitiesOptions) {
  const { kb, tagger, names } = options;
  const minPopulation = options.minCityPopulation ?? 100_000;
  const sure = (e: KbEntry, m: LexiconMatch): boolean =>
    strong(e, m) &&
    (e.subtype === 'NORP' ||
      e.feature === 'country' ||
      e.feature === 'region' ||
      e.subtype === 'IGO' ||
      e.subtype === 'ARMED_GROUP' ||
      (m.last - m.first > 1 && e.subtype !== 'ROLE') ||
      (e.feature !== undefined && (e.population ?? 0) >= minPopulation));
  return (doc: Doc): void => {
    const { text, tokens } = doc;
    const norms = tokens.map((t) => t.norm);
    const matches = matchLexicon(kb, text, tokens).filter((m) => m.entries.some((e) => kb.entries[e]!.subtype !== 'ROLE'));
    const mentions: Mention[] = [];
    if (tagger) {
      const labels = lexiconLabels(kb, norms, matches, names);
      // Matches never overlap: the one covering a token is the only one that can hold a span starting there.
      const matchOf = new Array<LexiconMatch | undefined>(tokens.length);
      for (const m of matches) for (let t = m.first; t < m.last; t++) matchOf[t] = m;
      let k = 0;
      for (const s of doc.sentences) {
        while (k < tokens.length && tokens[k]!.start < s.start) k++;
        const a = k;
        while (k < tokens.length && tokens[k]!.end <= s.end) k++;
        if (k === a) continue;
        const words = tokens.slice(a, k).map((t) => text.slice(t.start, t.end));
        const tags = tagger.tag(words, labels.slice(a, k));
        for (const [f, l, tag] of spansOf(tags)) {
          const type = TYPE_OF_TAG[tag];
          if (!type) continue;
          // A curated multi-word name around the span wins over it: "التحالف العسكري الذي تقوده السعودية" is
          // the coalition (ORG), not a place; the lexicon pass below adds it.
          const m = matchOf[a + f];
          if (m && m.last - m.first > 1 && m.last >= a + l && m.entries.some((e) => kb.entries[e]!.feature === undefined && kb.entries[e]!.type !== type)) continue;
          mentions.push(mentionOf(doc, a + f, a + l, type, m, kb));
        }
      }
    }
    // Tokens already in a mention, so each lexicon match is checked in time proportional to its length.
    const taken = new Uint8Array(tokens.length);
    const take = (x: { first: number; last: number }): void => {
      for (let k = x.first; k < x.last; k++) taken[k] = 1;
    };
    const covered = (x: { first: number; last: number }): boolean => {
      for (let k = x.first; k < x.last; k++) if (taken[k]) return true;
      return false;
    };
    mentions.forEach(take);
    // Persons after roles that the tagger missed.
    if (options.roles) {
      doc.roleMatches = matchLexicon(options.roles, text, tokens);
      for (const p of personsAfterRoles(doc, options.roles, kb, matches, names)) {
        if (covered(p)) continue;
        mentions.push(p);
        take(p);
      }
    }
    // Lexicon matches the tagger did not cover.
    for (const m of matches) {
      if (covered(m)) continue;
      const entry = kb.entries[m.entries[0]!]!;
      if (!m.entries.some((e) => sure(kb.entries[e]!, m))) continue;
      mentions.push({ start: m.start, end: m.end, type: entry.type, entries: m.entries, by: 'lexicon', first: m.first, last: m.last });
      take(m);
    }
    mentions.sort((a, b) => a.start - b.start);
    doc.mentions = mentions;
  };
}

/**
 * Whether a match is good evidence for this entry: curated names (countries, regions, actors, demonyms)
 * always; a gazetteer city or province only when its name is not also a frequent ordinary word (بيان,
 * جديد, التقدم are towns somewhere) or the place is very large.
 */
export function strong(e: KbEntry, m: LexiconMatch): boolean {
  if (!m.common) return true;
  if (e.feature !== 'city' && e.feature !== 'adm1') return true;
  return (e.population ?? 0) >= 1_000_000 || e.capital === true;
}

/** BIO tags → [first, last, type] spans (an I- without its B- starts a span, as conlleval reads it). */
export function spansOf(tags: readonly string[]): Array<[number, number, string]> {
  const spans: Array<[number, number, string]> = [];
  let open: [number, number, string] | null = null;
  tags.forEach((tag, i) => {
    const type = tag.length > 2 ? tag.slice(2) : '';
    if (tag.startsWith('B-') || (tag.startsWith('I-') && (!open || open[2] !== type))) {
      if (open) spans.push(open);
      open = [i, i + 1, type];
    } else if (tag.startsWith('I-') && open) {
      open[1] = i + 1;
    } else {
      if (open) spans.push(open);
      open = null;
    }
  });
  if (open) spans.push(open);
  return spans;
}

/** A tagger span as a mention: tied to the lexicon match covering it, else its first token's proclitics left out. */
function mentionOf(doc: Doc, first: number, last: number, type: Mention['type'], covering: LexiconMatch | undefined, kb: KnowledgeBase): Mention {
  const tokens = doc.tokens;
  const agrees = (m: LexiconMatch): boolean => m.entries.some((e) => kb.entries[e]!.type === type || type === 'MISC');
  // A name the knowledge base knows in full wins: the tagger's span grows to it ("أفريقيا" → "غرب أفريقيا")
  // or is it exactly; a match strictly inside the span ("الدنماركية" in a ministry's name) is not the mention.
  const m = covering;
  const whole = m && m.last >= last && agrees(m) && (m.first === first && m.last === last ? true : m.entries.some((e) => strong(kb.entries[e]!, m))) ? m : undefined;
  if (whole) {
    return { start: whole.start, end: whole.end, type, entries: whole.entries.filter((e) => kb.entries[e]!.type === type || type === 'MISC'), by: 'both', first: whole.first, last: whole.last };
  }
  return { start: withoutProclitics(doc, first), end: tokens[last - 1]!.end, type, entries: [], by: 'tagger', first, last };
}

/** Where a mention starting at token `first` starts: after و ف ب ل ك س (not the article): "لداعش" names داعش. */
function withoutProclitics(doc: Doc, first: number): number {
  const t = doc.tokens[first]!;
  let cut = 0;
  for (const p of t.parts ?? []) {
    if (p.kind === 'conj' || p.kind === 'prep' || p.kind === 'future') cut = p.end;
    else break;
  }
  return cut > 0 && cut < t.end - t.start ? t.start + cut : t.start;
}

/**
 * Persons named right after a role (`doc.roleMatches`): "وزير الخارجية الدنماركي X Y", "الرئيس الأمريكي دونالد ترامب".
 * After the role and an optional demonym or country, up to four words that are neither frequent ordinary
 * words nor known names of something else make the person (a listed first name may be a frequent word: محمد).
 */
export function personsAfterRoles(doc: Doc, roles: KnowledgeBase, kb: KnowledgeBase, matches: readonly LexiconMatch[], names?: NameLists): Mention[] {
  const tokens = doc.tokens;
  const found: Mention[] = [];
  const matchAt = new Map(matches.map((m) => [m.first, m]));
  for (const role of doc.roleMatches) {
    let i = role.last;
    const next = matchAt.get(i);
    if (next && next.entries.some((e) => { const x = kb.entries[e]!; return x.subtype === 'NORP' || x.feature === 'country'; })) i = next.last;
    const start = i;
    while (i < tokens.length && i - start < 4) {
      const t = tokens[i]!;
      if (t.kind !== 'word' || doc.text.slice(tokens[i - 1]!.end, t.start).includes('\n')) break;
      const listed = names?.first.has(t.norm) || names?.last.has(t.norm);
      if (matchAt.has(i) || roles.byKey.has(t.norm) || (kb.common.has(t.norm) && !listed)) break;
      i++;
    }
    // One word alone is a person only when it is a listed name and not also a frequent word (علي folds like على).
    const single = i - start === 1 && !kb.common.has(tokens[start]!.norm) && (names?.first.has(tokens[start]!.norm) || names?.last.has(tokens[start]!.norm));
    if (i - start >= 2 || single) {
      found.push({ start: tokens[start]!.start, end: tokens[i - 1]!.end, type: 'PER', entries: [], by: 'lexicon', first: start, last: i });
    }
  }
  return found;
}
