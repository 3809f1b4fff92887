import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, createCall } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';

describeEachStore('Messages', { maxMessagesPerCall: 5 }, (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  it('appends messages with defaults and shows them oldest first with a rendered transcription', async () => {
    const id = (await createCall(t, ids, { channel: 'sms' })).json.id;
    const a = await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'Hello John, your order shipped.' });
    assert.equal(a.status, 201);
    assert.match(a.json.sid, /^SM[0-9a-f]{32}$/);
    assert.equal(a.json.status, 'sent');
    assert.equal(a.json.mediaUrl, '');
    assert.equal(a.json.timestamp, new Date(t.now).toISOString());
    t.advance(1000);
    const b = await t.post(`/api/v1/calls/${id}/messages`, {
      sender: 'customer',
      content: 'Thanks! Photo attached',
      mediaUrl: 'https://example.com/p.jpg',
      sid: 'MM0123456789abcdef0123456789abcdef',
    });
    assert.equal(b.json.status, 'received');
    // A message reported late, with an earlier timestamp, sorts by its timestamp.
    const early = await t.post(`/api/v1/calls/${id}/messages`, {
      sender: 'system',
      content: 'Conversation started',
      timestamp: '2025-03-17T14:29:00Z',
      status: 'delivered',
    });
    assert.equal(early.status, 201);
    const call = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.deepEqual(
      call.messages.map((m: { sender: string }) => m.sender),
      ['system', 'agent', 'customer'],
    );
    assert.equal(
      call.transcription,
      'System: Conversation started\nAgent: Hello John, your order shipped.\nCustomer: Thanks! Photo attached',
    );
    assert.equal(call.messages[2].mediaUrl, 'https://example.com/p.jpg');
    assert.equal(call.updatedAt, new Date(t.now).toISOString());
  });

  it('makes sids that begin with the millisecond they were made in, so later ones sort after', async () => {
    const id = (await createCall(t, ids)).json.id;
    const made: { sid: string; before: number; after: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const before = Date.now();
      const { sid } = (await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: `turn ${i}` })).json;
      made.push({ sid, before, after: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    for (const { sid, before, after } of made) {
      assert.match(sid, /^SM[0-9a-f]{32}$/);
      const at = parseInt(sid.slice(2, 14), 16);
      assert.ok(at >= before && at <= after, `${sid}: ${at} not within ${before}..${after}`);
    }
    const sids = made.map((m) => m.sid);
    assert.deepEqual([...sids].sort(), sids);
    assert.equal(new Set(sids.map((s) => s.slice(14))).size, 3, 'random parts differ');
  });

  it('refuses a sid already on the call, bad input, unknown calls and full calls', async () => {
    const id = (await createCall(t, ids)).json.id;
    assert.equal((await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'one', sid: 'SMdup' })).status, 201);
    const dup = await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'two', sid: 'SMdup' });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.code, 'MESSAGE_SID_CONFLICT');
    for (const [body, field] of [
      [{ content: 'x' }, /sender is required/],
      [{ sender: 'bot', content: 'x' }, /sender must be one of: agent, customer, system/],
      [{ sender: 'agent' }, /content is required/],
      [{ sender: 'agent', content: 'x', timestamp: 'noon' }, /timestamp/],
      [{ sender: 'agent', content: 'x', status: 'lost' }, /status must be one of/],
      [{ sender: 'agent', content: 'x', sid: 'has space' }, /sid/],
      [{ sender: 'agent', content: 'x'.repeat(70_000) }, /content must NOT have more than 65536 characters/],
    ] as const) {
      const res = await t.post(`/api/v1/calls/${id}/messages`, body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
      assert.match(res.json.message, field);
    }
    assert.equal(
      (await t.post('/api/v1/calls/123e4567-e89b-12d3-a456-426614174000/messages', { sender: 'agent', content: 'x' })).status,
      404,
    );
    const other = await t.newAccount();
    assert.equal((await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'x' }, other)).status, 404);
    for (let i = 0; i < 4; i++)
      assert.equal((await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: `m${i}` })).status, 201);
    const full = await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'one too many' });
    assert.equal(full.status, 422);
    assert.equal(full.json.code, 'LIMIT_EXCEEDED');
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.messages.length, 5);
  });

  it('moves a message status forward only', async () => {
    const id = (await createCall(t, ids, { channel: 'whatsapp' })).json.id;
    const sid = (await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'Hi', status: 'queued' })).json.sid;
    const step = async (status: string) => (await t.patch(`/api/v1/calls/${id}/messages/${sid}`, { status })).json.status;
    assert.equal(await step('sent'), 'sent');
    assert.equal(await step('delivered'), 'delivered');
    assert.equal(await step('sent'), 'delivered', 'sent after delivered is ignored');
    assert.equal(await step('queued'), 'delivered');
    assert.equal(await step('read'), 'read');
    assert.equal(await step('delivered'), 'read');
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.messages[0].status, 'read');
    const unknown = await t.patch(`/api/v1/calls/${id}/messages/SMnope`, { status: 'read' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.code, 'MESSAGE_NOT_FOUND');
    assert.equal((await t.patch(`/api/v1/calls/not-a-call/messages/${sid}`, { status: 'read' })).status, 404);
    const other = await t.newAccount();
    assert.equal((await t.patch(`/api/v1/calls/${id}/messages/${sid}`, { status: 'failed' }, other)).status, 404);
    assert.equal((await t.patch(`/api/v1/calls/${id}/messages/${sid}`, { status: 'gone' })).status, 400);
  });
});
