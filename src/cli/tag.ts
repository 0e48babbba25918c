/**
 * `marsad tag --conll FILE|-`: tag CoNLL-style token lines with the NER tagger. Each input line gives a token
 * (the first whitespace-free field, or everything before the last space when there are two columns, so a
 * gold-tagged file can be re-tagged); a blank line ends a sentence. Prints `TOKEN<TAB>TAG` per token, blank
 * lines kept. Tags: BIO over PERS, ORG, LOC, MISC (the ANERcorp scheme).
 *
 *   فرانكفورت            →  فرانكفورت<TAB>B-LOC
 *   قال O                 →  قال<TAB>O
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadTagger, type Tagger } from '../annotate/ner-tagger.js';
import { InputError } from '../ingest/read-input.js';
import { UsageError } from './usage-error.js';
import { wordLexiconLabeler, type WordLabeler } from '../annotate/lexicon-labels.js';
import { knowledgeBase, personNameLists } from '../lexicon/kb.js';

/** Usage text of the tag command. */
export const TAG_USAGE = `usage: marsad tag --conll FILE|- [--lexicon FILE]…
Reads one token per line (a second column, e.g. a gold tag, is ignored; blank line = sentence end) and
prints TOKEN<TAB>TAG with BIO tags over PERS, ORG, LOC, MISC.`;

/** Options for {@link tagCommand} (for tests and embedding). */
export interface TagCommandOptions {
  /** Tagger to use instead of the shipped one. */
  tagger?: Tagger;
  /** Lexicon labels instead of the shipped knowledge base's (null: none). */
  lexicon?: WordLabeler | null;
}

/** Token of an input line: everything before the last space when there are two columns, else the first field. */
export function conllToken(line: string): string {
  const trimmed = line.trim();
  const fields = trimmed.split(/\s+/);
  if (fields.length === 2) return trimmed.replace(/\s+\S+$/u, '');
  return fields[0]!;
}

/** Run the tag command; resolves to the exit code. */
export async function tagCommand(args: string[], out: NodeJS.WritableStream = process.stdout, options: TagCommandOptions = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { conll: { type: 'boolean' }, lexicon: { type: 'string', multiple: true } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${TAG_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (!values.conll) throw new UsageError(`tag needs --conll (the only input format so far)\n${TAG_USAGE}`);
  if (positionals.length !== 1) throw new UsageError(`tag --conll takes one FILE (or - for stdin), got ${positionals.length}\n${TAG_USAGE}`);
  const file = positionals[0]!;
  let input: string;
  try {
    input = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new InputError(e.code === 'ENOENT' ? `no such file: ${file}` : e.code === 'EISDIR' ? `${file} is a folder; give a CoNLL file` : `cannot read ${file}: ${e.message}`);
  }
  const tagger = options.tagger ?? loadTagger();
  const lexicon = options.lexicon === undefined ? wordLexiconLabeler(knowledgeBase(values.lexicon ?? []), personNameLists() ?? undefined) : options.lexicon;
  const lines = input.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // the file's final newline ends the last line
  let buf = '';
  let sentence: string[] = [];
  const flush = (): void => {
    if (sentence.length === 0) return;
    const tags = tagger.tag(sentence, lexicon ? lexicon(sentence) : undefined);
    for (let i = 0; i < sentence.length; i++) buf += `${sentence[i]}\t${tags[i]}\n`;
    sentence = [];
  };
  for (const line of lines) {
    if (line.trim() === '') {
      flush();
      buf += '\n';
    } else sentence.push(conllToken(line));
    if (buf.length > 1 << 16) {
      out.write(buf);
      buf = '';
    }
  }
  flush();
  if (buf) out.write(buf);
  return 0;
}
