/**
 * PostgreSQL groups concurrent appends into one transaction of multi-row statements. Each append
 * must still be answered as if it were alone: stored once, numbered without gaps, its event in
 * its call's sequence; a refused or failing append affects only itself.
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, seedAgentAndSkill, createCall, type TestApp } from '../helpers/harness.js';
import { describePostgresOnly } from '../helpers/store-suites.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';

describePostgresOnly('Appends grouped into multi-row statements', (kind) => {
  let t: TestApp;
  let ids: { agentId: string; skillId: string };
  const pool = () => {
    assert.ok(t.testStore.store instanceof PostgresStore);
    return t.testStore.store.pool;
  };
  const rows = async <T>(text: string, params: unknown[]) => (await pool().query(text, params)).rows as T[];

  before(async () => {
    t = await startTestApp(kind);
    ids = await seedAgentAndSkill(t);
  });
  after(async () => {
    await t.close();
  });

  it('stores 200 concurrent appends across 20 calls once each, in few transactions, with gapless call sequences; an unknown call fails alone', async () => {
    const calls = await Promise.all(Array.from({ length: 20 }, async () => (await createCall(t, ids)).json.id as string));
    const unknown = randomUUID();
    const requests = Array.from({ length: 200 }, (_, i) => ({ call: calls[i % 20], content: `message ${i}` }));
    requests.splice(97, 0, { call: unknown, content: 'to nowhere' });
    const answers = await Promise.all(
      requests.map((r) => t.post(`/api/v1/calls/${r.call}/messages`, { sender: 'customer', content: r.content })),
    );
    assert.deepEqual(
      answers.map((a, i) => (requests[i].call === unknown ? a.status === 404 : a.status === 201)),
      Array(201).fill(true),
      'every append to a known call stored, the one to an unknown call refused',
    );
    assert.equal(new Set(answers.filter((a) => a.status === 201).map((a) => a.json.sid)).size, 200);
    for (const id of calls) {
      const messages = (await t.get(`/api/v1/calls/${id}`)).json.messages as { content: string }[];
      assert.equal(messages.length, 10);
      const seqs = await rows<{ seq: number }>('SELECT seq FROM messages WHERE call_id = $1 ORDER BY seq', [id]);
      assert.deepEqual(
        seqs.map((r) => r.seq),
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
      const events = await rows<{ sequence: number; type: string }>(
        'SELECT sequence, type FROM events WHERE call_id = $1 ORDER BY position',
        [id],
      );
      assert.deepEqual(
        events.map((e) => e.sequence),
        Array.from({ length: events.length }, (_, i) => i + 1),
        'the call events, in log order, numbered 1, 2, 3, … without gaps',
      );
      assert.equal(events.filter((e) => e.type === 'message.created').length, 10);
    }
    const stored = await rows<{ n: number; transactions: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT xmin::text)::int AS transactions FROM messages WHERE call_id = ANY($1::text[])',
      [calls],
    );
    assert.equal(stored[0].n, 200, 'each message stored exactly once');
    assert.ok(stored[0].transactions < 100, `appends were grouped: ${stored[0].transactions} transactions for 200 appends`);
    assert.equal((await rows('SELECT 1 FROM messages WHERE call_id = $1', [unknown])).length, 0);
  });

  it('refuses the second of two appends with the same sid in one group', async () => {
    const id = (await createCall(t, ids)).json.id;
    const sid = 'SM' + 'cd'.repeat(16);
    const [a, b] = await Promise.all([
      t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'first', sid }),
      t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'second', sid }),
    ]);
    // Concurrent requests reach the store in no set order (each is authenticated on its own
    // connection first): whichever came first is kept, the other refused.
    assert.deepEqual([a.status, b.status].sort(), [201, 409]);
    assert.deepEqual(
      (await t.get(`/api/v1/calls/${id}`)).json.messages.map((m: { content: string }) => m.content),
      [a.status === 201 ? 'first' : 'second'],
    );
  });

  it('refuses only the append that fails unexpectedly; the rest of its group is kept', async () => {
    const id = (await createCall(t, ids)).json.id;
    await pool().query(`CREATE FUNCTION fail_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.content = 'boom' THEN RAISE EXCEPTION 'simulated fault'; END IF; RETURN NEW; END $$`);
    await pool().query('CREATE TRIGGER fail_one BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION fail_boom()');
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
      assert.deepEqual(call.messages.map((m: { content: string }) => m.content).sort(), ['four', 'one', 'three', 'two']);
      const seqs = await rows<{ seq: number }>('SELECT seq FROM messages WHERE call_id = $1 ORDER BY seq', [id]);
      assert.deepEqual(
        seqs.map((r) => r.seq),
        [1, 2, 3, 4],
      );
      const events = await rows<{ sequence: number }>('SELECT sequence FROM events WHERE call_id = $1 ORDER BY position', [id]);
      assert.deepEqual(
        events.map((e) => e.sequence),
        [1, 2, 3, 4, 5],
      );
    } finally {
      await pool().query('DROP TRIGGER fail_one ON messages');
      await pool().query('DROP FUNCTION fail_boom()');
    }
  });
});
