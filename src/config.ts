/** Environment → typed configuration, read once at start. */
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { parseDuration, parseSchedule } from './domain/webhook-rules.js';

/** Outbound webhooks (issue 14). */
export interface WebhookConfig {
  /** Run the delivery worker in this process (WEBHOOK_WORKER, on by default). */
  worker: boolean;
  /** A delivery attempt's whole time, connect to answer (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Delays between attempts (WEBHOOK_RETRY_SCHEDULE). */
  retrySchedule: number[];
  /** An endpoint failing every attempt this long is disabled (WEBHOOK_DISABLE_AFTER). */
  disableAfterMs: number;
  /** Let endpoints target loopback and private networks (WEBHOOK_ALLOW_PRIVATE_NETWORKS). */
  allowPrivateNetworks: boolean;
  /** How often an idle worker looks for work (WEBHOOK_POLL_MS). */
  pollMs: number;
}

export const DEFAULT_WEBHOOKS: WebhookConfig = {
  worker: false,
  timeoutMs: 15_000,
  retrySchedule: parseSchedule('5s,5m,30m,2h,5h,10h,10h'),
  disableAfterMs: 5 * 86_400_000,
  allowPrivateNetworks: false,
  pollMs: 250,
};
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  logLevel: string;
  /** Largest request body accepted, in bytes (413 beyond). */
  bodyLimit: number;
  /** How long a verified API key is trusted before the store is asked again (revocation delay). */
  keyCacheMs: number;
  maxMessagesPerCall: number;
  /** SQLite PRAGMA synchronous: NORMAL survives a process crash, FULL also a power loss. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** How long a SQLite statement waits for another process's lock before answering 503. */
  sqliteBusyTimeoutMs: number;
  pgPoolMax: number;
  /**
   * The base URL Twilio calls (e.g. https://calls.example.com), used to check webhook signatures
   * behind a proxy; '' means "the request's own protocol and Host".
   */
  publicUrl: string;
  /** 32-byte key sealing stored provider secrets (AES-256-GCM); undefined: none can be stored. */
  secretsKey: Buffer | undefined;
  /** Keys that sealed secrets before SECRETS_KEY changed: they open, never seal (SECRETS_KEY_PREVIOUS). */
  secretsKeysPrevious: Buffer[];
  /** Send agent messages on sms/whatsapp threads through Twilio (off unless TWILIO_OUTBOUND=on). */
  twilioOutbound: boolean;
  /** Requests per minute one API key may make (0 turns the limit off). */
  rateLimitPerMinute: number;
  /** Failed authentications per minute one client address may make before it gets 429s. */
  authFailuresPerMinute: number;
  /** Longest request URL accepted (414 beyond). */
  maxUrlLength: number;
  /** Largest request head (request line + headers) node accepts (431 beyond). */
  maxHeaderBytes: number;
  /** Slow clients: whole request, headers alone, idle keep-alive connection (milliseconds). */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** After SIGTERM, keep serving this long (answering `Connection: close`) before closing. */
  shutdownGraceMs: number;
  /** How often the retention purge runs, and how many calls it erases per batch. */
  retentionIntervalMs: number;
  retentionBatchSize: number;
  /**
   * Which proxies in front of the server to believe about the client's address (X-Forwarded-For):
   * false (none, the default), true (all), a hop count, or addresses/CIDRs — as Fastify's
   * `trustProxy` takes it. The failed-login limit and the logs count by that address.
   */
  trustProxy: TrustProxy;
  /** Largest Twilio webhook body, in bytes (413 beyond; Twilio's own stay far below). */
  webhookBodyLimit: number;
  /** Most form parameters in a webhook body (413 beyond), counted before the form is parsed. */
  webhookMaxParams: number;
  /** Webhook requests per minute from one client address (0 turns the limit off). */
  webhookRateLimitPerMinute: number;
  /** Days the event log keeps an event (EVENT_RETENTION_DAYS, default 30). */
  eventRetentionDays: number;
  /** The live stream's heartbeat comment interval (EVENT_STREAM_HEARTBEAT_MS). */
  eventStreamHeartbeatMs: number;
  /** SQLite: how often the event log is polled for other processes' events while a stream is open (EVENT_STREAM_POLL_MS). */
  eventStreamPollMs: number;
  /** `calls-api serve` asks V8 to keep its heap close to what is live (COMPACT_HEAP, on by default). */
  compactHeap: boolean;
  /** Redis the rate limits count in (REDIS_URL); '' means the database itself. */
  redisUrl: string;
  /** Server processes `calls-api serve` runs on one port (WORKERS; `auto`: one per core). */
  workers: number;
  webhooks: WebhookConfig;
}

export type TrustProxy = boolean | number | string[];

/** The hardening settings; buildApp falls back to these for any left out. */
export type LimitsConfig = Pick<
  Config,
  | 'rateLimitPerMinute'
  | 'authFailuresPerMinute'
  | 'maxUrlLength'
  | 'maxHeaderBytes'
  | 'requestTimeoutMs'
  | 'headersTimeoutMs'
  | 'keepAliveTimeoutMs'
