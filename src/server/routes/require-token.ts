/**
 * Bearer-token authentication for the routes that write (`POST /api/documents`, corrections): an `onRequest` hook,
 * so a request without the token is refused before its body is read. The token is compared in constant time:
 * both sides are hashed to 32 bytes first, so `timingSafeEqual` compares equal-length buffers and the comparison
 * reveals neither the token's content nor its length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Whether `given` equals `expected`, in time independent of where they differ. */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** An `onRequest` hook that answers 401 (with `WWW-Authenticate`) unless the request carries `Bearer <token>`. */
export function requireToken(token: string): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    const header = request.headers.authorization;
    const given = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header)?.[1] : undefined;
    if (given === undefined) {
      reply.header('www-authenticate', 'Bearer realm="marsad"');
      throw new HttpError(401, 'unauthorized', 'this route needs the server\'s token: send "Authorization: Bearer <token>" (MARSAD_TOKEN, or the token `marsad serve` printed at start)');
    }
    if (!tokensEqual(given, token)) {
      reply.header('www-authenticate', 'Bearer realm="marsad", error="invalid_token"');
      throw new HttpError(401, 'invalid_token', 'the bearer token is not this server\'s token');
    }
  };
}
