/**
 * Answers that echo nothing they should not (the Link header, Fastify's own routing errors), and
 * input the contract does not allow (text bodies, reserved agent setting names, impossible or
 * out-of-range timestamps).
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, createCall, basic } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import { assertSecurityHeaders, raw } from '../helpers/http-checks.js';

/** The status line, headers (lower-cased names) and body of a raw HTTP answer. */
function parseAnswer(text: string): { status: number; headers: Partial<Record<string, string>>; body: string } {
  const [head = '', body = ''] = text.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describeEachStore('answers that echo nothing', (t) => {
  let port: number;
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
    // More than a default page, so that even a request whose limit the router never sees has a next page.
    for (let i = 0; i < 52; i++) await createCall(t, ids);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });

  const get = async (target: string, host = '127.0.0.1') =>
    parseAnswer(
      await raw(port, [`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${basic(t.account)}\r\nConnection: close\r\n\r\n`]),
    );

  it('builds the Link header from the route and the parsed query only', async () => {
    for (const target of ['/api/v1/calls#<x>?limit=1', 'http://evil.example/api/v1/calls?limit=1&junk=%3Cx%3E']) {
      const res = await get(target, 'evil.example');
      assert.equal(res.status, 200, target);
      assert.match(res.headers.link ?? '', /^<\/api\/v1\/calls\?limit=\d+&cursor=[A-Za-z0-9_-]+>; rel="next"$/, target);
    }
    const filtered = await get('/api/v1/calls?limit=1&status=queued&channel=call,sms');
    assert.match(
      filtered.headers.link ?? '',
      /^<\/api\/v1\/calls\?status=queued&channel=call%2Csms&limit=1&cursor=[A-Za-z0-9_-]+>; rel="next"$/,
    );
  });

  it("answers Fastify's routing errors in our format, with our headers, without echoing the URL", async () => {
    const bad = await t.request({ url: '/api/v1/calls/%zz', requestId: false });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, 'BAD_REQUEST');
    assert.equal(bad.json.statusCode, 400);
    assert.equal(bad.json.requestId, bad.headers['x-request-id']);
    assert.equal(bad.body.includes('%zz'), false, 'the URL is not echoed');
    assertSecurityHeaders(bad.headers, 'bad percent-encoding');

    const longId = await t.get(`/api/v1/calls/${'a'.repeat(5000)}`);
    assert.equal(longId.status, 404, 'an over-long id within the URL limit is the plain 404');
    assert.equal(longId.json.code, 'CALL_NOT_FOUND');

    const tooLong = await t.get(`/api/v1/calls/${'a'.repeat(9000)}`);
    assert.equal(tooLong.status, 414);
    assert.equal(tooLong.json.code, 'URI_TOO_LONG');
    assert.equal(tooLong.body.includes('aaaa'), false, 'the URL is not echoed');
    assertSecurityHeaders(tooLong.headers, 'over-long path');
  });
});

describeEachStore('input the contract does not allow', (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  it('answers a text/plain body with 415, as the README promises', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/agents', payload: 'name=Eve', headers: { 'content-type': 'text/plain' } });
    assert.equal(res.status, 415);
    assert.equal(res.json.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it("refuses reserved names among an agent's extra settings, naming the field", async () => {
    for (const name of ['accountId', 'requestId']) {
      const res = await t.post('/api/v1/agents', { name: 'Mallory', [name]: 'someone-else' });
      assert.equal(res.status, 400, name);
      assert.equal(res.json.code, 'VALIDATION_ERROR');
      assert.match(res.json.message, new RegExp(`body\\.${name}`));
      const update = await t.put(`/api/v1/agents/${ids.agentId}`, { [name]: 'x' });
      assert.equal(update.status, 400, `PUT ${name}`);
    }
    const agents = (await t.get('/api/v1/agents?limit=500')).json as Record<string, unknown>[];
    assert.equal(
      agents.some((a) => a.name === 'Mallory' || 'accountId' in a),
      false,
      'nothing was stored',
    );
    // Extra settings that are not reserved are still kept as given.
    const kept = await t.post('/api/v1/agents', { name: 'Grace', voice: 'alto', accountIdHint: 'x' });
    assert.equal(kept.status, 201);
    assert.equal(kept.json.voice, 'alto');
  });

  it('parses timestamps strictly: impossible dates, trailing text, missing zones and years past 9999 are 400s naming the field', async () => {
    const id = (await createCall(t, ids)).json.id as string;
    for (const endedAt of ['9999-12-31T23:59:59-23:59', '2025-02-30T10:00:00Z']) {
      const res = await t.put(`/api/v1/calls/${id}`, { endedAt });
      assert.equal(res.status, 400, endedAt);
      assert.match(res.json.message, /endedAt/);
    }
    const message = await t.post(`/api/v1/calls/${id}/messages`, {
      sender: 'agent',
      content: 'hi',
      timestamp: '9999-12-31T23:30:00-01:00',
    });
    assert.equal(message.status, 400);
    assert.match(message.json.message, /timestamp/);
    for (const [query, field] of [
      ['dateRange[from]=2025-02-30', /dateRange\.from/],
      ['dateRange[to]=2025-01-01%20(anything)', /dateRange\.to/],
      ['dateRange[from]=2025-01-01T10:00:00', /dateRange\.from/],
      [`dateRange=${encodeURIComponent('{"to":"+010000-01-01T00:00:00Z"}')}`, /dateRange\.to/],
    ] as const) {
      const res = await t.get(`/api/v1/calls?${query}`);
      assert.equal(res.status, 400, query);
      assert.match(res.json.message, field, query);
    }
    assert.equal((await t.get('/api/v1/calls?dateRange[from]=2025-03-01&dateRange[to]=2025-03-31T23:59:59%2B02:00')).status, 200);
    const stored = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.equal(stored.endedAt, '', 'nothing was stored');
  });
});
