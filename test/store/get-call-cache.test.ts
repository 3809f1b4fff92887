/**
 * The SQLite store answers Get Call from memory between writes. A write through the same store,
 * or a commit by another connection (another process on the same file), must show at once.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { startTestApp, seedAgentAndSkill, createCall, type TestApp } from '../helpers/harness.js';

describe('Get Call between writes [sqlite]', () => {
  let t: TestApp;
  let other: Store;
  let ids: { agentId: string; skillId: string };
  before(async () => {
    t = await startTestApp('sqlite');
    ids = await seedAgentAndSkill(t);
    other = await openStore(t.testStore.url);
  });
  after(async () => {
    await other.close();
    await t.close();
  });

  it('shows writes made through the API at once', async () => {
    const id = (await createCall(t, ids)).json.id;
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.note, '');
    await t.put(`/api/v1/calls/${id}`, { note: 'first' });
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.note, 'first');
    await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'Hi' });
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.messages.length, 1);
    // A change to the agent shows in every call pointing at it.
    await t.put(`/api/v1/agents/${ids.agentId}`, { phone: '+14155550111' });
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.agentPhone, '+14155550111');
  });

  it('shows a commit made by another connection to the same file at once', async () => {
    const id = (await createCall(t, ids)).json.id;
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.status, 'queued');
    await other.updateCall(t.account.accountId, id, () => ({ status: 'ringing', updatedAt: '2025-03-17T15:00:00.000Z' }));
    const after = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.equal(after.status, 'ringing');
    assert.equal(after.updatedAt, '2025-03-17T15:00:00.000Z');
    assert.equal(await other.deleteCall(t.account.accountId, id), true);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).status, 404);
  });

  it("keeps a live call's duration growing while it is served from memory", async () => {
    const id = (await createCall(t, ids)).json.id;
    await t.put(`/api/v1/calls/${id}`, { status: 'in-progress' });
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.duration, 0);
    t.advance(30_000);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.duration, 30);
  });
});
