/**
 * The aggregates the dashboard draws, over the events matching the shared filters: `GET /api/stats/timeline`
 * (events per day, ISO week or month and type), `GET /api/stats/map` (events per place), `GET /api/actors/graph`
 * (who acted on whom), and `GET /api/stats` (what the store holds, as `marsad stats --json`).
 */
import type { FastifyInstance } from 'fastify';
import { filterFromQuery, filterQuerySchema, intParam, type FilterQuery } from './filter-query.js';
import type { RouteContext } from './route-context.js';

/** Timeline buckets. */
export const BUCKETS = ['day', 'week', 'month'] as const;
/** Default and largest number of map points. */
export const DEFAULT_MAP_LIMIT = 2000;
export const MAX_MAP_LIMIT = 10_000;
/** Default and largest number of graph edges. */
export const DEFAULT_GRAPH_LIMIT = 100;
export const MAX_GRAPH_LIMIT = 1000;

const LIMIT = { type: 'string', maxLength: 12 } as const;

/** Register the statistics routes. */
export function statsRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get<{ Querystring: FilterQuery & { bucket?: (typeof BUCKETS)[number] } }>('/api/stats/timeline', {
    schema: { querystring: filterQuerySchema({ bucket: { type: 'string', enum: BUCKETS } }) },
  }, async (request) => {
    const filter = filterFromQuery(request.query);
    return { rows: await store.timeline(filter, request.query.bucket ?? 'day') };
  });

  app.get<{ Querystring: FilterQuery & { limit?: string } }>('/api/stats/map', {
    schema: { querystring: filterQuerySchema({ limit: LIMIT }) },
  }, async (request) => {
    const filter = filterFromQuery(request.query);
    const limit = intParam(request.query.limit, 'limit', 1, MAX_MAP_LIMIT, DEFAULT_MAP_LIMIT);
    return { points: await store.mapPoints(filter, limit) };
  });

  app.get<{ Querystring: FilterQuery & { limit?: string } }>('/api/actors/graph', {
    schema: { querystring: filterQuerySchema({ limit: LIMIT }) },
  }, async (request) => {
    const filter = filterFromQuery(request.query);
    const limit = intParam(request.query.limit, 'limit', 1, MAX_GRAPH_LIMIT, DEFAULT_GRAPH_LIMIT);
    return store.actorGraph(filter, limit);
  });

  app.get('/api/stats', { schema: { querystring: { type: 'object', additionalProperties: false } } }, async () => store.stats());
}
