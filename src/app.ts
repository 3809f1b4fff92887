/**
 * buildApp(deps): the Fastify instance with its plugins and routes. No I/O at import time; the
 * store is handed in, so tests build the same app over a fresh database.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { Repositories } from './domain/ports/index.js';
import { DEFAULT_LIMITS, type Config, type LimitsConfig } from './config.js';
import { CallsService } from './domain/calls.js';
import { CallCache } from './domain/call-cache.js';
import { compileCallSerializer } from './http/call-json.js';
import { DirectoryService } from './domain/directory.js';
import { systemClock, type Clock } from './domain/clock.js';
import { ApiKeyService, KeyVerifier } from './auth/api-keys.js';
import { buildRequestValidator } from './http/validation.js';
import { FailedAuthLimiter, registerBasicAuth } from './http/auth.js';
import { clientErrorHandler, registerErrorHandling, sendError } from './http/errors.js';
import { DataProtectionService } from './domain/data-protection.js';
import { dataProtectionRoutes } from './http/routes/data-protection.js';
import { registerJsonParser } from './http/json-body.js';
import { errors } from './domain/errors.js';
import { ErrorBody } from './contract/common.js';
import { callRoutes } from './http/routes/calls.js';
import { directoryRoutes } from './http/routes/directory.js';
import { integrationRoutes } from './http/routes/integrations.js';
import { twilioWebhookRoutes } from './http/routes/webhooks-twilio.js';
import { TwilioSettingsService } from './integrations/twilio/settings.js';
import { TwilioCallbacks } from './integrations/twilio/callbacks.js';
import { TwilioMessageSender, TwilioOutbound } from './integrations/twilio/outbound.js';
import type { MessageSender } from './integrations/message-sender.js';
import { benchBareRoutes } from './http/routes/bench-bare.js';
import { VERSION } from './version.js';

/** The hardening settings; each has the default `loadConfig` gives when left out. */
export type { LimitsConfig };

