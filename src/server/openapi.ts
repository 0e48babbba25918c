/**
 * The OpenAPI 3.1 description of the HTTP API (`GET /openapi.json`; `GET /docs` renders it): every route, its
 * parameters, bodies, responses and the bearer authentication of the routes that write. Written by hand next to
 * the routes' own validation schemas (which take query values as the strings they arrive as); the tests check that
 * every operation here is a route of the app. The AnnotatedDoc schema is the contract's own
 * (`schema/annotated-doc.schema.json`), its definitions hoisted into `components.schemas`.
 */
import { readFileSync } from 'node:fs';
import { CODER } from '../pipeline.js';
import { BUCKETS, DEFAULT_GRAPH_LIMIT, DEFAULT_MAP_LIMIT, MAX_GRAPH_LIMIT, MAX_MAP_LIMIT } from './routes/stats.js';
import { DEFAULT_EVENT_LIMIT, EVENT_ID_PATTERN, MAX_EVENT_LIMIT } from './routes/events.js';
import { DOCUMENT_ID_PATTERN, MAX_BATCH } from './routes/documents.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './routes/search.js';
import { MAX_BASELINE_DAYS } from './routes/alerts.js';
import { PLOVER_TYPES } from './routes/filter-query.js';
import { DEFAULT_BASELINE_DAYS, DEFAULT_MIN_EVENTS, DEFAULT_THRESHOLD } from './alerts.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string): Json => ({ type: [type, 'null'] });

/** The contract's AnnotatedDoc schema with its `$defs` as components named `AnnotatedDoc.<def>`. */
function annotatedDocSchemas(): Record<string, Json> {
  const source = readFileSync(new URL('../../schema/annotated-doc.schema.json', import.meta.url), 'utf8');
  // Point the definitions' references at their new place (the file's refs are all `#/$defs/<name>`).
  const schema = JSON.parse(source.replace(/"#\/\$defs\/([A-Za-z0-9_]+)"/g, '"#/components/schemas/AnnotatedDoc.$1"')) as Json & { $defs?: Record<string, Json> };
  const { $defs = {}, $schema: _schema, $id: _id, ...doc } = schema;
  const out: Record<string, Json> = { AnnotatedDoc: doc };
  for (const [name, def] of Object.entries($defs)) out[`AnnotatedDoc.${name}`] = def;
  return out;
}

/** The fields an analyst corrects (a correction's body, and the stored correction's fields). */
const CORRECTION_PROPERTIES: Json = {
  wrong: { type: 'boolean', description: 'The event is wrong (not an event, or not in this text).' },
  event: { type: 'string', enum: PLOVER_TYPES },
  actor: { type: 'array', maxItems: 20, items: { type: 'string' }, description: 'Countries (ISO3 or IGO) or names.' },
  recipient: { type: 'array', maxItems: 20, items: { type: 'string' } },
  place: { oneOf: [{ type: 'null' }, { type: 'object', additionalProperties: false, properties: { name: nullable('string'), country: { type: ['string', 'null'], pattern: '^[A-Z]{3}$' } } }] },
  date: { type: ['string', 'null'], description: 'TIMEX3 date value (2024-03-10, 2024-03, 2024-W10, 2024).' },
  author: nullable('string'),
  note: nullable('string'),
};

