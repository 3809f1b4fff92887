/**
 * Get Call from memory on PostgreSQL, coherent across processes: two real server processes on one
 * database. A process sees its own writes at once and another's within 50 ms (NOTIFY on commit,
 * one LISTEN connection per process); with the LISTEN connection down it serves nothing from
 * memory, and once it is back it drops everything.
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestStore, basic, type TestStore } from '../helpers/harness.js';
import { describePostgresOnly } from '../helpers/store-suites.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { ApiKeyService, type IssuedKey } from '../../src/auth/api-keys.js';
import { systemClock } from '../../src/domain/clock.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { LISTENER_APPLICATION_NAME } from '../../src/store/postgres/listener.js';

/** How long another process's write may stay unseen. */
const FOREIGN_WINDOW_MS = 50;

describePostgresOnly('Get Call from memory across processes', (kind) => {
  let db: TestStore;
  let servers: ServerProcess[] = [];
  let key: IssuedKey;
  let ids: { agentId: string; skillId: string };

  const pool = () => {
    assert.ok(db.store instanceof PostgresStore);
    return db.store.pool;
  };
  const call = async (server: number, method: string, path: string, body?: unknown) => {
    const res = await fetch(servers[server].baseUrl + path, {
      method,
      headers: { authorization: basic(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text === '' ? undefined : JSON.parse(text) };
  };
  const getCall = async (server: number, id: string) => {
    const r = await call(server, 'GET', `/api/v1/calls/${id}`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  /** Polls `server` for at most FOREIGN_WINDOW_MS until `seen` holds; fails otherwise. */
  const seenWithin = async (server: number, id: string, seen: (c: Record<string, unknown>) => boolean, what: string) => {
    const started = performance.now();
    for (;;) {
      const c = await getCall(server, id);
      if (seen(c)) return performance.now() - started;
      if (performance.now() - started > FOREIGN_WINDOW_MS) assert.fail(`${what}: not seen within ${FOREIGN_WINDOW_MS} ms`);
      await sleep(2);
    }
  };
  const newCall = async () => {
    const r = await call(0, 'POST', '/api/v1/calls', { ...ids, channel: 'sms', customerName: 'Jo', customerPhone: '+14155550123' });
    assert.equal(r.status, 200, r.text);
    return r.json.id as string;
  };
  /** Changes the call's note behind every process's back: no trigger fires, so nothing is notified. */
  const writeUnnotified = async (id: string, note: string) => {
    const client = await pool().connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query('UPDATE calls SET note = $1 WHERE id = $2', [note, id]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };
  const listenConnections = async () =>
    (
      await pool().query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
        [LISTENER_APPLICATION_NAME],
      )
    ).rows[0].n;
  const waitForListeners = async (n: number) => {
    const deadline = Date.now() + 10_000;
    while ((await listenConnections()) < n) {
      if (Date.now() > deadline) assert.fail(`fewer than ${n} LISTEN connections after 10 s`);
      await sleep(20);
    }
  };

  before(async () => {
    db = await createTestStore(kind);
    key = await new ApiKeyService(db.store.accounts, systemClock).createAccount('Cache');
    servers = await Promise.all([startServerProcess(db.url, { PG_POOL_MAX: '4' }), startServerProcess(db.url, { PG_POOL_MAX: '4' })]);
    const agent = await call(0, 'POST', '/api/v1/agents', {
      name: 'Ada',
      lastname: 'Lovelace',
      email: 'ada@example.com',
      phone: '+14155550100',
      agentType: 'AI',
      language: 'en-US',
    });
    const skill = await call(0, 'POST', '/api/v1/skills', { name: 'Billing', description: 'Invoices', language: 'en-US' });
    ids = { agentId: agent.json.id, skillId: skill.json.id };
    await waitForListeners(2);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db.cleanup();
  });

  it('serves a read call from memory (a change nobody notified stays unseen) until a notification comes', async () => {
    const id = await newCall();
    // The create's own notification comes back to this process, maybe after this first read: it
    // is ignored (the process reported its own write at once), so the call stays cached.
    assert.equal((await getCall(0, id)).note, '');
    await writeUnnotified(id, 'behind its back');
    await sleep(FOREIGN_WINDOW_MS * 2);
    assert.equal((await getCall(0, id)).note, '', 'the cached call is served (the cache is on)');
    await pool().query("SELECT pg_notify('calls_api_calls', $1)", [`${key.accountId}/${id}`]);
    await seenWithin(0, id, (c) => c.note === 'behind its back', 'a call-scoped notification');
    await writeUnnotified(id, 'again');
    await sleep(FOREIGN_WINDOW_MS);
    assert.equal((await getCall(0, id)).note, 'behind its back');
    await pool().query("SELECT pg_notify('calls_api_calls', '*')");
    await seenWithin(0, id, (c) => c.note === 'again', 'a broad notification');
  });

  it("shows another process's update, append and agent rename within 50 ms", async () => {
    const id = await newCall();
    await getCall(0, id);
    await getCall(0, id);
    assert.equal((await call(1, 'PUT', `/api/v1/calls/${id}`, { note: 'from B' })).status, 200);
    await seenWithin(0, id, (c) => c.note === 'from B', 'an update by B');
    assert.equal((await call(1, 'POST', `/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'Hi from B' })).status, 201);
    await seenWithin(0, id, (c) => Array.isArray(c.messages) && c.messages.length === 1, 'an append by B');
    assert.equal((await call(1, 'PUT', `/api/v1/agents/${ids.agentId}`, { phone: '+14155550177' })).status, 200);
    await seenWithin(0, id, (c) => c.agentPhone === '+14155550177', "B's change to the call's agent");
  });

  it('shows its own writes at once', async () => {
    const id = await newCall();
    await getCall(0, id);
    assert.equal((await call(0, 'PUT', `/api/v1/calls/${id}`, { note: 'mine' })).status, 200);
    assert.equal((await getCall(0, id)).note, 'mine');
    assert.equal((await call(0, 'POST', `/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'mine too' })).status, 201);
    assert.equal((await getCall(0, id)).messages.length, 1);
    assert.equal((await call(0, 'PUT', `/api/v1/agents/${ids.agentId}`, { phone: '+14155550188' })).status, 200);
    assert.equal((await getCall(0, id)).agentPhone, '+14155550188');
  });

  it('serves nothing from memory while its LISTEN connection is down, and caches again once it is back', async () => {
    const id = await newCall();
    await getCall(0, id);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
        [LISTENER_APPLICATION_NAME],
      );
      assert.ok(killed.rowCount !== null && killed.rowCount >= 2, 'both processes were listening');
    } finally {
      await admin.end();
    }
    // Down: every read goes to the database, so even a change nobody notifies shows at once.
    await sleep(20);
    assert.equal((await call(1, 'PUT', `/api/v1/calls/${id}`, { note: 'while down' })).status, 200);
    assert.equal((await getCall(0, id)).note, 'while down');
    await writeUnnotified(id, 'unnotified while down');
    assert.equal((await getCall(0, id)).note, 'unnotified while down');
    // Back (the listener reconnects after about a second): cached again.
    await waitForListeners(2);
    await sleep(50);
    await getCall(0, id);
    await writeUnnotified(id, 'unnotified once back');
    await sleep(FOREIGN_WINDOW_MS);
    assert.equal((await getCall(0, id)).note, 'unnotified while down', 'cached again once the channel is back');
    assert.equal((await call(1, 'PUT', `/api/v1/calls/${id}`, { note: 'after' })).status, 200);
    await seenWithin(0, id, (c) => c.note === 'after', 'an update by B after the reconnect');
  });
});
