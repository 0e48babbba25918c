/**
 * The working document a pipeline run fills, stage by stage, and its conversion to the contract.
 * Stages read what earlier stages wrote and add their own fields; none rewrites another's output,
 * except that the cleaning stages (which run before any annotation exists) replace `text` through
 * `editText`, which keeps `origin` and the messages' offsets true.
 */
import type { AnnotatedDoc, Dateline, Entity, Message, PloverEvent, Quote, Range, TimeExpr } from './types.js';
import type { OffsetMap } from './text/offset-map.js';
import type { Token } from './text/tokenize.js';
import type { Folded } from './text/fold.js';
import type { LexiconMatch } from './lexicon/matcher.js';
import type { KbEntry } from './lexicon/kb-types.js';

/** A named-entity mention before linking: its span, its type and the knowledge-base entries its text names. */
export interface Mention {
  /** Start in `text`. */
  start: number;
  /** End in `text`. */
  end: number;
  /** Entity type. */
  type: 'PER' | 'ORG' | 'LOC' | 'MISC';
  /** Numbers of the knowledge-base entries the mention's text names (homonyms: several), empty when unknown. */
  entries: readonly number[];
  /** Who found it: the tagger, the lexicon, or both agreeing. */
  by: 'tagger' | 'lexicon' | 'both';
  /** First token. */
  first: number;
  /** One past the last token. */
  last: number;
}

/** An article as given: the plain text extracted from it and the metadata that came with it. */
export interface SourceInput {
  /** The raw input exactly as given (file bytes decoded, or the JSONL line); hashed into the document id. */
  raw: string;
  /** The article's plain text: the input text, or the text extracted from its HTML. */
  text: string;
  /** Title given with the input (JSON field, `--title`, or the HTML page). */
  title?: string | null;
  /** Outlet given with the input. */
  source?: string | null;
  /** URL given with the input. */
  url?: string | null;
  /** Publication date-time as given (ISO 8601 or RFC 822); normalised by the metadata stage. */
  published?: string | null;
  /** The input's own id (`id`, `docno`). */
  id?: string | null;
  /** Problems met while reading the input (decoding, HTML extraction). */
  messages?: Message[];
}

/** The document while the pipeline works on it. */
export interface Doc {
  /** The input as given; never modified. */
  readonly input: SourceInput;
  /** Stable id (hash of `input.raw`). */
  id: string;
  /** The input's own id. */
  inputId: string | null;
  /** Title, once known. */
  title: string | null;
  /** Outlet, once known. */
  source: string | null;
  /** URL. */
  url: string | null;
  /** Normalised publication date (ISO 8601). */
  published: string | null;
  /** Version string of the coder. */
  coder: string;
  /** The current (after cleaning: final) text. */
  text: string;
  /** Maps positions in `text` back to positions in `input.text`. */
  origin: OffsetMap;
  /** Messages about the content. */
  messages: Message[];
  /** The header's dateline, if found. */
  dateline: Dateline | null;
  /** Sentence ranges. */
  sentences: Range[];
  /** Tokens (words, numbers, punctuation) with clitic sub-spans and folded forms. */
  tokens: Token[];
  /** The folded matching form of `text` with its offset map, once computed. */
  folded: Folded | null;
  /** Person-role phrases ("وزير الخارجية") found by tag-entities, for link-entities. */
  roleMatches: LexiconMatch[];
  /** Named-entity mentions found by tag-entities (spans, types, lexicon matches), before linking. */
  mentions: Mention[];
  /** Entities (filled by link-entities from the mentions). */
  entities: Entity[];
  /** The knowledge-base entry each entity was linked to (same index as `entities`), null when none. */
  links: Array<KbEntry | null>;
  /** Time expressions. */
  times: TimeExpr[];
  /** Quotations. */
  quotes: Quote[];
  /** Events. */
  events: PloverEvent[];
}

/** The contract object for a finished document (plain data, ready for JSON). */
export function toAnnotatedDoc(doc: Doc): AnnotatedDoc {
  return {
    schema: 'marsad.doc/1',
    id: doc.id,
    input_id: doc.inputId,
    title: doc.title,
    source: doc.source,
    url: doc.url,
    published: doc.published,
    coder: doc.coder,
    text: doc.text,
    // In text order (those without a position last), so a reader can follow them down the article.
    messages: [...doc.messages].sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity)),
    sentences: doc.sentences,
    dateline: doc.dateline,
    entities: doc.entities,
    times: doc.times,
    quotes: doc.quotes,
    events: doc.events,
  };
}
