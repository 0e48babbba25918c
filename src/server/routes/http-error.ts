/**
 * The error the API answers with: an HTTP status, a stable machine-readable code and a message saying what was
 * wrong and what to send instead. The app's error handler turns it into `{error: {code, message, …details}}`.
 */

/** An error with the status and code the client gets (4xx: the request is at fault). */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;
  readonly code: string;
  /** More fields for the error object (e.g. per-item reasons). */
  readonly details: Record<string, unknown> | undefined;

  constructor(statusCode: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}

/** A 400 for a query or body value the schema lets through but that makes no sense (a 30 February, limit 0). */
export function badRequest(message: string, details?: Record<string, unknown>): HttpError {
  return new HttpError(400, 'invalid_request', message, details);
}

/** A 404 for a resource that does not exist. */
export function notFound(message: string): HttpError {
  return new HttpError(404, 'not_found', message);
}
