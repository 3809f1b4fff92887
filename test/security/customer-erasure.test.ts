/**
 * Erasing a person: DELETE /api/v1/customers/{id} erases the customer with every call of theirs,
 * and the retention purge erases customers left idle. Each test checks the API (the customer and
 * the calls are 404s, no list or search finds them) and then the store itself: no row, no export
 * and (SQLite) no byte of the database file or its WAL holds the person's phone, email, name or
 * words.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, createCall, type TestApp } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import { openRawDb, integrity } from '../helpers/raw-db.js';
import { assertErasedEverywhere, assertStored } from '../helpers/erasure.js';

const DAY = 86_400_000;

interface Person {
  phone: string;
  email: string;
  name: string;
  /** A word found only in this person's calls (messages, transcription, custom field). */
  word: string;
}

function person(tag: string, n: number): Person {
  return {
    phone: `+1415555${String(1000 + n).slice(-4)}`,
    email: `${tag}.subject@example.org`,
    name: `Zelda ${tag}name`,
    word: `${tag}secretword`,
  };
}

/** The person as a customer with custom fields, and two calls of theirs with messages, a transcription and a replay. */
async function withCalls(t: TestApp, ids: { agentId: string; skillId: string }, p: Person) {
  const customer = await t.post('/api/v1/customers', {
    name: p.name,
    phone: p.phone,
    email: p.email,
    customFields: [{ name: 'loyalty', value: `${p.word}field` }],
  });
  assert.equal(customer.status, 201, customer.body);
  const calls: string[] = [];
  for (let i = 0; i < 2; i++) {
    const created = await t.post(
      '/api/v1/calls',
      { ...ids, channel: 'sms', customerPhone: p.phone, customerEmail: p.email, customerName: p.name },
      undefined,
      { 'idempotency-key': `${p.word}-${i}` },
    );
    assert.equal(created.status, 200, created.body);
    assert.equal(created.json.customerId, customer.json.id);
    const id = created.json.id as string;
    const msg = await t.post(`/api/v1/calls/${id}/messages`, {
      sender: 'customer',
      content: `call me at ${p.phone} or ${p.email}, ${p.word}alpha`,
      mediaUrl: `https://media.example.com/${p.word}.jpg`,
    });
    assert.equal(msg.status, 201);
    const upd = await t.put(`/api/v1/calls/${id}`, {
      transcription: `Customer: ${p.word}gamma`,
      recordingUrl: `https://rec.example.com/${p.word}.wav`,
    });
    assert.equal(upd.status, 200);
    calls.push(id);
  }
  return { customerId: customer.json.id as string, calls };
}

const needlesOf = (p: Person) => [p.phone, p.email, p.name, p.word];

async function found(t: TestApp, url: string): Promise<unknown[]> {
  const res = await t.get(url);
  assert.equal(res.status, 200, `${url}: ${res.body}`);
  return res.json as unknown[];
}

