/**
 * The hash routes, so every view is a link: `#/` (overview; its filters in the query: `#/?since=…&type=…`),
 * `#/search?q=…`, `#/doc/<id>` (optionally `?event=<event id>` to open it at that event), `#/analyze`.
 */

/** A parsed route. */
export type Route =
  | { name: 'overview'; params: URLSearchParams }
  | { name: 'search'; params: URLSearchParams }
  | { name: 'doc'; id: string; params: URLSearchParams }
  | { name: 'analyze'; params: URLSearchParams }
  | { name: 'not-found'; path: string; params: URLSearchParams };

const DOC_ID = /^[0-9a-f]{16}$/;

/** The route of a location hash (`#/doc/0123…?event=…`). */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = (q === -1 ? raw : raw.slice(0, q)) || '/';
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  if (path === '/' || path === '') return { name: 'overview', params };
  if (path === '/search') return { name: 'search', params };
  if (path === '/analyze') return { name: 'analyze', params };
  const doc = /^\/doc\/([^/]+)$/.exec(path);
  if (doc && DOC_ID.test(doc[1]!)) return { name: 'doc', id: doc[1]!, params };
  return { name: 'not-found', path, params };
}

/** The hash of a route path and its parameters (empty ones left out). */
export function hashFor(path: string, params: URLSearchParams | Record<string, string | null | undefined> = {}): string {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  const kept = new URLSearchParams();
  for (const [key, value] of entries) if (value !== null && value !== undefined && value !== '') kept.set(key, value);
  const qs = kept.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

/** The link to a document, optionally at one of its events. */
export const docHash = (id: string, eventId?: string | null): string => hashFor(`/doc/${id}`, { event: eventId ?? null });

/** Go to a hash (a hashchange then renders it). */
export function navigate(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}
