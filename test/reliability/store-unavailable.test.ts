/**
 * Store unavailable: a SQLite file locked by another process's transaction, a store that refuses
 * writes (read-only), a PostgreSQL server that goes away and comes back. Requests get a quick 503
 * STORE_UNAVAILABLE with Retry-After — never a hang, never a crash — and the service recovers by
 * itself once the store is back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import Database from 'better-sqlite3';
import { startTestApp, seedAgentAndSkill, createCall, basic, createTestStore, type TestApp, type AnyJson } from '../helpers/harness.js';
import { describePostgresOnly } from '../helpers/store-suites.js';
import { sqlitePath, openStore } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { buildApp } from '../../src/app.js';
import { ApiKeyService } from '../../src/auth/api-keys.js';
import { systemClock } from '../../src/domain/clock.js';

function assertUnavailable(res: { status: number; json: AnyJson; headers: Record<string, unknown> }, what: string) {
  assert.equal(res.status, 503, what);
  assert.equal(res.json.code, 'STORE_UNAVAILABLE', what);
  assert.equal(res.json.error, 'Service Unavailable', what);
  assert.match(String(res.headers['retry-after']), /^\d+$/, what);
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

describe('store unavailable [sqlite]', () => {
  it('a file locked by another process: writes answer 503 within the busy timeout, reads go on, writes recover after', async () => {
    const t: TestApp = await startTestApp('sqlite');
    try {
      const ids = await seedAgentAndSkill(t);
      const existing = (await createCall(t, ids)).json.id;
      // Another process (here: another connection) holds the write lock.
      const holder = new Database(sqlitePath(t.testStore.url));
      holder.exec('BEGIN EXCLUSIVE');
      try {
        const [create, ms] = await timed(() => createCall(t, ids));
        assertUnavailable(create, 'create while locked');
        assert.ok(ms < 3000, `answered in ${Math.round(ms)} ms, not a hang`);
        assertUnavailable(await t.put(`/api/v1/calls/${existing}`, { note: 'x' }), 'update while locked');
        assertUnavailable(await t.post(`/api/v1/calls/${existing}/messages`, { sender: 'agent', content: 'x' }), 'append while locked');
        // WAL readers are not blocked by a writer.
        assert.equal((await t.get(`/api/v1/calls/${existing}`)).status, 200);
      } finally {
        holder.exec('COMMIT');
        holder.close();
      }
      assert.equal((await createCall(t, ids)).status, 200, 'recovered by itself');
      assert.equal((await t.put(`/api/v1/calls/${existing}`, { note: 'after' })).json.note, 'after');
    } finally {
      await t.close();
    }
  });

  it('a store that refuses writes (SQLITE_READONLY): 503, reads go on, recovers when writable again', async () => {
    const t: TestApp = await startTestApp('sqlite');
    try {
      const ids = await seedAgentAndSkill(t);
      const existing = (await createCall(t, ids)).json.id;
      assert.ok(t.testStore.store instanceof SqliteStore);
      const db = t.testStore.store.db;
      db.pragma('query_only = ON'); // what a read-only file or mount looks like to SQLite
      try {
        assertUnavailable(await createCall(t, ids), 'create on read-only');
        assertUnavailable(await t.request({ method: 'DELETE', url: `/api/v1/calls/${existing}` }), 'delete on read-only');
        assert.equal((await t.get(`/api/v1/calls/${existing}`)).status, 200);
        assert.equal((await t.get('/healthz', false)).status, 200, 'reads and liveness are fine');
      } finally {
        db.pragma('query_only = OFF');
      }
      assert.equal((await createCall(t, ids)).status, 200);
    } finally {
      await t.close();
    }
  });

  it('a closed database: 503 on every authenticated request and on /healthz, no crash', async () => {
    const t: TestApp = await startTestApp('sqlite');
    try {
      await t.testStore.store.close();
      const [res, ms] = await timed(() => t.get('/api/v1/calls'));
      assertUnavailable(res, 'list on a closed store');
      assert.ok(ms < 3000);
      assertUnavailable(await t.get('/healthz', false), 'healthz on a closed store');
    } finally {
      await t.app.close();
      await t.testStore.cleanup();
    }
  });
});

describePostgresOnly('store unavailable', () => {
  it('PostgreSQL going away and coming back (through a TCP proxy): 503 while down, recovers by itself', { timeout: 60_000 }, async () => {
    const ts = await createTestStore('postgres');
    const target = new URL(ts.url);
    const sockets = new Set<Socket>();
    const listen = (port: number) =>
      new Promise<Server>((resolve) => {
        const proxy = createServer((client) => {
          const upstream = connect(Number(target.port || 5432), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('close', () => sockets.delete(s));
            s.on('error', () => s.destroy());
          }
          client.pipe(upstream).pipe(client);
        });
        proxy.listen(port, '127.0.0.1', () => {
          resolve(proxy);
        });
      });
    let proxy = await listen(0);
    const port = (proxy.address() as { port: number }).port;
    const viaProxy = new URL(ts.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(port);
    const store = await openStore(viaProxy.toString(), { pgPoolMax: 4 });
    const { app } = await buildApp({ store, config: { bodyLimit: 1 << 20, keyCacheMs: 0, maxMessagesPerCall: 100, logLevel: 'silent' } });
    try {
      const key = await new ApiKeyService(store.accounts, systemClock).createAccount('pg outage');
      const get = () => app.inject({ url: '/api/v1/calls', headers: { authorization: basic(key) } });
      assert.equal((await get()).statusCode, 200);

      // The database goes away: the proxy stops listening and drops every connection.
      // Dropped before the close is awaited: close waits for every connection to end, and the
      // process's LISTEN connection never ends by itself.
      const closed = new Promise((resolve) => proxy.close(resolve));
      for (const s of sockets) s.destroy();
      await closed;
      for (let i = 0; i < 3; i++) {
        const [res, ms] = await timed(get);
        assert.equal(res.statusCode, 503);
        assert.equal(JSON.parse(res.body).code, 'STORE_UNAVAILABLE');
        assert.ok(res.headers['retry-after']);
        assert.ok(ms < 15_000, `answered in ${Math.round(ms)} ms`);
      }

      // It comes back on the same address: the service recovers without a restart.
      proxy = await listen(port);
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await get()).statusCode;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(status, 200);
    } finally {
      await app.close();
      await store.close().catch(() => undefined);
      proxy.close();
      for (const s of sockets) s.destroy();
      await ts.cleanup();
    }
  });
});
