/**
 * The SQLite store answers Get Call and list pages from memory between writes. A write through
 * the same store must show at once; a commit by another connection (another process on the same
 * file) within the store's 1 ms window.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/open.js';
import type { Repositories } from '../../src/domain/ports/index.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, seedAgentAndSkill, createCall, type TestApp } from '../helpers/harness.js';

/** The store's FOREIGN_COMMIT_WINDOW_MS, with a margin. */
const FOREIGN_COMMIT_WINDOW = 5;

describe('Calls served from memory between writes [sqlite]', () => {
  let t: TestApp;
  let other: Repositories;
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

  it('drops only the calls a message or call write touches, and everything on any other write', async () => {
    const a = (await createCall(t, ids)).json.id;
    const b = (await createCall(t, ids)).json.id;
    const before = { a: (await t.get(`/api/v1/calls/${a}`)).body, b: (await t.get(`/api/v1/calls/${b}`)).body };
    await t.post(`/api/v1/calls/${a}/messages`, { sender: 'customer', content: 'only a' });
    assert.equal((await t.get(`/api/v1/calls/${b}`)).body, before.b);
    assert.deepEqual(
      (await t.get(`/api/v1/calls/${a}`)).json.messages.map((m: { content: string }) => m.content),
      ['only a'],
    );
    await t.put(`/api/v1/calls/${b}`, { status: 'in-progress', note: 'only b' });
    const bNow = (await t.get(`/api/v1/calls/${b}`)).json;
    assert.deepEqual([bNow.status, bNow.note, bNow.messages.length], ['in-progress', 'only b', 0]);
    assert.equal((await t.get(`/api/v1/calls/${a}`)).json.note, '');
    const sid = (await t.get(`/api/v1/calls/${a}`)).json.messages[0].sid;
    await t.patch(`/api/v1/calls/${a}/messages/${sid}`, { status: 'read' });
    assert.equal((await t.get(`/api/v1/calls/${a}`)).json.messages[0].status, 'read');
    assert.equal(listed(await t.get('/api/v1/calls?limit=10'), a).messages.length, 1);
    // A write that is not about one call (the agent both calls point at) shows in both.
    await t.put(`/api/v1/agents/${ids.agentId}`, { phone: '+14155550122' });
    assert.equal((await t.get(`/api/v1/calls/${a}`)).json.agentPhone, '+14155550122');
    assert.equal((await t.get(`/api/v1/calls/${b}`)).json.agentPhone, '+14155550122');
    assert.equal(listed(await t.get('/api/v1/calls?limit=10'), b).agentPhone, '+14155550122');
    // And a commit by another connection after call-scoped writes still shows.
    await other.calls.update(t.account.accountId, b, () => ({ note: 'from elsewhere', updatedAt: '2025-03-17T15:00:00.000Z' }));
    await sleep(FOREIGN_COMMIT_WINDOW);
    assert.equal((await t.get(`/api/v1/calls/${b}`)).json.note, 'from elsewhere');
  });

  it('shows a commit made by another connection to the same file within the window', async () => {
    const id = (await createCall(t, ids)).json.id;
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.status, 'queued');
    assert.equal(listed(await t.get('/api/v1/calls?limit=5'), id).status, 'queued');
    await other.calls.update(t.account.accountId, id, () => ({ status: 'ringing', updatedAt: '2025-03-17T15:00:00.000Z' }));
    await sleep(FOREIGN_COMMIT_WINDOW);
    const after = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.equal(after.status, 'ringing');
    assert.equal(after.updatedAt, '2025-03-17T15:00:00.000Z');
    assert.equal(listed(await t.get('/api/v1/calls?limit=5'), id).status, 'ringing');
    assert.equal(await other.erasure.deleteCall(t.account.accountId, id, new Date().toISOString()), true);
    await sleep(FOREIGN_COMMIT_WINDOW);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).status, 404);
    assert.equal(
      (await t.get('/api/v1/calls?limit=5')).json.some((c: { id: string }) => c.id === id),
      false,
    );
  });

  it('answers list pages with the same call bytes as Get Call, and shows writes at once', async () => {
    // Newest of all, so that it is on the first page: earlier tests' calls share the test clock's
    // instant, and among those the order is by (random) id.
    t.advance(1_000);
    const id = (await createCall(t, ids)).json.id;
    await t.post(`/api/v1/calls/${id}/messages`, { sender: 'customer', content: 'Quote: "ü" \\ \u2028 done' });
    const one = await t.get(`/api/v1/calls/${id}`);
    const page = await t.get('/api/v1/calls?limit=3');
    // The page is a JSON array whose element for the call is Get Call's body, byte for byte.
    assert.ok(page.body.startsWith('[') && page.body.endsWith(']'));
    assert.ok(page.body.includes(one.body), 'list page holds the Get Call bytes');
    assert.deepEqual(JSON.parse(page.body), page.json);
    assert.equal(page.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(Number(page.headers['content-length']), Buffer.byteLength(page.body));
    // The same page again (served from memory), then after a write through the API.
    assert.equal((await t.get('/api/v1/calls?limit=3')).body, page.body);
    await t.put(`/api/v1/calls/${id}`, { note: 'changed' });
    assert.equal(listed(await t.get('/api/v1/calls?limit=3'), id).note, 'changed');
    await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'second' });
    assert.equal(listed(await t.get('/api/v1/calls?limit=3'), id).messages.length, 2);
  });

  it("keeps a live call's duration growing while it is served from memory", async () => {
    const id = (await createCall(t, ids)).json.id;
    await t.put(`/api/v1/calls/${id}`, { status: 'in-progress' });
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.duration, 0);
    assert.equal(listed(await t.get('/api/v1/calls?limit=5'), id).duration, 0);
    t.advance(30_000);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.duration, 30);
    assert.equal(listed(await t.get('/api/v1/calls?limit=5'), id).duration, 30);
    t.advance(1_000);
    assert.equal(listed(await t.get('/api/v1/calls?limit=5'), id).duration, 31);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.duration, 31);
  });
});

function listed(page: { status: number; json: unknown }, id: string): Record<string, unknown> & { messages: unknown[] } {
  assert.equal(page.status, 200);
  const call = (page.json as { id: string }[]).find((c) => c.id === id);
  assert.ok(call, `call ${id} is on the page`);
  return call as unknown as Record<string, unknown> & { messages: unknown[] };
}
