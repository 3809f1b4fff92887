/**
 * HTTP Basic authentication for /api/v1: username = API key id, password = its secret.
 * Runs before the body is read, so an unauthenticated client costs no parsing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { KeyVerifier } from '../auth/api-keys.js';
import { errorBody } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The account of the authenticated API key. */
    accountId: string;
  }
}

export const WWW_AUTHENTICATE = 'Basic realm="calls-api", charset="UTF-8"';
const UNAUTHORIZED_BODY = JSON.stringify(errorBody(401, 'UNAUTHORIZED', 'Missing or invalid credentials'));

function parseBasic(header: string | undefined): [string, string] | undefined {
  if (header === undefined || header.length > 1024) return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'basic') return undefined;
  const encoded = header.slice(space + 1).trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

export function rejectUnauthorized(reply: FastifyReply) {
  return reply
    .code(401)
    .header('WWW-Authenticate', WWW_AUTHENTICATE)
    .type('application/json; charset=utf-8')
    .send(UNAUTHORIZED_BODY);
}

export function registerBasicAuth(scope: FastifyInstance, verifier: KeyVerifier): void {
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const credentials = parseBasic(request.headers.authorization);
    const accountId = credentials && (await verifier.verify(credentials[0], credentials[1]));
    if (!accountId) return rejectUnauthorized(reply);
    request.accountId = accountId;
  });
}
