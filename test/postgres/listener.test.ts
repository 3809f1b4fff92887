/**
 * The LISTEN connection behind the PostgreSQL call cache (src/store/postgres/listener.ts,
 * call-changes.ts), seen through the HTTP API of a server whose store connects through a proxy.
 *
 * A process ignores the notifications its own pool's connections sent: it reported those writes
 * when they committed, and acting on the late echo would drop calls read again since.
 *
 * A LISTEN connection that dies without a word: the network stops carrying its packets but
 * nothing resets it, so neither the process nor PostgreSQL sees it end, and every notification
 * is lost. The listener's heartbeat must find it (a ping left unanswered for LOST_AFTER_MS), so
 * the call cache stops serving from memory and another writer's change shows within about a
 * second — and the cache is back once the listener has connected again.
 *
 * A TCP proxy between the server and PostgreSQL marks the connection that sends `LISTEN` and can
 * freeze it (from then on it forwards nothing either way and closes nothing) or delay what it
 * receives, so that a process's own notifications come back late.
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { basic, createTestStore, type TestStore } from '../helpers/harness.js';
import { describePostgresOnly } from '../helpers/store-suites.js';
import { openStore } from '../../src/store/open.js';
import { buildApp } from '../../src/app.js';
import { ApiKeyService, type IssuedKey } from '../../src/auth/api-keys.js';
import type { Repositories } from '../../src/domain/ports/index.js';
import { systemClock } from '../../src/domain/clock.js';
import { HEARTBEAT_MS, LOST_AFTER_MS } from '../../src/store/postgres/listener.js';

interface ProxiedConnection {
  client: Socket;
  upstream: Socket;
  listens: boolean;
  frozen: boolean;
}

/** A proxy to PostgreSQL that can silently freeze, or slow down, the connections that sent LISTEN. */
async function proxyToListeners(target: URL) {
  const delay = { ms: 0 };
  const connections = new Set<ProxiedConnection>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const c: ProxiedConnection = { client, upstream, listens: false, frozen: false };
    connections.add(c);
    // Simple-protocol queries travel as plain text: a LISTEN is seen in the bytes.
    client.on('data', (chunk: Buffer) => {
      if (chunk.includes('LISTEN ')) c.listens = true;
      if (!c.frozen) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (c.frozen) return;
      // Every chunk waits as long, so they still arrive in order.
      if (c.listens && delay.ms > 0) setTimeout(() => client.write(chunk), delay.ms);
      else client.write(chunk);
    });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      a.on('error', () => a.destroy());
      a.on('close', () => {
        b.destroy();
        connections.delete(c);
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    listening: () => [...connections].filter((c) => c.listens && !c.frozen).length,
    /** Holds back what the LISTEN connections receive by `ms` (0: not at all). */
    delayListeners: (ms: number) => {
      delay.ms = ms;
    },
    freezeListeners: () => {
      let n = 0;
      for (const c of connections)
        if (c.listens && !c.frozen) {
          c.frozen = true;
          n++;
        }
      return n;
    },
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const c of connections) {
        c.client.destroy();
        c.upstream.destroy();
      }
      await closed;
    },
  };
}

