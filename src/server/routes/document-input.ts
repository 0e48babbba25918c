/**
 * The article object the API takes (`POST /api/analyze`, `POST /api/documents`): its JSON schema and its reading
 * into a pipeline input, the same reading `marsad ingest` gives a JSONL line (`inputFromObject`: `text` or `html`,
 * the common aliases of corpora, the raw object kept whole). Fields the schema does not name are allowed and kept
 * in the stored raw input, as ingest keeps them.
 */
import type { SourceInput } from '../../doc.js';
import { InputError, inputFromObject } from '../../ingest/read-input.js';
import { badRequest } from './http-error.js';

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

/** Read one article object into a pipeline input; the raw input is the object's JSON. Throws the reason as a 400. */
export function readDocumentInput(value: unknown): SourceInput {
  const input = readOrReason(value);
  if (typeof input === 'string') throw badRequest(input);
  return input;
}

/** The input of an article object, or the reason it cannot be one. */
export function readOrReason(value: unknown): SourceInput | string {
  let input: SourceInput;
  try {
    input = inputFromObject(value, JSON.stringify(value));
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  if (!/[\p{L}\p{N}]/u.test(input.text)) return 'the article has no text (no letter or digit in its text or HTML)';
  return input;
}
