/**
 * The live stream, GET /api/v1/events/stream, over a real socket on every store: events as they
 * happen, resuming with Last-Event-ID, one call, heartbeats, clean-up, another process's writes,
 * and a graceful shutdown with streams open.
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { basic, seedAgentAndSkill, createCall, startTestApp } from '../helpers/harness.js';
import { openRawDb } from '../helpers/raw-db.js';
import { describeEachStore, describeEachTestStore, describePostgresOnly } from '../helpers/store-suites.js';
import { createAccountIn, startServerProcess } from '../helpers/server-process.js';
import { isEvent, openSse, type SseStream } from '../helpers/sse.js';

describeEachStore('Event stream', { eventStreamHeartbeatMs: 100 }, (t) => {
  let base: string;
  let auth: Record<string, string>;
  let ids: { agentId: string; skillId: string };
  const streams: SseStream[] = [];
  const open = async (path: string, headers: Record<string, string> = {}) => {
    const s = await openSse(`${base}${path}`, { ...auth, ...headers });
    streams.push(s);
    return s;
  };
  before(async () => {
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    auth = { authorization: basic(t.account) };
    ids = await seedAgentAndSkill(t);
  });
  after(() => {
    for (const s of streams) s.close();
  });

  it('sends each event as it happens: id, event type, and the event JSON the feed answers', async () => {
    const stream = await open('/api/v1/events/stream');
    assert.match(String(stream.headers.get('content-type')), /^text\/event-stream/);
    assert.equal(stream.headers.get('x-request-id') !== null, true);
    const id = (await createCall(t, ids)).json.id as string;
    await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'hello' });
    const a = await stream.next(isEvent);
    const b = await stream.next(isEvent);
    const feed = (await t.get(`/api/v1/events?callId=${id}`)).body;
    assert.equal(`[${a.data},${b.data}]`, feed);
    assert.deepEqual([a.event, b.event], ['call.created', 'message.created']);
    assert.equal(a.id, JSON.parse(a.data!).id);
  });

  it('resumes after Last-Event-ID, and follows one call with callId', async () => {
    const one = (await createCall(t, ids)).json.id as string;
    const other = (await createCall(t, ids)).json.id as string;
    await t.put(`/api/v1/calls/${one}`, { status: 'in-progress' });
    const events = (await t.get(`/api/v1/events?callId=${one}`)).json as { id: string }[];
    const resumed = await open('/api/v1/events/stream', { 'last-event-id': events[0].id });
    const next = await resumed.next(isEvent);
    assert.equal(next.data, JSON.stringify((await t.get(`/api/v1/events?after=${events[0].id}&limit=1`)).json[0]));

    const followed = await open(`/api/v1/events/stream?callId=${one}`, { 'last-event-id': events[0].id });
    await t.put(`/api/v1/calls/${other}`, { note: 'not followed' });
    await t.put(`/api/v1/calls/${one}`, { status: 'completed' });
    assert.deepEqual([(await followed.next(isEvent)).event, (await followed.next(isEvent)).event], ['call.updated', 'call.ended']);
    assert.ok(followed.frames.filter(isEvent).every((f) => JSON.parse(f.data!).data.id === one));
  });

  it('sends a heartbeat comment every EVENT_STREAM_HEARTBEAT_MS', async () => {
    const stream = await open('/api/v1/events/stream');
    assert.equal((await stream.next((f) => f.comment === 'heartbeat')).comment, 'heartbeat');
  });

  it('refuses an unknown Last-Event-ID or callId with a 400 before streaming', async () => {
    const res = await fetch(`${base}/api/v1/events/stream`, { headers: { ...auth, 'last-event-id': 'evt_nope' } });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { message: string }).message, /^Last-Event-ID names no event/);
    const bad = await fetch(`${base}/api/v1/events/stream?callId=x`, { headers: auth });
    assert.equal(bad.status, 400);
  });

  it('lets go of a stream when its client disconnects', async () => {
    const before = t.events.streams.size;
    const stream = await open('/api/v1/events/stream');
    assert.equal(t.events.streams.size, before + 1);
    stream.close();
    while (t.events.streams.size > before) await sleep(10);
  });

  it('delivers a change made through another server process', async () => {
    const stream = await open('/api/v1/events/stream');
    const server = await startServerProcess(t.testStore.url, {}, 60_000);
    try {
      const res = await fetch(`${server.baseUrl}/api/v1/calls`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: ids.agentId, skillId: ids.skillId, customerPhone: '+14155550100', channel: 'call' }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      const created = (await res.json()) as { id: string };
      const event = await stream.next(isEvent);
      assert.equal(event.event, 'call.created');
      assert.equal(JSON.parse(event.data!).data.id, created.id);
    } finally {
      await server.stop();
    }
  });

  it('ends open streams when the app closes, without waiting on them', async () => {
    const stream = await open('/api/v1/events/stream');
    await t.app.close();
    await stream.ended;
  });
});

describeEachTestStore('Event stream and shutdown', (ts) => {
  it('a server with open streams shuts down on SIGTERM, ending them', async () => {
    const account = await createAccountIn(ts.url);
    const server = await startServerProcess(ts.url, { EVENT_STREAM_HEARTBEAT_MS: '100' }, 60_000);
    try {
      const stream = await openSse(`${server.baseUrl}/api/v1/events/stream`, { authorization: basic(account) });
      await stream.next((f) => f.comment === 'heartbeat');
      await server.stop();
      await stream.ended;
      assert.equal((await server.exited).code, 0, server.stderr());
    } finally {
      await server.stop();
    }
  });
});

describePostgresOnly('Event stream when the LISTEN connection drops', () => {
  it('connects again and sends what was committed meanwhile', async (ctx) => {
    const t = await startTestApp('postgres');
    const raw = await openRawDb(t.testStore.url);
    ctx.after(async () => {
      await raw.close();
      await t.close();
    });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const ids = await seedAgentAndSkill(t);
    const stream = await openSse(`${base}/api/v1/events/stream`, { authorization: basic(t.account) });
    const listening = () =>
      raw.all<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN calls_api_events' AND pid <> pg_backend_pid()`,
      );
    let pids = await listening();
    while (pids.length === 0) {
      await sleep(20);
      pids = await listening();
    }
    await raw.all('SELECT pg_terminate_backend($1)', [pids[0].pid]);
    const id = (await createCall(t, ids)).json.id as string;
    const event = await stream.next(isEvent);
    assert.equal(event.event, 'call.created');
    assert.equal(JSON.parse(event.data!).data.id, id);
    stream.close();
  });
});
