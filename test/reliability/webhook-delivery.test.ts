/**
 * Webhook delivery with real server processes: a SIGKILL while a backlog waits (the receiver was
 * down) and a restart deliver every event of the feed, signed; two processes on one PostgreSQL
 * database share the work and deliver each event once.
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { basic } from '../helpers/harness.js';
import { describeEachTestStore, describePostgresOnly } from '../helpers/store-suites.js';
import { createAccountIn, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { startReceiver, type Receiver, type ReceivedDelivery } from '../helpers/webhook-receiver.js';
import { createTestStore, type TestStore } from '../helpers/harness.js';
import type { IssuedKey } from '../../src/auth/api-keys.js';

const SECRETS_KEY = randomBytes(32).toString('base64');
const SERVER_ENV = {
  SECRETS_KEY,
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  // Quick retries, but a schedule that outlasts making the backlog on a busy machine (about 30 s):
  // a delivery that ran out of attempts before the kill would be failed, not redelivered.
  WEBHOOK_RETRY_SCHEDULE: '100ms,200ms,400ms,800ms,1s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s,2s',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_TIMEOUT_MS: '2000',
};

type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: unknown }>;

/** A string field of an answer's JSON object. */
function field(json: unknown, name: string): string {
  const value: unknown = typeof json === 'object' && json !== null ? Reflect.get(json, name) : undefined;
  if (typeof value !== 'string') throw new Error(`expected a string ${name} in ${JSON.stringify(json)}`);
  return value;
}

function apiOf(server: () => ServerProcess, key: IssuedKey): Api {
  return async (method, path, body) => {
    const res = await fetch(server().baseUrl + path, {
      method,
      headers: { authorization: basic(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
}

/** Every event id of the account's feed, oldest first. */
async function feedIds(api: Api): Promise<string[]> {
  const ids: string[] = [];
  let after = '';
  for (;;) {
    const page = await api('GET', `/api/v1/events?limit=500${after === '' ? '' : `&after=${after}`}`);
    assert.equal(page.status, 200);
    const events = page.json;
    assert.ok(Array.isArray(events));
    if (events.length === 0) return ids;
    for (const e of events) ids.push(field(e, 'id'));
    after = ids[ids.length - 1] ?? '';
  }
}

/** Creates calls, each with messages and an end: several events per call. */
async function makeEvents(api: Api, calls: number): Promise<void> {
  const agent = await api('POST', '/api/v1/agents', { name: 'Ada', phone: '+14155550100', email: 'ada@example.com', agentType: 'AI' });
  const skill = await api('POST', '/api/v1/skills', { name: 'Billing' });
  assert.equal(agent.status, 201);
  for (let c = 0; c < calls; c++) {
    const call = await api('POST', '/api/v1/calls', {
      agentId: field(agent.json, 'id'),
      skillId: field(skill.json, 'id'),
      channel: 'sms',
      customerPhone: '+14155550123',
    });
    assert.equal(call.status, 200);
    for (let m = 0; m < 2; m++)
      await api('POST', `/api/v1/calls/${field(call.json, 'id')}/messages`, { sender: 'customer', content: `turn ${m}` });
    await api('PUT', `/api/v1/calls/${field(call.json, 'id')}`, { status: 'completed' });
  }
}

function verifyAll(received: ReceivedDelivery[], secret: string): void {
  const wh = new Webhook(secret);
  for (const d of received) {
    const headers: Record<string, string> = {};
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) headers[name] = String(d.headers[name]);
    wh.verify(d.body, headers);
    assert.equal(d.headers['webhook-id'], d.event.id);
  }
}

describeEachTestStore('webhook delivery across a SIGKILL', (ts) => {
  let receiver: Receiver;
  let server: ServerProcess | undefined;
  before(async () => {
    receiver = await startReceiver();
  });
  after(async () => {
    await server?.stop();
    await receiver.close();
  });

  it('delivers every event of the feed after a kill -9 with a backlog and a restart', { timeout: 120_000 }, async () => {
    const key = await createAccountIn(ts.url);
    server = await startServerProcess(ts.url, SERVER_ENV, 60_000);
    const api = apiOf(() => server!, key);
    const endpoint = await api('POST', '/api/v1/webhooks', { url: receiver.url });
    assert.equal(endpoint.status, 201);
    // The receiver is down: a backlog of pending deliveries builds up.
    receiver.respond = () => ({ status: 503 });
    await makeEvents(api, 12);
    await receiver.waitFor((r) => r.length >= 5, 'attempts against the failing receiver');
    server.child.kill('SIGKILL');
    await server.exited;
    receiver.respond = () => ({ status: 204 });
    server = await startServerProcess(ts.url, SERVER_ENV, 60_000);
    const expected = await feedIds(api);
    assert.ok(expected.length >= 12 * 4, `events in the feed: ${expected.length}`);
    await receiver.waitFor(
      (r) => {
        const ok = new Set(r.filter((d) => d.headers['webhook-id'] !== undefined).map((d) => d.event.id));
        return expected.every((id) => ok.has(id));
      },
      'every event of the feed',
      60_000,
    );
    verifyAll(receiver.received, field(endpoint.json, 'secret'));
    const failed = await api('GET', `/api/v1/webhooks/${field(endpoint.json, 'id')}/deliveries?status=failed`);
    assert.deepEqual(failed.json, []);
    // SIGTERM: the worker stops with the server and the process exits cleanly.
    await server.stop();
    assert.equal((await server.exited).code, 0, server.stderr());
  });
});

describePostgresOnly('webhook delivery from two processes', (kind) => {
  let db: TestStore;
  let receiver: Receiver;
  let servers: ServerProcess[] = [];
  before(async () => {
    db = await createTestStore(kind);
    receiver = await startReceiver();
    // One after the other: two tsx start-ups at once on a busy machine can outlast the start timeout.
    servers = [await startServerProcess(db.url, SERVER_ENV, 60_000), await startServerProcess(db.url, SERVER_ENV, 60_000)];
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await receiver.close();
    await db.cleanup();
  });

  it('delivers each event once while both processes deliver', { timeout: 120_000 }, async () => {
    const key = await createAccountIn(db.url);
    const first = apiOf(() => servers[0], key);
    const second = apiOf(() => servers[1], key);
    const endpoint = await first('POST', '/api/v1/webhooks', { url: receiver.url });
    assert.equal(endpoint.status, 201);
    await Promise.all([makeEvents(first, 8), makeEvents(second, 8)]);
    const expected = await feedIds(first);
    await receiver.waitFor((r) => r.length >= expected.length, 'every event of the feed', 60_000);
    // Both workers had their chance at everything; nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ids = receiver.received.map((d) => d.event.id);
    assert.equal(new Set(ids).size, ids.length, 'an event was delivered twice');
    assert.deepEqual(new Set(ids), new Set(expected));
    verifyAll(receiver.received, field(endpoint.json, 'secret'));
  });
});
