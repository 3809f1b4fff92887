/**
 * HTTP Basic authentication for /api/v1: username = API key id, password = its secret.
 * Runs before the body is read, so an unauthenticated client costs no parsing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KEY_ID_RE, type KeyVerifier } from '../auth/api-keys.js';
import type { FailedLoginLimit } from '../auth/failed-logins.js';
import { sendError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The account of the authenticated API key. */
    accountId: string;
    /** The authenticated API key id (the rate limit counts per key). */
    apiKeyId: string;
  }
}

export const WWW_AUTHENTICATE = 'Basic realm="calls-api", charset="UTF-8"';

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

/**
 * 401 with the Basic challenge. A request that marks itself as a script's own (`X-Requested-With`,
 * which the console sends) gets it without: browsers answer a challenge to a page's fetch with
 * their native login prompt and hold the request until someone answers it.
 */
export function rejectUnauthorized(reply: FastifyReply, challenge = true) {
  if (challenge) reply.header('WWW-Authenticate', WWW_AUTHENTICATE);
  return sendError(reply, 401, 'UNAUTHORIZED', 'Missing or invalid credentials');
}

export function registerBasicAuth(scope: FastifyInstance, verifier: KeyVerifier, failures: FailedLoginLimit): void {
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // Answers carry personal data: no shared cache may keep them (error answers included).
    reply.header('Cache-Control', 'no-store');
    const now = Date.now();
    const header = request.headers.authorization;
    const known = header === undefined ? undefined : verifier.recall(header, now);
    if (known !== undefined) {
      request.accountId = known.accountId;
      request.apiKeyId = known.keyId;
      return;
    }
    const credentials = parseBasic(header);
    const accountId = credentials && (await verifier.verify(credentials[0], credentials[1]));
    if (credentials === undefined || accountId === undefined) {
      const keyId = credentials !== undefined && KEY_ID_RE.test(credentials[0]) ? credentials[0] : undefined;
      // The shared store unreachable: answer the 401 (the key check itself needed the store).
      const wait = await failures.recordFailure(request.ip, keyId, now).catch(() => 0);
      if (wait > 0) {
        reply.header('Retry-After', String(wait));
        return sendError(reply, 429, 'RATE_LIMITED', 'Too many failed authentication attempts; retry later');
      }
      return rejectUnauthorized(reply, request.headers['x-requested-with'] === undefined);
    }
    // header is defined: parseBasic found credentials in it.
    if (header !== undefined) verifier.remember(header, credentials[0], accountId);
    request.accountId = accountId;
    request.apiKeyId = credentials[0];
  });
}
