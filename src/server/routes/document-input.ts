/**
 * The article object the API takes (`POST /api/analyze`, `POST /api/documents`): its JSON schema and its reading
 * into a pipeline input, the same reading `marsad ingest` gives a JSONL line (`inputFromObject`: `text` or `html`,
 * the common aliases of corpora, the raw object kept whole). Fields the schema does not name are allowed and kept
 * in the stored raw input, as ingest keeps them. The raw input (the object's JSON) must fit the size budget: an
 * article over it is a 413, never analyzed.
 */
import type { SourceInput } from '../../doc.js';
import { InputError, inputFromObject } from '../../ingest/read-input.js';
import { BudgetExceeded, sizeExceeded, utf8Length } from '../../budgets.js';
import { badRequest, HttpError } from './http-error.js';

const text = { type: ['string', 'null'] } as const;

/** JSON schema of one article object. */
export const DOCUMENT_INPUT_SCHEMA = {
  type: 'object',
  minProperties: 1,
  properties: {
    text, html: text, title: text, published: text, source: text, url: text,
    id: { type: ['string', 'number', 'null'] },
    // The aliases corpora use (ANT, SaudiNewsNet, feeds), read as ingest reads them.
    content: text, body: text, article: text, headline: text, outlet: text, site: text, link: text,
    time: text, date: text, pubDate: text, date_published: text, datePublished: text, published_at: text, date_extracted: text,
    docno: { type: ['string', 'number', 'null'] }, doc_id: { type: ['string', 'number', 'null'] }, guid: { type: ['string', 'number', 'null'] },
  },
  additionalProperties: true,
} as const;

/** Why an article object cannot be read; `tooLarge` when it is over the size budget (a 413 rather than a 400). */
export interface InputProblem {
  reason: string;
  tooLarge: boolean;
}

/** The 413 of a document over the size budget. */
export function documentTooLarge(message: string, details?: Record<string, unknown>): HttpError {
  return new HttpError(413, 'document_too_large', message, details);
}

/** The 422 of a document whose analysis ran past the time budget. */
export function analysisTooLong(message: string): HttpError {
  return new HttpError(422, 'analysis_too_long', message);
}

/** Read one article object into a pipeline input; the raw input is the object's JSON. Throws a 400 or a 413. */
export function readDocumentInput(value: unknown, maxBytes: number): SourceInput {
  const input = readOrReason(value, maxBytes);
  if ('reason' in input) throw input.tooLarge ? documentTooLarge(input.reason) : badRequest(input.reason);
  return input;
}

/** The input of an article object, or why it cannot be one. */
export function readOrReason(value: unknown, maxBytes: number): SourceInput | InputProblem {
  let input: SourceInput;
  try {
    input = inputFromObject(value, rawJson(value));
    const bytes = utf8Length(input.raw);
    if (bytes > maxBytes) throw sizeExceeded(bytes, maxBytes);
  } catch (error) {
    if (error instanceof InputError) return { reason: error.message, tooLarge: error instanceof BudgetExceeded };
    throw error;
  }
  if (!/[\p{L}\p{N}]/u.test(input.text)) return { reason: 'the article has no text (no letter or digit in its text or HTML)', tooLarge: false };
  return input;
}

/** The object's JSON; one nested too deeply to write back is an InputError. */
function rawJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new InputError(`the article object cannot be written back as JSON (${(error as Error).message}); it is nested too deeply to be an article`);
  }
}
