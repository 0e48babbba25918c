/** `GET /healthz`: the server answers and its store can be read (its kind and how many documents it holds). */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './route-context.js';

/** Register the health route. */
export function healthRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get('/healthz', { schema: { querystring: { type: 'object', additionalProperties: false } } }, async () => {
    const stats = await store.stats();
    return { ok: true, store: store.kind, documents: stats.documents };
  });
}