export interface AppDeps {
  store: Repositories;
  config: Pick<Config, 'bodyLimit' | 'keyCacheMs' | 'maxMessagesPerCall' | 'logLevel'> &
    Partial<Pick<Config, 'publicUrl' | 'secretsKey' | 'twilioOutbound' | 'benchBare'>> &
    Partial<LimitsConfig>;
  /** Sends outbound messages when config.twilioOutbound is on; Twilio's Messages API by default. */
  messageSender?: MessageSender;
  clock?: Clock;
  /** A pino destination for the logs (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
}

export interface App {
  app: FastifyInstance;
  keys: ApiKeyService;
  calls: CallsService;
  directory: DirectoryService;
  twilio: { settings: TwilioSettingsService; callbacks: TwilioCallbacks; outbound?: TwilioOutbound };
  dataProtection: DataProtectionService;
  /** Shutdown has begun: answer with `Connection: close` and fail the health check, keep serving. */
  startDraining(): void;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { store, config } = deps;
  const limits: LimitsConfig = { ...DEFAULT_LIMITS, ...definedOnly(config) };
  const clock = deps.clock ?? systemClock;
  const logger: FastifyServerOptions['logger'] =
    config.logLevel === 'silent'
      ? false
      : {
          level: config.logLevel,
          // Belt and braces: nothing secret or personal is ever put in a log line, and these paths
          // are censored should a future log call pass a request or headers.
          redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'password', 'secret', 'authToken', '*.authToken'], censor: '[redacted]' },
          ...(deps.logStream ? { stream: deps.logStream } : {}),
        };

  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimit,
    // Request lines are logged by the hook below with the route pattern, not the URL: query
    // strings may carry phone numbers.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // Slow clients: node answers 408 when the head or the whole request takes too long, and
    // checks for that every second (its default, 30 s, would let a slow client linger).
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: 60_000,
    schemaController: { compilersFactory: { buildValidator: buildRequestValidator } },
    http: {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
    },
    clientErrorHandler,
    // Long enough that an over-long path id reaches the handler and gets the plain 404 (contract:
    // a malformed id is a 404); MAX_URL_LENGTH bounds the whole URL.
    routerOptions: { maxParamLength: 1000 },
  });

  const keys = new ApiKeyService(store.accounts, clock);
  const verifier = new KeyVerifier(store.accounts, config.keyCacheMs);
  const twilioSettings = new TwilioSettingsService(store.twilio, clock, config.secretsKey);
  const twilioCallbacks = new TwilioCallbacks(store, clock, twilioSettings, { maxMessagesPerCall: config.maxMessagesPerCall });
  const publicUrl = config.publicUrl ?? '';
  const outbound = config.twilioOutbound
    ? new TwilioOutbound(store.calls, twilioSettings, deps.messageSender ?? new TwilioMessageSender(), publicUrl, app.log)
    : undefined;
  const cache = new CallCache(store.calls, store.callChanges, compileCallSerializer());
  const calls = new CallsService({ calls: store.calls, messages: store.messages, agents: store.agents, skills: store.skills, cache }, clock, { maxMessagesPerCall: config.maxMessagesPerCall }, outbound);
  const directory = new DirectoryService(store, clock);
  const dataProtection = new DataProtectionService(store, clock);
  const failedAuth = new FailedAuthLimiter(limits.authFailuresPerMinute);
  let draining = false;

  registerErrorHandling(app);
  registerJsonParser(app);
  app.addSchema(ErrorBody);

  // Security headers on every answer, errors and 404s included. The API serves JSON only, so its
  // CSP allows nothing; /docs sets its own (below). No CORS plugin: browsers on other origins
  // get no Access-Control-Allow-Origin, which is the safe default for a Basic-auth API.
  // helmet's middleware is built once here and applied in one hook (the Fastify wrapper rebuilt it,
  // directives parsing included, on every request).
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));

  app.addHook('onRequest', async (request, reply) => {
    if (request.raw.url !== undefined && request.raw.url.length > limits.maxUrlLength) {
      return sendError(reply, 414, 'URI_TOO_LONG', `The URL is longer than ${limits.maxUrlLength} characters`);
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('Connection', 'close');
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, route: request.routeOptions.url ?? '(no route)', statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'calls-api',
        version: VERSION,
        description: 'The record of every AI call-center interaction, over an Elemente.ai-compatible v1 Calls API.',
      },
      components: { securitySchemes: { basicAuth: { type: 'http', scheme: 'basic', description: 'username = API key id, password = its secret' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The UI's own CSP (same-origin scripts and styles), minus upgrade-insecure-requests, which
    // would break the page on a plain-HTTP deployment.
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/healthz',
    { schema: { summary: 'Liveness and store check (no auth)', tags: ['Health'] } },
    async (_request, reply) => {
      if (draining) return sendError(reply, 503, 'SHUTTING_DOWN', 'The server is shutting down');
      await store.ping();
      return reply.send({ status: 'ok' });
    },
  );

  if (config.benchBare) await app.register(benchBareRoutes);

  await app.register(async (api) => {
    registerBasicAuth(api, verifier, failedAuth);
    // Per API key, after authentication (route-level hooks run after the scope's auth hook).
    // Counted in this process's memory: with N processes a key may make up to N× the limit.
    if (limits.rateLimitPerMinute > 0) {
      await api.register(rateLimit, {
        global: true,
        max: limits.rateLimitPerMinute,
        timeWindow: 60_000,
        keyGenerator: (request) => request.apiKeyId ?? request.ip,
        errorResponseBuilder: (_request, context) =>
          Object.assign(new Error(`Rate limit of ${context.max} requests a minute exceeded; retry in ${context.after}`), {
            statusCode: 429,
          }),
      });
    }
    // Ajv's type coercion turns "1e309" or "Infinity" in a query string into Infinity and then lets
    // it past `maximum`; no numeric query parameter has a use for a non-finite value. Checked on
    // the routes that take a query string only (Get Call is polled and has none).
    api.addHook('onRoute', (route) => {
      if (route.schema?.querystring === undefined) return;
      const own = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
      route.preHandler = [rejectNonFiniteQuery, ...own];
    });
    await api.register(callRoutes, { calls });
    await api.register(dataProtectionRoutes, { dataProtection });
    await api.register(directoryRoutes, { directory });
    await api.register(integrationRoutes, { twilio: twilioSettings });
  });

  // Outside the Basic-auth scope: Twilio signs its requests instead.
  await app.register(twilioWebhookRoutes, { callbacks: twilioCallbacks, publicUrl });
  if (outbound) app.addHook('onClose', () => outbound.idle());

  const startDraining = () => {
    draining = true;
  };
  return {
    app,
    keys,
    calls,
    directory,
    dataProtection,
    startDraining,
    twilio: { settings: twilioSettings, callbacks: twilioCallbacks, outbound },
  };
}

async function rejectNonFiniteQuery(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query) return;
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'number' && !Number.isFinite(value)) throw errors.validation(`querystring.${key} must be a finite number`);
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
