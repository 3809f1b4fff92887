/** The event feed, GET /api/v1/events, on every store: order, cursor paging, filters, refusals, isolation. */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, createCall, type Reply } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';

interface Event {
  id: string;
  type: string;
  sequence: number;
  data: { id?: string; callId?: string };
}

function nextLink(res: Reply): string | undefined {
  const link = res.headers.link;
  if (typeof link !== 'string') return undefined;
  const m = /^<([^>]+)>; rel="next"$/.exec(link);
  assert.ok(m, link);
  return m[1];
}

describeEachStore('Event feed', (t) => {
  let ids: { agentId: string; skillId: string };
  let first: string;
  let second: string;
  let everything: Event[];
  before(async () => {
    ids = await seedAgentAndSkill(t);
    first = (await createCall(t, ids)).json.id as string;
    second = (await createCall(t, ids)).json.id as string;
    for (let i = 0; i < 3; i++) await t.post(`/api/v1/calls/${first}/messages`, { sender: 'agent', content: `m${i}` });
    await t.put(`/api/v1/calls/${second}`, { status: 'in-progress' });
    await t.put(`/api/v1/calls/${first}`, { status: 'completed' });
    everything = (await t.get('/api/v1/events?limit=500')).json as Event[];
  });

  it('answers the account’s events oldest first, in the order the changes happened', () => {
    assert.deepEqual(
      everything.map((e) => [e.type, e.data.id ?? e.data.callId]),
      [
        ['call.created', first],
        ['call.created', second],
        ['message.created', first],
        ['message.created', first],
        ['message.created', first],
        ['call.updated', second],
        ['call.ended', first],
      ],
    );
  });

  it('pages with Link: rel="next" carrying the filters and the last id seen, until no more', async () => {
    const seen: Event[] = [];
    let url: string | undefined = `/api/v1/events?limit=2&type=call.created,message.created&type=call.ended`;
    const links: string[] = [];
    while (url) {
      const res = await t.get(url);
      assert.equal(res.status, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      seen.push(...(res.json as Event[]));
      url = nextLink(res);
      if (url) links.push(url);
    }
    assert.deepEqual(
      seen.map((e) => e.id),
      everything.filter((e) => e.type !== 'call.updated').map((e) => e.id),
    );
    assert.equal(links.length, 2);
    const link = new URL(links[0], 'http://x');
    assert.equal(link.pathname, '/api/v1/events');
    assert.deepEqual(link.searchParams.getAll('type'), ['call.created,message.created', 'call.ended']);
    assert.equal(link.searchParams.get('limit'), '2');
    assert.equal(link.searchParams.get('after'), seen[1].id);
    // Caught up: the last page has no link; new events show after the last id seen.
    const last = seen.at(-1)!.id;
    assert.deepEqual((await t.get(`/api/v1/events?after=${last}`)).json, []);
    await t.put(`/api/v1/calls/${second}`, { note: 'later' });
    assert.deepEqual(
      ((await t.get(`/api/v1/events?after=${everything.at(-1)!.id}`)).json as Event[]).map((e) => e.type),
      ['call.updated'],
    );
  });

  it('filters by call', async () => {
    const res = await t.get(`/api/v1/events?callId=${second.toUpperCase()}`);
    assert.equal(res.status, 200, res.body);
    const events = res.json as Event[];
    assert.deepEqual(
      events.map((e) => e.sequence),
      events.map((_, i) => i + 1),
    );
    assert.ok(events.every((e) => (e.data.id ?? e.data.callId) === second));
  });

  it('refuses bad filters and unknown cursors with a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['type=call.exploded', /^type must be one of/],
      ['type=', /^type must not be empty/],
      ['callId=nope', /^callId must be a UUID/],
      ['after=evt_00000000000000000000000000000000', /^after names no event/],
      ['limit=0', /limit/],
      ['limit=501', /limit/],
    ] as const) {
      const res = await t.get(`/api/v1/events?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.json.statusCode, 400);
      assert.match(res.json.message, field);
    }
  });

  it('shows an account only its own events; another account’s event id is not a cursor', async () => {
    const other = await t.newAccount();
    assert.deepEqual((await t.get('/api/v1/events', other)).json, []);
    const res = await t.get(`/api/v1/events?after=${everything[0].id}`, other);
    assert.equal(res.status, 400);
    assert.equal((await t.get('/api/v1/events', false)).status, 401);
  });

  it('documents the feed and the stream in the OpenAPI document', async () => {
    const doc = (await t.get('/openapi.json', false)).json;
    assert.ok(doc.paths['/api/v1/events'].get);
    assert.ok(doc.paths['/api/v1/events/stream'].get);
    assert.ok(doc.components.schemas.Event);
  });
});
