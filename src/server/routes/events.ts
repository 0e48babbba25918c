/**
 * `GET /api/events`: the stored events, filtered as `marsad events` filters them, one page at a time (`limit`
 * default 100, at most 1,000; `next` is the cursor of the following page, null on the last), oldest first or, with
 * `order=desc`, the dated events newest first.
 * `POST /api/events/:id/corrections` (bearer token): an analyst's correction of a coded event, kept apart from
 * the coder's record; `GET /api/events/:id/corrections`: the event's corrections, oldest first.
 */
import type { FastifyInstance } from 'fastify';
import type { NewCorrection, Store } from '../../store/store.js';
import { filterFromQuery, filterQuerySchema, intParam, PLOVER_TYPES, type FilterQuery } from './filter-query.js';
import { badRequest, notFound } from './http-error.js';
import type { RouteContext } from './route-context.js';

/** Default and largest page of events. */
export const DEFAULT_EVENT_LIMIT = 100;
export const MAX_EVENT_LIMIT = 1000;

/** An event id: `<document id>-<n>`. */
export const EVENT_ID_PATTERN = '^[0-9a-f]{16}-[1-9][0-9]{0,5}$';

const nullableText = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;
const names = { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 200 } } as const;

/** JSON schema of a correction (every field optional, at least one given). */
export const CORRECTION_SCHEMA = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: {
    wrong: { type: 'boolean' },
    event: { type: 'string', enum: PLOVER_TYPES },
    actor: names,
    recipient: names,
    place: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { name: nullableText(200), country: { type: ['string', 'null'], pattern: '^[A-Z]{3}$' } },
    },
    date: { type: ['string', 'null'], maxLength: 40, pattern: '^[0-9]{4}(-[0-9A-Z]{1,3}(-[0-9]{2}([T ][0-9:.]{2,12})?)?)?$' },
    author: nullableText(200),
    note: nullableText(2000),
  },
} as const;

const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', pattern: EVENT_ID_PATTERN } }, required: ['id'] } as const;
const NO_QUERY = { type: 'object', additionalProperties: false } as const;

/** Register the event routes. */
export function eventRoutes(app: FastifyInstance, { store, requireToken, writeRateLimit }: RouteContext): void {
  app.get<{ Querystring: FilterQuery & { limit?: string; cursor?: string; order?: 'asc' | 'desc' } }>('/api/events', {
    schema: {
      querystring: filterQuerySchema({
        limit: { type: 'string', maxLength: 12 },
        cursor: { type: 'string', maxLength: 2000, pattern: '^[A-Za-z0-9_-]+$' },
        order: { type: 'string', enum: ['asc', 'desc'] },
      }),
    },
  }, async (request) => {
    const { query } = request;
    const filter = filterFromQuery(query);
    const limit = intParam(query.limit, 'limit', 1, MAX_EVENT_LIMIT, DEFAULT_EVENT_LIMIT);
    try {
      const page = await store.events({ ...filter, limit, cursor: query.cursor ?? null, order: query.order ?? 'asc' });
      return { events: page.rows, next: page.next };
    } catch (error) {
      // The stores refuse a cursor they did not make; that is the client's mistake, not the server's.
      if (query.cursor !== undefined && /invalid cursor/i.test((error as Error).message)) {
        throw badRequest('cursor is not a cursor this server made: pass the `next` value of a previous page unchanged, or no cursor for the first page');
      }
      throw error;
    }
  });

  app.post<{ Params: { id: string }; Body: Omit<NewCorrection, 'eventId'> }>('/api/events/:id/corrections', {
    onRequest: requireToken,
    schema: { params: ID_PARAMS, querystring: NO_QUERY, body: CORRECTION_SCHEMA },
    config: { rateLimit: writeRateLimit },
  }, async (request, reply) => {
    await requireEvent(store, request.params.id);
    const correction = await store.putCorrection({ ...request.body, eventId: request.params.id });
    reply.code(201);
    return correction;
  });

  app.get<{ Params: { id: string } }>('/api/events/:id/corrections', {
    schema: { params: ID_PARAMS, querystring: NO_QUERY },
  }, async (request) => {
    await requireEvent(store, request.params.id);
    return { corrections: await store.corrections(request.params.id) };
  });
}

/** 404 unless the event is one of its document's current events (`<doc id>-<n>`). */
async function requireEvent(store: Store, eventId: string): Promise<void> {
  const docId = eventId.slice(0, eventId.lastIndexOf('-'));
  const stored = await store.document(docId);
  if (!stored || !stored.doc.events.some((e) => e.id === eventId)) throw notFound(`no stored event ${eventId}`);
}
