/**
 * Webhook endpoints through HTTP, with deliveries to a real receiver on loopback
 * (WEBHOOK_ALLOW_PRIVATE_NETWORKS on); signatures checked with the `standardwebhooks` package.
 */
import { it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describeEachStore } from '../helpers/store-suites.js';
import { startReceiver, type Receiver, type ReceivedDelivery } from '../helpers/webhook-receiver.js';
import { createCall, seedAgentAndSkill, type TestApp } from '../helpers/harness.js';
import { setTimeout as sleep } from 'node:timers/promises';

const secretsKey = randomBytes(32);
const webhooks = { worker: true, allowPrivateNetworks: true, retrySchedule: [100, 100, 100], pollMs: 20, timeoutMs: 2000 };

function headersOf(d: ReceivedDelivery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = d.headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

async function deliveriesOf(t: TestApp, id: string, query = ''): Promise<Record<string, unknown>[]> {
  const res = await t.get(`/api/v1/webhooks/${id}/deliveries${query}`);
  assert.equal(res.status, 200, res.body);
  return res.json;
}

/** Polls the newest delivery until it has `until` (a status, or a condition on the record). */
async function waitForDelivery(
  t: TestApp,
  id: string,
  until: string | ((latest: Record<string, unknown>) => boolean),
  what: string,
): Promise<Record<string, unknown>> {
  const reached = typeof until === 'string' ? (d: Record<string, unknown>) => d.status === until : until;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const latest = (await deliveriesOf(t, id)).at(0);
    if (latest !== undefined && reached(latest)) return latest;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(latest)}`);
    await sleep(20);
  }
}

describeEachStore('webhook endpoints', { secretsKey, webhooks }, (t) => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
  });
  beforeEach(async () => {
    // Each test's endpoint is the only one sending to the receiver.
    for (const w of (await t.get('/api/v1/webhooks?limit=500')).json as { id: string }[])
      await t.request({ method: 'DELETE', url: `/api/v1/webhooks/${w.id}` });
    receiver.received.length = 0;
    receiver.respond = () => ({ status: 204 });
  });

  /** What reached the receiver for one event (a late request of an earlier test is not counted). */
  const receivedOf = (eventId: string) => receiver.received.filter((d) => d.event.id === eventId);
  const sendTest = async (id: string): Promise<string> => {
    const sent = await t.post(`/api/v1/webhooks/${id}/test`, {});
    assert.equal(sent.status, 202, sent.body);
    return sent.json.eventId;
  };

  async function create(body: Record<string, unknown> = {}) {
    const res = await t.post('/api/v1/webhooks', { url: receiver.url, ...body });
    assert.equal(res.status, 201, res.body);
    return res.json as { id: string; secret: string };
  }

  it('creates an endpoint answering its secret once, and reads, lists, changes and deletes it without it', async () => {
    const created = await create({ events: ['call.ended'], description: 'CRM' });
    assert.match(created.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(created.secret.slice(6), 'base64').length, 32);
    const one = await t.get(`/api/v1/webhooks/${created.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(
      { ...one.json, createdAt: undefined, updatedAt: undefined },
      {
        id: created.id,
        url: receiver.url,
        events: ['call.ended'],
        description: 'CRM',
        enabled: true,
        disabledReason: null,
        disabledAt: null,
        failingSince: null,
        createdAt: undefined,
        updatedAt: undefined,
      },
    );
    assert.ok(!one.body.includes('whsec_') && !('secret' in one.json));
    const list = await t.get('/api/v1/webhooks');
    assert.ok(list.json.some((w: { id: string }) => w.id === created.id));
    assert.ok(!list.body.includes('whsec_'));
    const changed = await t.put(`/api/v1/webhooks/${created.id}`, { enabled: false, events: [] });
    assert.equal(changed.status, 200, changed.body);
    assert.equal(changed.json.enabled, false);
    assert.equal(changed.json.disabledReason, 'disabled');
    assert.deepEqual(changed.json.events, []);
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/webhooks/${created.id}` })).status, 204);
    assert.equal((await t.get(`/api/v1/webhooks/${created.id}`)).json.code, 'WEBHOOK_NOT_FOUND');
  });

  it('pages the list with a Link header', async () => {
    const other = await t.newAccount('Pager');
    for (let i = 0; i < 3; i++) assert.equal((await t.post('/api/v1/webhooks', { url: receiver.url, enabled: false }, other)).status, 201);
    const first = await t.get('/api/v1/webhooks?limit=2', other);
    assert.equal(first.json.length, 2);
    const link = String(first.headers.link);
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    assert.ok(next, link);
    const second = await t.get(next, other);
    assert.equal(second.json.length, 1);
    assert.equal(second.headers.link, undefined);
  });

  it("keeps each account's endpoints to itself", async () => {
    const created = await create({ enabled: false });
    const other = await t.newAccount();
    assert.equal((await t.get(`/api/v1/webhooks/${created.id}`, other)).status, 404);
    assert.equal((await t.post(`/api/v1/webhooks/${created.id}/test`, {}, other)).status, 404);
    assert.equal((await t.get('/api/v1/webhooks', false)).status, 401);
  });

  it('refuses bad bodies with a 400 naming the problem', async () => {
    const bad = await t.post('/api/v1/webhooks', { url: 'ftp://example.com/x' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /http or https/);
    const creds = await t.post('/api/v1/webhooks', { url: 'https://user:pw@example.com/x' });
    assert.match(creds.json.message, /credentials/);
    const unknownType = await t.post('/api/v1/webhooks', { url: receiver.url, events: ['call.exploded'] });
    assert.equal(unknownType.status, 400);
    const created = await create({ enabled: false });
    const since = await t.post(`/api/v1/webhooks/${created.id}/recover`, { since: 'yesterday' });
    assert.equal(since.status, 400);
    assert.equal((await t.get(`/api/v1/webhooks/${created.id}/deliveries?cursor=nope`)).json.code, 'INVALID_CURSOR');
  });

  it('delivers a test event signed to the Standard Webhooks spec', async () => {
    const created = await create();
    const sent = await t.post(`/api/v1/webhooks/${created.id}/test`, {});
    assert.equal(sent.status, 202, sent.body);
    await receiver.waitFor(() => receivedOf(sent.json.eventId).length === 1, 'the test event');
    const [delivery] = receivedOf(sent.json.eventId);
    assert.ok(delivery);
    assert.equal(delivery.headers['content-type'], 'application/json');
    assert.equal(delivery.headers['webhook-id'], sent.json.eventId);
    assert.equal(delivery.event.type, 'webhook.test');
    assert.equal(delivery.event.id, sent.json.eventId);
    assert.deepEqual(new Webhook(created.secret).verify(delivery.body, headersOf(delivery)), delivery.event);
    const done = await waitForDelivery(t, created.id, 'succeeded', 'the delivery record');
    assert.equal(done.attempts, 1);
    assert.equal(done.lastStatus, 204);
    assert.equal(done.nextAttemptAt, null);
  });

  it('retries a failing receiver on the schedule with the same webhook-id until it recovers', async () => {
    const created = await create();
    receiver.respond = (_, attempt) => (attempt <= 2 ? { status: 500 } : { status: 200 });
    const eventId = await sendTest(created.id);
    await receiver.waitFor(() => receivedOf(eventId).length === 3, 'three attempts');
    for (const d of receivedOf(eventId)) assert.equal(d.headers['webhook-id'], eventId);
    for (const d of receivedOf(eventId)) new Webhook(created.secret).verify(d.body, headersOf(d));
    const done = await waitForDelivery(t, created.id, 'succeeded', 'success after failures');
    assert.equal(done.attempts, 3);
    const endpoint = await t.get(`/api/v1/webhooks/${created.id}`);
    assert.equal(endpoint.json.failingSince, null);
  });

  it('gives up after the schedule, lists the failure, and resends it on recover', async () => {
    const created = await create();
    receiver.respond = () => ({ status: 500 });
    await t.post(`/api/v1/webhooks/${created.id}/test`, {});
    const failed = await waitForDelivery(t, created.id, 'failed', 'the schedule to run out');
    assert.equal(failed.attempts, 4);
    assert.equal(failed.lastStatus, 500);
    assert.equal(failed.lastError, 'HTTP 500');
    assert.equal((await deliveriesOf(t, created.id, '?status=failed')).length, 1);
    assert.equal((await deliveriesOf(t, created.id, '?status=succeeded')).length, 0);
    assert.ok((await t.get(`/api/v1/webhooks/${created.id}`)).json.failingSince);
    receiver.respond = () => ({ status: 200 });
    const recovered = await t.post(`/api/v1/webhooks/${created.id}/recover`, { since: '2000-01-01T00:00:00Z' });
    assert.equal(recovered.status, 202, recovered.body);
    assert.equal(recovered.json.requeued, 1);
    await waitForDelivery(t, created.id, 'succeeded', 'the recovered delivery');
  });

  it('signs with both secrets for a day after a rotation', async () => {
    const created = await create();
    const rotated = await t.post(`/api/v1/webhooks/${created.id}/secret/rotate`, {});
    assert.equal(rotated.status, 200, rotated.body);
    assert.notEqual(rotated.json.secret, created.secret);
    const eventId = await sendTest(created.id);
    await receiver.waitFor(() => receivedOf(eventId).length === 1, 'a delivery after rotation');
    const [delivery] = receivedOf(eventId);
    assert.ok(delivery);
    assert.equal(String(delivery.headers['webhook-signature']).split(' ').length, 2);
    new Webhook(rotated.json.secret).verify(delivery.body, headersOf(delivery));
    new Webhook(created.secret).verify(delivery.body, headersOf(delivery));
  });

  it('disables an endpoint that answers 410 and says why', async () => {
    const created = await create();
    receiver.respond = () => ({ status: 410 });
    const eventId = await sendTest(created.id);
    await waitForDelivery(t, created.id, 'failed', 'the 410');
    const endpoint = await t.get(`/api/v1/webhooks/${created.id}`);
    assert.equal(endpoint.json.enabled, false);
    assert.equal(endpoint.json.disabledReason, 'gone');
    assert.ok(endpoint.json.disabledAt);
    assert.equal(receivedOf(eventId).length, 1);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    const created = await create();
    receiver.respond = (_, attempt) => (attempt === 1 ? { status: 429, headers: { 'retry-after': '30' } } : { status: 200 });
    const eventId = await sendTest(created.id);
    await receiver.waitFor(() => receivedOf(eventId).length === 1, 'the first attempt');
    const latest = await waitForDelivery(t, created.id, (d) => d.attempts === 1, 'the 429 to be recorded');
    assert.equal(latest.lastStatus, 429);
    const wait = Date.parse(String(latest.nextAttemptAt)) - Date.parse(String(latest.updatedAt));
    assert.ok(wait >= 29_000, `next attempt ${wait} ms after the 429, not the schedule's 100 ms`);
  });

  it("delivers every event of the log once, each call's in sequence order, even while a receiver fails at first", async () => {
    const created = await create();
    const ids = await seedAgentAndSkill(t);
    // The first two attempts fail: the events after them must wait for them, not overtake.
    let requests = 0;
    receiver.respond = () => (++requests <= 2 ? { status: 500 } : { status: 204 });
    const callIds: string[] = [];
    for (let c = 0; c < 3; c++) {
      const call = await createCall(t, ids);
      assert.equal(call.status, 200, call.body);
      callIds.push(call.json.id);
    }
    for (const callId of callIds) {
      for (let m = 0; m < 3; m++) {
        const appended = await t.post(`/api/v1/calls/${callId}/messages`, { sender: 'customer', content: `turn ${m}` });
        assert.equal(appended.status, 201, appended.body);
      }
      assert.equal((await t.put(`/api/v1/calls/${callId}`, { status: 'completed' })).status, 200);
    }
    const feed = await t.get('/api/v1/events?limit=500');
    assert.equal(feed.status, 200, feed.body);
    const expected = new Set(
      (feed.json as { id: string; data: Record<string, unknown> }[])
        .filter((e) => callIds.some((id) => JSON.stringify(e).includes(id)))
        .map((e) => e.id),
    );
    assert.ok(expected.size >= 3 * 5, `events in the feed: ${expected.size}`);
    await receiver.waitFor(
      (r) => [...expected].every((id) => r.some((d) => d.headers['webhook-id'] === id && d.event.id === id)),
      'every event of the feed',
    );
    await sleep(200);
    const succeeded = receiver.received.filter((d) => d.answered === 204);
    const delivered = succeeded.map((d) => d.event.id);
    assert.equal(new Set(delivered).size, delivered.length, 'no event delivered twice after success');
    assert.equal(delivered.length, expected.size);
    const lastSequence = new Map<string, number>();
    for (const d of receiver.received) {
      new Webhook(created.secret).verify(d.body, headersOf(d));
      const callId = String(d.event.data.callId ?? d.event.data.id);
      assert.ok(
        d.event.sequence >= (lastSequence.get(callId) ?? 0),
        `call ${callId}: sequence ${d.event.sequence} after ${lastSequence.get(callId)}`,
      );
      lastSequence.set(callId, d.event.sequence);
    }
  });
});

