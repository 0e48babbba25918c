/**
 * The API's description: `GET /openapi.json` (the OpenAPI 3.1 document) and `GET /docs`, a page rendered here on
 * the server that lists its operations, parameters and responses. The page has no script and no inline style
 * (the CSP allows neither): its stylesheet is `GET /docs.css`. Every text placed in it is HTML-escaped.
 */
import type { FastifyInstance } from 'fastify';
import { OPENAPI } from '../openapi.js';

type Json = Record<string, unknown>;

/** Escape text for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A short type name of a schema: `EventRow`, `string | null`, `array of AGREE | …`. */
function typeName(schema: unknown): string {
  if (typeof schema !== 'object' || schema === null) return '';
  const s = schema as Json;
  if (typeof s.$ref === 'string') return s.$ref.slice(s.$ref.lastIndexOf('/') + 1);
  if (Array.isArray(s.oneOf)) return s.oneOf.map(typeName).join(' | ');
  if (Array.isArray(s.enum)) return s.enum.map(String).join(' | ');
  if (s.type === 'array') return `array of ${typeName(s.items)}`;
  const type = Array.isArray(s.type) ? s.type.join(' | ') : typeof s.type === 'string' ? s.type : 'object';
  const bounds = [s.format, s.minimum !== undefined ? `≥ ${String(s.minimum)}` : null, s.maximum !== undefined ? `≤ ${String(s.maximum)}` : null, s.default !== undefined ? `default ${String(s.default)}` : null]
    .filter((x) => x !== null && x !== undefined);
  return bounds.length > 0 ? `${type} (${bounds.join(', ')})` : type;
}

/** The component a local `$ref` points at (one level), else the object itself. */
function resolve(value: unknown): Json {
  const v = (value ?? {}) as Json;
  if (typeof v.$ref !== 'string') return v;
  const [, , kind, name] = v.$ref.split('/');
  const components = OPENAPI.components as Record<string, Record<string, Json>>;
  return components[kind!]?.[name!] ?? v;
}

function renderParameters(parameters: unknown): string {
  if (!Array.isArray(parameters) || parameters.length === 0) return '';
  const rows = parameters.map((p: Json) =>
    `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${escapeHtml(typeName(p.schema))}</td>` +
    `<td>${p.required ? 'yes' : ''}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`).join('');
  return `<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>required</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function renderBody(body: unknown): string {
  if (!body) return '';
  const content = ((body as Json).content ?? {}) as Record<string, Json>;
  return Object.entries(content).map(([type, c]) => `<p>body (<code>${escapeHtml(type)}</code>): ${escapeHtml(typeName(c.schema))}</p>`).join('');
}

function renderResponses(responses: unknown): string {
  const items = Object.entries((responses ?? {}) as Record<string, unknown>).map(([code, r]) => {
    const response = resolve(r);
    const content = (response.content ?? {}) as Record<string, Json>;
    const schemas = Object.values(content).map((c) => typeName(c.schema)).filter(Boolean);
    return `<li><code>${escapeHtml(code)}</code> ${escapeHtml(response.description ?? '')}${schemas.length ? ` — ${escapeHtml(schemas.join(', '))}` : ''}</li>`;
  });
  return `<ul class="responses">${items.join('')}</ul>`;
}

/** The HTML page of an OpenAPI document's operations, grouped by tag. */
export function renderDocs(doc: Json = OPENAPI): string {
  const info = (doc.info ?? {}) as Json;
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : 'other';
      const auth = Array.isArray(op.security) && op.security.length > 0 ? ' <span class="auth">bearer token</span>' : '';
      const html = `<article id="${escapeHtml(op.operationId ?? `${method}-${path}`)}">` +
        `<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${auth}</h3>` +
        `<p>${escapeHtml(op.summary ?? '')}</p>${op.description ? `<p class="description">${escapeHtml(op.description)}</p>` : ''}` +
        renderParameters(op.parameters) + renderBody(op.requestBody) + renderResponses(op.responses) + '</article>';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const tags = (Array.isArray(doc.tags) ? doc.tags : []) as Json[];
  const sections = [...byTag].map(([tag, ops]) => {
    const description = tags.find((t) => t.name === tag)?.description;
    return `<section><h2>${escapeHtml(tag)}</h2>${description ? `<p>${escapeHtml(description)}</p>` : ''}${ops.join('')}</section>`;
  });
  return '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(info.title ?? 'API')}</title><link rel="stylesheet" href="/docs.css"></head><body>` +
    `<header><h1>${escapeHtml(info.title ?? 'API')}</h1><p class="version">${escapeHtml(info.version ?? '')}</p>` +
    `<p>${escapeHtml(info.description ?? '')}</p><p><a href="/openapi.json">OpenAPI ${escapeHtml(doc.openapi ?? '')} document (JSON)</a></p></header>` +
    `<main>${sections.join('')}</main></body></html>`;
}

const CSS = `body{font:15px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{margin-bottom:0}.version{color:#666;margin-top:0}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
article{border:1px solid #e3e3e3;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}h3{font-size:1rem;margin:.4rem 0}
.method{display:inline-block;min-width:3.5rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .3rem}
.get{background:#2b6cb0}.post{background:#2f855a}.put,.patch{background:#b7791f}.delete{background:#c53030}
.auth{font-size:.75rem;color:#9c4221;border:1px solid #9c4221;border-radius:4px;padding:0 .3rem;margin-left:.5rem}
.description{color:#444}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;border-bottom:1px solid #eee;padding:.2rem .4rem;vertical-align:top}
code{font-family:ui-monospace,monospace}.responses{font-size:.9rem}
`;

/** Register the description routes. */
export function docsRoutes(app: FastifyInstance): void {
  const noQuery = { schema: { querystring: { type: 'object', additionalProperties: false } } };
  const page = renderDocs();
  app.get('/openapi.json', noQuery, async () => OPENAPI);
  app.get('/docs', noQuery, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/docs.css', noQuery, async (_request, reply) => reply.type('text/css; charset=utf-8').send(CSS));
}
