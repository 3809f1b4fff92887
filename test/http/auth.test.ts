import { it } from 'node:test';
import assert from 'node:assert/strict';
import { basic, TEST_REQUEST_ID } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';

const CHALLENGE = 'Basic realm="calls-api", charset="UTF-8"';
const UNAUTHORIZED = {
  statusCode: 401,
  error: 'Unauthorized',
  code: 'UNAUTHORIZED',
  message: 'Missing or invalid credentials',
  requestId: TEST_REQUEST_ID,
};

describeEachStore('Basic auth', (t) => {
  const url = '/api/v1/calls/123e4567-e89b-12d3-a456-426614174000';
  const rejected = async (authorization: string | undefined, label: string) => {
    const res = await t.request({ url, auth: false, headers: authorization === undefined ? {} : { authorization } });
    assert.equal(res.status, 401, label);
    assert.equal(res.headers['www-authenticate'], CHALLENGE, label);
    assert.deepEqual(res.json, UNAUTHORIZED, label);
    return res;
  };

  it('rejects a request without credentials, with a challenge', async () => {
    await rejected(undefined, 'no header');
  });

  it('rejects other schemes, bad base64 and a missing colon', async () => {
    await rejected(`Bearer ${t.account.password}`, 'bearer');
    await rejected('Basic', 'empty basic');
    await rejected('Basic !!!not-base64!!!', 'bad base64');
    await rejected('Basic ' + Buffer.from(t.account.username + t.account.password).toString('base64'), 'no colon');
  });

  it('rejects an unknown key and a wrong secret with the same answer', async () => {
    const unknown = await rejected(basic({ username: 'key_AAAAAAAAAAAAAAAAAAAAAAAA', password: t.account.password }), 'unknown key');
    const wrong = await rejected(basic({ username: t.account.username, password: t.account.password + 'x' }), 'wrong secret');
    const malformedId = await rejected(basic({ username: 'admin', password: 'admin' }), 'not a key id');
    assert.equal(unknown.body, wrong.body);
    assert.equal(unknown.body, malformedId.body);
  });

  it('accepts the key, is case-insensitive on the scheme, and scopes to the account', async () => {
    const ok = await t.request({ url, auth: false, headers: { authorization: basic(t.account).replace('Basic', 'basic') } });
    assert.equal(ok.status, 404, 'authenticated: the call simply does not exist');
    assert.equal(ok.json.code, 'CALL_NOT_FOUND');
  });

  it("rejects a revoked key at once while the account's other keys keep working", async () => {
    const second = await t.keys.createKey(t.account.accountId);
    assert.equal((await t.get('/api/v1/agents', second)).status, 200);
    assert.equal(await t.keys.revokeKey(second.username), true);
    await rejected(basic(second), 'revoked');
    assert.equal((await t.get('/api/v1/agents')).status, 200, 'the first key still works');
    const listed = await t.keys.listKeys(t.account.accountId);
    assert.equal(listed.length, 2);
    assert.ok(listed.every((k) => !('secretHash' in k) && !('password' in k)));
    assert.ok(listed.find((k) => k.id === second.username)?.revokedAt);
  });

  it('leaves /healthz, /openapi.json and /docs open', async () => {
    assert.equal((await t.request({ url: '/healthz', auth: false })).status, 200);
    assert.equal((await t.request({ url: '/openapi.json', auth: false })).status, 200);
    const docs = await t.request({ url: '/docs/', auth: false });
    assert.equal(docs.status, 200);
    assert.match(docs.body, /swagger/i);
  });
});
