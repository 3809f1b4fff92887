/**
 * Credentials: a revoked key fails at once (no cache) and within a second (default cache) while
 * the account's other keys keep working; the logs of a full session hold no secret, no
 * Authorization header, no phone, email, transcript or message text.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, basic } from '../helpers/harness.js';
import { describeEachStoreKind } from '../helpers/store-suites.js';

describeEachStoreKind('credentials', (kind) => {
  it('rejects a revoked key at once when keys are not cached; other keys keep working', async () => {
    const t = await startTestApp(kind, { keyCacheMs: 0 });
    try {
      const second = await t.keys.createKey(t.account.accountId);
      assert.equal((await t.get('/api/v1/calls', second)).status, 200);
      assert.equal(await t.keys.revokeKey(second.username), true);
      const res = await t.get('/api/v1/calls', second);
      assert.equal(res.status, 401);
      assert.equal(res.headers['www-authenticate'], 'Basic realm="calls-api", charset="UTF-8"');
      assert.equal((await t.get('/api/v1/calls')).status, 200);
    } finally {
      await t.close();
    }
  });

  it('rejects a revoked key within one second with the default key cache', async () => {
    const t = await startTestApp(kind, { keyCacheMs: 1000 });
    try {
      const second = await t.keys.createKey(t.account.accountId);
      assert.equal((await t.get('/api/v1/calls', second)).status, 200); // now cached
      await t.keys.revokeKey(second.username);
      await sleep(1050);
      assert.equal((await t.get('/api/v1/calls', second)).status, 401);
      assert.equal((await t.get('/api/v1/calls')).status, 200);
    } finally {
      await t.close();
    }
  });

  it('logs nothing secret or personal over a full session', async () => {
    let logs = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    const t = await startTestApp(kind, { logStream: sink, logLevel: 'trace' });
    const secrets: string[] = [t.account.password, basic(t.account), basic(t.account).slice(6)];
    const personal = [
      '+14155550199',
      '4155550199',
      'agent.private@example.com',
      '+14155550198',
      'customer.private@example.com',
      'Zanzibarian',
      'Quixotically',
      'Transcriptalicious',
      'https://rec.example.com/secret-recording.wav',
      'secret-media.jpg',
    ];
    try {
      const agent = await t.post('/api/v1/agents', {
        name: 'Zanzibarian',
        email: 'agent.private@example.com',
        phone: '+14155550199',
        agentType: 'AI',
      });
      const skill = await t.post('/api/v1/skills', { name: 'Privacy' });
      const call = await t.post('/api/v1/calls', {
        agentId: agent.json.id,
        skillId: skill.json.id,
        channel: 'call',
        customerPhone: '+14155550198',
        customerEmail: 'customer.private@example.com',
        customerName: 'Zanzibarian Customer',
      });
      assert.equal(call.status, 200);
      const id = call.json.id;
      await t.post(`/api/v1/calls/${id}/messages`, {
        sender: 'customer',
        content: 'Quixotically speaking',
        mediaUrl: 'https://m.example.com/secret-media.jpg',
      });
      await t.put(`/api/v1/calls/${id}`, {
        transcription: 'Transcriptalicious words',
        recordingUrl: 'https://rec.example.com/secret-recording.wav',
        status: 'completed',
      });
      await t.get(`/api/v1/calls?customerPhone=%2B14155550198&q=Quixotically`);
      await t.get(`/api/v1/customers?email=customer.private%40example.com`);
      await t.get(`/api/v1/calls/${id}`);
      // Failures: bad input echoing personal data, wrong secret, malformed header.
      await t.post('/api/v1/calls', {
        agentId: agent.json.id,
        skillId: skill.json.id,
        channel: 'call',
        customerPhone: '4155550199 not a phone',
      });
      await t.post('/api/v1/calls', {
        agentId: agent.json.id,
        skillId: skill.json.id,
        channel: 'call',
        customerEmail: 'customer.private@example.com',
        customerPhone: 12,
      });
      await t.request({ url: '/api/v1/calls', auth: { ...t.account, password: t.account.password.slice(0, -2) + 'xx' } });
      await t.request({
        url: '/api/v1/calls',
        auth: false,
        headers: { authorization: `Basic ${Buffer.from(`${t.account.username}:${t.account.password}`).toString('base64')}==garbage` },
      });
      await t.request({ url: '/api/v1/calls', auth: false, headers: { authorization: `Bearer ${t.account.password}` } });
      await t.request({
        method: 'POST',
        url: '/api/v1/calls',
        payload: '{"customerPhone":"+14155550198",',
        headers: { 'content-type': 'application/json' },
      });
      await t.post(`/api/v1/calls/${id}/redact`, undefined);
      await t.request({ method: 'DELETE', url: `/api/v1/calls/${id}` });
    } finally {
      await t.close();
    }
    assert.ok(logs.length > 0 && logs.split('\n').length > 10, 'the session was logged');
    for (const s of [...secrets, ...personal]) assert.equal(logs.includes(s), false, `the logs do not contain ${s.slice(0, 12)}…`);
    assert.equal(/authorization/i.test(logs), false, 'no Authorization header in the logs');
  });
});
