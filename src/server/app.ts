/**
 * The HTTP API over the store (`marsad serve`): a Fastify app with every request validated by JSON schema
 * (unknown query parameters refused; query values are checked as the strings they arrive as, bodies without type
 * coercion), every error answered as `{error: {code, message}}` without a stack trace, security headers with a
 * strict CSP on every response, per-client rate limits (stricter on the routes that write or analyze), a bearer
 * token on the routes that write, the read routes' answers cached until the store changes (`response-cache.ts`), and
 * the dashboard's static files (`webRoot`) at `/`.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { Store } from '../store/store.js';
import { resolveBudgets, type Budgets } from '../budgets.js';
import { AnalyzePool } from '../ingest/analyze-pool.js';
import type { AnalyzedItem, ItemToAnalyze } from '../ingest/analyze-item.js';
import { HttpError } from './routes/http-error.js';
import { ResponseCache, type CachedAnswer, type ResponseCacheOptions } from './response-cache.js';
import { requireToken } from './routes/require-token.js';
import type { RateLimit, RouteContext } from './routes/route-context.js';
import { healthRoutes } from './routes/health.js';
import { analyzeRoutes } from './routes/analyze.js';
import { documentRoutes } from './routes/documents.js';
import { eventRoutes } from './routes/events.js';
import { searchRoutes } from './routes/search.js';
import { statsRoutes } from './routes/stats.js';
import { alertRoutes } from './routes/alerts.js';
import { docsRoutes } from './routes/docs.js';

/** Options of the app. */
export interface AppOptions {
  /** The bearer token of the routes that write. */
  token: string;
  /** Requests per client IP and window on every route (default 600 a minute). */
  rateLimit?: RateLimit;
  /** Requests per client IP and window on the routes that write or analyze (default: a tenth of `rateLimit`). */
  writeRateLimit?: RateLimit;
  /** Largest request body in bytes (default 2 MB). */
  bodyLimit?: number;
  /** Folder of the dashboard's static files; default `dist/web` next to the compiled server when it exists; null: none. */
  webRoot?: string | null;
  /** Log warnings and errors (every 5xx) to stdout as JSON lines (default false). */
  logger?: boolean;
  /** Limits of the read routes' answer cache, or false for none (default: the cache's defaults). */
  cache?: ResponseCacheOptions | false;
  /** Per-document budgets of the routes that analyze (default: MARSAD_MAX_BYTES / MARSAD_MAX_MS, else the defaults). */
  budgets?: Budgets;
  /**
   * Worker threads that analyze posted articles, started at the first analysis (default 1). With 0 the analysis runs
   * in the request thread: every other request waits for it, and it is stopped only between pipeline stages.
   */
  analysisWorkers?: number;
  /** Analyses waiting or running beyond which the analyzing routes answer 503 (default 8 per worker, at least 8). */
  maxPendingAnalyses?: number;
}

/** The read routes whose answers depend on nothing but the URL and the stored data. */
const CACHED_ROUTES = new Set(['/api/events', '/api/search', '/api/stats', '/api/stats/timeline', '/api/stats/map', '/api/actors/graph',
  '/api/alerts', '/api/documents/:id', '/api/events/:id/corrections']);

/** The store version a cacheable request was answered at (set by the preHandler hook). */
const CACHE_VERSION = Symbol('marsad.cacheVersion');
/** The answer other requests for the same URL and version wait for, while this request is the one asking the store. */
const CACHE_FLIGHT = Symbol('marsad.cacheFlight');
type CacheableRequest = FastifyRequest & {
  [CACHE_VERSION]?: string;
  [CACHE_FLIGHT]?: { key: string; resolve: (answer: CachedAnswer | null) => void };
};

/** Default limits. */
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 600, timeWindow: '1 minute' };
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/** The Content-Security-Policy directives: nothing but this origin's own scripts, styles and data. */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/** The dashboard folder next to the compiled server (`dist/web` for `dist/server/app.js`), when it exists. */
export function defaultWebRoot(): string | null {
  const dir = fileURLToPath(new URL('../web/', import.meta.url));
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : null;
}