describePostgresOnly("the call cache's LISTEN connection", (kind) => {
  let ts: TestStore;
  let proxy: Awaited<ReturnType<typeof proxyToListeners>>;
  let store: Repositories;
  let app: Awaited<ReturnType<typeof buildApp>>['app'];
  /** Another writer, straight to PostgreSQL: its changes fire the triggers and are notified. */
  let writer: pg.Client;
  let key: IssuedKey;
  let ids: { agentId: string; skillId: string };

  const inject = async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: basic(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body) as { id: string; note: string };
  };
  const note = async (id: string) => (await inject('GET', `/api/v1/calls/${id}`)).note;
  const newCall = async () =>
    (await inject('POST', '/api/v1/calls', { ...ids, channel: 'sms', customerName: 'Jo', customerPhone: '+14155550123' })).id;
  /** A change nobody is told of (no trigger fires): it shows only when the call is read from the database. */
  const writeUnnotified = async (id: string, value: string) => {
    await writer.query('BEGIN');
    await writer.query('SET LOCAL session_replication_role = replica');
    await writer.query('UPDATE calls SET note = $1 WHERE id = $2', [value, id]);
    await writer.query('COMMIT');
  };
  const waitForListener = async () => {
    for (let i = 0; proxy.listening() === 0; i++) {
      if (i > 200) assert.fail('no LISTEN connection after 10 s');
      await sleep(50);
    }
    await sleep(100);
  };

  before(async () => {
    ts = await createTestStore(kind);
    proxy = await proxyToListeners(new URL(ts.url));
    store = await openStore(proxy.url, { pgPoolMax: 4 });
    ({ app } = await buildApp({ store, config: { bodyLimit: 1 << 20, keyCacheMs: 0, maxMessagesPerCall: 100, logLevel: 'silent' } }));
    writer = new pg.Client({ connectionString: ts.url });
    await writer.connect();
    key = await new ApiKeyService(store.accounts, systemClock).createAccount('Listener');
    const agent = await inject('POST', '/api/v1/agents', {
      name: 'Ada',
      lastname: 'Lovelace',
      email: 'ada@example.com',
      phone: '+14155550100',
      agentType: 'AI',
      language: 'en-US',
    });
    const skill = await inject('POST', '/api/v1/skills', { name: 'Billing', description: 'Invoices', language: 'en-US' });
    ids = { agentId: agent.id, skillId: skill.id };
  });
  after(async () => {
    await writer.end();
    await app.close();
    await store.close().catch(() => undefined);
    await proxy.close();
    await ts.cleanup();
  });

  it('ignores the notifications of its own writes (it reported them at once), not those of others', async () => {
    const id = await newCall();
    await waitForListener();
    proxy.delayListeners(400);
    try {
      await inject('PUT', `/api/v1/calls/${id}`, { note: 'mine' });
      assert.equal(await note(id), 'mine', 'its own write shows at once');
      await writeUnnotified(id, 'behind its back');
      // The PUT's own notification arrives meanwhile; acted on, it would drop the call read since.
      await sleep(800);
      assert.equal(await note(id), 'mine', 'still served from memory after its own notification came back');
      await writer.query('UPDATE calls SET note = $1 WHERE id = $2', ['from another writer', id]);
      const started = performance.now();
      while ((await note(id)) !== 'from another writer') {
        if (performance.now() - started > 5000) assert.fail("another writer's change was not seen within 5 s");
        await sleep(20);
      }
    } finally {
      proxy.delayListeners(0);
    }
  });

  it('finds a connection that died silently by its heartbeat: no cache until it is back', { timeout: 60_000 }, async () => {
    const id = await newCall();
    await waitForListener();
    // The cache is on: an unnotified change stays unseen.
    assert.equal(await note(id), '');
    await writeUnnotified(id, 'hidden');
    await sleep(50);
    assert.equal(await note(id), '', 'served from memory before the freeze');

    assert.equal(proxy.freezeListeners(), 1, 'one LISTEN connection to freeze');
    await writer.query('UPDATE calls SET note = $1 WHERE id = $2', ['after the freeze', id]);
    const started = performance.now();
    let seen = '';
    while ((seen = await note(id)) !== 'after the freeze') {
      if (performance.now() - started > 10_000) assert.fail(`a notified change was still unseen after 10 s (note: ${seen})`);
      await sleep(20);
    }
    const waited = performance.now() - started;
    // The bound is LOST_AFTER_MS plus up to one heartbeat; a second more for a loaded machine.
    assert.ok(waited < LOST_AFTER_MS + HEARTBEAT_MS + 1000, `seen after ${Math.round(waited)} ms`);

    // The listener connects again (through the proxy, not frozen) and the cache is back on.
    await waitForListener();
    assert.equal(await note(id), 'after the freeze');
    await writeUnnotified(id, 'hidden again');
    await sleep(50);
    assert.equal(await note(id), 'after the freeze', 'served from memory again after the reconnect');
  });
});