describeEachStore('customer erasure', (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  it('DELETE /customers/{id} erases the person and every call of theirs, from the API and the store', async () => {
    const subject = person('erase', 1);
    const bystander = person('keep', 2);
    const gone = await withCalls(t, ids, subject);
    const kept = await withCalls(t, ids, bystander);
    await assertStored(t.testStore.url, [subject.phone, subject.email, subject.name]);

    const res = await t.request({ method: 'DELETE', url: `/api/v1/customers/${gone.customerId}` });
    assert.equal(res.status, 204);
    assert.equal(res.body, '');

    const never = await t.get('/api/v1/calls/00000000-0000-4000-8000-000000000000');
    for (const id of gone.calls) {
      const call = await t.get(`/api/v1/calls/${id}`);
      assert.equal(call.status, 404);
      assert.equal(call.body, never.body, 'an erased call answers like one that never was');
    }
    assert.equal((await t.get(`/api/v1/customers/${gone.customerId}`)).status, 404);
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/customers/${gone.customerId}` })).status, 404);
    assert.deepEqual(await found(t, `/api/v1/customers?phone=${encodeURIComponent(subject.phone)}`), []);
    assert.deepEqual(await found(t, `/api/v1/customers?email=${encodeURIComponent(subject.email)}`), []);
    assert.deepEqual(await found(t, `/api/v1/calls?customerPhone=${encodeURIComponent(subject.phone)}`), []);
    assert.deepEqual(await found(t, `/api/v1/calls?customerPhone=${subject.phone.slice(-7)}`), []);
    assert.deepEqual(await found(t, `/api/v1/calls?customerId=${gone.customerId}`), []);
    for (const word of ['alpha', 'gamma']) assert.deepEqual(await found(t, `/api/v1/calls?q=${subject.word}${word}`), []);
    const all = (await found(t, '/api/v1/calls?limit=500')) as { id: string; customerId: string }[];
    assert.equal(
      all.some((c) => c.customerId === gone.customerId),
      false,
    );
    // Creating again under an erased call's idempotency key makes a new call, not a replay.
    const again = await t.post(
      '/api/v1/calls',
      { ...ids, channel: 'sms', customerPhone: subject.phone, customerEmail: subject.email, customerName: subject.name },
      undefined,
      { 'idempotency-key': `${subject.word}-0` },
    );
    assert.equal(again.headers['idempotent-replayed'], undefined);
    assert.notEqual(again.json.customerId, gone.customerId, 'a new contact is a new customer');
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/customers/${again.json.customerId}` })).status, 204);

    // The bystander is untouched.
    assert.equal((await t.get(`/api/v1/customers/${kept.customerId}`)).status, 200);
    for (const id of kept.calls) assert.equal((await t.get(`/api/v1/calls/${id}`)).json.messages.length, 1);
    assert.equal((await found(t, `/api/v1/calls?q=${bystander.word}alpha`)).length, 2);

    const report = await t.dataProtection.purge(100);
    assert.equal(report.compaction.done, true, 'a customer erasure is cleaned up at the next pass');
    assert.ok(report.compaction.steps.length > 0);
    await assertErasedEverywhere(t.testStore.url, t.testStore.store, needlesOf(subject));
    await assertStored(t.testStore.url, [bystander.phone, bystander.email]);
    const db = await openRawDb(t.testStore.url);
    try {
      assert.deepEqual(await integrity(db), { callsWithoutCustomer: 0, messagesWithoutCall: 0, callsWithWrongMessageCount: 0 });
      assert.deepEqual(await db.all('SELECT id FROM erasure_cleanup'), [], 'no cleanup left pending');
    } finally {
      await db.close();
    }
  });

  it("reaches only the caller's account; unknown and malformed ids are the plain 404", async () => {
    const other = await t.newAccount();
    const p = person('own', 3);
    const mine = await withCalls(t, ids, p);
    const never = await t.get('/api/v1/customers/00000000-0000-4000-8000-000000000000');
    assert.equal(never.status, 404);
    assert.equal(never.json.code, 'CUSTOMER_NOT_FOUND');
    const foreign = await t.request({ method: 'DELETE', url: `/api/v1/customers/${mine.customerId}`, auth: other });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body, never.body);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await t.request({ method: 'DELETE', url: `/api/v1/customers/${id}` });
      assert.equal(res.status, 404, id);
      assert.equal(res.json.code, 'CUSTOMER_NOT_FOUND');
    }
    assert.equal((await t.get(`/api/v1/customers/${mine.customerId}`)).status, 200);
    for (const id of mine.calls) assert.equal((await t.get(`/api/v1/calls/${id}`)).status, 200);
  });

  it('erasure under concurrent creates and appends for the same person leaves no call without its customer', async () => {
    const p = person('race', 4);
    const { customerId, calls } = await withCalls(t, ids, p);
    const writes: Promise<{ status: number; json: { id?: string; customerId?: string } }>[] = [];
    for (let i = 0; i < 6; i++) {
      writes.push(t.post('/api/v1/calls', { ...ids, channel: 'sms', customerPhone: p.phone, customerEmail: p.email }));
      writes.push(t.post(`/api/v1/calls/${calls[i % 2]}/messages`, { sender: 'customer', content: `${p.word}late` }));
    }
    const erase = t.request({ method: 'DELETE', url: `/api/v1/customers/${customerId}` });
    const results = await Promise.all(writes);
    assert.equal((await erase).status, 204);
    for (const r of results) assert.ok([200, 201, 404].includes(r.status), `a write answered ${r.status}`);
    // Every call created for the person either went with the erasure or belongs to a new customer.
    for (const r of results) {
      if (r.status !== 200 || !r.json.id) continue;
      const call = await t.get(`/api/v1/calls/${r.json.id}`);
      if (call.status === 200) assert.notEqual(call.json.customerId, customerId);
    }
    const db = await openRawDb(t.testStore.url);
    try {
      assert.deepEqual(await integrity(db), { callsWithoutCustomer: 0, messagesWithoutCall: 0, callsWithWrongMessageCount: 0 });
      assert.deepEqual(
        await db.all('SELECT id FROM calls WHERE account_id = $1 AND customer_id = $2', [t.account.accountId, customerId]),
        [],
      );
    } finally {
      await db.close();
    }
  });

  it('the retention purge erases customers idle past the period, and only those', async () => {
    const acct = await t.newAccount('Retention');
    const own = await seedAgentAndSkill(t, acct);
    const idle = await t.post('/api/v1/customers', { name: 'Idle Ivy', phone: '+14155557001', email: 'idle.ivy@example.org' }, acct);
    const touched = await t.post('/api/v1/customers', { name: 'Touched Tom', phone: '+14155557002' }, acct);
    const caller = await createCall(t, own, { customerPhone: '+14155557003', customerEmail: 'old.caller@example.org' }, acct);
    const recent = await createCall(t, own, { customerPhone: '+14155557004' }, acct);
    t.advance(40 * DAY);
    // Touched within the period: kept. A call of the recent caller within the period: kept.
    assert.equal((await t.put(`/api/v1/customers/${touched.json.id}`, { name: 'Touched Tom' }, acct)).status, 200);
    const fresh = await createCall(t, own, { customerPhone: '+14155557004' }, acct);
    assert.equal(fresh.json.customerId, recent.json.customerId);
    assert.equal((await t.put('/api/v1/account/retention', { days: 30 }, acct)).status, 200);

    const report = await t.dataProtection.purge(100);
    assert.ok(report.calls >= 2, 'the old calls went first');
    assert.ok(report.customers >= 2, 'then the customers they left idle');
    assert.equal((await t.get(`/api/v1/customers/${idle.json.id}`, acct)).status, 404, 'never called, untouched: erased');
    assert.equal((await t.get(`/api/v1/customers/${caller.json.customerId}`, acct)).status, 404, 'its only call expired: erased');
    assert.equal((await t.get(`/api/v1/customers/${touched.json.id}`, acct)).status, 200);
    assert.equal((await t.get(`/api/v1/customers/${recent.json.customerId}`, acct)).status, 200);
    assert.equal((await t.get(`/api/v1/calls/${fresh.json.id}`, acct)).status, 200);
    // Other accounts (no period) keep their idle customers.
    assert.ok((await found(t, '/api/v1/customers?limit=100')).length > 0);
    await assertErasedEverywhere(t.testStore.url, t.testStore.store, ['+14155557001', 'idle.ivy@example.org', 'old.caller@example.org']);
  });
});
