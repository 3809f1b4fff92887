import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, basic, type TestApp } from '../helpers/harness.js';
import type { IssuedKey } from '../../src/auth/api-keys.js';

/** Authentication happens before any store-specific work beyond a key lookup: one SQLite app per suite. */
describe('failed logins cannot lock out valid keys', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite', { limits: { authFailuresPerMinute: 3 } });
  });
  after(() => t.close());

  const from = (address: string, key: Pick<IssuedKey, 'username' | 'password'>, forwardedFor?: string) =>
    t.app.inject({
      url: '/api/v1/agents',
      remoteAddress: address,
      headers: { authorization: basic(key), ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }) },
    });

  it('counts failures per key id too: guessing one key from many addresses is slowed, the key keeps working', async () => {
    const target = await t.newAccount('target');
    const guess = { username: target.username, password: 'guess' };
    for (let i = 1; i <= 3; i++) assert.equal((await from(`198.51.100.${String(i)}`, guess)).statusCode, 401);
    const fourth = await from('198.51.100.4', guess);
    assert.equal(fourth.statusCode, 429, 'a fresh address guessing the same key id is refused');
    assert.equal(JSON.parse(fourth.body).code, 'RATE_LIMITED');
    assert.equal((await from('198.51.100.4', target)).statusCode, 200, 'the real secret is never refused');
    assert.equal((await from('198.51.100.5', t.account)).statusCode, 200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says to believe it', async () => {
    const key = await t.newAccount('behind a proxy');
    const wrong = { ...key, password: 'nope' };
    // Without TRUST_PROXY every request comes from the proxy's own address: one budget for all.
    for (let i = 1; i <= 3; i++) assert.equal((await from('192.0.2.10', wrong, `203.0.113.${String(i)}`)).statusCode, 401);
    assert.equal((await from('192.0.2.10', { ...wrong, username: 'key_' + 'z'.repeat(24) }, '203.0.113.99')).statusCode, 429);

    const proxied = await startTestApp('sqlite', { limits: { authFailuresPerMinute: 3 }, trustProxy: ['192.0.2.10'] });
    try {
      const inject = (forwardedFor: string, k: Pick<IssuedKey, 'username' | 'password'>) =>
        proxied.app.inject({
          url: '/api/v1/agents',
          remoteAddress: '192.0.2.10',
          headers: { authorization: basic(k), 'x-forwarded-for': forwardedFor },
        });
      const stranger = (n: number) => ({ username: 'key_' + String(n).padStart(24, '0'), password: 'x' });
      for (let i = 1; i <= 3; i++) assert.equal((await inject('203.0.113.7', stranger(i))).statusCode, 401);
      assert.equal((await inject('203.0.113.7', stranger(4))).statusCode, 429, 'the client behind the proxy is counted');
      assert.equal((await inject('203.0.113.8', stranger(5))).statusCode, 401, 'another client behind the same proxy is not');
    } finally {
      await proxied.close();
    }
  });
});

describe('revocation is seen within KEY_CACHE_MS however the header is spelled', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite', { keyCacheMs: 1000 });
  });
  after(() => t.close());

  it('refuses a revoked key within KEY_CACHE_MS for `Basic` and `basic` alike', async () => {
    const key = await t.keys.createKey(t.account.accountId);
    const encoded = Buffer.from(`${key.username}:${key.password}`).toString('base64');
    const ask = (scheme: string) => t.app.inject({ url: '/api/v1/agents', headers: { authorization: `${scheme} ${encoded}` } });
    const started = Date.now();
    assert.equal((await ask('Basic')).statusCode, 200);
    assert.equal(await t.keys.revokeKey(key.username), true);
    await sleep(Math.max(0, started + 500 - Date.now()));
    await ask('basic'); // another spelling, verified against the key record still cached
    await sleep(Math.max(0, started + 1300 - Date.now()));
    assert.equal((await ask('basic')).statusCode, 401, 'refused once KEY_CACHE_MS has passed since the record was read');
    assert.equal((await ask('Basic')).statusCode, 401);
  });
});
