/** The Fastify server options: logging, body and head limits, slow-client timeouts, request ids. */
import type { Server } from 'node:http';
import { LogController, type FastifyHttpOptions, type FastifyServerOptions } from 'fastify';
import type { LimitsConfig, TrustProxy } from '../config.js';
import { buildRequestValidator } from './validation.js';
import { clientErrorHandler, frameworkErrorHandler } from './errors.js';
import { requestIdOf } from './plugins/request-context.js';

export interface ServerOptionsInput {
  logLevel: string;
  bodyLimit: number;
  limits: LimitsConfig;
  /** Proxies whose X-Forwarded-For is believed (see Config.trustProxy). */
  trustProxy: TrustProxy;
  /** A pino destination for the logs (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
}

export function serverOptions({ logLevel, bodyLimit, limits, trustProxy, logStream }: ServerOptionsInput): FastifyHttpOptions<Server> {
  const logger: FastifyServerOptions['logger'] =
    logLevel === 'silent'
      ? false
      : {
          level: logLevel,
          // Belt and braces: nothing secret or personal is ever put in a log line, and these paths
          // are censored should a future log call pass a request or headers.
          redact: {
            paths: [
              'req.headers.authorization',
              'headers.authorization',
              'authorization',
              'password',
              'secret',
              'authToken',
              '*.authToken',
            ],
            censor: '[redacted]',
          },
          ...(logStream ? { stream: logStream } : {}),
        };
  return {
    logger,
    bodyLimit,
    genReqId: requestIdOf,
    // A hop count as the function Fastify's own number option stands for (its types leave numbers out).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // Request lines are logged by the request-context plugin with the route pattern, not the URL:
    // query strings may carry phone numbers.
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
    frameworkErrors: frameworkErrorHandler,
    // As long as the whole URL may be, so that any over-long path id reaches the handler and gets
    // the plain 404 (contract: a malformed id is a 404); MAX_URL_LENGTH bounds the URL (414).
    routerOptions: { maxParamLength: limits.maxUrlLength },
  };
}