const SCHEMAS: Record<string, Json> = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: 'Stable machine-readable code: invalid_request, unauthorized, invalid_token, not_found, body_too_large, unsupported_media_type, invalid_json, rate_limited, internal.' },
          message: { type: 'string', description: 'What was wrong and what to send instead.' },
          items: { type: 'array', description: 'Per-item reasons (POST /api/documents).', items: { type: 'object', properties: { index: { type: 'integer' }, reason: { type: 'string' } } } },
        },
      },
    },
  },
  DocumentInput: {
    type: 'object',
    description: 'An article, read as `marsad ingest` reads a JSONL line: `text` (or `content`, `body`, `article`) or `html`; the other fields are optional (common corpus aliases accepted: headline, outlet, link, time, date, pubDate, docno, …). Fields not named here are kept in the stored raw input.',
    properties: {
      text: { type: 'string', description: 'Plain article text.' },
      html: { type: 'string', description: 'An HTML page; its text and metadata are extracted.' },
      title: nullable('string'),
      published: { type: ['string', 'null'], description: 'Publication date, ISO 8601 or RFC 822.' },
      source: { type: ['string', 'null'], description: 'Outlet.' },
      url: nullable('string'),
      id: { type: ['string', 'number', 'null'], description: "The input's own id." },
    },
    additionalProperties: true,
  },
  DocumentResult: {
    type: 'object',
    required: ['id', 'status'],
    properties: {
      id: { type: 'string', description: 'The stored document (for a duplicate: the document already stored).' },
      status: { type: 'string', enum: ['inserted', 'duplicate', 'error'] },
      nearDuplicateOf: { type: 'object', properties: { id: { type: 'string' }, similarity: { type: 'number' } } },
      reason: { type: 'string', description: 'Why an item could not be stored (status error).' },
    },
  },
  StoredDocument: {
    type: 'object',
    required: ['document', 'origin', 'ingestedAt', 'nearDuplicateOf', 'corrections'],
    properties: {
      document: ref('AnnotatedDoc'),
      origin: { type: 'string', description: 'Where it came from (a path, a feed URL, `api:<time>`).' },
      ingestedAt: { type: 'string', format: 'date-time' },
      nearDuplicateOf: { oneOf: [{ type: 'null' }, { type: 'object', properties: { id: { type: 'string' }, similarity: { type: 'number' } } }] },
      corrections: { type: 'array', items: ref('Correction') },
    },
  },
  EventRow: {
    description: 'A PLOVER event with its document, cluster and coder.',
    allOf: [
      ref('AnnotatedDoc.event'),
      {
        type: 'object',
        required: ['doc_id', 'title', 'source', 'url', 'published', 'cluster_id', 'cluster_size', 'coder'],
        properties: {
          doc_id: { type: 'string' },
          title: nullable('string'),
          source: nullable('string'),
          url: nullable('string'),
          published: nullable('string'),
          cluster_id: { type: ['string', 'null'], description: 'The real-world event this report belongs to, once clustered.' },
          cluster_size: { type: 'integer', description: 'Distinct documents reporting the cluster (1 when unclustered).' },
          coder: { type: 'string' },
          correction: { oneOf: [{ type: 'null' }, ref('Correction')], description: "The analysts' latest correction, if any." },
        },
      },
    ],
  },
  SearchHit: {
    type: 'object',
    required: ['id', 'title', 'source', 'published', 'snippet'],
    properties: { id: { type: 'string' }, title: nullable('string'), source: nullable('string'), published: nullable('string'), snippet: { type: 'string', description: 'A passage around the match.' } },
  },
  TimelineRow: {
    type: 'object',
    required: ['period', 'event', 'count'],
    properties: { period: { type: 'string', format: 'date', description: "The period's first day." }, event: { type: 'string', enum: PLOVER_TYPES }, count: { type: 'integer' } },
  },
  MapPoint: {
    type: 'object',
    required: ['lat', 'lon', 'name', 'country', 'count', 'byType'],
    properties: {
      lat: { type: 'number' }, lon: { type: 'number' }, name: { type: 'string' }, country: nullable('string'), count: { type: 'integer' },
      byType: { type: 'object', additionalProperties: { type: 'integer' } },
    },
  },
  ActorGraph: {
    type: 'object',
    required: ['nodes', 'edges'],
    properties: {
      nodes: { type: 'array', items: { type: 'object', required: ['id', 'label', 'country', 'count'], properties: { id: { type: 'string' }, label: { type: 'string' }, country: nullable('string'), count: { type: 'integer' } } } },
      edges: { type: 'array', items: { type: 'object', required: ['source', 'target', 'count', 'byType'], properties: { source: { type: 'string' }, target: { type: 'string' }, count: { type: 'integer' }, byType: { type: 'object', additionalProperties: { type: 'integer' } } } } },
    },
  },
  Stats: {
    type: 'object',
    required: ['documents', 'events', 'clusters', 'errors', 'nearDuplicates', 'byType', 'byCountry'],
    properties: {
      documents: { type: 'integer' }, events: { type: 'integer' }, clusters: { type: 'integer' }, errors: { type: 'integer' }, nearDuplicates: { type: 'integer' },
      byType: { type: 'object', additionalProperties: { type: 'integer' } },
      byCountry: { type: 'object', additionalProperties: { type: 'integer' } },
    },
  },
  Alert: {
    type: 'object',
    required: ['country', 'event', 'day', 'count', 'expected', 'rate', 'baselineRate', 'score', 'direction'],
    properties: {
      country: { type: 'string' }, event: { type: 'string', enum: PLOVER_TYPES }, day: { type: 'string', format: 'date' },
      count: { type: 'integer', description: 'Events of the series dated on the day.' },
      expected: { type: 'number', description: "Events expected at the baseline's rate per document." },
      rate: { type: 'number' }, baselineRate: { type: 'number' },
      score: { type: 'number', description: '−log10 of the p-value.' }, pValue: { type: 'number' },
      direction: { type: 'string', enum: ['up'] },
    },
  },
  NewCorrection: {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    description: "An analyst's correction; the coder's record is never changed.",
    properties: CORRECTION_PROPERTIES,
  },
  Correction: {
    type: 'object',
    required: ['id', 'eventId', 'docId', 'anchor', 'at'],
    properties: {
      id: { type: 'integer' }, eventId: { type: 'string' }, docId: { type: 'string' },
      anchor: { type: 'object', description: 'The trigger span and original type the correction is anchored to (it re-attaches after re-analysis).', properties: { start: { type: 'integer' }, end: { type: 'integer' }, event: { type: 'string', enum: PLOVER_TYPES } } },
      at: { type: 'string', format: 'date-time' },
      ...CORRECTION_PROPERTIES,
    },
  },
};

