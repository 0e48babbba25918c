/**
 * Analyze one ingested item into what the store keeps: the AnnotatedDoc, the raw input, the input fields (for
 * re-analysis), the content hash and the near-duplicate signature. Pure (no store, no I/O): it runs in the ingest
 * worker threads and in the queue workers alike.
 */
import type { SourceInput } from '../doc.js';
import type { NewDocument, StoredInput } from '../store/store.js';
import { analyze } from '../pipeline.js';
import { environmentBudgets, type Budgets } from '../budgets.js';
import { contentHash, lshBands, minhashSignature } from './near-duplicates.js';

/** An item to analyze: where it came from, its raw input and the input read from it. */
export interface ItemToAnalyze {
  origin: string;
  raw: string;
  input: SourceInput;
}

/** A document ready for the store, before its near-duplicate link is looked up. */
export type AnalyzedItem = Omit<NewDocument, 'nearDuplicateOf'>;

/** The fields of an input the store keeps for re-analysis. */
export function storedInput(input: SourceInput): StoredInput {
  return {
    text: input.text,
    title: input.title ?? null,
    source: input.source ?? null,
    url: input.url ?? null,
    published: input.published ?? null,
    id: input.id ?? null,
  };
}

/** Rebuild the pipeline input from what the store kept. */
export function sourceInput(raw: string, input: StoredInput): SourceInput {
  return { raw, text: input.text, title: input.title, source: input.source, url: input.url, published: input.published, id: input.id };
}

/**
 * Analyze an item within its budgets (default: the environment's, MARSAD_MAX_BYTES and MARSAD_MAX_MS, else the
 * defaults). Throws what the pipeline throws — BudgetExceeded over a budget — and the caller records it as the
 * document's error.
 */
export function analyzeItem(item: ItemToAnalyze, budgets: Budgets = environmentBudgets()): AnalyzedItem {
  const doc = analyze(item.input, budgets);
  const signature = minhashSignature(`${doc.title ?? ''}\n${doc.text}`);
  return {
    doc,
    raw: item.raw,
    input: storedInput(item.input),
    contentHash: contentHash(doc.title, doc.text),
    origin: item.origin,
    signature,
    bands: lshBands(signature),
  };
}
