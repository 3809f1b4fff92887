import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startTestApp, seedAgentAndSkill } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import twilio from 'twilio';
import { buildApp } from '../../src/app.js';
import { Writable } from 'node:stream';
import {
  NEXT_SECRETS_KEY,
  PUBLIC_URL,
  SECRETS_KEY,
  TWILIO_OPTIONS,
  configureTwilio,
  newTwilioAccount,
  sendTwilio,
} from '../helpers/twilio.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
}

describeEachStore('Twilio settings', TWILIO_OPTIONS, (t, kind) => {
  it('stores the credentials sealed, answers the Account SID and never the token', async () => {
    assert.deepEqual((await t.get('/api/v1/integrations/twilio')).json, { configured: false, accountSid: '', updatedAt: '' });
    const tw = newTwilioAccount();
    const put = await t.put('/api/v1/integrations/twilio', tw);
    assert.equal(put.status, 200, put.body);
    assert.deepEqual(put.json, { configured: true, accountSid: tw.accountSid, updatedAt: '2025-03-17T14:30:00.000Z' });
    const get = await t.get('/api/v1/integrations/twilio');
    assert.deepEqual(get.json, put.json);
    assert.ok(!get.body.includes(tw.authToken) && !put.body.includes(tw.authToken));
    const row = await t.testStore.store.twilio.get(t.account.accountId);
    assert.ok(row);
    assert.ok(!row.authTokenSealed.includes(tw.authToken), 'sealed at rest');
    assert.match(row.authTokenSealed, /^v2\.[0-9a-f]{8}\./, 'sealed naming its key');

    // Replaced by a second PUT; the old token no longer signs.
    const next = { accountSid: tw.accountSid, authToken: newTwilioAccount().authToken };
    assert.equal((await t.put('/api/v1/integrations/twilio', next)).status, 200);
    const stale = await sendTwilio(t, tw, '/webhooks/twilio/messaging/status', {
      MessageSid: 'SM' + 'a'.repeat(32),
      MessageStatus: 'sent',
    });
    assert.equal(stale.status, 403);
    const fresh = await sendTwilio(t, next, '/webhooks/twilio/messaging/status', {
      MessageSid: 'SM' + 'a'.repeat(32),
      MessageStatus: 'sent',
    });
    assert.equal(fresh.status, 404, 'signed with the new token: accepted, the message is unknown');
  });

  it('validates the body, naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ accountSid: 'AC123', authToken: 'x'.repeat(32) }, /accountSid/],
      [{ accountSid: 'AC' + 'a'.repeat(32) }, /authToken/],
      [{ accountSid: 'AC' + 'a'.repeat(32), authToken: 'short' }, /authToken/],
      [{ accountSid: 'AC' + 'a'.repeat(32), authToken: 'has spaces in it, sixteen+' }, /authToken/],
    ];
    for (const [body, field] of cases) {
      const res = await t.put('/api/v1/integrations/twilio', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.code, 'VALIDATION_ERROR');
      assert.match(res.json.message, field);
    }
    const form = await t.request({
      method: 'PUT',
      url: '/api/v1/integrations/twilio',
      payload: 'accountSid=AC',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 415, 'the JSON API still refuses form bodies');
    assert.equal((await t.get('/api/v1/integrations/twilio', false)).status, 401);
    assert.equal((await t.put('/api/v1/integrations/twilio', newTwilioAccount(), false)).status, 401);
  });

  it('refuses an Account SID another account holds, and forgets on DELETE', async () => {
    const other = await t.newAccount();
    const tw = newTwilioAccount();
    assert.equal((await t.put('/api/v1/integrations/twilio', tw, other)).status, 200);
    const taken = await t.put('/api/v1/integrations/twilio', { ...tw, accountSid: tw.accountSid.toUpperCase().replace(/^AC/, 'AC') });
    assert.equal(taken.status, 409);
    assert.equal(taken.json.code, 'TWILIO_ACCOUNT_IN_USE');
    const del = await t.request({ method: 'DELETE', url: '/api/v1/integrations/twilio', auth: other });
    assert.equal(del.status, 204);
    assert.deepEqual((await t.get('/api/v1/integrations/twilio', other)).json, { configured: false, accountSid: '', updatedAt: '' });
    const res = await sendTwilio(t, tw, '/webhooks/twilio/messaging/incoming', {
      MessageSid: 'SM' + 'c'.repeat(32),
      From: '+14155550000',
      Body: 'hi',
    });
    assert.equal(res.status, 403);
  });

  it('answers 503 SECRETS_KEY_MISSING when the server has no SECRETS_KEY', async () => {
    const bare = await startTestApp(kind, { publicUrl: TWILIO_OPTIONS.publicUrl });
    try {
      const res = await bare.put('/api/v1/integrations/twilio', newTwilioAccount());
      assert.equal(res.status, 503);
      assert.equal(res.json.code, 'SECRETS_KEY_MISSING');
      assert.deepEqual((await bare.get('/api/v1/integrations/twilio')).json, { configured: false, accountSid: '', updatedAt: '' });
    } finally {
      await bare.close();
    }
  });

  it("answers 403 like any refusal when the server's keys cannot open the stored token, and logs why", async () => {
    const tw = newTwilioAccount();
    const other = await t.newAccount();
    await configureTwilio(t, tw, other);
    const logs: string[] = [];
    const rekeyed = await buildApp({
      store: t.testStore.store,
      config: {
        bodyLimit: 1 << 20,
        keyCacheMs: 0,
        maxMessagesPerCall: 100,
        logLevel: 'info',
        publicUrl: PUBLIC_URL,
        secretsKey: NEXT_SECRETS_KEY,
      },
      logStream: new Writable({
        write(chunk, _enc, done) {
          logs.push(String(chunk));
          done();
        },
      }),
    });
    try {
      const params = { AccountSid: tw.accountSid, MessageSid: 'SM' + 'e'.repeat(32), From: '+14155550002', Body: 'x' };
      const url = '/webhooks/twilio/messaging/incoming';
      const res = await rekeyed.app.inject({
        method: 'POST',
        url,
        payload: new URLSearchParams(params).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(tw.authToken, PUBLIC_URL + url, params),
          'x-request-id': 'rekeyed',
        },
      });
      assert.equal(res.statusCode, 403);
      assert.deepEqual(res.json(), {
        statusCode: 403,
        error: 'Forbidden',
        code: 'INVALID_SIGNATURE',
        message: 'Missing or invalid X-Twilio-Signature',
        requestId: 'rekeyed',
      });
      const text = logs.join('');
      assert.match(text, /"reason":"token-unopenable","sealing":\{"failure":"unknown-key","keyId":"[0-9a-f]{8}"\}/);
      assert.match(text, /cannot be opened with SECRETS_KEY or SECRETS_KEY_PREVIOUS/, 'said at start too');
      for (const secret of [tw.authToken, SECRETS_KEY.toString('hex'), NEXT_SECRETS_KEY.toString('hex'), SECRETS_KEY.toString('base64')]) {
        assert.ok(!text.includes(secret), 'no secret in the logs');
      }
    } finally {
      await rekeyed.app.close();
    }
  });

  it('is set from the CLI: twilio set / show / remove', async () => {
    const other = await t.newAccount('CLI account');
    const tw = newTwilioAccount();
    const env = { DATABASE_URL: t.testStore.url, SECRETS_KEY: SECRETS_KEY.toString('base64') };
    const set = await cli(['twilio', 'set', '--account', other.accountId, '--account-sid', tw.accountSid], {
      ...env,
      TWILIO_AUTH_TOKEN: tw.authToken,
    });
    const shown = JSON.parse(set.stdout);
    assert.equal(shown.configured, true);
    assert.equal(shown.accountSid, tw.accountSid);
    assert.ok(!set.stdout.includes(tw.authToken) && !set.stderr.includes(tw.authToken));
    assert.deepEqual(JSON.parse((await cli(['twilio', 'show', '--account', other.accountId], env)).stdout), shown);
    // The API app (same database, same key) validates webhooks with the token the CLI stored.
    await seedAgentAndSkill(t, other);
    const res = await sendTwilio(t, tw, '/webhooks/twilio/messaging/incoming', {
      MessageSid: 'SM' + 'd'.repeat(32),
      From: '+14155550001',
      To: '+14155550100',
      Body: 'via CLI',
    });
    assert.equal(res.status, 200, res.body);
    await assert.rejects(
      cli(['twilio', 'set', '--account', other.accountId, '--account-sid', tw.accountSid, '--auth-token', 'x'.repeat(32)], {
        DATABASE_URL: t.testStore.url,
        SECRETS_KEY: '',
      }),
      /SECRETS_KEY/,
    );
    assert.deepEqual(JSON.parse((await cli(['twilio', 'remove', '--account', other.accountId], env)).stdout), { removed: true });
  });
});
