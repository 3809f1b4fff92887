import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, createCall } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';

describeEachStore('Create Call', (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  it('answers 200 with the call, status queued, agent and customer filled in', async () => {
    const res = await createCall(t, ids, { channel: 'whatsapp', note: 'VIP' });
    assert.equal(res.status, 200);
    assert.equal(res.json.status, 'queued');
    assert.equal(res.json.channel, 'whatsapp');
    assert.equal(res.json.note, 'VIP');
    assert.equal(res.json.agentPhone, '+14155550100');
    assert.equal(res.json.customerName, 'John Doe');
    assert.equal(res.json.createdAt, new Date(t.now).toISOString());
    const got = await t.get(`/api/v1/calls/${res.json.id}`);
    assert.equal(got.body, res.body, 'Get Call answers the same bytes as the create');
  });

  it('finds the customer by phone, then by email, else creates one', async () => {
    const first = await createCall(t, ids, {
      customerPhone: '+4930123456789',
      customerEmail: 'anna@example.de',
      customerName: 'Anna Schmidt',
    });
    const byPhone = await createCall(t, ids, {
      customerPhone: '+49 30 123456789',
      customerEmail: 'other@example.de',
      customerName: 'Someone Else',
    });
    assert.equal(byPhone.json.customerId, first.json.customerId, 'same phone (formatted differently) → same customer');
    assert.equal(byPhone.json.customerName, 'Anna Schmidt', "the existing customer's details");
    const byEmail = await t.post('/api/v1/calls', { ...ids, channel: 'email', customerEmail: 'anna@example.de' });
    assert.equal(byEmail.json.customerId, first.json.customerId, 'no phone, same email → same customer');
    const fresh = await createCall(t, ids, { customerPhone: '+33142685300', customerEmail: 'new@example.fr', customerName: 'Jean Dupont' });
    assert.notEqual(fresh.json.customerId, first.json.customerId);
    const customer = await t.get(`/api/v1/customers/${fresh.json.customerId}`);
    assert.equal(customer.status, 200);
    assert.equal(customer.json.phone, '+33142685300');
    assert.equal(customer.json.name, 'Jean Dupont');
  });

  it('creates the customer from customerOverride and applies agentOverride', async () => {
    const res = await t.post('/api/v1/calls', {
      ...ids,
      channel: 'call',
      customerOverride: {
        firstName: 'Grace',
        lastName: 'Hopper',
        phoneNumber: '+12025550147',
        email: 'grace@example.com',
        language: 'en-US',
        customFields: [
          { name: 'tier', value: 'gold' },
          { name: 'vip', value: true },
          { name: 'score', value: 9.5 },
        ],
      },
      agentOverride: { phoneNumber: '+12025550199', email: 'desk@example.com' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.customerName, 'Grace Hopper');
    assert.equal(res.json.customerPhone, '+12025550147');
    assert.equal(res.json.customerEmail, 'grace@example.com');
    assert.equal(res.json.agentPhone, '+12025550199');
    assert.equal(res.json.agentEmail, 'desk@example.com');
    const customer = await t.get(`/api/v1/customers/${res.json.customerId}`);
    assert.deepEqual(customer.json.customFields, [
      { name: 'tier', value: 'gold' },
      { name: 'vip', value: true },
      { name: 'score', value: 9.5 },
    ]);
    assert.equal(customer.json.language, 'en-US');
  });

  it('answers 400 naming the field for an unknown agent or skill', async () => {
    const agent = await t.post('/api/v1/calls', { ...ids, agentId: '123e4567-e89b-12d3-a456-426614174000', channel: 'call' });
    assert.equal(agent.status, 400);
    assert.equal(agent.json.code, 'UNKNOWN_AGENT');
    assert.match(agent.json.message, /agentId/);
    const skill = await t.post('/api/v1/calls', { ...ids, skillId: '123e4567-e89b-12d3-a456-426614174000', channel: 'call' });
    assert.equal(skill.status, 400);
    assert.equal(skill.json.code, 'UNKNOWN_SKILL');
    assert.match(skill.json.message, /skillId/);
    const other = await t.newAccount();
    const foreign = await t.post('/api/v1/calls', { ...ids, channel: 'call' }, other);
    assert.equal(foreign.status, 400, "another account's agent is unknown here");
    assert.equal(foreign.json.code, 'UNKNOWN_AGENT');
  });

  it('answers 400 naming the field for missing, mistyped or malformed input', async () => {
    const cases: [unknown, RegExp][] = [
      [{ skillId: ids.skillId, channel: 'call' }, /agentId is required/],
      [{ ...ids }, /channel is required/],
      [{ ...ids, channel: 'fax' }, /channel must be one of: call, sms, whatsapp, email, webchat/],
      [{ ...ids, channel: 'call', agentId: 'abc' }, /agentId must match format "uuid"/],
      [{ ...ids, channel: 'call', customerEmail: 'not-an-email' }, /customerEmail must match format "email"/],
      [{ ...ids, channel: 'call', customerPhone: '12345' }, /customerPhone must be a phone number in E\.164/],
      [{ ...ids, channel: 'call', customerPhone: 12345 }, /customerPhone must be string/],
      [{ ...ids, channel: 'call', customerOverride: { phoneNumber: 'call me' } }, /customerOverride\.phoneNumber/],
      [{ ...ids, channel: 'call', customerOverride: { customFields: [{ name: 'x', value: { nested: 1 } }] } }, /customFields/],
      [[1, 2], /body must be object/],
    ];
    for (const [body, message] of cases) {
      const res = await t.post('/api/v1/calls', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.ok(['VALIDATION_ERROR', 'INVALID_PHONE'].includes(res.json.code), res.body);
      assert.match(res.json.message, message);
      assert.deepEqual(Object.keys(res.json), ['statusCode', 'error', 'code', 'message', 'requestId']);
    }
    const list = await t.get('/api/v1/calls?limit=500');
    assert.ok(
      list.json.every((c: { customerPhone: string }) => c.customerPhone !== '12345'),
      'nothing was created',
    );
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses the key with another body', async () => {
    const body = { ...ids, channel: 'sms', customerPhone: '+14155550177' };
    const first = await t.post('/api/v1/calls', body, undefined, { 'idempotency-key': 'order-42' });
    assert.equal(first.status, 200);
    t.advance(60_000);
    const again = await t.post('/api/v1/calls', { customerPhone: '+14155550177', channel: 'sms', ...ids }, undefined, {
      'idempotency-key': 'order-42',
    });
    assert.equal(again.status, 200);
    assert.equal(again.body, first.body, 'same bytes, same call');
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const other = await t.post('/api/v1/calls', { ...body, channel: 'call' }, undefined, { 'idempotency-key': 'order-42' });
    assert.equal(other.status, 422);
    assert.equal(other.json.code, 'IDEMPOTENCY_KEY_REUSED');
    const calls = (await t.get(`/api/v1/calls?customerPhone=${encodeURIComponent('+14155550177')}`)).json;
    assert.equal(calls.length, 1, 'one call was created');

    // Another account using the same key gets its own call.
    const acct = await t.newAccount();
    const theirIds = await seedAgentAndSkill(t, acct);
    const theirs = await t.post('/api/v1/calls', { ...theirIds, channel: 'sms' }, acct, { 'idempotency-key': 'order-42' });
    assert.equal(theirs.status, 200);
    assert.notEqual(theirs.json.id, first.json.id);

    // After 24 h the key is free again.
    t.advance(24 * 3600 * 1000 + 1);
    const later = await t.post('/api/v1/calls', body, undefined, { 'idempotency-key': 'order-42' });
    assert.equal(later.status, 200);
    assert.notEqual(later.json.id, first.json.id);
  });
});