>;

export const DEFAULT_LIMITS: LimitsConfig = {
  // 1 000 a second: a contact center polling every live call through one key stays under it.
  rateLimitPerMinute: 60_000,
  authFailuresPerMinute: 30,
  maxUrlLength: 8192,
  maxHeaderBytes: 16 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
};

/** What `/webhooks/*` accepts before any work is done on a request. */
export type WebhookLimits = Pick<Config, 'webhookBodyLimit' | 'webhookMaxParams' | 'webhookRateLimitPerMinute'>;

export const DEFAULT_WEBHOOK_LIMITS: WebhookLimits = {
  // Twilio's largest callbacks (an incoming message at its 1,600-character limit, ten media URLs)
  // are a few KB with about 40 parameters: a 64 KB, 256-parameter cap leaves ample room.
  webhookBodyLimit: 64 * 1024,
  webhookMaxParams: 256,
  // 50 a second from one address: a busy number's status callbacks come from Twilio's few addresses.
  webhookRateLimitPerMinute: 3000,
};

export const DEFAULT_DATABASE_URL = 'sqlite:./data/calls-api.db';

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/** The SQLite full-text key leaves 24 bits for a message's sequence number within its call. */
function maxMessages(n: number): number {
  if (n >= 16_777_216) throw new Error('MAX_MESSAGES_PER_CALL must be below 16777216');
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const sync = (env.SQLITE_SYNCHRONOUS ?? 'NORMAL').toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new Error('SQLITE_SYNCHRONOUS must be NORMAL or FULL');
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimit: int(env, 'BODY_LIMIT', 1024 * 1024, 1024),
    keyCacheMs: int(env, 'KEY_CACHE_MS', 1000),
    maxMessagesPerCall: maxMessages(int(env, 'MAX_MESSAGES_PER_CALL', 10_000, 1)),
    sqliteSynchronous: sync,
    sqliteBusyTimeoutMs: int(env, 'SQLITE_BUSY_TIMEOUT_MS', 500),
    pgPoolMax: int(env, 'PG_POOL_MAX', 10, 1),
    publicUrl: publicUrl(env.PUBLIC_URL),
    secretsKey: secretsKey(env.SECRETS_KEY),
    secretsKeysPrevious: previousSecretsKeys(env.SECRETS_KEY_PREVIOUS, env.SECRETS_KEY),
    twilioOutbound: flag(env, 'TWILIO_OUTBOUND'),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', DEFAULT_LIMITS.rateLimitPerMinute),
    authFailuresPerMinute: int(env, 'AUTH_FAILURES_PER_MINUTE', DEFAULT_LIMITS.authFailuresPerMinute),
    maxUrlLength: int(env, 'MAX_URL_LENGTH', DEFAULT_LIMITS.maxUrlLength, 256),
    maxHeaderBytes: int(env, 'MAX_HEADER_BYTES', DEFAULT_LIMITS.maxHeaderBytes, 1024),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', DEFAULT_LIMITS.requestTimeoutMs, 1),
    headersTimeoutMs: int(env, 'HEADERS_TIMEOUT_MS', DEFAULT_LIMITS.headersTimeoutMs, 1),
    keepAliveTimeoutMs: int(env, 'KEEP_ALIVE_TIMEOUT_MS', DEFAULT_LIMITS.keepAliveTimeoutMs, 1),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 250),
    retentionIntervalMs: int(env, 'RETENTION_INTERVAL_MS', 60_000, 1000),
    retentionBatchSize: int(env, 'RETENTION_BATCH_SIZE', 200, 1),
    webhookBodyLimit: int(env, 'WEBHOOK_BODY_LIMIT', DEFAULT_WEBHOOK_LIMITS.webhookBodyLimit, 1024),
    webhookMaxParams: int(env, 'WEBHOOK_MAX_PARAMS', DEFAULT_WEBHOOK_LIMITS.webhookMaxParams, 16),
    webhookRateLimitPerMinute: int(env, 'WEBHOOK_RATE_LIMIT_PER_MINUTE', DEFAULT_WEBHOOK_LIMITS.webhookRateLimitPerMinute),
    compactHeap: flag(env, 'COMPACT_HEAP', true),
    eventRetentionDays: int(env, 'EVENT_RETENTION_DAYS', 30, 1),
    eventStreamHeartbeatMs: int(env, 'EVENT_STREAM_HEARTBEAT_MS', 15_000, 100),
    eventStreamPollMs: int(env, 'EVENT_STREAM_POLL_MS', 200, 10),
    trustProxy: trustProxy(env.TRUST_PROXY),
    workers: workerCount(env.WORKERS, 'WORKERS'),
    redisUrl: redisUrl(env.REDIS_URL),
    webhooks: webhookConfig(env),
  };
}

function webhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const disableAfter = env.WEBHOOK_DISABLE_AFTER?.trim() || '5d';
  const disableAfterMs = parseDuration(disableAfter);
  if (disableAfterMs === undefined) throw new Error(`WEBHOOK_DISABLE_AFTER must be a duration like 5d or 12h, got "${disableAfter}"`);
  return {
    worker: flag(env, 'WEBHOOK_WORKER', true),
    timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', DEFAULT_WEBHOOKS.timeoutMs, 1),
    retrySchedule: parseSchedule(env.WEBHOOK_RETRY_SCHEDULE?.trim() || '5s,5m,30m,2h,5h,10h,10h'),
    disableAfterMs,
    allowPrivateNetworks: flag(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS'),
    pollMs: int(env, 'WEBHOOK_POLL_MS', DEFAULT_WEBHOOKS.pollMs, 1),
  };
}

/** WORKERS / --workers: a count from 1 to 256, or `auto` (the cores node may use); unset: 1. */
export function workerCount(raw: string | undefined, name: string): number {
  const text = (raw ?? '').trim().toLowerCase();
  if (text === '') return 1;
  if (text === 'auto') return availableParallelism();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 256) throw new Error(`${name} must be auto or an integer from 1 to 256, got "${raw}"`);
  return n;
}

/** PUBLIC_URL: an http(s) origin with an optional path prefix, kept without its trailing slash. */
export function publicUrl(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return '';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new Error('PUBLIC_URL must be an http(s) URL without query or fragment, e.g. https://calls.example.com');
  }
  return url.toString().replace(/\/+$/, '');
}

const KEY_ADVICE = 'use 32 random bytes, e.g. `openssl rand -base64 32`';

/** A key as 64 hex characters or base64 / base64url; `name` is the variable, for the message. */
function parseKey(name: string, text: string): Buffer {
  const key =
    /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 && text.length >= 32
      ? Buffer.from(text, 'hex')
      : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
        ? Buffer.from(text, 'base64')
        : undefined;
  if (!key) throw new Error(`${name} must be 32 bytes as 64 hex characters or base64: ${KEY_ADVICE}`);
  if (key.length < 32) throw new Error(`${name} is too short (${key.length} bytes): it must be 32 bytes; ${KEY_ADVICE}`);
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, got ${key.length}; ${KEY_ADVICE}`);
  return key;
}

/**
 * SECRETS_KEY: 32 bytes as 64 hex characters or base64 / base64url. A weak key is refused: 32
 * random bytes have about 30 distinct values (fewer than 16 happens with odds below 1 in 10^15),
 * while an all-zero, repeated or hand-typed pattern has a handful.
 */
export function secretsKey(raw: string | undefined): Buffer | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const key = parseKey('SECRETS_KEY', raw.trim());
  if (new Set(key).size < 16) {
    throw new Error(`SECRETS_KEY is too weak (all zero, repeated or patterned bytes): ${KEY_ADVICE}`);
  }
  return key;
}

/**
 * SECRETS_KEY_PREVIOUS: the keys secrets were sealed with before SECRETS_KEY changed, separated by
 * commas or spaces. They only open; a weak one is accepted so that secrets can be moved off it.
 */
export function previousSecretsKeys(raw: string | undefined, current: string | undefined): Buffer[] {
  const texts = (raw ?? '').split(/[\s,]+/).filter((t) => t !== '');
  if (texts.length === 0) return [];
  if ((current ?? '').trim() === '') throw new Error('SECRETS_KEY_PREVIOUS needs SECRETS_KEY: the key to seal with from now on');
  return texts.map((text) => parseKey('SECRETS_KEY_PREVIOUS', text));
}

/** TRUST_PROXY: `true`/`false`, a hop count, or comma-separated addresses and CIDRs. */
export function trustProxy(raw: string | undefined): TrustProxy {
  const text = (raw ?? '').trim();
  if (text === '' || /^(false|off|no|0)$/i.test(text)) return false;
  if (/^(true|on|yes)$/i.test(text)) return true;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [address = '', , ...rest] = entry.split('/');
    // Undefined when the entry has no /prefix (the array's type says string).
    const prefix = entry.split('/').at(1);
    const family = isIP(address);
    const maxPrefix = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || rest.length > 0) {
      throw new Error(
        `TRUST_PROXY must be true, false, a hop count or comma-separated addresses/CIDRs (e.g. 10.0.0.0/8,::1), got "${entry}"`,
      );
    }
  }
  return entries;
}

/** An on/off variable; left out or empty, it is `unset`. */
function flag(env: NodeJS.ProcessEnv, name: string, unset = false): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return unset;
  if (raw === '0' || raw === 'off' || raw === 'false' || raw === 'no') return false;
  if (raw === '1' || raw === 'on' || raw === 'true' || raw === 'yes') return true;
  throw new Error(`${name} must be on or off, got "${env[name]}"`);
}

/** REDIS_URL: redis:// or rediss://, or nothing. */
export function redisUrl(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  if (text !== '' && !/^rediss?:\/\//.test(text)) throw new Error('REDIS_URL must start with redis:// or rediss://');
  return text;
}
