/**
 * The /api/v1 scope: everything under it takes HTTP Basic credentials, is rate-limited per key,
 * and declares — once, here, for every route — its Basic-auth security and the error answers
 * every authenticated route can give. Route files declare only what is their own.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { KeyVerifier } from '../auth/api-keys.js';
import { errors, type AppError } from '../domain/errors.js';
import { registerBasicAuth } from './auth.js';
import type { FailedLoginLimit } from '../auth/failed-logins.js';
import { authErrors } from './responses.js';

export const BASIC_AUTH_SECURITY = [{ basicAuth: [] }];

export interface ApiV1Options {
  verifier: KeyVerifier;
  failedLogins: FailedLoginLimit;
  /** Requests a minute per key; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Registers the resource routes inside the scope. */
  routes: (api: FastifyInstance) => Promise<void>;
}

export async function apiV1(api: FastifyInstance, opts: ApiV1Options): Promise<void> {
  registerBasicAuth(api, opts.verifier, opts.failedLogins);
  // Per API key, after authentication (route-level hooks run after the scope's auth hook).
  // Counted in this process's memory: with N processes a key may make up to N× the limit.
  if (opts.rateLimitPerMinute > 0) {
    await api.register(rateLimit, {
      global: true,
      max: opts.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => (request.apiKeyId === '' ? request.ip : request.apiKeyId),
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`Rate limit of ${String(context.max)} requests a minute exceeded; retry in ${context.after}`), {
          statusCode: 429,
        }),
    });
  }
  api.addHook('onRoute', declareScopeRules);
  await opts.routes(api);
}

/** Adds the scope's security and shared error answers to a route's schema, and the query check. */
function declareScopeRules(route: RouteOptions): void {
  const schema = route.schema ?? {};
  const own = (schema.response ?? {}) as Record<string, unknown>;
  route.schema = { ...schema, security: BASIC_AUTH_SECURITY, response: { ...authErrors, ...own } };
  // Ajv's type coercion turns "1e309" or "Infinity" in a query string into Infinity and then lets
  // it past `maximum`; no numeric query parameter has a use for a non-finite value. Checked on
  // the routes that take a query string only (Get Call is polled and has none).
  if (schema.querystring === undefined) return;
  const preHandler = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
  route.preHandler = [rejectNonFiniteQuery, ...preHandler];
}

function rejectNonFiniteQuery(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  done(nonFiniteQueryError(request.query));
}

function nonFiniteQueryError(query: unknown): AppError | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'number' && !Number.isFinite(value)) return errors.validation(`querystring.${key} must be a finite number`);
  }
  return undefined;
}
