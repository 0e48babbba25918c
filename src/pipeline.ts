/**
 * The pipeline: an ordered list of stages over one document, frozen before its first run. Pure: text
 * in, AnnotatedDoc out, no I/O (model files are read once, when the stages are created).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Doc, SourceInput } from './doc.js';
import { toAnnotatedDoc } from './doc.js';
import type { AnnotatedDoc } from './types.js';
import { loadModelJson } from './lexicon/load-model.js';
import { OffsetMap } from './text/offset-map.js';
import { parsePublished } from './text/parse-published.js';
import { repairEntities } from './text/repair-entities.js';
import { repairCharacters } from './text/repair-characters.js';
import { stripBoilerplate } from './text/strip-boilerplate.js';
import { splitHeader } from './text/split-header.js';
import { splitSentences } from './text/split-sentences.js';
import { tokenize } from './text/tokenize.js';
import { fold } from './text/fold.js';
import { knowledgeBase, KnowledgeBase, personNameLists, roleKnowledgeBase } from './lexicon/kb.js';
import { nameKey } from './lexicon/variants.js';
import { tagEntities, type SequenceTagger } from './annotate/tag-entities.js';
import { linkEntities } from './annotate/link-entities.js';
import { findQuotes } from './annotate/find-quotes.js';
import { codeEvents, type CodeEventsOptions } from './annotate/code-events.js';
import { resolveTimes } from './annotate/resolve-times.js';
import { loadTagger } from './annotate/ner-tagger.js';
import { checkSize, timeExceeded, utf8Length, type Budgets } from './budgets.js';

/** A stage: reads and adds to the document. Create stages with their options: `(options) => Stage`. */
export type Stage = (doc: Doc) => void;

/** A named stage in a pipeline. */
export interface NamedStage {
  /** Name, unique in the pipeline (used to insert around it). */
  name: string;
  /** The stage. */
  run: Stage;
}

const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** `marsad/<version> model/<model version>`: what produced a document. */
export const CODER = `marsad/${PACKAGE.version} model/${loadModelJson<{ version: string }>('manifest.json').version}`;

/** The stable id of an input: the first 16 hex digits of the SHA-256 of the raw input as given. */
export function documentId(raw: string): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/** Options for the text layer. */
export interface TextOptions {
  /** Whether a name is a known place (lets the header tell a dateline's place from a byline). */
  isPlace?: (name: string) => boolean;
}

/** The text layer's stages, in order. */
export function textStages(options: TextOptions = {}): NamedStage[] {
  return [
    { name: 'repair-entities', run: repairEntities() },
    { name: 'repair-characters', run: repairCharacters() },
    { name: 'strip-boilerplate', run: stripBoilerplate() },
    { name: 'split-header', run: splitHeader(options.isPlace ? { isPlace: options.isPlace } : {}) },
    { name: 'split-sentences', run: splitSentences() },
    { name: 'tokenize', run: tokenize() },
    { name: 'fold', run: fold() },
  ];
}

/** Options for the annotating stages. */
export interface AnnotateOptions {
  /** User lexicon files (`--lexicon FILE`) that add to or override the shipped knowledge base. */
  lexicons?: readonly string[];
  /** A tagger to use instead of the shipped one (null: lexicon only). */
  tagger?: SequenceTagger | null;
  /** Options for the event coder (e.g. `{ calibration: null }` for raw evidence scores). */
  events?: CodeEventsOptions;
}

/** The annotating stages after the text layer: time expressions, entities (tag, then link), quotations, events. */
export function annotateStages(options: AnnotateOptions = {}, kb: KnowledgeBase = knowledgeBase(options.lexicons ?? [])): NamedStage[] {
  const roles = roleKnowledgeBase();
  const names = personNameLists();
  const tagger = options.tagger === undefined ? loadTagger() : options.tagger;
  return [
    { name: 'resolve-times', run: resolveTimes() },
    { name: 'tag-entities', run: tagEntities({ kb, tagger, ...(names ? { names } : {}), ...(roles ? { roles } : {}) }) },
    { name: 'link-entities', run: linkEntities({ kb, ...(roles ? { roles } : {}) }) },
    { name: 'find-quotes', run: findQuotes() },
    { name: 'code-events', run: codeEvents(options.events ?? {}) },
  ];
}

/** A place test over the knowledge base: the folded name is a key of a LOC entry. */
export function placeTest(kb: KnowledgeBase): (name: string) => boolean {
  return (name: string): boolean => (kb.byKey.get(nameKey(name)) ?? []).some((n) => kb.entries[n]!.type === 'LOC');
}

