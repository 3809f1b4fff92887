/**
 * buildApp(deps): the Fastify instance with its plugins and routes. No I/O at import time; the
 * store is handed in, so tests build the same app over a fresh database.
 *
 * Order: server options → services → app-wide plugins (error handling, JSON bodies, security
 * headers, request context, OpenAPI) → public routes (/healthz) → the /api/v1 scope (auth, rate
 * limit, resource routes) → Twilio webhooks (signed, outside Basic auth) → extra plugins.
 */
import Fastify, { type FastifyInstance, type FastifyPluginCallback } from 'fastify';
import type { Repositories, WindowCounters } from './domain/ports/index.js';
import { DEFAULT_LIMITS, DEFAULT_WEBHOOK_LIMITS, DEFAULT_WEBHOOKS, type Config, type LimitsConfig, type WebhookLimits } from './config.js';
import { CallsService } from './domain/calls.js';
import { CallCache } from './domain/call-cache.js';
import { compileCallSerializer } from './http/call-json.js';
import { DirectoryService } from './domain/directory.js';
import { DataProtectionService } from './domain/data-protection.js';
import { systemClock, type Clock } from './domain/clock.js';
import { ApiKeyService, KeyVerifier } from './auth/api-keys.js';
import { TwilioSettingsService } from './integrations/twilio/settings.js';
import { SecretKeyring } from './integrations/secret-box.js';
import { warnAboutSealedSecrets } from './integrations/twilio/sealing-check.js';
import { TwilioCallbacks } from './integrations/twilio/callbacks.js';
import { TwilioMessageSender, TwilioOutbound } from './integrations/twilio/outbound.js';
import type { MessageSender } from './integrations/message-sender.js';
import { ErrorBody } from './contract/common.js';
import { serverOptions } from './http/server-options.js';
import { errorHandling } from './http/errors.js';
import { jsonBody } from './http/json-body.js';
import { securityHeaders } from './http/plugins/security-headers.js';
import { requestContext } from './http/plugins/request-context.js';
import { openApi } from './http/plugins/openapi.js';
import { conditionalRoute } from './http/conditional.js';
import { healthRoutes } from './http/routes/health.js';
import { apiV1 } from './http/api-v1.js';
import { FailedLoginLimiter } from './auth/failed-logins.js';
import { callRoutes } from './http/routes/calls.js';
import { dataProtectionRoutes } from './http/routes/data-protection.js';
import { directoryRoutes } from './http/routes/directory.js';
import { integrationRoutes } from './http/routes/integrations.js';
import { twilioWebhookRoutes } from './http/routes/webhooks-twilio.js';
import { consolePlugin } from './console/plugin.js';
import { webhookRoutes } from './http/routes/webhooks.js';
import { startWebhooks } from './integrations/webhooks/start.js';
import { WebhookSecretSealing, warnAboutSealedWebhookSecrets } from './integrations/webhooks/sealing.js';
import type { WebhookService } from './integrations/webhooks/service.js';
import { EventFeed, EventStreams } from './domain/event-feed.js';
import { eventRoutes } from './http/routes/events.js';

/** The hardening settings; each has the default `loadConfig` gives when left out. */
export type { LimitsConfig };

export interface AppDeps {
  store: Repositories;
  config: Pick<Config, 'bodyLimit' | 'keyCacheMs' | 'maxMessagesPerCall' | 'logLevel'> &
    Partial<
      Pick<
        Config,
        | 'publicUrl'
        | 'secretsKey'
        | 'secretsKeysPrevious'
        | 'twilioOutbound'
        | 'trustProxy'
        | 'eventRetentionDays'
        | 'eventStreamHeartbeatMs'
        | 'webhooks'
      >
    > &
    Partial<LimitsConfig> &
    Partial<WebhookLimits>;
  /** Sends outbound messages when config.twilioOutbound is on; Twilio's Messages API by default. */
  messageSender?: MessageSender;
  clock?: Clock;
  /** A pino destination for the logs (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** Where the rate limits count; the store's own shared counters by default (Redis when REDIS_URL is set). */
  counters?: WindowCounters;
  /** Registered last, at the root (the benchmark harness adds its bare comparison route this way). */
  plugins?: FastifyPluginCallback[];
}

export interface App {
  app: FastifyInstance;
  keys: ApiKeyService;
  calls: CallsService;
  directory: DirectoryService;
  twilio: { settings: TwilioSettingsService; callbacks: TwilioCallbacks; outbound?: TwilioOutbound };
  dataProtection: DataProtectionService;
  webhooks: WebhookService;
  /** The event feed, and this process's open live streams. */
  events: { feed: EventFeed; streams: EventStreams };
  /** Shutdown has begun: answer with `Connection: close` and fail the health check, keep serving. */
  startDraining: () => void;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { store, config } = deps;
  const limits: LimitsConfig = { ...DEFAULT_LIMITS, ...definedOnly(config) };
  const webhookLimits: WebhookLimits = { ...DEFAULT_WEBHOOK_LIMITS, ...definedOnly(config) };
  const clock = deps.clock ?? systemClock;
  const app = Fastify(
    serverOptions({
      logLevel: config.logLevel,
      bodyLimit: config.bodyLimit,
      limits,
      trustProxy: config.trustProxy ?? false,
      logStream: deps.logStream,
    }),
  );

