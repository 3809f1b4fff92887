/**
 * HTTP Basic authentication for /api/v1: username = API key id, password = its secret.
 * Runs before the body is read, so an unauthenticated client costs no parsing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { KeyVerifier } from '../auth/api-keys.js';
import { errorBody } from './errors.js';
import { JSON_UTF8 } from './media-types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The account of the authenticated API key. */
    accountId: string;
    /** The authenticated API key id (the rate limit counts per key). */
    apiKeyId: string;
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

/**
 * 401 with the Basic challenge. A request that marks itself as a script's own (`X-Requested-With`,
 * which the console sends) gets it without: browsers answer a challenge to a page's fetch with
 * their native login prompt and hold the request until someone answers it.
 */
export function rejectUnauthorized(reply: FastifyReply, challenge = true) {
  if (challenge) reply.header('WWW-Authenticate', WWW_AUTHENTICATE);
  return reply.code(401).type(JSON_UTF8).send(UNAUTHORIZED_BODY);
}

/**
 * Counts failed authentications per client address in fixed one-minute windows. Past the limit
 * the address gets 429 before its credentials are even looked at, which caps guessing.
 */
export class FailedAuthLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxPerMinute: number,
    private readonly maxAddresses = 100_000,
  ) {}

  /** Seconds until the address may try again, or 0 when it may try now. */
  blockedFor(address: string, now: number): number {
    if (this.maxPerMinute === 0) return 0;
    const w = this.windows.get(address);
    if (!w || w.resetAt <= now || w.count < this.maxPerMinute) return 0;
    return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
  }

  recordFailure(address: string, now: number): void {
    if (this.maxPerMinute === 0) return;
    const w = this.windows.get(address);
    if (w && w.resetAt > now) {
      w.count++;
      return;
    }
    if (this.windows.size >= this.maxAddresses) {
      for (const [key, value] of this.windows) if (value.resetAt <= now) this.windows.delete(key);
      if (this.windows.size >= this.maxAddresses) this.windows.clear();
    }
    this.windows.set(address, { count: 1, resetAt: now + 60_000 });
  }
}

export function registerBasicAuth(scope: FastifyInstance, verifier: KeyVerifier, failures: FailedAuthLimiter): void {
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // Answers carry personal data: no shared cache may keep them (error answers included).
    reply.header('Cache-Control', 'no-store');
    const now = Date.now();
    const wait = failures.blockedFor(request.ip, now);
    if (wait > 0) {
      return reply
        .code(429)
        .header('Retry-After', String(wait))
        .type(JSON_UTF8)
        .send(errorBody(429, 'RATE_LIMITED', 'Too many failed authentication attempts; retry later'));
    }
    const header = request.headers.authorization;
    const known = header === undefined ? undefined : verifier.recall(header, now);
    if (known !== undefined) {
      request.accountId = known.accountId;
      request.apiKeyId = known.keyId;
      return;
    }
    const credentials = parseBasic(header);
    const accountId = credentials && (await verifier.verify(credentials[0], credentials[1]));
    if (!accountId) {
      failures.recordFailure(request.ip, now);
      return rejectUnauthorized(reply, request.headers['x-requested-with'] === undefined);
    }
    verifier.remember(header!, credentials[0], accountId, now);
    request.accountId = accountId;
    request.apiKeyId = credentials[0];
  });
}
