import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, createCall, type Reply } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';

function nextLink(res: Reply): string | undefined {
  const link = res.headers.link;
  if (typeof link !== 'string') return undefined;
  const m = /^<([^>]+)>; rel="next"$/.exec(link);
  assert.ok(m, `Link header has the rel="next" form: ${link}`);
  return m[1];
}

describeEachStore('List Calls', (t) => {
  let ids: { agentId: string; skillId: string };
  const created: { id: string; createdAt: string; status: string; channel: string }[] = [];
  const start = Date.parse('2025-03-01T00:00:00.000Z');

  before(async () => {
    t.now = start;
    ids = await seedAgentAndSkill(t);
    const channels = ['call', 'sms', 'whatsapp', 'email', 'webchat'];
    for (let i = 0; i < 310; i++) {
      // Every third call shares its createdAt with the previous one: the cursor must break ties.
      if (i % 3 !== 0) t.advance(60_000);
      const res = await createCall(t, ids, {
        channel: channels[i % 5],
        customerPhone: i % 10 === 0 ? '+14155550999' : `+1415555${String(1000 + i).padStart(4, '0')}`,
        customerName: `Customer ${i}`,
        customerEmail: i % 10 === 0 ? 'repeat@example.com' : `c${i}@example.com`,
      });
      assert.equal(res.status, 200);
      if (i % 4 === 0) await t.put(`/api/v1/calls/${res.json.id}`, { status: 'in-progress' });
      created.push({
        id: res.json.id,
        createdAt: res.json.createdAt,
        status: i % 4 === 0 ? 'in-progress' : 'queued',
        channel: channels[i % 5],
      });
    }
    const special = created[17].id;
    await t.post(`/api/v1/calls/${special}/messages`, { sender: 'customer', content: 'My parcel never arrived, tracking says Zanzibar' });
    await t.post(`/api/v1/calls/${created[201].id}/messages`, { sender: 'agent', content: 'The parcel is on its way' });
    await t.put(`/api/v1/calls/${created[250].id}`, { transcription: 'Customer asked about the zanzibar office' });
  });

  const newestFirst = () =>
    [...created].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));

  it('walks every call newest first with the cursor: no repeat, no gap, no Link on the last page', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/calls?limit=37';
    let pages = 0;
    while (url) {
      const res = await t.get(url);
      assert.equal(res.status, 200);
      assert.ok(res.json.length <= 37);
      seen.push(...res.json.map((c: { id: string }) => c.id));
      url = nextLink(res);
      if (url) assert.match(url, /^\/api\/v1\/calls\?limit=37&cursor=/);
      if (url) assert.equal(res.headers['x-next-cursor'], new URL(url, 'http://x').searchParams.get('cursor'));
      pages++;
      assert.ok(pages < 50, 'the walk ends');
    }
    assert.equal(pages, Math.ceil(310 / 37));
    assert.equal(new Set(seen).size, seen.length, 'no call twice');
    assert.deepEqual(
      seen,
      newestFirst().map((c) => c.id),
      'every call once, newest first',
    );
  });

  it('defaults to 50 per page, caps limit at 500, rejects bad limits', async () => {
    assert.equal((await t.get('/api/v1/calls')).json.length, 50);
    assert.equal((await t.get('/api/v1/calls?limit=500')).json.length, 310);
    for (const bad of ['0', '501', 'abc', '-1', '1.5']) {
      const res = await t.get(`/api/v1/calls?limit=${bad}`);
      assert.equal(res.status, 400, bad);
      assert.equal(res.json.code, 'VALIDATION_ERROR');
      assert.match(res.json.message, /limit/);
    }
  });

  it('filters by status and channel (single, repeated and comma-separated) and keeps the filter across pages', async () => {
    const live = await t.get('/api/v1/calls?status=in-progress&limit=500');
    assert.deepEqual(
      live.json.map((c: { id: string }) => c.id),
      newestFirst()
        .filter((c) => c.status === 'in-progress')
        .map((c) => c.id),
    );
    const sms = (await t.get('/api/v1/calls?channel=sms&limit=500')).json;
    assert.equal(sms.length, 62);
    assert.ok(sms.every((c: { channel: string }) => c.channel === 'sms'));
    const two = (await t.get('/api/v1/calls?channel=sms,email&limit=500')).json;
    const repeated = (await t.get('/api/v1/calls?channel=sms&channel=email&limit=500')).json;
    assert.equal(two.length, 124);
    assert.deepEqual(repeated, two);
    const page1 = await t.get('/api/v1/calls?status=queued&channel=call&limit=10');
    const next = nextLink(page1)!;
    assert.match(next, /status=queued/);
    assert.match(next, /channel=call/);
    const page2 = (await t.get(next)).json;
    const expected = newestFirst()
      .filter((c) => c.status === 'queued' && c.channel === 'call')
      .map((c) => c.id);
    assert.deepEqual(
      [...page1.json, ...page2].map((c: { id: string }) => c.id),
      expected.slice(0, 20),
    );
    const bad = await t.get('/api/v1/calls?status=done');
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /status must be one of/);
  });

  it('filters by dateRange in both spellings, by hrs, and accepts sanitised', async () => {
    const from = created[100].createdAt;
    const to = created[150].createdAt;
    const expected = newestFirst()
      .filter((c) => c.createdAt >= from && c.createdAt <= to)
      .map((c) => c.id);
    const brackets = await t.get(`/api/v1/calls?dateRange[from]=${from}&dateRange[to]=${to}&limit=500`);
    const json = await t.get(`/api/v1/calls?dateRange=${encodeURIComponent(JSON.stringify({ from, to }))}&limit=500&sanitised=true`);
    assert.deepEqual(
      brackets.json.map((c: { id: string }) => c.id),
      expected,
    );
    assert.deepEqual(
      json.json.map((c: { id: string }) => c.id),
      expected,
    );
    const day = (await t.get('/api/v1/calls?dateRange[from]=2025-03-01&dateRange[to]=2025-03-01&limit=500')).json;
    assert.ok(
      day.length > 0 && day.every((c: { createdAt: string }) => c.createdAt.startsWith('2025-03-01')),
      'a bare date as "to" means through that day',
    );
    const last2h = (await t.get('/api/v1/calls?hrs=2&limit=500')).json;
    const cutoff = new Date(t.now - 2 * 3_600_000).toISOString();
    assert.deepEqual(
      last2h.map((c: { id: string }) => c.id),
      newestFirst()
        .filter((c) => c.createdAt >= cutoff)
        .map((c) => c.id),
    );
    for (const bad of ['dateRange[from]=yesterday', 'dateRange={oops', 'dateRange=%5B1%5D', 'hrs=-3', 'hrs=abc']) {
      const res = await t.get(`/api/v1/calls?${bad}`);
      assert.equal(res.status, 400, bad);
    }
  });

  it('filters by customerPhone (exact E.164 or partial digits), customerId and agentId', async () => {
    const exact = (await t.get(`/api/v1/calls?customerPhone=${encodeURIComponent('+14155550999')}&limit=500`)).json;
    assert.equal(exact.length, 31);
    assert.ok(exact.every((c: { customerPhone: string }) => c.customerPhone === '+14155550999'));
    const partial = (await t.get('/api/v1/calls?customerPhone=5551003&limit=500')).json;
    assert.deepEqual(
      partial.map((c: { customerPhone: string }) => c.customerPhone),
      ['+14155551003'],
    );
    const byCustomer = (await t.get(`/api/v1/calls?customerId=${exact[0].customerId}&limit=500`)).json;
    assert.equal(byCustomer.length, 31);
    assert.equal((await t.get(`/api/v1/calls?agentId=${ids.agentId}&limit=500`)).json.length, 310);
    assert.equal((await t.get('/api/v1/calls?agentId=123e4567-e89b-12d3-a456-426614174000')).json.length, 0);
    assert.equal((await t.get('/api/v1/calls?agentId=nope')).status, 400);
    assert.equal((await t.get('/api/v1/calls?customerPhone=%25%25')).status, 400, 'no digits');
  });

  it('searches transcription and messages with q (every word must appear)', async () => {
    const ids2 = (q: string) =>
      t.get(`/api/v1/calls?q=${encodeURIComponent(q)}&limit=500`).then((r) => r.json.map((c: { id: string }) => c.id).sort());
    assert.deepEqual(await ids2('zanzibar'), [created[17].id, created[250].id].sort());
    assert.deepEqual(await ids2('parcel'), [created[17].id, created[201].id].sort());
    assert.deepEqual(await ids2('Parcel ZANZIBAR'), [created[17].id]);
    assert.deepEqual(await ids2('parcel "zanzibar" NEAR(x) * OR'), [], 'operators are plain words');
    assert.deepEqual(await ids2("%_\\'"), [], 'no words, no match, no error');
    assert.deepEqual(await ids2('nothing-like-this'), []);
  });

  it('answers 400 for a cursor it did not issue, and cursors of one account show nothing of another', async () => {
    for (const bad of ['garbage', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      const res = await t.get(`/api/v1/calls?cursor=${bad}`);
      assert.equal(res.status, 400, bad);
      assert.equal(res.json.code, 'INVALID_CURSOR');
    }
    const page = await t.get('/api/v1/calls?limit=5');
    const other = await t.newAccount();
    const foreign = await t.get(nextLink(page)!, other);
    assert.equal(foreign.status, 200);
    assert.deepEqual(foreign.json, []);
    assert.deepEqual((await t.get('/api/v1/calls', other)).json, []);
  });

  it('answers list rows as complete as Get Call', async () => {
    const rows = (await t.get(`/api/v1/calls?q=zanzibar&limit=500`)).json;
    for (const row of rows) {
      const one = (await t.get(`/api/v1/calls/${row.id}`)).json;
      assert.deepEqual(row, one);
    }
  });
});
