import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, createCall } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';

describeEachStore('Update Call', (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  it("updates note and agent, and the call shows the new agent's contact details", async () => {
    const call = (await createCall(t, ids)).json;
    const agent2 = (await t.post('/api/v1/agents', { name: 'Bob', phone: '+442071838750', email: 'bob@example.co.uk', agentType: 'human' }))
      .json;
    t.advance(5_000);
    const res = await t.put(`/api/v1/calls/${call.id}`, { note: 'Escalated to Bob', agentId: agent2.id });
    assert.equal(res.status, 200);
    assert.equal(res.json.note, 'Escalated to Bob');
    assert.equal(res.json.agentId, agent2.id);
    assert.equal(res.json.agentPhone, '+442071838750');
    assert.equal(res.json.agentEmail, 'bob@example.co.uk');
    assert.equal(res.json.updatedAt, new Date(t.now).toISOString());
    assert.equal((await t.get(`/api/v1/calls/${call.id}`)).body, res.body);
  });

  it('answers 400 for an unknown agent and 404 for an unknown, malformed or foreign call', async () => {
    const call = (await createCall(t, ids)).json;
    const bad = await t.put(`/api/v1/calls/${call.id}`, { agentId: '123e4567-e89b-12d3-a456-426614174000' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, 'UNKNOWN_AGENT');
    assert.equal((await t.put('/api/v1/calls/123e4567-e89b-12d3-a456-426614174000', { note: 'x' })).status, 404);
    assert.equal((await t.put('/api/v1/calls/nope', { note: 'x' })).status, 404);
    const other = await t.newAccount();
    const foreign = await t.put(`/api/v1/calls/${call.id}`, { note: 'hijack' }, other);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.json.code, 'CALL_NOT_FOUND');
    assert.equal((await t.get(`/api/v1/calls/${call.id}`)).json.note, '', 'nothing changed');
    const badStatus = await t.put(`/api/v1/calls/${call.id}`, { status: 'teleported' });
    assert.equal(badStatus.status, 400);
    assert.match(badStatus.json.message, /status must be one of/);
    const badTime = await t.put(`/api/v1/calls/${call.id}`, { answeredAt: 'yesterday' });
    assert.equal(badTime.status, 400);
    assert.match(badTime.json.message, /answeredAt/);
  });

  it('walks the lifecycle and sets startedAt, answeredAt, endedAt and duration', async () => {
    const id = (await createCall(t, ids)).json.id;
    const t0 = t.now;
    await t.put(`/api/v1/calls/${id}`, { status: 'ringing' });
    t.advance(4_000);
    await t.put(`/api/v1/calls/${id}`, { status: 'in-progress' });
    t.advance(90_000);
    const done = (await t.put(`/api/v1/calls/${id}`, { status: 'completed' })).json;
    assert.equal(done.status, 'completed');
    assert.equal(done.startedAt, new Date(t0).toISOString());
    assert.equal(done.answeredAt, new Date(t0 + 4_000).toISOString());
    assert.equal(done.endedAt, new Date(t0 + 94_000).toISOString());
    assert.equal(done.duration, 90, 'talk time excludes ringing');
    t.advance(3_600_000);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.duration, 90, 'an ended call stops counting');
  });

  it('ignores late updates: a ringing after in-progress, anything after completed', async () => {
    const id = (await createCall(t, ids)).json.id;
    await t.put(`/api/v1/calls/${id}`, { status: 'in-progress' });
    const late = await t.put(`/api/v1/calls/${id}`, { status: 'ringing' });
    assert.equal(late.status, 200);
    assert.equal(late.json.status, 'in-progress');
    assert.equal((await t.put(`/api/v1/calls/${id}`, { status: 'queued' })).json.status, 'in-progress');
    await t.put(`/api/v1/calls/${id}`, { status: 'completed' });
    for (const status of ['ringing', 'in-progress', 'queued', 'failed', 'no-answer', 'open']) {
      const res = await t.put(`/api/v1/calls/${id}`, { status });
      assert.equal(res.json.status, 'completed', `${status} after completed is ignored`);
    }
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.status, 'completed');
  });

  it('lets a thread move between live statuses and a user reopen a finished one', async () => {
    const id = (await createCall(t, ids, { channel: 'webchat' })).json.id;
    assert.equal((await t.put(`/api/v1/calls/${id}`, { status: 'open' })).json.status, 'open');
    assert.equal((await t.put(`/api/v1/calls/${id}`, { status: 'stalled' })).json.status, 'stalled');
    assert.equal((await t.put(`/api/v1/calls/${id}`, { status: 'open' })).json.status, 'open');
    const closed = (await t.put(`/api/v1/calls/${id}`, { status: 'resolved' })).json;
    assert.equal(closed.status, 'resolved');
    assert.notEqual(closed.endedAt, '');
    const reopened = (await t.put(`/api/v1/calls/${id}`, { status: 'open', reopen: true })).json;
    assert.equal(reopened.status, 'open');
    assert.equal(reopened.endedAt, '', 'a reopened thread has not ended');
  });

  it('takes an explicit transcription and recording, and explicit lifecycle times', async () => {
    const id = (await createCall(t, ids)).json.id;
    await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'Hi there' });
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.transcription, 'Agent: Hi there', 'derived from messages');
    const res = await t.put(`/api/v1/calls/${id}`, {
      transcription: 'Agent: Hi there. Customer: Hello.',
      recordingUrl: 'https://recordings.example.com/r1.wav',
      startedAt: '2025-03-17T10:00:00Z',
      answeredAt: '2025-03-17T10:00:05+00:00',
      endedAt: '2025-03-17T11:00:05.000Z',
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.transcription, 'Agent: Hi there. Customer: Hello.', 'explicit transcription wins');
    assert.equal(res.json.recordingUrl, 'https://recordings.example.com/r1.wav');
    assert.equal(res.json.startedAt, '2025-03-17T10:00:00.000Z');
    assert.equal(res.json.answeredAt, '2025-03-17T10:00:05.000Z');
    assert.equal(res.json.endedAt, '2025-03-17T11:00:05.000Z');
    assert.equal(res.json.duration, 3600);
    const back = await t.put(`/api/v1/calls/${id}`, { endedAt: '2025-03-17T09:00:00Z' });
    assert.equal(back.json.duration, 0, 'never below 0');
  });
});
