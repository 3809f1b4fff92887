import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';

describeEachStore('Conditional GET and directory paging', (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  const getWith = (url: string, etag: string) => t.request({ url, headers: { 'if-none-match': etag } });

  it('answers Get Call with a strong ETag, and 304 with no body while the call is unchanged', async () => {
    const call = (await t.post('/api/v1/calls', { ...ids, channel: 'call' })).json;
    const url = `/api/v1/calls/${call.id}`;
    const first = await t.get(url);
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/, 'a strong tag');
    assert.equal((await t.get(url)).headers.etag, etag, 'the same bytes, the same tag');

    const again = await getWith(url, etag);
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    assert.equal((await getWith(url, `"other", W/${etag}`)).status, 304, 'a list, and a weak form, match too');
    assert.equal((await getWith(url, '"other"')).status, 200);

    const unauthenticated = await t.request({ url, auth: false, headers: { 'if-none-match': etag } });
    assert.equal(unauthenticated.status, 401, 'credentials are checked first');
  });

  it('changes the tag when the call, its messages or its agent change', async () => {
    const call = (await t.post('/api/v1/calls', { ...ids, channel: 'sms' })).json;
    const url = `/api/v1/calls/${call.id}`;
    const tags = [String((await t.get(url)).headers.etag)];
    const changes = [
      () => t.put(url, { note: 'called back' }),
      () => t.post(`${url}/messages`, { sender: 'customer', content: 'Hello' }),
      () => t.put(`/api/v1/agents/${ids.agentId}`, { phone: '+14155550199' }),
    ];
    for (const change of changes) {
      assert.ok((await change()).status < 300);
      const after = await getWith(url, tags.at(-1)!);
      assert.equal(after.status, 200, 'a changed call is sent again');
      assert.ok(!tags.includes(String(after.headers.etag)));
      tags.push(String(after.headers.etag));
    }
    assert.equal((await getWith(url, tags.at(-1)!)).status, 304);
  });

  it('tags the calls list, and a new call changes it', async () => {
    const first = await t.get('/api/v1/calls?limit=5');
    const etag = String(first.headers.etag);
    assert.ok(etag.startsWith('"'));
    assert.equal((await getWith('/api/v1/calls?limit=5', etag)).status, 304);
    await t.post('/api/v1/calls', { ...ids, channel: 'call' });
    assert.equal((await getWith('/api/v1/calls?limit=5', etag)).status, 200);
  });

  it('tags agents, skills and customers, one and listed', async () => {
    for (const path of [`/api/v1/agents/${ids.agentId}`, `/api/v1/skills/${ids.skillId}`, '/api/v1/agents', '/api/v1/customers']) {
      const first = await t.get(path);
      assert.equal(first.status, 200, path);
      const etag = String(first.headers.etag);
      const again = await getWith(path, etag);
      assert.equal(again.status, 304, path);
      assert.equal(again.body, '');
    }
    const skill = `/api/v1/skills/${ids.skillId}`;
    const before = String((await t.get(skill)).headers.etag);
    await t.put(skill, { description: 'Billing questions' });
    assert.equal((await getWith(skill, before)).status, 200);
  });

  it('announces the next page of agents, skills and customers with Link: rel="next", absent on the last page', async () => {
    const account = await t.newAccount('Paging');
    for (let i = 0; i < 5; i++) await t.post('/api/v1/customers', { name: `Customer ${String(i)}` }, account);
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/customers?limit=2';
    let pages = 0;
    while (url !== undefined) {
      const page = await t.get(url, account);
      assert.equal(page.status, 200);
      seen.push(...page.json.map((c: { id: string }) => c.id));
      pages++;
      const link = page.headers.link;
      url = typeof link === 'string' ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
    }
    assert.equal(pages, 3);
    assert.equal(new Set(seen).size, 5);
    const exact = await t.get('/api/v1/customers?limit=5', account);
    assert.equal(exact.json.length, 5);
    assert.equal(exact.headers.link, undefined, 'a full last page announces nothing');
    const filtered = await t.get('/api/v1/agents?limit=1&page=1');
    assert.equal(filtered.json.length, 1);
  });
});