  const keys = new ApiKeyService(store.accounts, clock);
  const verifier = new KeyVerifier(store.accounts, config.keyCacheMs);
  // One key ring for every sealed secret (Twilio tokens, webhook endpoint secrets).
  const keyring = new SecretKeyring(config.secretsKey, config.secretsKeysPrevious ?? []);
  const twilioSettings = new TwilioSettingsService(store.twilio, clock, keyring);
  const twilioCallbacks = new TwilioCallbacks(store, clock, twilioSettings, { maxMessagesPerCall: config.maxMessagesPerCall });
  const publicUrl = config.publicUrl ?? '';
  const outbound = config.twilioOutbound
    ? new TwilioOutbound(store.calls, twilioSettings, deps.messageSender ?? new TwilioMessageSender(), publicUrl, app.log)
    : undefined;
  const cache = new CallCache(store.calls, store.callChanges, compileCallSerializer());
  const calls = new CallsService(
    { calls: store.calls, messages: store.messages, agents: store.agents, skills: store.skills, cache },
    clock,
    { maxMessagesPerCall: config.maxMessagesPerCall },
    outbound,
  );
  const directory = new DirectoryService(store, clock);
  const dataProtection = new DataProtectionService(store, clock, config.eventRetentionDays);
  const events = { feed: new EventFeed(store.events), streams: new EventStreams(store.events) };
  const webhooks = startWebhooks(
    { endpoints: store.webhooks, queue: store.webhookQueue, events: store.events },
    config.webhooks ?? DEFAULT_WEBHOOKS,
    keyring,
    clock,
    (err) => {
      app.log.warn({ errCode: errorCode(err) }, 'webhook worker turn failed; retrying');
    },
  );
  app.addHook('onClose', () => webhooks.stop());
  let draining = false;
  const isDraining = () => draining;

  await app.register(errorHandling);
  await app.register(jsonBody);
  app.addSchema(ErrorBody);
  await app.register(securityHeaders);
  await app.register(requestContext, { maxUrlLength: limits.maxUrlLength, isDraining });
  await app.register(openApi);
  // Before any route: every GET that declares `x-conditional` answers with an ETag and 304s.
  app.addHook('onRoute', conditionalRoute);
  await app.register(healthRoutes, { ping: () => store.ping(), isDraining });

  const counters = deps.counters ?? store.counters;
  await app.register(apiV1, {
    verifier,
    failedLogins: new FailedLoginLimiter(counters, limits.authFailuresPerMinute),
    rateLimitPerMinute: limits.rateLimitPerMinute,
    counters,
    routes: async (api) => {
      await api.register(callRoutes, { calls });
      await api.register(dataProtectionRoutes, { dataProtection });
      await api.register(directoryRoutes, { directory });
      await api.register(integrationRoutes, { twilio: twilioSettings });
      await api.register(webhookRoutes, { webhooks: webhooks.service });
      await api.register(eventRoutes, { ...events, heartbeatMs: config.eventStreamHeartbeatMs ?? DEFAULT_HEARTBEAT_MS });
    },
  });

  // Outside the Basic-auth scope: Twilio signs its requests instead.
  await app.register(twilioWebhookRoutes, { callbacks: twilioCallbacks, publicUrl, limits: webhookLimits });
  // Stored secrets (Twilio tokens, webhook secrets) sealed with a previous key, or that no configured key opens, are said at start.
  app.addHook('onReady', () => warnAboutSealedSecrets(twilioSettings, app.log));
  app.addHook('onReady', () => warnAboutSealedWebhookSecrets(new WebhookSecretSealing(store.webhooks, keyring), app.log));
  if (outbound) app.addHook('onClose', () => outbound.idle());
  // The browser console at /console (its own CSP; it calls the API above with the user's key).
  await app.register(consolePlugin, {});
  for (const plugin of deps.plugins ?? []) await app.register(plugin);

  return {
    app,
    keys,
    calls,
    directory,
    dataProtection,
    webhooks: webhooks.service,
    events,
    startDraining: () => {
      draining = true;
    },
    twilio: { settings: twilioSettings, callbacks: twilioCallbacks, outbound },
  };
}

/** A driver's or Node's error code for the log (never the message: it may quote data). */
function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'unknown';
}
/** The live stream's heartbeat when the config names none (EVENT_STREAM_HEARTBEAT_MS). */
const DEFAULT_HEARTBEAT_MS = 15_000;

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
