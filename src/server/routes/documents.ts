/**
 * `POST /api/documents` (bearer token): store articles as `marsad ingest` stores them (`analyzeItem`, then
 * `commitDocument`: same ids, same duplicate and near-duplicate handling), one object or `{documents: [...]}` (at
 * most 100). Every item is read first and nothing is stored when one cannot be read (400 with each bad item's
 * reason), so a client fixes its batch and sends it again; sending again is safe, as stored items come back as
 * duplicates. Budgets (the context's, else MARSAD_MAX_BYTES/MARSAD_MAX_MS): a document over the size budget is
 * refused like an unreadable one, but with a 413 (nothing stored); one whose analysis runs past the time budget is
 * recorded in the store's errors with the reason, as ingest records it, and its result says `error` with that reason.
 * `GET /api/documents/:id`: one stored document with its analysis and the analysts' corrections.
 */
import type { FastifyInstance, FastifyBaseLogger } from 'fastify';
import type { SourceInput } from '../../doc.js';
import type { AnalyzedItem, ItemToAnalyze } from '../../ingest/analyze-item.js';
import { commitDocument } from '../../ingest/commit-document.js';
import { documentId } from '../../pipeline.js';
import type { Store } from '../../store/store.js';
import { BudgetExceeded } from '../../budgets.js';
import { DOCUMENT_INPUT_SCHEMA, documentTooLarge, readOrReason } from './document-input.js';
import { badRequest, HttpError, notFound } from './http-error.js';
import type { RouteContext } from './route-context.js';

/** Most documents in one request. */
export const MAX_BATCH = 100;

/** A document id: the first 16 hex digits of the SHA-256 of the raw input. */
export const DOCUMENT_ID_PATTERN = '^[0-9a-f]{16}$';

const BODY_SCHEMA = {
  type: 'object',
  if: { required: ['documents'] },
  then: {
    properties: { documents: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: { type: 'object' } } },
    additionalProperties: false,
  },
  else: DOCUMENT_INPUT_SCHEMA,
} as const;

/** What happened to one posted document. */
export interface DocumentResult {
  id: string;
  status: 'inserted' | 'duplicate' | 'error';
  nearDuplicateOf?: { id: string; similarity: number };
  reason?: string;
}

/** Register the document routes. */
export function documentRoutes(app: FastifyInstance, { store, requireToken, writeRateLimit, budgets, analyze }: RouteContext): void {
  app.post('/api/documents', {
    onRequest: requireToken,
    schema: { querystring: { type: 'object', additionalProperties: false }, body: BODY_SCHEMA },
    config: { rateLimit: writeRateLimit },
  }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const batch = Array.isArray(body.documents);
    const items: unknown[] = batch ? (body.documents as unknown[]) : [body];
    const read = items.map((item) => readOrReason(item, budgets.maxBytes));
    const bad = read.flatMap((r, index) => ('reason' in r ? [{ index, reason: r.reason, tooLarge: r.tooLarge }] : []));
    if (bad.length > 0) {
      const tooLarge = bad.filter((b) => b.tooLarge).length;
      const summary = `${bad.length} of ${items.length} document${items.length === 1 ? '' : 's'} cannot be read` +
        `${tooLarge > 0 ? ` (${tooLarge} over the size budget)` : ''} (see items); none was stored`;
      const details = { items: bad.map(({ index, reason }) => ({ index, reason })) };
      throw tooLarge === bad.length ? documentTooLarge(summary, details) : badRequest(summary, details);
    }
    const at = new Date().toISOString();
    const results: DocumentResult[] = [];
    for (const [index, input] of (read as SourceInput[]).entries()) {
      results.push(await storeDocument(store, input, batch ? `api:${at}#${index + 1}` : `api:${at}`, analyze, request.log));
    }
    reply.code(results.some((r) => r.status === 'inserted') ? 201 : 200);
    return { results };
  });

  app.get<{ Params: { id: string } }>('/api/documents/:id', {
    schema: {
      params: { type: 'object', properties: { id: { type: 'string', pattern: DOCUMENT_ID_PATTERN } }, required: ['id'] },
      querystring: { type: 'object', additionalProperties: false },
    },
  }, async (request) => {
    const stored = await store.document(request.params.id);
    if (stored === null) throw notFound(`no stored document ${request.params.id}`);
    const corrections = (await Promise.all(stored.doc.events.map((e) => store.corrections(e.id)))).flat();
    return { document: stored.doc, origin: stored.origin, ingestedAt: stored.ingestedAt, nearDuplicateOf: stored.nearDuplicateOf, corrections };
  });
}

/**
 * Store one input as ingest does: skip a stored raw input, analyze within the budgets, link a near-duplicate, write
 * atomically. An analysis past the time budget, or failing, is recorded in the store's errors.
 */
async function storeDocument(store: Store, input: SourceInput, origin: string, analyze: (item: ItemToAnalyze) => Promise<AnalyzedItem>,
  log: FastifyBaseLogger): Promise<DocumentResult> {
  const id = documentId(input.raw);
  if (await store.hasDocument(id)) return { id, status: 'duplicate' };
  let analyzed;
  try {
    analyzed = await analyze({ origin, raw: input.raw, input });
  } catch (error) {
    if (error instanceof HttpError) throw error; // busy: the client sends the rest of its batch again
    if (error instanceof BudgetExceeded) {
      await store.putError({ origin, reason: error.message, raw: input.raw.slice(0, 10_000) });
      return { id, status: 'error', reason: error.message };
    }
    // A pipeline failure is a bug, not the client's fault: recorded like ingest records it, and logged.
    log.error({ err: error, origin }, 'analysis failed');
    await store.putError({ origin, reason: `analysis failed: ${(error as Error).message}`, raw: input.raw.slice(0, 10_000) });
    return { id, status: 'error', reason: 'analysis failed; the document is recorded in the store\'s errors' };
  }
  const result = await commitDocument(store, analyzed);
  return { id: result.id, status: result.status, ...(result.nearDuplicateOf ? { nearDuplicateOf: result.nearDuplicateOf } : {}) };
}