const query = (name: string, schema: Json, description: string, required = false): Json => ({ name, in: 'query', required, description, schema });
const limitParam = (fallback: number, max: number, what: string): Json => query('limit', { type: 'integer', minimum: 1, maximum: max, default: fallback }, what);

/** The shared event filters (the same as `marsad events`). */
const FILTER_PARAMETERS: Json[] = [
  query('since', { type: 'string', format: 'date' }, 'Events dated on or after this day (an event by its first day).'),
  query('until', { type: 'string', format: 'date' }, 'Events dated on or before this day.'),
  { ...query('type', { type: 'array', items: { type: 'string', enum: PLOVER_TYPES } }, 'PLOVER types, comma-separated (any of).'), style: 'form', explode: false },
  { ...query('country', { type: 'array', items: { type: 'string', pattern: '^[A-Za-z]{3}$' } }, 'ISO 3166 alpha-3 codes or IGO, comma-separated (actor, recipient or place country).'), style: 'form', explode: false },
  query('actor', { type: 'string', maxLength: 200 }, 'Actor text or English name (case-insensitive substring, folded), or an actor country code.'),
  query('q', { type: 'string', maxLength: 500 }, 'Full-text query over the evidence sentence (folded: hamza, tashkeel, ة/ه ignored).'),
  query('one_per_cluster', { type: 'boolean' }, 'One row per real-world event (the highest-confidence report).'),
];

const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const errorRef = (name: string): Json => ({ $ref: `#/components/responses/${name}` });

const RESPONSES: Record<string, Json> = {
  BadRequest: json(ref('Error'), 'The request is malformed: an unknown or badly typed parameter, a bad date, invalid JSON, a field of the wrong type.'),
  Unauthorized: {
    ...json(ref('Error'), 'No bearer token, or not this server\'s token.'),
    headers: { 'WWW-Authenticate': { schema: { type: 'string' }, description: '`Bearer realm="marsad"`' } },
  },
  NotFound: json(ref('Error'), 'No such document, event or route.'),
  PayloadTooLarge: json(ref('Error'), 'The body is larger than the server accepts (default 2 MB; code `body_too_large`), or an article is over the size budget (code `document_too_large`; `marsad serve --max-bytes`).'),
  AnalysisTooLong: json(ref('Error'), 'The analysis of the article ran past the time budget (code `analysis_too_long`; `marsad serve --max-ms`); sending it again gives the same answer.'),
  Busy: json(ref('Error'), 'Too many analyses are waiting or running (code `busy`); send the article again in a few seconds.'),
  UnsupportedMediaType: json(ref('Error'), 'The body is not `application/json`.'),
  TooManyRequests: {
    ...json(ref('Error'), 'Too many requests from this client in the rate-limit window.'),
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } },
  },
};

/** The errors every operation may answer, plus those given. */
function errors(...extra: string[]): Record<string, Json> {
  const codes: Record<string, string> = {
    '400': 'BadRequest', '401': 'Unauthorized', '404': 'NotFound', '413': 'PayloadTooLarge', '415': 'UnsupportedMediaType', '422': 'AnalysisTooLong',
    '429': 'TooManyRequests', '503': 'Busy',
  };
  const out: Record<string, Json> = { '400': errorRef('BadRequest'), '429': errorRef('TooManyRequests') };
  for (const code of extra) out[code] = errorRef(codes[code]!);
  return out;
}

const BEARER = [{ bearerAuth: [] }];
const idParam = (pattern: string, description: string): Json => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string', pattern } });

