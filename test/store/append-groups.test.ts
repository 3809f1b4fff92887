/**
 * The SQLite store commits the appends that arrive together in one transaction. Each must still
 * be answered as if it were alone: duplicates within a group, and one append failing for an
 * unexpected reason, affect only that append.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, seedAgentAndSkill, createCall, type TestApp } from '../helpers/harness.js';
import { openRawDb, type RawDb } from '../helpers/raw-db.js';

describe('Appends committed together [sqlite]', () => {
  let t: TestApp;
  let raw: RawDb;
  let ids: { agentId: string; skillId: string };
  before(async () => {
    t = await startTestApp('sqlite');
    ids = await seedAgentAndSkill(t);
    raw = await openRawDb(t.testStore.url);
  });
  after(async () => {
    await raw.close();
    await t.close();
  });

  it('numbers concurrent appends to several calls without gaps and gives each a distinct sid', async () => {
    const calls = await Promise.all([1, 2, 3].map(async () => (await createCall(t, ids)).json.id as string));
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.post(`/api/v1/calls/${calls[i % 3]}/messages`, { sender: 'customer', content: `message ${i}` }),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(30).fill(201),
    );
    assert.equal(new Set(answers.map((a) => a.json.sid)).size, 30);
    for (const id of calls) {
      const call = (await t.get(`/api/v1/calls/${id}`)).json;
      assert.equal(call.messages.length, 10);
      const seqs = await raw.all<{ seq: number }>('SELECT seq FROM messages WHERE call_id = $1 ORDER BY seq', [id]);
      assert.deepEqual(
        seqs.map((r) => r.seq),
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
    }
  });

  it('refuses the second of two appends with the same sid in one group', async () => {
    const id = (await createCall(t, ids)).json.id;
    const sid = 'SM' + 'ab'.repeat(16);
    const [a, b] = await Promise.all([
      t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'first', sid }),
      t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'second', sid }),
    ]);
    assert.deepEqual([a.status, b.status], [201, 409]);
    assert.deepEqual(
      (await t.get(`/api/v1/calls/${id}`)).json.messages.map((m: { content: string }) => m.content),
      ['first'],
    );
  });

  it('refuses only the append that fails unexpectedly; the rest of its group is kept', async () => {
    const id = (await createCall(t, ids)).json.id;
    // A fault the store's checks cannot foresee, for one message only.
    await raw.all(
      `CREATE TRIGGER fail_one BEFORE INSERT ON messages WHEN NEW.content = 'boom' BEGIN SELECT RAISE(ABORT, 'simulated fault'); END`,
    );
    try {
      const answers = await Promise.all(
        ['one', 'two', 'boom', 'three', 'four'].map((content) => t.post(`/api/v1/calls/${id}/messages`, { sender: 'customer', content })),
      );
      assert.deepEqual(
        answers.map((a) => a.status === 201),
        [true, true, false, true, true],
      );
      assert.ok(answers[2].status >= 500, `the failed append answers a server error, got ${answers[2].status}`);
      const call = (await t.get(`/api/v1/calls/${id}`)).json;
      assert.deepEqual(
        call.messages.map((m: { content: string }) => m.content),
        ['one', 'two', 'three', 'four'],
      );
      // Searchable exactly as stored: the refused message left nothing in the full-text index.
      assert.equal((await t.get('/api/v1/calls?q=boom')).json.length, 0);
      assert.equal(
        (await t.get('/api/v1/calls?q=three')).json.some((c: { id: string }) => c.id === id),
        true,
      );
    } finally {
      await raw.all('DROP TRIGGER fail_one');
    }
  });
});
