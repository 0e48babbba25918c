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
  /** A lexicon-only city needs at least this population (a small town's name is often a common word). */
  minCityPopulation?: number;
}

const TYPE_OF_TAG: Record<string, Mention['type']> = { PERS: 'PER', PER: 'PER', ORG: 'ORG', LOC: 'LOC', MISC: 'MISC' };

/** The entity-tagging stage. */
export function tagEntities(options: TagEntitiesOptions) {
  const { kb, tagger, names } = options;
  const minPopulation = options.minCityPopulation ?? 100_000;
  const sure = (e: KbEntry, m: LexiconMatch): boolean =>
    (!m.common || e.subtype === 'NORP' || e.feature === 'country' || e.feature === 'region' || (e.population ?? 0) >= 1_000_000) &&
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
          if (type) mentions.push(mentionOf(doc, a + f, a + l, type, matches, kb));
        }
      }
    }
    // Lexicon matches the tagger did not cover.
    const covered = (m: LexiconMatch): boolean => mentions.some((x) => x.first < m.last && m.first < x.last);
    for (const m of matches) {
      if (covered(m)) continue;
      const entry = kb.entries[m.entries[0]!]!;
      if (!m.entries.some((e) => sure(kb.entries[e]!, m))) continue;
      mentions.push({ start: m.start, end: m.end, type: entry.type, entries: m.entries, by: 'lexicon', first: m.first, last: m.last });
    }
    mentions.sort((a, b) => a.start - b.start);
    doc.mentions = mentions;
  };
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

/** A tagger span as a mention: tied to the lexicon match inside it, its first token's proclitics left out. */
function mentionOf(doc: Doc, first: number, last: number, type: Mention['type'], matches: readonly LexiconMatch[], kb: KnowledgeBase): Mention {
  const tokens = doc.tokens;
  const inside = matches.filter((m) => m.first >= first && m.last <= last);
  const agreeing = inside.filter((m) => m.entries.some((e) => kb.entries[e]!.type === type || type === 'MISC'));
  // The match that spans the mention wins; else one match inside gives its entries only when it is the whole name.
  const whole = agreeing.find((m) => m.first === first && m.last === last);
  let start = tokens[first]!.start;
  const parts = tokens[first]!.parts;
  if (whole) start = whole.start;
  else if (parts) {
    // Leave out و ف ب ل ك س (not the article): "لداعش" names داعش.
    let cut = 0;
    for (const p of parts) {
      if (p.kind === 'conj' || p.kind === 'prep' || p.kind === 'future') cut = p.end;
      else break;
    }
    if (cut > 0 && cut < tokens[first]!.end - tokens[first]!.start) start += cut;
  }
  return {
    start,
    end: tokens[last - 1]!.end,
    type,
    entries: whole ? whole.entries.filter((e) => kb.entries[e]!.type === type || type === 'MISC') : [],
    by: whole ? 'both' : 'tagger',
    first,
    last,
  };
}
