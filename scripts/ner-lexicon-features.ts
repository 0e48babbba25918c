/**
 * Lexicon labels for the NER tagger's features, for training and evaluation: the knowledge base in model/kb
 * (places, regions, demonyms, actors; whatever is built) matched over CoNLL tokens with the runtime matcher,
 * labelled by the runtime's lexiconLabels, plus PER-FIRST / PER-LAST from model/kb/person-names.json when it
 * exists. Using the runtime functions keeps the features' meaning the same in training and in tagging.
 *
 * The tokens of a CoNLL sentence are joined with single spaces into a text so the matcher (which works on
 * Token spans of a text) can run; punctuation tokens stop a match as they do in documents.
 */
import { existsSync, readFileSync } from 'node:fs';
import { shippedKnowledgeBase } from '../src/lexicon/kb.js';
import { wordLexiconLabeler, type NameLists } from '../src/annotate/lexicon-labels.js';
import { foldString } from '../src/text/fold.js';

/** A function from a sentence's tokens to each token's lexicon labels. */
export type LexiconLabeler = (tokens: string[]) => string[][];

const KB_DIR = new URL('../model/kb/', import.meta.url);

/** Which model/kb files exist now (the tagger's features depend on them; retrain when they change). */
export function kbFilesPresent(): string[] {
  return ['places.json', 'regions.json', 'demonyms.json', 'actors.json', 'misc.json', 'person-names.json', 'roles.json', 'common-words.json'].filter((f) => existsSync(new URL(f, KB_DIR)));
}

/** Person-name lists from model/kb/person-names.json ({first: string[], last: string[]}), or undefined. */
export function personNames(): NameLists | undefined {
  const url = new URL('person-names.json', KB_DIR);
  if (!existsSync(url)) return undefined;
  const file = JSON.parse(readFileSync(url, 'utf8')) as { first: string[]; last: string[] };
  return { first: new Set(file.first.map(foldString)), last: new Set(file.last.map(foldString)) };
}

/** The labeler over the shipped knowledge base (built once): the runtime's own. */
export function kbLexiconLabeler(): LexiconLabeler {
  return wordLexiconLabeler(shippedKnowledgeBase(), personNames());
}
