/**
 * Conditional GET (RFC 9110 §13.1.2): an answer carries a strong ETag; a request whose
 * If-None-Match names the current tag gets a 304 with no body. Get Call and the call list tag
 * from the call cache's per-call tags (kept with the cached JSON); the other GETs that opt in
 * (`x-conditional` in the route schema) tag the serialized body in an onSend hook.
 */
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { entityTag } from '../domain/entity-tag.js';

/** Whether If-None-Match names this tag (`*`, or a list; weak comparison, as the RFC says for GET). */
export function ifNoneMatchHits(header: string | string[] | undefined, tag: string): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return true;
  if (!value.includes(tag)) return false;
  return value.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === tag;
  });
}

/**
 * Sets the ETag; when the request's If-None-Match names it, answers 304 (no body) and returns
 * true — the caller then sends nothing more.
 */
export function answerNotModified(request: FastifyRequest, reply: FastifyReply, tag: string): boolean {
  reply.header('ETag', tag);
  if (!ifNoneMatchHits(request.headers['if-none-match'], tag)) return false;
  void reply.code(304).send();
  return true;
}

/** onSend: tags a 200's serialized body, and turns it into a 304 when the client has it already. */
function tagSerializedBody(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return Promise.resolve(payload);
  const tag = entityTag(payload);
  reply.header('ETag', tag);
  if (!ifNoneMatchHits(request.headers['if-none-match'], tag)) return Promise.resolve(payload);
  reply.code(304);
  reply.removeHeader('content-type');
  return Promise.resolve('');
}

/** onRoute: a GET whose schema says `x-conditional` and that tags nothing itself gets the onSend tagging. */
export function conditionalRoute(route: RouteOptions): void {
  if (route.schema?.['x-conditional'] !== true || route.config?.tagsItself === true) return;
  const onSend = route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
  route.onSend = [...onSend, tagSerializedBody];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The handler sets the ETag and answers 304 itself (answerNotModified). */
    tagsItself?: boolean;
  }
}
