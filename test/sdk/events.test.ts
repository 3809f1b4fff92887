import { it, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { describeEachStore } from '../helpers/store-suites.js';
import { CallsApiClient, CallsApiError, verifyWebhook, WebhookVerificationError } from '../../packages/sdk/src/index.js';
import type { CallEvent } from '../../packages/sdk/src/index.js';

describeEachStore('SDK events against a real server', (t) => {
  let client: CallsApiClient;
  let baseUrl: string;
  let ids: { agentId: string; skillId: string };
  before(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${String(address.port)}`;
    client = new CallsApiClient({
      baseUrl,
      keyId: t.account.username,
      secret: t.account.password,
    });
    const agent = await client.agents.create({ name: 'Ada', agentType: 'AI', phone: '+14155550100' });
    const skill = await client.skills.create({ name: 'Billing' });
    ids = { agentId: agent.id, skillId: skill.id };
  });

  /** The first `count` events of a stream, then the stream is stopped. */
  async function take(stream: AsyncGenerator<CallEvent>, count: number): Promise<CallEvent[]> {
    const events: CallEvent[] = [];
    for await (const event of stream) {
      events.push(event);
      if (events.length === count) break;
    }
    return events;
  }

  it('streams an event created after subscribing, typed', async () => {
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const stop = new AbortController();
    const received = take(client.events.stream({ signal: stop.signal, onOpen: opened }), 1);
    await open;
    const call = await client.createCall({ ...ids, channel: 'sms' });
    const [event] = await received;
    assert.ok(event);
    assert.equal(event.type, 'call.created');
    assert.equal(event.data.id, call.id);
    assert.equal(event.sequence, 1);
    stop.abort();
  });

  it('resumes after lastEventId, follows one call, and ends when the signal aborts', async () => {
    const call = await client.createCall({ ...ids, channel: 'sms' });
    await client.appendMessage(call.id, { sender: 'customer', content: 'Hello' });
    await client.updateCall(call.id, { note: 'resumed' });
    const feed: CallEvent[] = [];
    for await (const event of client.events.all({ callId: call.id, limit: 1 })) feed.push(event);
    assert.deepEqual(
      feed.map((e) => e.type),
      ['call.created', 'message.created', 'call.updated'],
    );
    const first = feed[0];
    assert.ok(first);
    const resumed = await take(client.events.stream({ callId: call.id, lastEventId: first.id }), 2);
    assert.deepEqual(resumed, feed.slice(1));

    const stop = new AbortController();
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const seen: CallEvent[] = [];
    const done = (async () => {
      for await (const event of client.events.stream({ callId: call.id, signal: stop.signal, onOpen: opened })) seen.push(event);
    })();
    await open;
    stop.abort();
    await done;
    assert.deepEqual(seen, []);
  });

  it('reconnects with Last-Event-ID when the connection drops, missing nothing', async () => {
    const call = await client.createCall({ ...ids, channel: 'webchat' });
    const [created] = await take(client.events.all({ callId: call.id }), 1);
    assert.ok(created);
    await client.appendMessage(call.id, { sender: 'customer', content: 'One' });
    await client.appendMessage(call.id, { sender: 'agent', content: 'Two' });
    const resumedFrom: (string | null)[] = [];
    // A fetch whose stream connections break after the first event frame, as a dropped network would.
    const dropping: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const url = input instanceof Request ? input.url : input.toString();
      if (!url.includes('/events/stream') || res.body === null) return res;
      resumedFrom.push(new Headers(init?.headers).get('last-event-id'));
      return new Response(firstFrameOnly(res.body), { status: res.status, headers: res.headers });
    };
    const flaky = new CallsApiClient({ baseUrl, keyId: t.account.username, secret: t.account.password, fetch: dropping });
    const events = await take(flaky.events.stream({ callId: call.id, lastEventId: created.id, reconnectDelayMs: 10 }), 2);
    assert.deepEqual(
      events.map((e) => e.type),
      ['message.created', 'message.created'],
    );
    assert.deepEqual(resumedFrom, [created.id, events[0]?.id]);
  });

  it('answers an unknown lastEventId with a typed 400', async () => {
    await assert.rejects(take(client.events.stream({ lastEventId: 'evt_unknown' }), 1), (err: unknown) => {
      assert.ok(err instanceof CallsApiError);
      assert.equal(err.status, 400);
      return true;
    });
  });
});

/** The body up to the end of its first event frame (`id:` … blank line), then closed. */
function firstFrameOnly(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      text += decoder.decode(value, { stream: true });
      const end = text.indexOf('\n\n', text.indexOf('id: '));
      if (text.includes('id: ') && end !== -1) {
        controller.enqueue(new TextEncoder().encode(text.slice(0, end + 2)));
        controller.close();
        await reader.cancel();
      }
    },
  });
}

describe('verifyWebhook', () => {
  // The Standard Webhooks specification's published example.
  const specSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const specHeaders = {
    'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp': '1614265330',
    'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  const specBody = '{"test": 2432232314}';
  const specNow = new Date(1614265330 * 1000);

  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const body = JSON.stringify({ id: 'evt_1', type: 'call.ended', timestamp: '2026-12-05T09:00:00.000Z', sequence: 3, data: { id: 'c1' } });
  function sign(key: string, id: string, timestamp: number, content: string) {
    const mac = createHmac('sha256', Buffer.from(key.slice('whsec_'.length), 'base64'))
      .update(`${id}.${String(timestamp)}.${content}`)
      .digest('base64');
    return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${mac}` };
  }
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  function rejects(reason: string, fn: () => unknown) {
    assert.throws(fn, (err: unknown) => err instanceof WebhookVerificationError && err.reason === reason);
  }

  it("accepts the specification's example and a delivery signed now, and answers the event", () => {
    assert.deepEqual(verifyWebhook(specSecret, specHeaders, specBody, { now: specNow }), { test: 2432232314 });
    assert.deepEqual(verifyWebhook(specSecret, new Headers(specHeaders), Buffer.from(specBody), { now: specNow }), { test: 2432232314 });
    const event = verifyWebhook(secret, sign(secret, 'evt_1', nowSeconds(), body), body);
    assert.equal(event.type, 'call.ended');
    assert.equal(event.sequence, 3);
  });

  it('accepts any one matching signature of several (a secret rotation)', () => {
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    const headers = sign(secret, 'evt_1', nowSeconds(), body);
    const old = sign(other, 'evt_1', nowSeconds(), body)['webhook-signature'];
    assert.equal(verifyWebhook(secret, { ...headers, 'webhook-signature': `${old} ${headers['webhook-signature']}` }, body).id, 'evt_1');
  });

  it('rejects a tampered body, a wrong secret, an old or future timestamp, and missing headers', () => {
    const headers = sign(secret, 'evt_1', nowSeconds(), body);
    rejects('no-matching-signature', () => verifyWebhook(secret, headers, body.replace('call.ended', 'call.created')));
    rejects('no-matching-signature', () => verifyWebhook(`whsec_${randomBytes(32).toString('base64')}`, headers, body));
    rejects('no-matching-signature', () => verifyWebhook(secret, { ...headers, 'webhook-id': 'evt_2' }, body));
    rejects('timestamp-out-of-tolerance', () => verifyWebhook(secret, sign(secret, 'evt_1', nowSeconds() - 301, body), body));
    rejects('timestamp-out-of-tolerance', () => verifyWebhook(secret, sign(secret, 'evt_1', nowSeconds() + 301, body), body));
    rejects('timestamp-out-of-tolerance', () =>
      verifyWebhook(secret, sign(secret, 'evt_1', nowSeconds() - 60, body), body, { toleranceSeconds: 30 }),
    );
    rejects('timestamp-out-of-tolerance', () => verifyWebhook(specSecret, specHeaders, specBody));
    rejects('missing-header', () => verifyWebhook(secret, { 'webhook-id': 'evt_1' }, body));
    rejects('invalid-timestamp', () => verifyWebhook(secret, { ...headers, 'webhook-timestamp': 'soon' }, body));
    rejects('invalid-secret', () => verifyWebhook('whsec_not base64!', headers, body));
    rejects('no-matching-signature', () => verifyWebhook(secret, { ...headers, 'webhook-signature': 'v2,abc' }, body));
  });
});