describeEachStore(
  'webhook endpoints failing too long',
  { secretsKey, webhooks: { ...webhooks, retrySchedule: [100, 100, 100, 100, 100, 100, 100, 100], disableAfterMs: 300 } },
  (t) => {
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
      receiver.respond = () => ({ status: 500 });
    });
    after(async () => {
      await receiver.close();
    });

    it('are disabled once every attempt failed for WEBHOOK_DISABLE_AFTER, and say why and since when', async () => {
      const created = await t.post('/api/v1/webhooks', { url: receiver.url });
      assert.equal(created.status, 201, created.body);
      await t.post(`/api/v1/webhooks/${created.json.id}/test`, {});
      const deadline = Date.now() + 15_000;
      let endpoint = await t.get(`/api/v1/webhooks/${created.json.id}`);
      while (endpoint.json.enabled === true && Date.now() < deadline) {
        await sleep(50);
        endpoint = await t.get(`/api/v1/webhooks/${created.json.id}`);
      }
      assert.equal(endpoint.json.enabled, false);
      assert.equal(endpoint.json.disabledReason, 'failing');
      assert.ok(Date.parse(endpoint.json.disabledAt) - Date.parse(endpoint.json.failingSince) >= 300);
      const attempts = receiver.received.length;
      assert.ok(attempts >= 2 && attempts < 9, `attempts: ${attempts}`);
      // Re-enabled by a client, it delivers again.
      receiver.respond = () => ({ status: 204 });
      const enabled = await t.put(`/api/v1/webhooks/${created.json.id}`, { enabled: true });
      assert.deepEqual([enabled.json.enabled, enabled.json.disabledReason, enabled.json.failingSince], [true, null, null]);
      await waitForDelivery(t, created.json.id, 'succeeded', 'the pending delivery after re-enabling');
    });
  },
);
