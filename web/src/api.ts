/**
 * The dashboard's client of the HTTP API: typed GET and POST helpers over `fetch` (same origin), the API's
 * `{error: {code, message}}` answers turned into `ApiError`s the views show to the user, and the bearer token of
 * the routes that write, kept in sessionStorage (the token `marsad serve` printed, typed once per browser tab).
 */
import type { ActorGraph, Correction, EventRow, MapPoint, NewCorrection, SearchHit, TimelineRow } from '../../src/store/store.js';
import type { Alert } from '../../src/server/alerts.js';
import type { AnnotatedDoc } from '../../src/types.js';

const TOKEN_KEY = 'marsad.token';

/** An error answer of the API (or a network failure: status 0). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Whether the error is the API refusing a write for want of the (right) token. */
export const isUnauthorized = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

/** Whether the error comes from a request the app cancelled (the user moved on). */
export const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

/** The write token of this tab, or ''. */
export function getToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Keep (or, when empty, forget) the write token for this tab. */
export function setToken(token: string): void {
  try {
    if (token.trim()) sessionStorage.setItem(TOKEN_KEY, token.trim());
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage refused (private mode): the token is then only good for this page.
  }
}

/** Query parameters: entries with an empty or absent value are left out. */
export type Query = Record<string, string | number | null | undefined>;

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(method: 'GET' | 'POST', path: string, options: { query?: Query; body?: unknown; signal?: AbortSignal | undefined; auth?: boolean }): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.auth) {
    const token = getToken();
    if (token) headers.authorization = `Bearer ${token}`;
  }
  let response: Response;
  try {
    response = await fetch(url(path, options.query), {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      credentials: 'same-origin',
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'network', (error as Error).message || 'network error');
  }
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : `http_${response.status}`,
      typeof error?.message === 'string' ? error.message : `${response.status} ${response.statusText}`,
    );
  }
  if (body === null) throw new ApiError(response.status, 'bad_response', 'the server answered something other than JSON');
  return body as T;
}

/** GET a JSON resource. */
export const get = <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> => request<T>('GET', path, { ...(query ? { query } : {}), signal });

/** POST JSON; `auth` sends the tab's token. */
export const post = <T>(path: string, body: unknown, options: { auth?: boolean; signal?: AbortSignal } = {}): Promise<T> =>
  request<T>('POST', path, { body, signal: options.signal, auth: options.auth ?? false });

/** `GET /api/documents/:id`. */
export interface DocumentResponse {
  document: AnnotatedDoc;
  origin: string;
  ingestedAt: string;
  nearDuplicateOf: { id: string; similarity: number } | null;
  corrections: Correction[];
}

/** `GET /api/events`. */
export interface EventsResponse {
  events: EventRow[];
  next: string | null;
}

/** `GET /api/alerts`. */
export interface AlertsResponse {
  day: string | null;
  statistic: string;
  alerts: Alert[];
}

export type { ActorGraph, Alert, AnnotatedDoc, Correction, EventRow, MapPoint, NewCorrection, SearchHit, TimelineRow };

/** The API's calls, typed. */
export const api = {
  events: (query: Query, signal?: AbortSignal) => get<EventsResponse>('/api/events', query, signal),
  timeline: (query: Query, signal?: AbortSignal) => get<{ rows: TimelineRow[] }>('/api/stats/timeline', query, signal),
  map: (query: Query, signal?: AbortSignal) => get<{ points: MapPoint[] }>('/api/stats/map', query, signal),
  graph: (query: Query, signal?: AbortSignal) => get<ActorGraph>('/api/actors/graph', query, signal),
  alerts: (query: Query, signal?: AbortSignal) => get<AlertsResponse>('/api/alerts', query, signal),
  search: (q: string, signal?: AbortSignal) => get<{ hits: SearchHit[] }>('/api/search', { q, limit: 50 }, signal),
  document: (id: string, signal?: AbortSignal) => get<DocumentResponse>(`/api/documents/${encodeURIComponent(id)}`, undefined, signal),
  analyze: (input: { text: string; title?: string; published?: string }, signal?: AbortSignal) =>
    post<AnnotatedDoc>('/api/analyze', input, signal ? { signal } : {}),
  correct: (eventId: string, correction: Omit<NewCorrection, 'eventId'>) =>
    post<Correction>(`/api/events/${encodeURIComponent(eventId)}/corrections`, correction, { auth: true }),
};
