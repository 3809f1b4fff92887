/**
 * Two real server processes on one PostgreSQL database, hammered on the same calls at once:
 * no message is lost, no status moves backwards, and an idempotency key creates one call
 * whichever process each retry reaches.
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestStore, basic, type TestStore } from '../helpers/harness.js';
import { describePostgresOnly } from '../helpers/store-suites.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { ApiKeyService, type IssuedKey } from '../../src/auth/api-keys.js';
import { systemClock } from '../../src/domain/clock.js';
import { callStatusStage } from '../../src/domain/statuses.js';
import type { CallStatus } from '../../src/contract/vocabulary.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';

describePostgresOnly('two API processes on one database', (kind) => {
  let db: TestStore;
  let servers: ServerProcess[] = [];
  let key: IssuedKey;

  const call = async (server: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(servers[server].baseUrl + path, {
      method,
      headers: { authorization: basic(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text === '' ? undefined : JSON.parse(text) };
  };

  before(async () => {
    db = await createTestStore(kind);
    key = await new ApiKeyService(db.store.accounts, systemClock).createAccount('Two processes');
    servers = await Promise.all([startServerProcess(db.url, { PG_POOL_MAX: '5' }), startServerProcess(db.url, { PG_POOL_MAX: '5' })]);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db.cleanup();
  });

  let ids: { agentId: string; skillId: string };
  it('serves the same records from both processes', async () => {
    const agent = await call(0, 'POST', '/api/v1/agents', {
      name: 'Ada',
      lastname: 'Lovelace',
      email: 'ada@example.com',
      phone: '+14155550100',
      agentType: 'AI',
      language: 'en-US',
    });
    const skill = await call(1, 'POST', '/api/v1/skills', { name: 'Billing', description: 'Invoices', language: 'en-US' });
    assert.equal(agent.status, 201, agent.text);
    assert.equal(skill.status, 201, skill.text);
    ids = { agentId: agent.json.id, skillId: skill.json.id };
    const created = await call(0, 'POST', '/api/v1/calls', {
      ...ids,
      channel: 'sms',
      customerName: 'John Doe',
      customerPhone: '+14155550123',
    });
    assert.equal(created.status, 200, created.text);
    const a = await call(0, 'GET', `/api/v1/calls/${created.json.id}`);
    const b = await call(1, 'GET', `/api/v1/calls/${created.json.id}`);
    assert.equal(a.status, 200);
    assert.equal(a.text, b.text);
  });

  it('holds idempotency keys across processes: one call per key, the same answer everywhere', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `order-${i}-${Date.now()}`);
    const attempts = keys.flatMap((k, i) =>
      [0, 1, 0, 1].map((server) =>
        call(
          server,
          'POST',
          '/api/v1/calls',
          { ...ids, channel: 'call', customerName: `Idem ${i}`, customerPhone: `+1415555${String(1000 + i)}` },
          { 'idempotency-key': k },
        ).then((r) => ({ k, r })),
      ),
    );
    const results = await Promise.all(attempts);
    for (const k of keys) {
      const answers = results.filter((x) => x.k === k).map((x) => x.r);
      for (const r of answers) assert.equal(r.status, 200, r.text);
      assert.equal(new Set(answers.map((r) => r.text)).size, 1, `the same bytes for ${k}`);
      assert.equal(new Set(answers.map((r) => r.json.id)).size, 1, `one call for ${k}`);
    }
    assert.ok(db.store instanceof PostgresStore);
    const pg = db.store.pool;
    const { rows } = await pg.query(
      `SELECT count(*)::int AS n FROM calls WHERE customer_id IN (SELECT id FROM customers WHERE name LIKE 'Idem %')`,
    );
    assert.equal(rows[0].n, keys.length);
    const customers = await pg.query(`SELECT phone, count(*)::int AS n FROM customers WHERE name LIKE 'Idem %' GROUP BY phone`);
    assert.ok(
      customers.rows.every((r) => r.n === 1),
      'no duplicate customers',
    );
  });

  it('loses no message and never moves a status backwards under concurrent appends and updates', async () => {
    const callIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await call(i % 2, 'POST', '/api/v1/calls', {
        ...ids,
        channel: 'whatsapp',
        customerName: 'Jane Roe',
        customerPhone: '+14155550199',
      });
      assert.equal(c.status, 200, c.text);
      callIds.push(c.json.id);
    }
    const perCall = 60;
    const statuses: CallStatus[] = ['queued', 'ringing', 'ongoing', 'ringing', 'open', 'stalled', 'queued', 'completed', 'ringing', 'open'];

    // Watchers: sequential reads alternating between processes; each sees the status at a later
    // moment than the one before, so its stage must never go down.
    let hammering = true;
    const watch = async (id: string) => {
      let last = -1;
      let n = 0;
      while (hammering) {
        const r = await call(n++ % 2, 'GET', `/api/v1/calls/${id}`);
        assert.equal(r.status, 200, r.text);
        const stage = callStatusStage(r.json.status as CallStatus);
        assert.ok(stage >= last, `status went back from stage ${last} to ${r.json.status}`);
        last = stage;
      }
    };
    const watchers = callIds.map(watch);

    const work: Promise<void>[] = [];
    for (const id of callIds) {
      for (let i = 0; i < perCall; i++) {
        work.push(
          call(i % 2, 'POST', `/api/v1/calls/${id}/messages`, {
            sender: i % 3 === 0 ? 'customer' : 'agent',
            content: `message ${i} of ${id}`,
            sid: `SM${i}x${id.slice(0, 8)}`,
            status: 'sent',
          }).then((r) => {
            assert.equal(r.status, 201, r.text);
          }),
        );
      }
      statuses.forEach((status, i) => {
        work.push(
          call((i + 1) % 2, 'PUT', `/api/v1/calls/${id}`, { status }).then((r) => {
            assert.equal(r.status, 200, r.text);
            assert.ok(callStatusStage(r.json.status) >= callStatusStage(status), `${r.json.status} answered after ${status}`);
          }),
        );
      });
    }
    await Promise.all(work);

    // Message statuses from both processes in every order: the last word is the furthest one.
    const moves: Promise<void>[] = [];
    for (const id of callIds) {
      for (let i = 0; i < 10; i++) {
        const sid = `SM${i}x${id.slice(0, 8)}`;
        for (const [j, status] of ['read', 'delivered', 'sent', 'delivered', 'read'].entries()) {
          moves.push(
            call((i + j) % 2, 'PATCH', `/api/v1/calls/${id}/messages/${sid}`, { status }).then((r) => {
              assert.equal(r.status, 200, r.text);
            }),
          );
        }
      }
    }
    await Promise.all(moves);
    hammering = false;
    await Promise.all(watchers);

    for (const id of callIds) {
      const a = await call(0, 'GET', `/api/v1/calls/${id}`);
      const b = await call(1, 'GET', `/api/v1/calls/${id}`);
      assert.equal(a.text, b.text, 'both processes answer the same bytes');
      assert.equal(a.json.status, 'completed');
      assert.equal(a.json.messages.length, perCall, 'no message lost');
      const sids = new Set(a.json.messages.map((m: { sid: string }) => m.sid));
      for (let i = 0; i < perCall; i++) assert.ok(sids.has(`SM${i}x${id.slice(0, 8)}`));
      for (const m of a.json.messages.slice(0)) {
        const i = Number(/^SM(\d+)x/.exec(m.sid)![1]);
        if (i < 10) assert.equal(m.status, 'read', m.sid);
      }
    }
    assert.ok(db.store instanceof PostgresStore);
    const { rows } = await db.store.pool.query(
      `SELECT call_id, count(*)::int AS n, max(seq) AS top, count(DISTINCT seq)::int AS distinct_seq,
         (SELECT message_count FROM calls c WHERE c.account_id = m.account_id AND c.id = m.call_id) AS message_count
       FROM messages m WHERE call_id = ANY($1) GROUP BY account_id, call_id`,
      [callIds],
    );
    assert.equal(rows.length, callIds.length);
    for (const r of rows) assert.deepEqual([r.n, r.top, r.distinct_seq, r.message_count], [perCall, perCall, perCall, perCall]);
  });
});
