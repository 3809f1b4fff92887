/**
 * Test harness: the real app over a real, fresh database of each store kind, driven through
 * HTTP with `inject`. `STORE_KINDS` is every store this run tests (SQLite always; PostgreSQL
 * when TEST_DATABASE_URL is set); store-suites.ts declares a suite once for each of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App, type LimitsConfig } from '../../src/app.js';
import { openStore } from '../../src/store/open.js';
import type { Repositories } from '../../src/domain/ports/index.js';
import type { IssuedKey } from '../../src/auth/api-keys.js';
import { DEFAULT_WEBHOOKS, type TrustProxy, type WebhookConfig, type WebhookLimits } from '../../src/config.js';
import type { MessageSender } from '../../src/integrations/message-sender.js';

export type StoreKind = 'sqlite' | 'postgres';

export const STORE_KINDS: StoreKind[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStore {
  kind: StoreKind;
  store: Repositories;
  /** A DATABASE_URL naming the same database (for server processes and the CLI). */
  url: string;
  cleanup(): Promise<void>;
}

/** A fresh, migrated, empty store of the given kind. */
export async function createTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'calls-api-test-'));
    const url = `sqlite:${join(dir, 'test.db')}`;
    const store = await openStore(url);
    return {
      kind,
      store,
      url,
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { createPostgresTestStore } = await import('./postgres.js');
  return createPostgresTestStore();
}

/** An answer's parsed JSON, of whatever shape: the tests' assertions are what check it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place tests read JSON without declaring its shape
export type AnyJson = any;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json: AnyJson;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  url: string;
  body?: unknown;
  /** Raw payload, sent as is (overrides body); a stream is sent chunked, without a Content-Length. */
  payload?: string | Buffer | Readable;
  headers?: Record<string, string>;
  /** Credentials to send; false sends none. Defaults to the harness account's key. */
  auth?: IssuedKey | false;
  /**
   * The X-Request-Id to send: TEST_REQUEST_ID unless given, so that two answers (a foreign and a
   * nonexistent record, say) can be compared byte for byte; false sends none (the server makes one).
   */
  requestId?: string | false;
}

/** The request id the harness sends unless told otherwise; error bodies echo it. */
export const TEST_REQUEST_ID = 'test-request';

export interface TestApp extends App {
  kind: StoreKind;
  testStore: TestStore;
  account: IssuedKey;
  /** The clock the app reads; tests move it with `advance`. */
  now: number;
  advance(ms: number): void;
  request(options: RequestOptions): Promise<Reply>;
  /** Shorthands that assert nothing: they return the reply. */
  get(url: string, auth?: IssuedKey | false): Promise<Reply>;
  post(url: string, body: unknown, auth?: IssuedKey | false, headers?: Record<string, string>): Promise<Reply>;
  put(url: string, body: unknown, auth?: IssuedKey | false): Promise<Reply>;
  patch(url: string, body: unknown, auth?: IssuedKey | false): Promise<Reply>;
  /** Another account with its own key, for isolation tests. */
  newAccount(name?: string): Promise<IssuedKey>;
  close(): Promise<void>;
}

export function basic(key: Pick<IssuedKey, 'username' | 'password'>): string {
  return 'Basic ' + Buffer.from(`${key.username}:${key.password}`).toString('base64');
}

export interface TestAppOptions {
  maxMessagesPerCall?: number;
  bodyLimit?: number;
  keyCacheMs?: number;
  /** Receives the app's log lines. */
  logStream?: NodeJS.WritableStream;
  logLevel?: string;
  /** PUBLIC_URL, SECRETS_KEY and TWILIO_OUTBOUND of the app (Twilio integration). */
  publicUrl?: string;
  secretsKey?: Buffer;
  /** SECRETS_KEY_PREVIOUS of the app (keys that open, never seal). */
  secretsKeysPrevious?: Buffer[];
  twilioOutbound?: boolean;
  /** A recording fake for outbound messages (a fake provider, never the network). */
  messageSender?: MessageSender;
  /** Rate limits, URL and header limits, timeouts (defaults: the app's). */
  limits?: Partial<LimitsConfig>;
  /** WEBHOOK_BODY_LIMIT, WEBHOOK_MAX_PARAMS, WEBHOOK_RATE_LIMIT_PER_MINUTE (defaults: the app's). */
  webhookLimits?: Partial<WebhookLimits>;
  /** TRUST_PROXY of the app (default: off). */
  trustProxy?: TrustProxy;
  /** Webhook settings over the defaults (whose worker is off). */
  webhooks?: Partial<WebhookConfig>;
  /** EVENT_STREAM_HEARTBEAT_MS of the app (default: the app's, 15 s). */
  eventStreamHeartbeatMs?: number;
}