const PATHS: Record<string, Json> = {
  '/healthz': {
    get: {
      operationId: 'health', tags: ['server'], summary: 'The server answers and its store can be read',
      responses: { '200': json({ type: 'object', required: ['ok', 'store', 'documents'], properties: { ok: { const: true }, store: { type: 'string', enum: ['sqlite', 'postgres'] }, documents: { type: 'integer' } } }, 'Healthy.'), ...errors() },
    },
  },
  '/api/analyze': {
    post: {
      operationId: 'analyze', tags: ['documents'], summary: 'Analyze one article (nothing is stored)',
      description: 'The AnnotatedDoc `marsad analyze` prints, analyzed in the server\'s worker threads within the size and time budgets. Rate-limited like the routes that write.',
      requestBody: { required: true, content: { 'application/json': { schema: ref('DocumentInput') } } },
      responses: { '200': json(ref('AnnotatedDoc'), 'The analysis.'), ...errors('413', '415', '422', '503') },
    },
  },
  '/api/documents': {
    post: {
      operationId: 'storeDocuments', tags: ['documents'], summary: 'Store articles as `marsad ingest` does',
      description: `One article, or \`{"documents": [...]}\` (1 to ${MAX_BATCH}). Every item is read first; when one cannot be read nothing is stored and the 400 lists each bad item's reason. Sending a stored article again answers its id with status \`duplicate\`.`,
      security: BEARER,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { oneOf: [ref('DocumentInput'), { type: 'object', required: ['documents'], additionalProperties: false, properties: { documents: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: ref('DocumentInput') } } }] } } },
      },
      responses: {
        '201': json({ type: 'object', required: ['results'], properties: { results: { type: 'array', items: ref('DocumentResult') } } }, 'At least one document was stored.'),
        '200': json({ type: 'object', required: ['results'], properties: { results: { type: 'array', items: ref('DocumentResult') } } }, 'Nothing new: every document was already stored.'),
        ...errors('401', '413', '415', '503'),
      },
    },
  },
  '/api/documents/{id}': {
    get: {
      operationId: 'getDocument', tags: ['documents'], summary: 'One stored document with its analysis and corrections',
      parameters: [idParam(DOCUMENT_ID_PATTERN, 'Document id (16 hex digits).')],
      responses: { '200': json(ref('StoredDocument'), 'The document.'), ...errors('404') },
    },
  },
  '/api/events': {
    get: {
      operationId: 'listEvents', tags: ['events'], summary: 'Stored events, filtered, one page at a time',
      description: 'In a stable order (event date, then id; `order=desc`: the dated events, newest first). Pass `next` as `cursor` for the following page (with the same order).',
      parameters: [
        ...FILTER_PARAMETERS,
        query('order', { type: 'string', enum: ['asc', 'desc'], default: 'asc' }, '`asc`: oldest first, undated events last; `desc`: the dated events, newest first.'),
        limitParam(DEFAULT_EVENT_LIMIT, MAX_EVENT_LIMIT, 'Page size.'),
        query('cursor', { type: 'string', pattern: '^[A-Za-z0-9_-]+$' }, 'The `next` of the previous page.'),
      ],
      responses: { '200': json({ type: 'object', required: ['events', 'next'], properties: { events: { type: 'array', items: ref('EventRow') }, next: { type: ['string', 'null'] } } }, 'One page.'), ...errors() },
    },
  },
  '/api/events/{id}/corrections': {
    get: {
      operationId: 'listCorrections', tags: ['events'], summary: "An event's corrections, oldest first",
      parameters: [idParam(EVENT_ID_PATTERN, 'Event id (`<document id>-<n>`).')],
      responses: { '200': json({ type: 'object', required: ['corrections'], properties: { corrections: { type: 'array', items: ref('Correction') } } }, 'The corrections.'), ...errors('404') },
    },
    post: {
      operationId: 'correctEvent', tags: ['events'], summary: 'Record an analyst\'s correction of an event',
      security: BEARER,
      parameters: [idParam(EVENT_ID_PATTERN, 'Event id (`<document id>-<n>`).')],
      requestBody: { required: true, content: { 'application/json': { schema: ref('NewCorrection') } } },
      responses: { '201': json(ref('Correction'), 'The stored correction.'), ...errors('401', '404', '413', '415') },
    },
  },
  '/api/search': {
    get: {
      operationId: 'search', tags: ['documents'], summary: 'Full-text search over the stored documents (folded), best first',
      parameters: [query('q', { type: 'string', minLength: 1, maxLength: 500 }, 'Words, all required; hamza, tashkeel, ة/ه, ى/ي variants ignored.', true), limitParam(DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, 'Hits.')],
      responses: { '200': json({ type: 'object', required: ['hits'], properties: { hits: { type: 'array', items: ref('SearchHit') } } }, 'The hits.'), ...errors() },
    },
  },
  '/api/stats': {
    get: {
      operationId: 'stats', tags: ['statistics'], summary: 'What the store holds (as `marsad stats --json`)',
      responses: { '200': json(ref('Stats'), 'Counts.'), ...errors() },
    },
  },
  '/api/stats/timeline': {
    get: {
      operationId: 'timeline', tags: ['statistics'], summary: 'Events per period and type (dated events matching the filters)',
      parameters: [...FILTER_PARAMETERS, query('bucket', { type: 'string', enum: BUCKETS, default: 'day' }, 'Period: day, ISO week (by its Monday) or month.')],
      responses: { '200': json({ type: 'object', required: ['rows'], properties: { rows: { type: 'array', items: ref('TimelineRow') } } }, 'The timeline.'), ...errors() },
    },
  },
  '/api/stats/map': {
    get: {
      operationId: 'map', tags: ['statistics'], summary: 'Events per place (events with coordinates matching the filters), most first',
      parameters: [...FILTER_PARAMETERS, limitParam(DEFAULT_MAP_LIMIT, MAX_MAP_LIMIT, 'Places.')],
      responses: { '200': json({ type: 'object', required: ['points'], properties: { points: { type: 'array', items: ref('MapPoint') } } }, 'The places.'), ...errors() },
    },
  },
  '/api/actors/graph': {
    get: {
      operationId: 'actorGraph', tags: ['statistics'], summary: 'Who acted on whom: the busiest edges and their actors',
      parameters: [...FILTER_PARAMETERS, limitParam(DEFAULT_GRAPH_LIMIT, MAX_GRAPH_LIMIT, 'Edges.')],
      responses: { '200': json(ref('ActorGraph'), 'The graph.'), ...errors() },
    },
  },
  '/api/alerts': {
    get: {
      operationId: 'alerts', tags: ['statistics'], summary: 'Country × type series with a spike of events on a day',
      description: 'Events of each country × PLOVER type series dated on the day against its baseline days, per published document: a one-sided exact conditional binomial test of two Poisson rates (see src/server/alerts.ts).',
      parameters: [
        query('day', { type: 'string', format: 'date' }, 'The day (default: the latest day with documents; giving it is cheaper).'),
        query('baseline_days', { type: 'integer', minimum: 1, maximum: MAX_BASELINE_DAYS, default: DEFAULT_BASELINE_DAYS }, 'Days before the day that form the baseline.'),
        query('min_events', { type: 'number', minimum: 0, default: DEFAULT_MIN_EVENTS }, 'Fewest events on the day for an alert.'),
        query('threshold', { type: 'number', minimum: 0, default: DEFAULT_THRESHOLD }, 'Least score (−log10 p) for an alert.'),
      ],
      responses: {
        '200': json({ type: 'object', required: ['day', 'statistic', 'alerts'], properties: { day: { type: ['string', 'null'], format: 'date' }, statistic: { type: 'string' }, alerts: { type: 'array', items: ref('Alert') } } }, 'The alerts, highest score first.'),
        ...errors(),
      },
    },
  },
  '/openapi.json': {
    get: { operationId: 'openapi', tags: ['server'], summary: 'This document', responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1.') } },
  },
  '/docs': {
    get: { operationId: 'docs', tags: ['server'], summary: 'The operations of this document as an HTML page', responses: { '200': { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } } } },
  },
};

/** The OpenAPI 3.1 document of the API. */
export const OPENAPI: Json = {
  openapi: '3.1.0',
  info: {
    title: 'marsad API',
    version: CODER,
    description: 'Arabic news in, sourced PLOVER event records out: the stored documents and events, their statistics, and the writes (documents, corrections) behind a bearer token. Every error is `{"error": {"code", "message"}}`; unknown query parameters are refused.',
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  },
  servers: [{ url: '/' }],
  tags: [
    { name: 'documents', description: 'Articles: analyze, store, read, search.' },
    { name: 'events', description: 'Coded events and their corrections.' },
    { name: 'statistics', description: 'Aggregates for the dashboard.' },
    { name: 'server', description: 'Health and this description.' },
  ],
  paths: PATHS,
  components: {
    schemas: { ...annotatedDocSchemas(), ...SCHEMAS },
    responses: RESPONSES,
    securitySchemes: {
      bearerAuth: { type: 'http', scheme: 'bearer', description: 'MARSAD_TOKEN, or the token `marsad serve` printed at start.' },
    },
  },
};
