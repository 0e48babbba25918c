/**
 * `POST /api/analyze`: analyze one article (`{text|html, title?, published?, source?, url?}`) and answer its
 * AnnotatedDoc, as `marsad analyze` prints it. Nothing is stored. The analysis runs in the app's worker threads (a 503
 * when too many are waiting); the route has the stricter rate limit of the writing routes. Budgets (the app's):
 * an article over the size budget is a 413 `document_too_large`, never analyzed; one whose analysis runs past the
 * time budget is stopped (between stages, or its worker past the hard limit) and answered 422 `analysis_too_long`
 * (the document, not the server, is at fault: sending it again gives the same answer).
 */
import type { FastifyInstance } from 'fastify';
import { BudgetExceeded } from '../../budgets.js';
import { analysisTooLong, DOCUMENT_INPUT_SCHEMA, readDocumentInput } from './document-input.js';
import type { RouteContext } from './route-context.js';

/** Register the analyze route. */
export function analyzeRoutes(app: FastifyInstance, { writeRateLimit, budgets, analyze }: RouteContext): void {
  app.post('/api/analyze', {
    schema: { querystring: { type: 'object', additionalProperties: false }, body: DOCUMENT_INPUT_SCHEMA },
    config: { rateLimit: writeRateLimit },
  }, async (request) => {
    const input = readDocumentInput(request.body, budgets.maxBytes);
    try {
      return (await analyze({ origin: 'api:analyze', raw: input.raw, input })).doc;
    } catch (error) {
      if (error instanceof BudgetExceeded) throw analysisTooLong(error.message);
      throw error;
    }
  });
}
