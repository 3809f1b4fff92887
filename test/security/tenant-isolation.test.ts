/**
 * Tenant isolation matrix: account B's key against every endpoint with account A's ids (calls,
 * messages, agents, skills, customers), idempotency keys and cursors. Always a 404 byte-identical
 * to a nonexistent record, or an empty list — and A's data unchanged afterwards.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, createCall } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import type { IssuedKey } from '../../src/auth/api-keys.js';

const NONE = '00000000-0000-4000-8000-000000000000';

describeEachStore('tenant isolation', (t) => {
  let b: IssuedKey;
  let a: { agentId: string; skillId: string; callId: string; customerId: string; sid: string; cursor: string };
  let bIds: { agentId: string; skillId: string };

  async function snapshot(auth?: IssuedKey) {
    const parts = await Promise.all(
      [
        '/api/v1/calls?limit=500',
        '/api/v1/agents?limit=500',
        '/api/v1/skills?limit=500',
        '/api/v1/customers?limit=500',
        '/api/v1/account/retention',
      ].map((u) => t.get(u, auth)),
    );
    return parts.map((p) => p.body);
  }

  before(async () => {
    const ids = await seedAgentAndSkill(t);
    const call = await createCall(t, ids, {}, undefined);
    await createCall(t, ids, { customerPhone: '+14155550124' });
    await createCall(t, ids, { customerPhone: '+14155550125' });
    await t.post(`/api/v1/calls/${call.json.id}/messages`, {
      sender: 'customer',
      content: 'tenant A private words',
      sid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    });
    await t.put('/api/v1/account/retention', { days: 400 });
    const page = await t.get('/api/v1/calls?limit=1');
    a = {
      ...ids,
      callId: call.json.id,
      customerId: call.json.customerId,
      sid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      cursor: String(page.headers['x-next-cursor']),
    };
    b = await t.newAccount();
    bIds = await seedAgentAndSkill(t, b);
  });

  it('answers 404 (the bytes of a nonexistent record) on every id-bearing path', async () => {
    const before = await snapshot();
    const ops: [string, string, string, unknown?][] = [
      // [method, path with A's id, same path with a nonexistent id, body]
      ['GET', `/api/v1/calls/${a.callId}`, `/api/v1/calls/${NONE}`],
      ['PUT', `/api/v1/calls/${a.callId}`, `/api/v1/calls/${NONE}`, { note: 'hijack', status: 'canceled' }],
      ['DELETE', `/api/v1/calls/${a.callId}`, `/api/v1/calls/${NONE}`],
      ['POST', `/api/v1/calls/${a.callId}/redact`, `/api/v1/calls/${NONE}/redact`],
      ['POST', `/api/v1/calls/${a.callId}/messages`, `/api/v1/calls/${NONE}/messages`, { sender: 'agent', content: 'injected' }],
      ['PATCH', `/api/v1/calls/${a.callId}/messages/${a.sid}`, `/api/v1/calls/${NONE}/messages/${a.sid}`, { status: 'read' }],
      ['GET', `/api/v1/agents/${a.agentId}`, `/api/v1/agents/${NONE}`],
      ['PUT', `/api/v1/agents/${a.agentId}`, `/api/v1/agents/${NONE}`, { name: 'hijack' }],
      ['GET', `/api/v1/skills/${a.skillId}`, `/api/v1/skills/${NONE}`],
      ['PUT', `/api/v1/skills/${a.skillId}`, `/api/v1/skills/${NONE}`, { name: 'hijack' }],
      ['GET', `/api/v1/customers/${a.customerId}`, `/api/v1/customers/${NONE}`],
      ['PUT', `/api/v1/customers/${a.customerId}`, `/api/v1/customers/${NONE}`, { name: 'hijack' }],
      ['DELETE', `/api/v1/customers/${a.customerId}`, `/api/v1/customers/${NONE}`],
    ];
    for (const [method, path, nonePath, body] of ops) {
      const cross = await t.request({ method: method as 'GET', url: path, body, auth: b });
      const none = await t.request({ method: method as 'GET', url: nonePath, body, auth: b });
      assert.equal(cross.status, 404, `${method} ${path}`);
      assert.equal(cross.body, none.body, `${method} ${path}: same bytes as a nonexistent record`);
      assert.equal(cross.body.includes(a.callId) || cross.body.includes(a.agentId), false);
    }
    assert.deepEqual(await snapshot(), before, "A's data is unchanged");
  });

  it("does not let B use A's agent, skill or customer as references", async () => {
    const before = await snapshot();
    const withA = await t.post('/api/v1/calls', { agentId: a.agentId, skillId: bIds.skillId, channel: 'call' }, b);
    assert.equal(withA.status, 400);
    assert.equal(withA.json.code, 'UNKNOWN_AGENT');
    assert.equal(
      (await t.post('/api/v1/calls', { agentId: bIds.agentId, skillId: a.skillId, channel: 'call' }, b)).json.code,
      'UNKNOWN_SKILL',
    );
    const own = await createCall(t, bIds, {}, b);
    const reassign = await t.put(`/api/v1/calls/${own.json.id}`, { agentId: a.agentId }, b);
    assert.equal(reassign.status, 400);
    // Same phone as A's customer: B gets a customer of its own.
    assert.notEqual(own.json.customerId, a.customerId);
    assert.deepEqual(await snapshot(), before);
  });

  it("filters by A's ids, phone and words answer an empty list; A's cursor shows B nothing of A", async () => {
    for (const q of [
      `agentId=${a.agentId}`,
      `customerId=${a.customerId}`,
      'customerPhone=%2B14155550124',
      'customerPhone=5550125',
      'q=private',
      `cursor=${a.cursor}`,
    ]) {
      const res = await t.get(`/api/v1/calls?${q}`, b);
      assert.equal(res.status, 200, q);
      const leaked = (res.json as { id: string; customerId: string }[]).filter((c) => c.customerId === a.customerId || c.id === a.callId);
      assert.deepEqual(leaked, [], q);
      if (!q.startsWith('cursor')) assert.deepEqual(res.json, [], q);
    }
    const bCustomers = (await t.get('/api/v1/customers?phone=%2B14155550124', b)).json as unknown[];
    assert.deepEqual(bCustomers, []);
    for (const list of ['/api/v1/agents', '/api/v1/skills', '/api/v1/customers']) {
      const ids = ((await t.get(list, b)).json as { id: string }[]).map((x) => x.id);
      assert.equal(ids.includes(a.agentId) || ids.includes(a.skillId) || ids.includes(a.customerId), false, list);
    }
    assert.deepEqual((await t.get('/api/v1/account/retention', b)).json, { days: null });
  });

  it("an idempotency key used by A does not replay for B (nor B's for A)", async () => {
    const key = { 'idempotency-key': 'shared-key-1' };
    const first = await t.post('/api/v1/calls', { ...bIdsOf(a), channel: 'sms' }, undefined, key);
    assert.equal(first.status, 200);
    const other = await t.post('/api/v1/calls', { ...bIds, channel: 'sms' }, b, key);
    assert.equal(other.status, 200, 'a different body under the same key in another account is no conflict');
    assert.notEqual(other.json.id, first.json.id);
    assert.equal(other.headers['idempotent-replayed'], undefined);
    assert.equal(other.json.agentId, bIds.agentId);
    const replay = await t.post('/api/v1/calls', { ...bIdsOf(a), channel: 'sms' }, undefined, key);
    assert.equal(replay.json.id, first.json.id);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const sameBody = await t.post('/api/v1/calls', { ...bIds, channel: 'sms' }, b, key);
    assert.equal(sameBody.json.id, other.json.id, "B's replay is B's own call");
  });
});

function bIdsOf(x: { agentId: string; skillId: string }) {
  return { agentId: x.agentId, skillId: x.skillId };
}
