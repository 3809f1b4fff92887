/**
 * The event log through HTTP on every store: each event type and its data, the per-call sequence,
 * events written in the same transaction as their change, erasure, retention.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, createCall, type TestApp } from '../helpers/harness.js';
import { describeEachStore, describeEachTestStore } from '../helpers/store-suites.js';
import { seedStore } from '../../src/seed/seed.js';
import { openRawDb, type RawDb } from '../helpers/raw-db.js';

interface Event {
  id: string;
  type: string;
  timestamp: string;
  sequence: number;
  data: Record<string, unknown>;
}

/** Every event of the account (following the feed's pages), optionally of one call. */
async function allEvents(t: TestApp, callId?: string): Promise<Event[]> {
  const out: Event[] = [];
  let url: string | undefined = `/api/v1/events?limit=500${callId ? `&callId=${callId}` : ''}`;
  while (url) {
    const res = await t.get(url);
    assert.equal(res.status, 200, res.body);
    out.push(...(res.json as Event[]));
    const link = res.headers.link;
    url = typeof link === 'string' ? /<([^>]+)>/.exec(link)?.[1] : undefined;
  }
  return out;
}

/** Runs `fn` while the database refuses inserts into `table` (a trigger), so the transaction writing one fails. */
async function refusingInserts(raw: RawDb, table: string, fn: () => Promise<void>): Promise<void> {
  if (raw.kind === 'sqlite') {
    await raw.all(`CREATE TRIGGER refuse_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
  } else {
    await raw.all(
      `CREATE FUNCTION refuse_${table}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql`,
    );
    await raw.all(`CREATE TRIGGER refuse_${table} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_${table}()`);
  }
  try {
    await fn();
  } finally {
    await raw.all(raw.kind === 'sqlite' ? `DROP TRIGGER refuse_${table}` : `DROP TRIGGER refuse_${table} ON ${table}`);
    if (raw.kind === 'postgres') await raw.all(`DROP FUNCTION refuse_${table}()`);
  }
}

describeEachStore('Event log', { maxMessagesPerCall: 3 }, (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  it('writes each change as its event, with the call as Get Call answers it, in sequence order', async () => {
    const created = await createCall(t, ids, { customerPhone: '+14155550123', channel: 'sms' });
    const id = created.json.id as string;
    const asCreated = (await t.get(`/api/v1/calls/${id}`)).body;
    t.advance(1000);
    const appended = await t.post(`/api/v1/calls/${id}/messages`, { sender: 'customer', content: 'Where is my order?', sid: 'SMevents1' });
    assert.equal(appended.status, 201);
    t.advance(1000);
    assert.equal((await t.patch(`/api/v1/calls/${id}/messages/SMevents1`, { status: 'read' })).status, 200);
    t.advance(1000);
    assert.equal((await t.put(`/api/v1/calls/${id}`, { status: 'in-progress', note: 'vip' })).status, 200);
    const asUpdated = (await t.get(`/api/v1/calls/${id}`)).body;
    t.advance(5000);
    assert.equal((await t.put(`/api/v1/calls/${id}`, { status: 'completed' })).status, 200);
    const asEnded = (await t.get(`/api/v1/calls/${id}`)).body;
    t.advance(1000);
    // A change of a call already ended is an update again.
    assert.equal((await t.put(`/api/v1/calls/${id}`, { note: 'vip, called back' })).status, 200);
    // Nothing changed: no event.
    assert.equal((await t.put(`/api/v1/calls/${id}`, { note: 'vip, called back' })).status, 200);
    // Refused writes: no event either.
    assert.equal((await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'x', sid: 'SMevents1' })).status, 409);

    const events = await allEvents(t, id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['call.created', 'message.created', 'message.updated', 'call.updated', 'call.ended', 'call.updated'],
    );
    assert.deepEqual(
      events.map((e) => e.sequence),
      [1, 2, 3, 4, 5, 6],
    );
    assert.equal(new Set(events.map((e) => e.id)).size, events.length);
    for (const e of events) {
      assert.match(e.id, /^evt_[0-9a-f]{32}$/);
      assert.deepEqual(Object.keys(e), ['id', 'type', 'timestamp', 'sequence', 'data']);
    }
    assert.equal(events[0].timestamp, '2025-03-17T14:30:00.000Z');
    assert.equal(JSON.stringify(events[0].data), asCreated);
    assert.deepEqual(events[1].data, {
      callId: id,
      message: {
        sid: 'SMevents1',
        timestamp: '2025-03-17T14:30:01.000Z',
        sender: 'customer',
        content: 'Where is my order?',
        mediaUrl: '',
        status: 'received',
      },
    });
    assert.equal((events[2].data.message as { status: string }).status, 'read');
    assert.equal(events[2].timestamp, '2025-03-17T14:30:02.000Z');
    assert.equal(JSON.stringify(events[3].data), asUpdated);
    assert.equal(JSON.stringify(events[4].data), asEnded);
    assert.equal(events[4].data.status, 'completed');
    assert.equal(events[5].data.note, 'vip, called back');
  });

  it('leaves no event when the change fails, and no change when its event cannot be written', async (ctx) => {
    const raw = await openRawDb(t.testStore.url);
    ctx.after(() => raw.close());
    const id = (await createCall(t, ids)).json.id as string;
    await refusingInserts(raw, 'messages', async () => {
      const res = await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'never stored' });
      assert.ok(res.status >= 500, res.body);
    });
    await refusingInserts(raw, 'events', async () => {
      const res = await t.put(`/api/v1/calls/${id}`, { note: 'never stored' });
      assert.ok(res.status >= 500, res.body);
      const append = await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'never stored either' });
      assert.ok(append.status >= 500, append.body);
    });
    const call = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.equal(call.note, '');
    assert.deepEqual(call.messages, []);
    assert.deepEqual(
      (await allEvents(t, id)).map((e) => e.type),
      ['call.created'],
    );
    // And the log goes on, in sequence, once writes succeed again.
    assert.equal((await t.put(`/api/v1/calls/${id}`, { note: 'stored' })).status, 200);
    assert.deepEqual(
      (await allEvents(t, id)).map((e) => [e.type, e.sequence]),
      [
        ['call.created', 1],
        ['call.updated', 2],
      ],
    );
  });

  it('erases the personal data of a call from its earlier events when the call is redacted or deleted', async () => {
    const id = (await createCall(t, ids, { customerPhone: '+14155550199', customerEmail: 'erase.me@example.com' })).json.id as string;
    await t.post(`/api/v1/calls/${id}/messages`, { sender: 'customer', content: 'my secret address is 1 Main St' });
    await t.put(`/api/v1/calls/${id}`, { transcription: 'secret transcript', recordingUrl: 'https://rec.example.com/1.mp3' });
    assert.equal((await t.post(`/api/v1/calls/${id}/redact`, {})).status, 200);
    let events = await allEvents(t, id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['call.created', 'message.created', 'call.updated', 'call.redacted'],
    );
    for (const e of events.slice(0, 3)) assert.deepEqual(e.data, { id });
    const redacted = events[3].data;
    assert.equal(redacted.transcription, '');
    assert.equal(redacted.recordingUrl, '');
    assert.equal((redacted.messages as { content: string }[])[0].content, '');

    const del = await t.request({ method: 'DELETE', url: `/api/v1/calls/${id}` });
    assert.ok(del.status < 300, del.body);
    events = await allEvents(t, id);
    assert.deepEqual(
      events.map((e) => [e.type, e.sequence]),
      [
        ['call.created', 1],
        ['message.created', 2],
        ['call.updated', 3],
        ['call.redacted', 4],
        ['call.deleted', 5],
      ],
    );
    for (const e of events) assert.deepEqual(e.data, { id });
    const text = JSON.stringify(events);
    for (const secret of ['4155550199', 'erase.me', 'secret', 'Main St', 'rec.example.com']) assert.ok(!text.includes(secret), secret);
  });

  it('keeps events EVENT_RETENTION_DAYS (30 by default): the retention pass purges older ones', async () => {
    const id = (await createCall(t, ids)).json.id as string;
    const first = await allEvents(t);
    assert.ok(first.some((e) => e.data.id === id));
    t.advance(31 * 86_400_000);
    const fresh = (await createCall(t, ids)).json.id as string;
    await t.dataProtection.purgeExpired(1000);
    const kept = await allEvents(t);
    assert.deepEqual(
      kept.map((e) => [e.type, e.data.id]),
      [['call.created', fresh]],
    );
    // A cursor that was purged is refused, naming the parameter.
    const stale = await t.get(`/api/v1/events?after=${first[0].id}`);
    assert.equal(stale.status, 400);
    assert.match(stale.json.message, /^after /);
  });
});

describeEachTestStore('Event log and bulk loads', (ts) => {
  it('seeding (the bulk load import uses too) writes no events', async () => {
    const seeded = await seedStore(ts.store, { calls: 20, messagesPerCall: 2, accounts: 1, seed: 3, batchCalls: 10 });
    assert.equal(seeded.calls, 20);
    assert.equal(await ts.store.events.lastPosition(), 0);
  });
});
