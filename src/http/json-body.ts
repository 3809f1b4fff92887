/**
 * The JSON body parser: Fastify's own (prototype-poisoning keys rejected), behind a nesting
 * check. A body nested thousands of levels deep is valid JSON, but walking it (validation,
 * hashing, serialization) recurses once per level and would overflow the stack: it is refused
 * with a 400 before it is parsed.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../domain/errors.js';

export const MAX_JSON_DEPTH = 64;

/** Whether the JSON text opens more than `max` arrays/objects at once (strings are skipped). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export const jsonBody = fp(
  (app: FastifyInstance) => {
    const maxDepth = MAX_JSON_DEPTH;
    // JSON is the only body the API reads: a text/plain one is a 415 like any other type, not a
    // string handed to the body schema (Fastify parses text/plain by default).
    app.removeContentTypeParser('text/plain');
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      // Many HTTP clients label every request JSON, a DELETE without a body too: where the route
      // reads no body, an empty one is no body (a route that reads one still refuses it).
      if (body === '' && request.routeOptions.schema?.body === undefined) {
        done(null, undefined);
        return;
      }
      if (typeof body === 'string' && nestsDeeperThan(body, maxDepth)) {
        done(new AppError('INVALID_JSON', `Body nests deeper than ${maxDepth} levels`), undefined);
        return;
      }
      // Fastify's default parser is the callback kind (its type also allows a promise-returning one).
      void parse(request, body as string, done);
    });
  },
  { name: 'json-body' },
);
