/**
 * One error handler for the whole app: every 4xx/5xx leaves as the contract's JSON body
 * `{statusCode, error, code, message}` with a stable code, Fastify's own errors included.
 */
import { STATUS_CODES } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type ErrorCode } from '../domain/errors.js';
import { isStoreUnavailable } from '../store/errors.js';
import { JSON_UTF8 } from './media-types.js';
import { applySecurityHeaders } from './plugins/security-headers.js';
import type { ErrorBody } from '../contract/common.js';

/**
 * The error body; `code` is the catalogue's (ErrorCode) or one of the transport's own (such as
 * ROUTE_NOT_FOUND); `requestId` is the answer's X-Request-Id, to quote when reporting a problem.
 */
export function errorBody(statusCode: number, code: string, message: string, requestId: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message, requestId };
}

export function sendError(reply: FastifyReply, statusCode: number, code: string, message: string) {
  return reply
    .code(statusCode)
    .type(JSON_UTF8)
    .send(errorBody(statusCode, code, message, reply.request.id));
}

/** Fastify's own error codes, mapped to ours. */
const FASTIFY_CODES: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'VALIDATION_ERROR', 'Content-Length does not match the body'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'Request body is too large'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'INVALID_JSON', 'Body must not be empty when Content-Type is application/json'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'INVALID_JSON', 'Body is not valid JSON'],
};

/** A validation message that names the field: `body.customerPhone must be string`. */
function validationMessage(err: FastifyError): string {
  const first = err.validation?.[0];
  if (!first) return err.message;
  const context = err.validationContext ?? 'body';
  let field = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (first.keyword === 'required' && typeof first.params.missingProperty === 'string') {
    field = field ? `${field}.${first.params.missingProperty}` : first.params.missingProperty;
    return `${context}.${field} is required`;
  }
  if (first.keyword === 'additionalProperties' && typeof first.params.additionalProperty === 'string') {
    return `${context}${field ? '.' + field : ''} must not have property ${first.params.additionalProperty}`;
  }
  const where = field ? `${context}.${field}` : context;
  if (first.keyword === 'enum' && Array.isArray(first.params.allowedValues)) {
    return `${where} must be one of: ${first.params.allowedValues.join(', ')}`;
  }
  return `${where} ${first.message ?? 'is invalid'}`;
}

/** Every error, Fastify's own included, in the contract's body with a stable code. */
export const errorHandling = fp(
  (app: FastifyInstance) => {
    app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'ROUTE_NOT_FOUND', 'Route not found'));

    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof AppError) return sendError(reply, err.statusCode, err.code, err.message);
      if (err.validation) return sendError(reply, 400, 'VALIDATION_ERROR', validationMessage(err));
      const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
      if (mapped) return sendError(reply, mapped[0], mapped[1], mapped[2]);
      if (isStoreUnavailable(err)) {
        request.log.warn({ errCode: (err as { code?: string }).code }, 'store unavailable');
        reply.header('Retry-After', '1');
        return sendError(reply, 503, 'STORE_UNAVAILABLE', 'The data store is unavailable; retry shortly');
      }
      const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
      if (status === 429) return sendError(reply, 429, 'RATE_LIMITED', err.message || 'Too many requests');
      if (status >= 400 && status < 500) {
        // Fastify's other client errors (bad JSON, prototype poisoning, bad headers).
        const code = err instanceof SyntaxError || /JSON|prototype/i.test(err.message) ? 'INVALID_JSON' : 'BAD_REQUEST';
        return sendError(reply, status, code, err.message);
      }
      // Log the error's type and stack, never the request: it may carry personal data.
      request.log.error({ err: { type: err.name, code: err.code, stack: err.stack } }, 'request failed');
      return sendError(reply, 500, 'INTERNAL_ERROR', 'Internal server error');
    });
  },
  { name: 'error-handling' },
);

/**
 * Errors Fastify raises while routing, before any hook runs (a bad percent-encoding in the path,
 * a path parameter over the router's limit): answered like every other error — our body and
 * code, the security headers, the request id — and without echoing the URL back.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  applySecurityHeaders(request.raw, reply.raw, () => {
    reply.header('X-Request-Id', request.id);
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') void sendError(reply, 414, 'URI_TOO_LONG', 'A part of the URL path is too long');
    else void sendError(reply, 400, 'BAD_REQUEST', 'The URL is malformed (for instance a bad percent-encoding)');
  });
}

/**
 * Errors node's HTTP parser raises before Fastify sees a request (a head over maxHeaderSize, a
 * client too slow to send its head or body, bytes that are not HTTP): answered with our error
 * body, then the connection is closed.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let answer: [number, ErrorCode, string];
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') answer = [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive'];
  else if (err.code === 'HPE_HEADER_OVERFLOW') answer = [431, 'HEADERS_TOO_LARGE', 'The request headers are too large'];
  else if (err.code === 'HPE_URI_TOO_LONG') answer = [414, 'URI_TOO_LONG', 'The URL is too long'];
  else answer = [400, 'BAD_REQUEST', 'Malformed HTTP request'];
  const [status, code, message] = answer;
  const requestId = randomUUID();
  const body = JSON.stringify(errorBody(status, code, message, requestId));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${JSON_UTF8}\r\nX-Request-Id: ${requestId}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