/** Build the app over a store (the caller listens, or injects requests, and closes the store). */
export async function buildApp(store: Store, options: AppOptions): Promise<FastifyInstance> {
  if (!options.token) throw new Error('buildApp: a non-empty token is needed for the routes that write');
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const writeLimit = options.writeRateLimit ?? { max: Math.max(1, Math.floor(limit.max / 10)), timeWindow: limit.timeWindow };
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot === null ? null : resolve(options.webRoot);
  if (webRoot !== null && !(existsSync(webRoot) && statSync(webRoot).isDirectory())) throw new Error(`buildApp: webRoot ${webRoot} is not a folder`);

  const app = Fastify({
    logger: options.logger ? { level: 'warn' } : false,
    bodyLimit,
    return503OnClosing: true,
    // Errors fastify meets before routing (a malformed percent-escape in the path) answer in the API's own shape.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply, bodyLimit),
    // Query values stay strings (the routes check them with clear messages); bodies are typed JSON and are not
    // coerced (`"wrong": "yes"` is a 400, not true); unknown properties are refused, not silently dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, allowUnionTypes: true } },
  });
  // JSON only: any other body type is a 415.
  app.removeContentTypeParser('text/plain');

  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
  });
  await app.register(rateLimit, {
    global: true,
    max: limit.max,
    timeWindow: limit.timeWindow,
    errorResponseBuilder: (_request, context) =>
      new HttpError(context.statusCode, 'rate_limited', `too many requests from this client (${context.max} per window); retry in ${context.after}`),
  });

  app.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply, bodyLimit));
  if (options.cache !== false) useResponseCache(app, store, new ResponseCache(options.cache ?? {}));
  // Unknown routes count against the rate limit too, so probing the server is limited like using it.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, async (request, reply) => {
    const path = request.url.split('?')[0]!.slice(0, 200);
    return reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${path}` } });
  });

  const budgets = options.budgets ?? resolveBudgets();
  const context: RouteContext = {
    store,
    requireToken: requireToken(options.token),
    writeRateLimit: writeLimit,
    budgets,
    analyze: analysisRunner(app, budgets, options.analysisWorkers ?? 1, options.maxPendingAnalyses),
  };
  healthRoutes(app, context);
  analyzeRoutes(app, context);
  documentRoutes(app, context);
  eventRoutes(app, context);
  searchRoutes(app, context);
  statsRoutes(app, context);
  alertRoutes(app, context);
  docsRoutes(app);

  if (webRoot !== null) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: ['index.html'], dotfiles: 'ignore', serveDotFiles: false, decorateReply: false });
  } else {
    // No dashboard built: the root points at the API's description.
    app.get('/', async (_request, reply) => reply.redirect('/docs'));
  }
  return app;
}

/**
 * The analysis of posted articles: in a pool of worker threads (started at the first analysis, stopped with the app),
 * so that a long article never holds up the other requests and one that never finishes is stopped (the pool's hard
 * limit); past `maxPending` analyses waiting or running, a 503 asks the client to come back.
 */
function analysisRunner(app: FastifyInstance, budgets: Budgets, workers: number, maxPending?: number): (item: ItemToAnalyze) => Promise<AnalyzedItem> {
  const limit = maxPending ?? Math.max(8, 8 * workers);
  let pool: AnalyzePool | null = null;
  app.addHook('onClose', async () => {
    await pool?.close();
  });
  return async (item) => {
    pool ??= new AnalyzePool(Math.max(0, workers), { budgets });
    if (pool.inFlight >= limit) {
      throw new HttpError(503, 'busy', `${pool.inFlight} analyses are waiting or running (at most ${limit}); send the article again in a few seconds`);
    }
    return pool.analyze(item);
  };
}

/**
 * Serve the read routes' answers from `cache` while the store's data version is the one they were made at. The
 * look-up is a preHandler, so rate limits, the token and validation apply to cached answers as to any other; every
 * answer carries an ETag (a matching If-None-Match gets a 304) and `Cache-Control: no-cache`, so browsers revalidate.
 * A write through this server (any other method answered 2xx) empties the cache at once; writes by other processes
 * are seen through the version.
 */
function useResponseCache(app: FastifyInstance, store: Store, cache: ResponseCache): void {
  // Requests for the same URL at the same version that arrive while the first is being answered wait for its answer
  // instead of asking the store again (a dashboard opened by many analysts at once, a burst after a change).
  const inFlight = new Map<string, Promise<CachedAnswer | null>>();
  const send = (request: FastifyRequest, reply: FastifyReply, answer: CachedAnswer, how: string): FastifyReply => {
    reply.header('etag', answer.etag).header('cache-control', 'no-cache').header('x-marsad-cache', how);
    if (request.headers['if-none-match'] === answer.etag) return reply.code(304).send();
    return reply.code(200).type(answer.contentType).send(answer.body);
  };
  const settle = (request: CacheableRequest, answer: CachedAnswer | null): void => {
    const flight = request[CACHE_FLIGHT];
    if (flight === undefined) return;
    delete request[CACHE_FLIGHT];
    inFlight.delete(flight.key);
    flight.resolve(answer);
  };

  app.addHook('preHandler', async (request: CacheableRequest, reply) => {
    if (request.method !== 'GET' || !CACHED_ROUTES.has(request.routeOptions.url ?? '')) return;
    let version: string;
    try {
      version = await store.dataVersion();
    } catch {
      return; // The version cannot be read (the database is away): answer from the store, or fail, as uncached.
    }
    request[CACHE_VERSION] = version;
    const hit = cache.get(request.url, version);
    if (hit !== null) return send(request, reply, hit, 'hit');
    const key = `${version}\n${request.url}`;
    const pending = inFlight.get(key);
    if (pending !== undefined) {
      const answer = await pending;
      if (answer !== null) return send(request, reply, answer, 'shared');
      return; // The first one failed: this one asks the store itself.
    }
    let resolve!: (answer: CachedAnswer | null) => void;
    inFlight.set(key, new Promise((r) => (resolve = r)));
    request[CACHE_FLIGHT] = { key, resolve };
  });
  app.addHook('onSend', async (request: CacheableRequest, reply, payload) => {
    const version = request[CACHE_VERSION];
    if (version === undefined || reply.getHeader('x-marsad-cache') !== undefined) return payload;
    if (reply.statusCode !== 200 || typeof payload !== 'string') {
      settle(request, null);
      return payload;
    }
    const body = Buffer.from(payload, 'utf8');
    const answer: CachedAnswer = {
      body,
      contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    };
    cache.set(request.url, version, answer);
    settle(request, answer);
    reply.header('etag', answer.etag).header('cache-control', 'no-cache').header('x-marsad-cache', 'miss');
    return body;
  });
  // Whatever happened to the first request (an error, the client gone), its waiters are released.
  app.addHook('onResponse', async (request: CacheableRequest, reply) => {
    settle(request, null);
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) cache.clear();
  });
  app.addHook('onRequestAbort', async (request: CacheableRequest) => settle(request, null));
}

/** The status, code and message of an error the client may see. */
function describeError(error: FastifyError | HttpError, bodyLimit: number): { status: number; code: string; message: string; details?: Record<string, unknown> } {
  if (error instanceof HttpError) return { status: error.statusCode, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  if (error.validation) return { status: 400, code: 'invalid_request', message: validationMessage(error) };
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'body_too_large', message: `the body is larger than ${bodyLimit} bytes` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: 'send the body as JSON (Content-Type: application/json)' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_json', message: 'the body is empty; send a JSON object' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'invalid_json', message: 'the body is not valid JSON' };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's and its plugins' client errors (invalid JSON, bad content length, …) say nothing internal. The
    // static files' 403 (a path it refuses, such as one climbing out of the web root) reads as a plain 404.
    const code = error instanceof SyntaxError ? 'invalid_json' : status === 404 || status === 403 ? 'not_found' : 'bad_request';
    return { status: status === 403 ? 404 : status, code, message: status === 403 ? 'not found' : error.message };
  }
  return { status: 500, code: 'internal', message: 'internal server error (logged)' };
}

/** Answer an error as `{error: {code, message}}`; a 5xx is logged with its stack, which the client never sees. */
function sendError(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply, bodyLimit: number): FastifyReply {
  const { status, code, message, details } = describeError(error, bodyLimit);
  if (status >= 500) request.log.error({ err: error, url: request.url }, 'request failed');
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message, ...details } });
}

const TYPE_NAMES: Record<string, string> = { object: 'a JSON object', array: 'an array', string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'null' };

/** A validation error in words: which parameter or field, and what it must be. */
function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const where = error.validationContext ?? 'body';
  const path = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = first.params as Record<string, unknown>;
  const noun = where === 'querystring' ? 'query parameter' : where === 'params' ? 'path parameter' : where === 'headers' ? 'header' : 'field';
  if (first.keyword === 'additionalProperties') {
    const name = [path, String(params.additionalProperty)].filter(Boolean).join('.');
    return `unknown ${noun} "${name}"`;
  }
  if (first.keyword === 'required') {
    const name = [path, String(params.missingProperty)].filter(Boolean).join('.');
    return `missing ${noun} "${name}"`;
  }
  const subject = path ? `${noun} "${path}"` : where === 'body' ? 'the body' : where;
  if (first.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `${subject} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (first.keyword === 'type') return `${subject} must be ${String(params.type).split(',').map((t) => TYPE_NAMES[t] ?? t).join(' or ')}`;
  if (first.keyword === 'pattern' && where === 'params') return `${subject} is not a valid id`;
  return `${subject} ${first.message ?? 'is invalid'}`;
}
