/**
 * marsad's library entry: analyze Arabic news text into AnnotatedDoc (the contract), or build a
 * pipeline of your own from the stages.
 */
export type * from './types.js';
export type { Doc, SourceInput } from './doc.js';
export { toAnnotatedDoc } from './doc.js';
export { analyze, Pipeline, textStages, createDoc, documentId, CODER, type NamedStage, type Stage } from './pipeline.js';
export { inputFromBytes, inputFromObject, InputError, type InputOverrides } from './ingest/read-input.js';
export { htmlToText } from './ingest/html-to-text.js';
export { foldString, foldText, foldedToText, type Folded } from './text/fold.js';
export { tokenizeText, type Token } from './text/tokenize.js';
export { sentenceRanges } from './text/split-sentences.js';
export { parsePublished } from './text/parse-published.js';
export { OffsetMap } from './text/offset-map.js';
