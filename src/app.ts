/**
 * buildApp(deps): the Fastify instance with its plugins and routes. No I/O at import time; the
 * store is handed in, so tests build the same app over a fresh database.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Store } from './store/store.js';
import type { Config } from './config.js';
import { CallsService } from './domain/calls.js';
import { DirectoryService } from './domain/directory.js';
import { systemClock, type Clock } from './domain/clock.js';
import { ApiKeyService, KeyVerifier } from './auth/api-keys.js';
import { registerBasicAuth } from './http/auth.js';
import { registerErrorHandling } from './http/errors.js';
import { ErrorBody } from './http/schemas/common.js';
import { callRoutes } from './http/routes/calls.js';
import { directoryRoutes } from './http/routes/directory.js';
import { benchBareRoutes } from './http/routes/bench-bare.js';
import { VERSION } from './version.js';

export interface AppDeps {
  store: Store;
  config: Pick<Config, 'bodyLimit' | 'keyCacheMs' | 'maxMessagesPerCall' | 'logLevel'> & Partial<Pick<Config, 'benchBare'>>;
  clock?: Clock;
  /** A pino destination for the logs (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
}

export interface App {
  app: FastifyInstance;
  keys: ApiKeyService;
  calls: CallsService;
  directory: DirectoryService;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { store, config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger: FastifyServerOptions['logger'] =
    config.logLevel === 'silent'
      ? false
      : {
          level: config.logLevel,
          // Belt and braces: nothing secret or personal is ever put in a log line, and these paths
          // are censored should a future log call pass a request or headers.
          redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'password', 'secret'], censor: '[redacted]' },
          ...(deps.logStream ? { stream: deps.logStream } : {}),
        };

  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimit,
    // Request lines are logged by the hook below with the route pattern, not the URL: query
    // strings may carry phone numbers.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    routerOptions: { maxParamLength: 200 },
    ajv: { customOptions: { allErrors: false } },
  });

  const keys = new ApiKeyService(store, clock);
  const verifier = new KeyVerifier(store, config.keyCacheMs);
  const calls = new CallsService(store, clock, { maxMessagesPerCall: config.maxMessagesPerCall });
  const directory = new DirectoryService(store, clock);

  registerErrorHandling(app);
  app.addSchema(ErrorBody);

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
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/healthz',
    { schema: { summary: 'Liveness and store check (no auth)', tags: ['Health'] } },
    async (request, reply) => {
      await store.ping();
      return reply.send({ status: 'ok' });
    },
  );

  if (config.benchBare) await app.register(benchBareRoutes);

  await app.register(async (api) => {
    registerBasicAuth(api, verifier);
    await api.register(callRoutes, { calls });
    await api.register(directoryRoutes, { directory });
  });

  return { app, keys, calls, directory };
}
