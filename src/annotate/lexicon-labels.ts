/**
 * What the knowledge base says about each token, as features for the tagger: `B-LOC`, `I-ORG`, `B-NORP`,
 * `B-ROLE`, … from lexicon matches (`B-LOC?` when the name is also a frequent ordinary word), and `PER-FIRST` / `PER-LAST` from the person-name lists. The same
 * function feeds training (scripts/train-ner.ts) and tagging, so the features mean the same in both.
 */
import type { KnowledgeBase } from '../lexicon/kb.js';
import { matchLexicon, type LexiconMatch } from '../lexicon/matcher.js';
import { foldString } from '../text/fold.js';
import type { Token } from '../text/tokenize.js';

/** The label a knowledge-base entry gives its tokens (without the B-/I- position). */
export function entryLabel(entry: { type: string; subtype: string }): string {
  if (entry.subtype === 'NORP') return 'NORP';
  if (entry.subtype === 'ROLE') return 'ROLE';
  return entry.type;
}

/** Person-name lists (folded first and last names) for the PER-FIRST / PER-LAST features. */
export interface NameLists {
  /** Folded first names. */
  first: ReadonlySet<string>;
  /** Folded family names. */
  last: ReadonlySet<string>;
}

/**
 * Labels per token: for every match, `B-X` on its first token and `I-X` on the rest (X for each distinct
 * label among its entries), plus person-name labels for tokens whose folded form (or form without a و/ب/ل
 * proclitic) is a listed name.
 */
export function lexiconLabels(kb: KnowledgeBase, norms: readonly string[], matches: readonly LexiconMatch[], names?: NameLists): string[][] {
  const labels: string[][] = norms.map(() => []);
  for (const m of matches) {
    // A match that is also a frequent ordinary word is its own, weaker feature (B-LOC? for بيان).
    const weak = m.common ? '?' : '';
    const kinds = new Set(m.entries.map((e) => entryLabel(kb.entries[e]!) + weak));
    for (const kind of kinds) {
      labels[m.first]!.push('B-' + kind);
      for (let k = m.first + 1; k < m.last; k++) labels[k]!.push('I-' + kind);
    }
  }
  if (names) {
    norms.forEach((norm, i) => {
      const bare = norm.length > 3 && (norm[0] === 'و' || norm[0] === 'ب' || norm[0] === 'ل') ? norm.slice(1) : norm;
      if (names.first.has(norm) || names.first.has(bare)) labels[i]!.push('PER-FIRST');
      if (names.last.has(norm) || names.last.has(bare)) labels[i]!.push('PER-LAST');
    });
  }
  return labels;
}

/** Lexicon labels for a sentence given as words (CoNLL input, training data). */
export type WordLabeler = (words: string[]) => string[][];

function kindOf(word: string): Token['kind'] {
  if (/\p{N}/u.test(word) && /^[\p{N}.,٫٬]+$/u.test(word)) return 'number';
  return /[\p{L}\p{N}]/u.test(word) ? 'word' : 'punct';
}

/**
 * Labels for pre-tokenized words: they are joined with single spaces into a text so the matcher runs as it
 * does on documents (punctuation tokens stop a match there too).
 */
export function wordLexiconLabeler(kb: KnowledgeBase, names?: NameLists): WordLabeler {
  return (words: string[]): string[][] => {
    const tokens: Token[] = [];
    let text = '';
    for (const w of words) {
      if (text) text += ' ';
      tokens.push({ start: text.length, end: text.length + w.length, kind: kindOf(w), norm: foldString(w) });
      text += w;
    }
    return lexiconLabels(kb, tokens.map((t) => t.norm), matchLexicon(kb, text, tokens), names);
  };
}
