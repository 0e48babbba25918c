/**
 * `POST /api/analyze`: analyze one article (`{text|html, title?, published?, source?, url?}`) and answer its
 * AnnotatedDoc, as `marsad analyze` prints it. Nothing is stored. The analysis runs in this thread, so the route
 * has the stricter rate limit of the writing routes.
 */
import type { FastifyInstance } from 'fastify';
import { analyze } from '../../pipeline.js';
import { DOCUMENT_INPUT_SCHEMA, readDocumentInput } from './document-input.js';
import type { RouteContext } from './route-context.js';

/** Register the analyze route. */
export function analyzeRoutes(app: FastifyInstance, { writeRateLimit }: RouteContext): void {
  app.post('/api/analyze', {
    schema: { querystring: { type: 'object', additionalProperties: false }, body: DOCUMENT_INPUT_SCHEMA },
    config: { rateLimit: writeRateLimit },
  }, async (request) => analyze(readDocumentInput(request.body)));
}
