import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../helpers/store-suites.js';

describeEachStore('Agents, skills, customers', (t) => {
  it('creates, gets, updates and lists agents, keeping extra settings as given', async () => {
    const created = await t.post('/api/v1/agents', {
      name: 'Ada',
      lastname: 'Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7183 8750',
      agentType: 'AI',
      language: 'en-GB',
      voice: 'nova',
      prompt: { greeting: 'Hi', temperature: 0.2 },
    });
    assert.equal(created.status, 201);
    const a = created.json;
    assert.equal(a.phone, '+442071838750', 'phone normalised to E.164');
    assert.equal(a.voice, 'nova');
    assert.deepEqual(a.prompt, { greeting: 'Hi', temperature: 0.2 });
    assert.deepEqual((await t.get(`/api/v1/agents/${a.id}`)).json, a);
    t.advance(1000);
    const updated = await t.put(`/api/v1/agents/${a.id}`, { agentType: 'human', voice: 'echo' });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.agentType, 'human');
    assert.equal(updated.json.voice, 'echo');
    assert.equal(updated.json.name, 'Ada', 'fields not sent are kept');
    assert.deepEqual(updated.json.prompt, { greeting: 'Hi', temperature: 0.2 });
    assert.notEqual(updated.json.updatedAt, a.updatedAt);
    for (let i = 0; i < 4; i++) await t.post('/api/v1/agents', { name: `Agent ${i}` });
    const page1 = (await t.get('/api/v1/agents?page=1&limit=2')).json;
    const page3 = (await t.get('/api/v1/agents?page=3&limit=2')).json;
    assert.equal(page1.length, 2);
    assert.equal(page1[0].id, a.id, 'oldest first');
    assert.equal(page3.length, 1);
    assert.equal((await t.get('/api/v1/agents?page=0')).status, 400);
  });

  it("validates agent input and hides other accounts' agents", async () => {
    assert.match((await t.post('/api/v1/agents', { name: 'x', agentType: 'robot' })).json.message, /agentType must be one of: AI, human/);
    assert.match((await t.post('/api/v1/agents', { name: 'x', email: 'nope' })).json.message, /email/);
    assert.equal((await t.post('/api/v1/agents', { name: 'x', phone: 'call me maybe' })).json.code, 'INVALID_PHONE');
    assert.equal((await t.post('/api/v1/agents', { name: 42 })).status, 400);
    const a = (await t.post('/api/v1/agents', { name: 'Mine' })).json;
    const other = await t.newAccount();
    const foreign = await t.get(`/api/v1/agents/${a.id}`, other);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.json.code, 'AGENT_NOT_FOUND');
    assert.equal((await t.put(`/api/v1/agents/${a.id}`, { name: 'Theirs' }, other)).status, 404);
    assert.deepEqual((await t.get('/api/v1/agents', other)).json, []);
    assert.equal((await t.get(`/api/v1/agents/${a.id}`)).json.name, 'Mine');
    assert.equal((await t.get('/api/v1/agents/not-a-uuid')).status, 404);
  });

  it('creates, gets, updates and lists skills', async () => {
    const s = (await t.post('/api/v1/skills', { name: 'Returns', description: 'Refunds and returns', language: 'de-DE' })).json;
    assert.equal(s.active, true);
    const u = (await t.put(`/api/v1/skills/${s.id}`, { active: false })).json;
    assert.equal(u.active, false);
    assert.equal(u.description, 'Refunds and returns');
    assert.deepEqual((await t.get(`/api/v1/skills/${s.id}`)).json, u);
    assert.equal((await t.get('/api/v1/skills')).json.length, 1);
    assert.equal((await t.post('/api/v1/skills', { active: 'yes' })).status, 400);
    const other = await t.newAccount();
    assert.equal((await t.get(`/api/v1/skills/${s.id}`, other)).json.code, 'SKILL_NOT_FOUND');
  });

  it('creates, gets, updates and lists customers, filtering by phone and email', async () => {
    const c = (
      await t.post('/api/v1/customers', {
        firstName: 'Lin',
        lastName: 'Chen',
        phone: '+8613800138000',
        email: 'lin@example.cn',
        customFields: [{ name: 'plan', value: 'pro' }],
      })
    ).json;
    assert.equal(c.name, 'Lin Chen');
    const u = (await t.put(`/api/v1/customers/${c.id}`, { name: 'Dr. Lin Chen', language: 'zh-CN' })).json;
    assert.equal(u.name, 'Dr. Lin Chen');
    assert.equal(u.phone, '+8613800138000');
    assert.deepEqual((await t.get(`/api/v1/customers/${c.id}`)).json, u);
    await t.post('/api/v1/customers', { name: 'Someone', phone: '+14155550000' });
    assert.deepEqual(
      (await t.get(`/api/v1/customers?phone=${encodeURIComponent('+86 138 0013 8000')}`)).json.map((x: { id: string }) => x.id),
      [c.id],
    );
    assert.deepEqual(
      (await t.get('/api/v1/customers?email=lin@example.cn')).json.map((x: { id: string }) => x.id),
      [c.id],
    );
    assert.equal((await t.get('/api/v1/customers')).json.length, 2);
    const other = await t.newAccount();
    assert.equal((await t.get(`/api/v1/customers/${c.id}`, other)).json.code, 'CUSTOMER_NOT_FOUND');
    assert.deepEqual((await t.get('/api/v1/customers?email=lin@example.cn', other)).json, []);
  });
});
