/**
 * What every request carries and leaves behind: its id (`X-Request-Id`, echoed on every answer
 * and in every error body), the URL-length limit, `Connection: close` while the server drains,
 * and one log line per request — method, route pattern (never the URL: query strings may carry
 * phone numbers), status, time, key id and client address; never credentials or personal data.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';
import { sendError } from '../errors.js';

export const REQUEST_ID_HEADER = 'x-request-id';
/** A client's own request id is kept when it looks like an id (no spaces, quotes or control characters). */
const WELL_FORMED_ID = /^[A-Za-z0-9._:\-]{1,128}$/;

/** Fastify's `genReqId`: the client's X-Request-Id when well formed, else a new UUID. */
export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && WELL_FORMED_ID.test(given) ? given : randomUUID();
}

export interface RequestContextOptions {
  maxUrlLength: number;
  /** True once shutdown has begun. */
  isDraining: () => boolean;
}

export const requestContext = fp<RequestContextOptions>(
  (app, { maxUrlLength, isDraining }) => {
    // Set by the /api/v1 auth hook; declared here, empty, so every request has the same shape.
    app.decorateRequest('accountId', '');
    app.decorateRequest('apiKeyId', '');
    app.addHook('onRequest', async (request, reply) => {
      reply.header('X-Request-Id', request.id);
      if (request.raw.url !== undefined && request.raw.url.length > maxUrlLength) {
        return sendError(reply, 414, 'URI_TOO_LONG', `The URL is longer than ${maxUrlLength} characters`);
      }
    });
    app.addHook('onSend', async (_request, reply) => {
      if (isDraining()) reply.header('Connection', 'close');
    });
    app.addHook('onResponse', async (request, reply) => {
      request.log.info(
        {
          method: request.method,
          route: request.routeOptions.url ?? '(no route)',
          statusCode: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          keyId: request.apiKeyId === '' ? undefined : request.apiKeyId,
          clientAddress: request.ip,
        },
        'request',
      );
    });
  },
  { name: 'request-context' },
);