/** All default stages: the text layer (its header using the gazetteer), then the annotators. */
export function defaultStages(options: AnnotateOptions = {}): NamedStage[] {
  const kb = knowledgeBase(options.lexicons ?? []);
  return [...textStages({ isPlace: placeTest(kb) }), ...annotateStages(options, kb)];
}

/** Build the working document for an input: the title (when given) becomes the first line of the text. */
export function createDoc(input: SourceInput): Doc {
  // A title without a letter or digit (empty, only invisible characters) is no title: cleaning would erase it.
  const given = input.title?.replace(/\s+/gu, ' ').trim() ?? '';
  const title = /[\p{L}\p{N}]/u.test(given) ? given : null;
  let text = input.text;
  if (title) {
    const body = text.trimStart();
    if (body.startsWith(title + ' ')) text = `${title}\n${body.slice(title.length + 1)}`;
    else if (!body.startsWith(title)) text = `${title}\n${text}`;
  }
  const messages = [...(input.messages ?? [])];
  let published: string | null = null;
  if (input.published) {
    published = parsePublished(input.published);
    if (published === null) messages.push({ rule: 'published', reason: `publication date "${input.published}" is not a date marsad can read (ISO 8601 or RFC 822); left empty` });
  }
  return {
    input,
    id: documentId(input.raw),
    inputId: input.id ?? null,
    title,
    source: input.source?.trim() || null,
    url: input.url?.trim() || null,
    published,
    coder: CODER,
    text,
    origin: OffsetMap.identity(text.length),
    messages,
    dateline: null,
    sentences: [],
    tokens: [],
    folded: null,
    roleMatches: [],
    mentions: [],
    entities: [],
    links: [],
    times: [],
    quotes: [],
    events: [],
  };
}

/** An ordered, extendable list of stages; frozen (no more changes) at its first run. */
export class Pipeline {
  private readonly stages: NamedStage[];
  private frozen = false;

  /** A pipeline of `stages` (default: the text layer and the annotators). */
  constructor(stages: NamedStage[] = defaultStages()) {
    this.stages = [...stages];
  }

  /** Names of the stages, in order. */
  get names(): string[] {
    return this.stages.map((s) => s.name);
  }

  /** Add a stage at the end, or after the stage named `after`. */
  use(stage: NamedStage, after?: string): this {
    if (this.frozen) throw new Error(`Pipeline: cannot add "${stage.name}" after the pipeline has run; build a new Pipeline instead`);
    if (this.stages.some((s) => s.name === stage.name)) throw new Error(`Pipeline: a stage named "${stage.name}" is already there`);
    if (after === undefined) this.stages.push(stage);
    else {
      const at = this.stages.findIndex((s) => s.name === after);
      if (at === -1) throw new Error(`Pipeline: no stage named "${after}" (have: ${this.names.join(', ')})`);
      this.stages.splice(at + 1, 0, stage);
    }
    return this;
  }

  /**
   * Run every stage over a new document for `input` and return the working document. With budgets: a raw input
   * over `maxBytes` is refused before any work, and once `maxMs` has passed the next stage is not started; both
   * throw BudgetExceeded (src/budgets.ts).
   */
  process(input: SourceInput, budgets: Partial<Budgets> = {}): Doc {
    this.frozen = true;
    if (budgets.maxBytes !== undefined) checkSize(utf8Length(input.raw), budgets.maxBytes);
    const started = performance.now();
    const doc = createDoc(input);
    for (const stage of this.stages) {
      if (budgets.maxMs !== undefined) {
        const elapsed = performance.now() - started;
        if (elapsed > budgets.maxMs) throw timeExceeded(elapsed, budgets.maxMs, stage.name);
      }
      stage.run(doc);
    }
    return doc;
  }

  /** Run the pipeline and return the contract document (budgets as for `process`). */
  run(input: SourceInput, budgets: Partial<Budgets> = {}): AnnotatedDoc {
    return toAnnotatedDoc(this.process(input, budgets));
  }
}

let shared: Pipeline | null = null;

/** Analyze one input with the default pipeline (built on first use); budgets as for `Pipeline.process`. */
export function analyze(input: SourceInput, budgets: Partial<Budgets> = {}): AnnotatedDoc {
  shared ??= new Pipeline();
  return shared.run(input, budgets);
}
