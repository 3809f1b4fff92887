/**
 * Security headers on every answer, CORS off, rate limits (per key and per failing address), and
 * the request limits: body, URL, header size, slow clients, list page, message size and count.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, seedAgentAndSkill, createCall, basic } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import { assertSecurityHeaders, raw } from '../helpers/http-checks.js';

describeEachStore('security headers and CORS', (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  it('puts the security headers on 2xx, 4xx, 401, 404 and 415 answers, and no CORS headers', async () => {
    const call = (await createCall(t, ids)).json;
    const cases: [string, Promise<{ status: number; headers: Record<string, unknown> }>][] = [
      ['200 get', t.get(`/api/v1/calls/${call.id}`)],
      ['200 list', t.get('/api/v1/calls')],
      ['400', t.get('/api/v1/calls?limit=0')],
      ['401', t.get('/api/v1/calls', false)],
      ['404 call', t.get('/api/v1/calls/nope')],
      ['404 route', t.get('/nowhere')],
      ['415', t.request({ method: 'POST', url: '/api/v1/calls', payload: 'x', headers: { 'content-type': 'text/plain' } })],
      ['healthz', t.get('/healthz', false)],
      ['openapi', t.get('/openapi.json', false)],
    ];
    for (const [what, res] of cases) assertSecurityHeaders((await res).headers, what);
    const withOrigin = await t.request({ url: '/api/v1/calls', headers: { origin: 'https://evil.example' } });
    assert.equal(withOrigin.status, 200);
    assertSecurityHeaders(withOrigin.headers, 'cross-origin GET');
    const preflight = await t.request({
      method: 'OPTIONS',
      url: '/api/v1/calls',
      auth: false,
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.equal(preflight.headers['access-control-allow-methods'], undefined);
    assert.ok(preflight.status >= 400, 'a preflight is not answered with permission');
    assert.equal((await t.get('/api/v1/calls')).headers['cache-control'], 'no-store');
  });

  it('still serves /docs: its HTML loads same-origin scripts its CSP allows', async () => {
    const page = await t.get('/docs/', false);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(scripts.length >= 2);
    for (const src of scripts) {
      assert.ok(src.startsWith('./'), `${src} is same-origin`);
      const js = await t.get(`/docs/${src.slice(2)}`, false);
      assert.equal(js.status, 200, src);
      assert.match(String(js.headers['content-type']), /javascript/);
    }
  });
});

describeEachStore('rate limits', { limits: { rateLimitPerMinute: 5, authFailuresPerMinute: 3 } }, (t) => {
  it('limits each API key per minute: 429 RATE_LIMITED with Retry-After and X-RateLimit-*; other keys unaffected', async () => {
    for (let i = 0; i < 5; i++) {
      const ok = await t.get('/api/v1/agents');
      assert.equal(ok.status, 200);
      assert.equal(ok.headers['x-ratelimit-limit'], '5');
      assert.equal(ok.headers['x-ratelimit-remaining'], String(4 - i));
    }
    const limited = await t.get('/api/v1/agents');
    assert.equal(limited.status, 429);
    assert.deepEqual(Object.keys(limited.json), ['statusCode', 'error', 'code', 'message', 'requestId']);
    assert.equal(limited.json.code, 'RATE_LIMITED');
    assert.equal(limited.json.error, 'Too Many Requests');
    assert.match(String(limited.headers['retry-after']), /^\d+$/);
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.ok(limited.headers['x-ratelimit-reset'] !== undefined);
    assertSecurityHeaders(limited.headers, '429');
    // Another key of the same account, and another account, have their own budgets.
    const second = await t.keys.createKey(t.account.accountId);
    assert.equal((await t.get('/api/v1/agents', second)).status, 200);
    assert.equal((await t.get('/api/v1/agents', await t.newAccount())).status, 200);
  });

  it('limits failed authentications per client address: 429 for further failures, never for valid credentials', async () => {
    const other = await t.newAccount();
    const wrong = { ...other, password: 'not-the-secret' };
    for (let i = 0; i < 3; i++) assert.equal((await t.get('/api/v1/calls', wrong)).status, 401);
    const blocked = await t.get('/api/v1/calls', wrong);
    assert.equal(blocked.status, 429);
    assert.equal(blocked.json.code, 'RATE_LIMITED');
    assert.match(String(blocked.headers['retry-after']), /^[1-9]\d*$/);
    // The right secret from that address still works: nobody behind the same proxy or NAT can
    // lock a valid key out by failing on purpose.
    assert.equal((await t.get('/api/v1/calls', other)).status, 200);
    assert.equal(
      (await t.get('/api/v1/calls', await t.keys.createKey(t.account.accountId))).status,
      200,
      'another valid key from that address too',
    );
    // Another address failing with another key id is not affected (the same key id would be:
    // failures are counted per key id too).
    const elsewhere = await t.app.inject({
      url: '/api/v1/calls',
      remoteAddress: '10.9.8.7',
      headers: { authorization: basic({ username: 'key_' + 'q'.repeat(24), password: 'x' }) },
    });
    assert.equal(elsewhere.statusCode, 401);
  });
});

describeEachStore(
  'request limits',
  {
    bodyLimit: 4096,
    maxMessagesPerCall: 3,
    limits: { maxUrlLength: 1024, maxHeaderBytes: 4096, headersTimeoutMs: 400, requestTimeoutMs: 800 },
  },
  (t, kind) => {
    let ids: { agentId: string; skillId: string };
    let port: number;
    before(async () => {
      ids = await seedAgentAndSkill(t);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as { port: number }).port;
    });

    it('body over the limit: 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await createCall(t, ids, { note: 'x'.repeat(5000) });
      assert.equal(res.status, 413);
      assert.equal(res.json.code, 'PAYLOAD_TOO_LARGE');
    });

    it('URL over the limit: 414 URI_TOO_LONG; an over-long id: the plain 404', async () => {
      const res = await t.get(`/api/v1/calls?q=${'a'.repeat(1100)}`);
      assert.equal(res.status, 414);
      assert.equal(res.json.code, 'URI_TOO_LONG');
      const longId = await t.get(`/api/v1/calls/${'a'.repeat(900)}`);
      assert.equal(longId.status, 404);
      assert.equal(longId.body, (await t.get('/api/v1/calls/00000000-0000-4000-8000-000000000000')).body);
    });

    it('headers over the limit: 431 with our error body (real socket)', async () => {
      const answer = await raw(port, [`GET /api/v1/calls HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(8000)}\r\n\r\n`]);
      assert.match(answer, /^HTTP\/1\.1 431 /);
      assert.match(answer, /"code":"HEADERS_TOO_LARGE"/);
    });

    it('a client too slow to send its headers gets 408 and the connection is closed', async () => {
      const started = Date.now();
      const answer = await raw(
        port,
        [
          'GET /api/v1/calls HTTP/1.1\r\n',
          'Host: x\r\n',
          'X-A: 1\r\n',
          'X-B: 2\r\n',
          'X-C: 3\r\n',
          'X-D: 4\r\n',
          'X-E: 5\r\n',
          'X-F: 6\r\n',
        ],
        200,
      );
      assert.match(answer, /^HTTP\/1\.1 408 /);
      assert.match(answer, /"code":"REQUEST_TIMEOUT"/);
      assert.ok(Date.now() - started < 5000, 'the server did not wait for the whole trickle');
    });

    it('garbage instead of HTTP: 400 with our error body, and the server carries on', async () => {
      const answer = await raw(port, ['\x00\x01\x02 NOT HTTP\r\n\r\n']);
      assert.match(answer, /^HTTP\/1\.1 400 /);
      assert.equal((await t.get('/healthz', false)).status, 200);
    });

    it('list limit capped at 500; message size capped at 64 KiB; message count per call capped', async () => {
      assert.equal((await t.get('/api/v1/calls?limit=501')).status, 400);
      assert.equal((await t.get('/api/v1/calls?limit=500')).status, 200);
      assert.equal((await t.get('/api/v1/agents?limit=501')).status, 400);
      // Found by the fuzzer: a non-finite number in a query string got past the schema's maximum.
      for (const q of ['limit=1e309', 'limit=Infinity', 'hrs=1e309', 'hrs=-Infinity'])
        assert.equal((await t.get(`/api/v1/calls?${q}`)).status, 400, q);
      assert.equal((await t.get('/api/v1/agents?page=1e309')).status, 400);
      // Found by the fuzzer: JSON nested thousands deep overflowed the stack (500); now a 400.
      const deep = await t.request({
        method: 'POST',
        url: '/api/v1/agents',
        payload: '{"a":' + '['.repeat(1500) + ']'.repeat(1500) + '}',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(deep.status, 400);
      assert.equal(deep.json.code, 'INVALID_JSON');
      assert.equal((await t.post('/api/v1/agents', { name: 'Nested', settings: { a: { b: { c: [1, [2, [3]]] } } } })).status, 201);
      const big = await startTestApp(kind, { bodyLimit: 1024 * 1024 });
      try {
        const bigIds = await seedAgentAndSkill(big);
        const id = (await createCall(big, bigIds)).json.id;
        assert.equal((await big.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'x'.repeat(65_537) })).status, 400);
        assert.equal((await big.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'x'.repeat(65_536) })).status, 201);
      } finally {
        await big.close();
      }
      const id = (await createCall(t, ids)).json.id;
      for (let i = 0; i < 3; i++)
        assert.equal((await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: `m${i}` })).status, 201);
      const full = await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'one too many' });
      assert.equal(full.status, 422);
      assert.equal(full.json.code, 'LIMIT_EXCEEDED');
      assert.equal((await t.get(`/api/v1/calls/${id}`)).json.messages.length, 3);
    });
  },
);
