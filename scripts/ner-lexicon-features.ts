/**
 * Lexicon labels for the NER tagger's features, for training and evaluation: the knowledge base in model/kb
 * (places, regions, demonyms, actors; whatever is built) matched over CoNLL tokens with the runtime matcher,
 * labelled by the runtime's lexiconLabels, plus PER-FIRST / PER-LAST from model/kb/person-names.json when it
 * exists. Using the runtime functions keeps the features' meaning the same in training and in tagging.
 *
 * The tokens of a CoNLL sentence are joined with single spaces into a text so the matcher (which works on
 * Token spans of a text) can run; punctuation tokens stop a match as they do in documents.
 */
import { existsSync } from 'node:fs';
import { personNameLists, shippedKnowledgeBase } from '../src/lexicon/kb.js';
import { wordLexiconLabeler, type WordLabeler } from '../src/annotate/lexicon-labels.js';

const KB_DIR = new URL('../model/kb/', import.meta.url);

/** Which model/kb files exist now (the tagger's features depend on them; retrain when they change). */
export function kbFilesPresent(): string[] {
  return ['places.json', 'regions.json', 'demonyms.json', 'actors.json', 'misc.json', 'person-names.json', 'roles.json', 'common-words.json'].filter((f) => existsSync(new URL(f, KB_DIR)));
}


/** The labeler over the shipped knowledge base (built once): the runtime's own. */
export function kbLexiconLabeler(): WordLabeler {
  return wordLexiconLabeler(shippedKnowledgeBase(), personNameLists() ?? undefined);
}