export async function startTestApp(kind: StoreKind, options: TestAppOptions = {}): Promise<TestApp> {
  const testStore = await createTestStore(kind);
  const clockState = { now: Date.parse('2025-03-17T14:30:00.000Z') };
  const built = await buildApp({
    store: testStore.store,
    config: {
      bodyLimit: options.bodyLimit ?? 1024 * 1024,
      keyCacheMs: options.keyCacheMs ?? 0,
      maxMessagesPerCall: options.maxMessagesPerCall ?? 10_000,
      logLevel: options.logLevel ?? (options.logStream ? 'info' : 'silent'),
      publicUrl: options.publicUrl,
      secretsKey: options.secretsKey,
      secretsKeysPrevious: options.secretsKeysPrevious,
      twilioOutbound: options.twilioOutbound,
      trustProxy: options.trustProxy,
      webhooks: { ...DEFAULT_WEBHOOKS, ...options.webhooks },
      eventStreamHeartbeatMs: options.eventStreamHeartbeatMs,
      ...options.limits,
      ...options.webhookLimits,
    },
    messageSender: options.messageSender,
    clock: () => clockState.now,
    logStream: options.logStream,
  });
  await built.app.ready();
  const account = await built.keys.createAccount('Test account');

  const request = async (o: RequestOptions): Promise<Reply> => {
    const headers: Record<string, string | undefined> = { ...o.headers };
    const auth = o.auth === undefined ? account : o.auth;
    if (auth) headers.authorization ??= basic(auth);
    const requestId = o.requestId ?? TEST_REQUEST_ID;
    if (requestId !== false) headers['x-request-id'] ??= requestId;
    let payload: string | Buffer | Readable | undefined = o.payload;
    if (payload === undefined && o.body !== undefined) {
      payload = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await built.app.inject({ method: o.method ?? 'GET', url: o.url, headers, payload });
    let json: unknown;
    try {
      json = res.body === '' ? undefined : JSON.parse(res.body);
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, body: res.body, json };
  };

  const t: TestApp = {
    ...built,
    kind,
    testStore,
    account,
    get now() {
      return clockState.now;
    },
    set now(v: number) {
      clockState.now = v;
    },
    advance(ms: number) {
      clockState.now += ms;
    },
    request,
    get: (url, auth) => request({ url, auth }),
    post: (url, body, auth, headers) => request({ method: 'POST', url, body, auth, headers }),
    put: (url, body, auth) => request({ method: 'PUT', url, body, auth }),
    patch: (url, body, auth) => request({ method: 'PATCH', url, body, auth }),
    newAccount: (name = 'Other account') => built.keys.createAccount(name),
    async close() {
      await built.app.close();
      await testStore.cleanup();
    },
  };
  return t;
}

/** Creates an agent and a skill for the harness account (or `auth`) and answers their ids. */
export async function seedAgentAndSkill(t: TestApp, auth?: IssuedKey) {
  const agent = await t.post(
    '/api/v1/agents',
    { name: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', phone: '+14155550100', agentType: 'AI', language: 'en-US' },
    auth,
  );
  const skill = await t.post('/api/v1/skills', { name: 'Billing', description: 'Invoices and payments', language: 'en-US' }, auth);
  if (agent.status !== 201 || skill.status !== 201) throw new Error(`seeding failed: ${agent.body} ${skill.body}`);
  return { agentId: agent.json.id as string, skillId: skill.json.id as string };
}

/** Creates a call with sensible defaults; answers the reply. */
export async function createCall(
  t: TestApp,
  ids: { agentId: string; skillId: string },
  extra: Record<string, unknown> = {},
  auth?: IssuedKey,
) {
  return t.post(
    '/api/v1/calls',
    {
      agentId: ids.agentId,
      skillId: ids.skillId,
      channel: 'call',
      customerName: 'John Doe',
      customerPhone: '+14155550123',
      customerEmail: 'john@example.com',
      ...extra,
    },
    auth,
  );
}
