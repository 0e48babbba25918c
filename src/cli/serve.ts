/**
 * `marsad serve [--db] [--port 8080] [--host 127.0.0.1] [--rate-limit N] [--max-bytes] [--max-ms] [--analysis-workers N]`:
 * the HTTP API (and the dashboard, when built) over the store, until SIGINT or SIGTERM, when it stops taking requests,
 * lets those in flight finish and closes the store. The routes that write need `Authorization: Bearer <token>`: the token is MARSAD_TOKEN, or one
 * generated at start (24 random bytes, base64url) and printed once to stderr with the URL.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_DB } from '../store/store.js';
import { isPostgresUrl, openStore } from '../store/open-store.js';
import { buildApp, DEFAULT_RATE_LIMIT } from '../server/app.js';
import { resolveBudgets, type Budgets } from '../budgets.js';
import { UsageError } from './usage-error.js';

/** Usage text of the serve command. */
export const SERVE_USAGE = `usage: marsad serve [--db PATH|postgres://…] [--port 8080] [--host 127.0.0.1] [--rate-limit N]
                    [--max-bytes 5M] [--max-ms 20s] [--analysis-workers 1]
the HTTP API over the store (GET /docs lists its routes) and the dashboard, when built; writes need
"Authorization: Bearer <token>": MARSAD_TOKEN, or a token generated at start and printed once to stderr.
--rate-limit N: requests per minute per client IP (default ${DEFAULT_RATE_LIMIT.max}; the routes that write or analyze: N/10).
--max-bytes, --max-ms: each posted article's size and analysis time budgets (else MARSAD_MAX_BYTES, MARSAD_MAX_MS;
  default 5M and 20s); --analysis-workers: threads that analyze posted articles (default 1).`;

/** Shortest MARSAD_TOKEN accepted: a guessable token would protect nothing. */
export const MIN_TOKEN_LENGTH = 16;

/** What the command reads besides its arguments (the process's, by default; tests pass their own). */
export interface ServeIo {
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** Stops the server like SIGINT. */
  signal?: AbortSignal;
}

interface ServeOptions {
  db: string;
  port: number;
  host: string;
  rateLimit: number;
  budgets: Budgets;
  analysisWorkers: number;
}

function parse(args: string[]): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        db: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'rate-limit': { type: 'string' },
        'max-bytes': { type: 'string' }, 'max-ms': { type: 'string' }, 'analysis-workers': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${SERVE_USAGE}`);
  }
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!/^\d{1,5}$/.test(values.port ?? '8080') || port > 65_535) throw new UsageError(`--port must be a port number from 0 to 65535, got "${values.port}"\n${SERVE_USAGE}`);
  const rateLimit = values['rate-limit'] === undefined ? DEFAULT_RATE_LIMIT.max : Number(values['rate-limit']);
  if (!Number.isInteger(rateLimit) || rateLimit < 1) throw new UsageError(`--rate-limit must be a positive whole number (requests per minute), got "${values['rate-limit']}"\n${SERVE_USAGE}`);
  const host = values.host ?? '127.0.0.1';
  if (!host.trim()) throw new UsageError(`--host must name an address to listen on\n${SERVE_USAGE}`);
  const budgets = resolveBudgets({ maxBytes: values['max-bytes'], maxMs: values['max-ms'] });
  const analysisWorkers = values['analysis-workers'] === undefined ? 1 : Number(values['analysis-workers']);
  if (!/^\d{1,3}$/.test(values['analysis-workers'] ?? '1') || analysisWorkers > 64) {
    throw new UsageError(`--analysis-workers must be a whole number from 0 to 64, got "${values['analysis-workers']}"\n${SERVE_USAGE}`);
  }
  return { db: values.db ?? DEFAULT_DB, port, host, rateLimit, budgets, analysisWorkers };
}

/** The token from the environment, or a new one (then `generated`). */
export function serverToken(env: NodeJS.ProcessEnv): { token: string; generated: boolean } {
  const given = env.MARSAD_TOKEN?.trim();
  if (given) {
    if (given.length < MIN_TOKEN_LENGTH) throw new UsageError(`MARSAD_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (e.g. \`openssl rand -base64 24\`)`);
    return { token: given, generated: false };
  }
  return { token: randomBytes(24).toString('base64url'), generated: true };
}

/** A `--db` value fit to print: a PostgreSQL URL without its password. */
function displayDb(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const url = new URL(db);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Wait for SIGINT, SIGTERM or the signal. */
function stopRequested(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (name: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
      resolve(name);
    };
    const onInt = stop('SIGINT');
    const onTerm = stop('SIGTERM');
    const onAbort = stop('abort');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Run the serve command; resolves to the exit code once the server has stopped. */
export async function serveCommand(args: string[], io: ServeIo = {}): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  const options = parse(args);
  const { token, generated } = serverToken(io.env ?? process.env);
  const store = await openStore(options.db);
  let app;
  try {
    app = await buildApp(store, {
      token, rateLimit: { max: options.rateLimit, timeWindow: '1 minute' }, logger: true, budgets: options.budgets, analysisWorkers: options.analysisWorkers,
    });
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app?.close();
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new UsageError(`cannot listen on ${options.host}:${options.port} (${code}); choose another --host or --port`);
    }
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`;
  if (generated) stderr.write(`marsad: write token (generated for this run; set MARSAD_TOKEN to choose one): ${token}\n`);
  stderr.write(`marsad: serving ${displayDb(options.db)} at ${url}\n`);
  const why = await stopRequested(io.signal);
  stderr.write(`marsad: ${why === 'abort' ? 'stopping' : `${why}: stopping`}\n`);
  try {
    await app.close();
  } finally {
    await store.close();
  }
  return 0;
}
