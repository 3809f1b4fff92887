import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { describeEachStore } from '../helpers/store-suites.js';
import { REPO_ROOT } from '../helpers/server-process.js';
import { CallsApiClient, CallsApiError } from '../../packages/sdk/src/index.js';

describeEachStore('SDK against a real server', (t) => {
  let client: CallsApiClient;
  let baseUrl: string;
  let ids: { agentId: string; skillId: string };
  before(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${String(address.port)}`;
    client = new CallsApiClient({ baseUrl, keyId: t.account.username, secret: t.account.password });
    const agent = await client.agents.create({ name: 'Ada', agentType: 'AI', phone: '+14155550100' });
    const skill = await client.skills.create({ name: 'Billing' });
    ids = { agentId: agent.id, skillId: skill.id };
  });

  it('creates, gets and updates a call, and appends and moves a message', async () => {
    const created = await client.createCall({ ...ids, channel: 'call', customerPhone: '+14155550123' }, { idempotencyKey: 'sdk-1' });
    assert.equal(created.status, 'queued');
    assert.deepEqual(await client.getCall(created.id), created);
    const updated = await client.updateCall(created.id, { status: 'in-progress', note: 'from the SDK' });
    assert.equal(updated.note, 'from the SDK');
    const message = await client.appendMessage(created.id, { sender: 'agent', content: 'Hello', status: 'sent' });
    const moved = await client.updateMessageStatus(created.id, message.sid, 'delivered');
    assert.equal(moved.status, 'delivered');
    assert.equal((await client.getCall(created.id)).messages.length, 1);
    const replay = await client.createCall({ ...ids, channel: 'call', customerPhone: '+14155550123' }, { idempotencyKey: 'sdk-1' });
    assert.equal(replay.id, created.id);
  });

  it('polls with the ETag: unchanged is a 304, a change brings the call', async () => {
    const call = await client.createCall({ ...ids, channel: 'sms' });
    const first = await client.getCallIfChanged(call.id, undefined);
    assert.ok(first.changed);
    const same = await client.getCallIfChanged(call.id, first.etag);
    assert.deepEqual(same, { changed: false, etag: first.etag });
    await client.appendMessage(call.id, { sender: 'customer', content: 'Any news?' });
    const changed = await client.getCallIfChanged(call.id, first.etag);
    assert.ok(changed.changed && changed.value.messages.length === 1);
  });

  it('pages through every call and every customer with the async iterator', async () => {
    for (let i = 0; i < 5; i++) await client.createCall({ ...ids, channel: 'webchat', customerName: `Visitor ${String(i)}` });
    const page = await client.listCalls({ channel: ['webchat'], limit: 2 });
    assert.equal(page.items.length, 2);
    assert.ok(page.next !== undefined);
    const seen: string[] = [];
    for await (const call of client.calls({ channel: ['webchat'], limit: 2 })) seen.push(call.id);
    assert.equal(seen.length, 5);
    assert.equal(new Set(seen).size, 5);

    for (let i = 0; i < 3; i++) await client.customers.create({ name: `Customer ${String(i)}`, email: `c${String(i)}@example.com` });
    const customers: string[] = [];
    for await (const customer of client.customers.all({ limit: 2 })) customers.push(customer.id);
    assert.equal(customers.length, (await client.customers.list({ limit: 100 })).items.length);
    assert.ok(customers.length >= 3);
  });

  it('throws typed errors by code', async () => {
    await assert.rejects(client.getCall('00000000-0000-4000-8000-000000000000'), (err: unknown) => {
      assert.ok(err instanceof CallsApiError);
      assert.equal(err.code, 'CALL_NOT_FOUND');
      assert.equal(err.status, 404);
      assert.ok(err.requestId);
      return true;
    });
    const stranger = new CallsApiClient({ baseUrl, keyId: t.account.username, secret: 'wrong' });
    await assert.rejects(stranger.listCalls(), (err: unknown) => err instanceof CallsApiError && err.code === 'UNAUTHORIZED');
  });

  it('runs the example (packages/sdk/examples/quickstart.ts) against the server', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'packages/sdk/examples/quickstart.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CALLS_API_URL: baseUrl, CALLS_API_KEY_ID: t.account.username, CALLS_API_SECRET: t.account.password },
    });
    assert.match(stdout, /fetched, then unchanged \(304\)/);
    assert.match(stdout, /missing call: CALL_NOT_FOUND \(404\)/);
  });
});
