/**
 * `GET /api/search?q=&limit=`: full-text search over the stored documents, folded as the store folds them
 * (hamza and alef variants, ة/ه, ى/ي and tashkeel ignored: «اعلن» finds «أعلن»), best first.
 */
import type { FastifyInstance } from 'fastify';
import { intParam } from './filter-query.js';
import { badRequest } from './http-error.js';
import type { RouteContext } from './route-context.js';

/** Default and largest number of hits. */
export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

/** Register the search route. */
export function searchRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get<{ Querystring: { q: string; limit?: string } }>('/api/search', {
    schema: {
      querystring: {
        type: 'object',
        properties: { q: { type: 'string', maxLength: 500 }, limit: { type: 'string', maxLength: 12 } },
        required: ['q'],
        additionalProperties: false,
      },
    },
  }, async (request) => {
    const { q } = request.query;
    if (!/[\p{L}\p{N}]/u.test(q)) throw badRequest('q must hold at least one word (letters or digits)');
    const limit = intParam(request.query.limit, 'limit', 1, MAX_SEARCH_LIMIT, DEFAULT_SEARCH_LIMIT);
    return { hits: await store.search(q, { limit }) };
  });
}
