import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import twilio from 'twilio';
import fc from 'fast-check';
import { startTestApp, seedAgentAndSkill, createCall, TEST_REQUEST_ID, type TestApp } from '../helpers/harness.js';
import { describeEachStoreKind } from '../helpers/store-suites.js';
import {
  PUBLIC_URL,
  SECRETS_KEY,
  TWILIO_OPTIONS,
  configureTwilio,
  newCallSid,
  newMessageSid,
  newTwilioAccount,
  rfc2822,
  sendTwilio,
  type TwilioAccount,
} from '../helpers/twilio.js';

const AGENT_NUMBER = '+14155550100';
const FORBIDDEN = {
  statusCode: 403,
  error: 'Forbidden',
  code: 'INVALID_SIGNATURE',
  message: 'Missing or invalid X-Twilio-Signature',
  requestId: TEST_REQUEST_ID,
};
const PATHS = [
  '/webhooks/twilio/voice/status',
  '/webhooks/twilio/voice/recording',
  '/webhooks/twilio/messaging/incoming',
  '/webhooks/twilio/messaging/status',
];

describeEachStoreKind('Twilio webhook security', (kind) => {
  let t: TestApp;
  let ids: { agentId: string; skillId: string };
  let tw: TwilioAccount;
  const logs: string[] = [];
  before(async () => {
    const logStream = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    });
    t = await startTestApp(kind, { ...TWILIO_OPTIONS, logStream, logLevel: 'debug' });
    ids = await seedAgentAndSkill(t);
    tw = newTwilioAccount();
    await configureTwilio(t, tw);
  });
  after(() => t.close());

  it('refuses missing, wrong and replayed-elsewhere signatures with 403, changing nothing', async () => {
    const id = (await createCall(t, ids)).json.id;
    const before = (await t.get(`/api/v1/calls/${id}`)).json;
    const path = `/webhooks/twilio/voice/status?callId=${id}`;
    const params = {
      CallSid: newCallSid(),
      CallStatus: 'completed',
      CallDuration: '30',
      Timestamp: rfc2822(t.now),
      From: AGENT_NUMBER,
      To: '+14155550123',
      Direction: 'outbound-api',
    };
    const full = { AccountSid: tw.accountSid, ApiVersion: '2010-04-01', ...params };
    const attempts = [
      await sendTwilio(t, tw, path, params, { signature: null }),
      await sendTwilio(t, tw, path, params, { signature: '' }),
      await sendTwilio(t, tw, path, params, { signature: 'x'.repeat(5000) }),
      await sendTwilio(t, tw, path, params, { token: newTwilioAccount().authToken }),
      // Signed for another URL: another call, another host, another path.
      await sendTwilio(t, tw, path, params, {
        signedUrl: `${PUBLIC_URL}/webhooks/twilio/voice/status?callId=123e4567-e89b-12d3-a456-426614174000`,
      }),
      await sendTwilio(t, tw, path, params, { signedUrl: `https://evil.example.com/webhooks/twilio/voice/status?callId=${id}` }),
      await sendTwilio(t, tw, path, params, { signedUrl: `${PUBLIC_URL}/webhooks/twilio/voice/recording?callId=${id}` }),
      // Parameters changed after signing.
      await sendTwilio(t, tw, path, params, {
        signature: twilio.getExpectedTwilioSignature(tw.authToken, PUBLIC_URL + path, { ...full, CallStatus: 'ringing' }),
      }),
    ];
    for (const res of attempts) {
      assert.equal(res.status, 403, res.body);
      assert.deepEqual(res.json, FORBIDDEN);
    }
    assert.deepEqual((await t.get(`/api/v1/calls/${id}`)).json, before);
    // The same request, correctly signed, goes through.
    assert.equal((await sendTwilio(t, tw, path, params)).status, 200);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.status, 'completed');
  });

  it('answers an unknown or missing AccountSid exactly like a bad signature, on every webhook', async () => {
    const stranger = newTwilioAccount();
    const messageSid = newMessageSid();
    const params = {
      MessageSid: messageSid,
      From: '+14155558888',
      To: AGENT_NUMBER,
      Body: 'hello?',
      MessageStatus: 'delivered',
      CallSid: newCallSid(),
      CallStatus: 'ringing',
    };
    for (const path of PATHS) {
      const unknown = await sendTwilio(t, stranger, path, params);
      assert.equal(unknown.status, 403);
      assert.deepEqual(unknown.json, FORBIDDEN);
      const missing = await t.request({
        method: 'POST',
        url: path,
        payload: new URLSearchParams(params).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'abc' },
        auth: false,
      });
      assert.equal(missing.body, unknown.body);
    }
    assert.equal((await t.get('/api/v1/calls?customerPhone=%2B14155558888')).json.length, 0);
  });

  it("keeps tenants apart: another account's signed callback cannot touch this account's call", async () => {
    const other = await t.newAccount();
    const otherTw = newTwilioAccount();
    await configureTwilio(t, otherTw, other);
    const id = (await createCall(t, ids)).json.id;
    const before = (await t.get(`/api/v1/calls/${id}`)).json;
    const res = await sendTwilio(t, otherTw, `/webhooks/twilio/voice/status?callId=${id}`, {
      CallSid: newCallSid(),
      CallStatus: 'in-progress',
      Timestamp: rfc2822(t.now),
    });
    assert.equal(res.status, 404);
    assert.equal(res.json.code, 'CALL_NOT_FOUND');
    assert.deepEqual((await t.get(`/api/v1/calls/${id}`)).json, before);
  });

  it("validates against the request's own origin when PUBLIC_URL is unset, with or without the default port", async () => {
    const local = await startTestApp(kind, { secretsKey: SECRETS_KEY });
    try {
      const lt = newTwilioAccount();
      await configureTwilio(local, lt);
      const path = '/webhooks/twilio/messaging/incoming';
      const params = { MessageSid: newMessageSid(), From: '+14155550009', To: AGENT_NUMBER, Body: 'x' };
      // inject's Host is localhost:80
      assert.equal((await sendTwilio(local, lt, path, params, { signedUrl: `http://localhost:80${path}` })).status, 200);
      assert.equal(
        (await sendTwilio(local, lt, path, { ...params, MessageSid: newMessageSid() }, { signedUrl: `http://localhost${path}` })).status,
        200,
      );
      assert.equal(
        (await sendTwilio(local, lt, path, { ...params, MessageSid: newMessageSid() }, { signedUrl: `https://localhost${path}` })).status,
        403,
      );
    } finally {
      await local.close();
    }
    // Behind a proxy: PUBLIC_URL with an explicit default port signs the same.
    const path = '/webhooks/twilio/messaging/incoming';
    const params = { MessageSid: newMessageSid(), From: '+14155550010', To: AGENT_NUMBER, Body: 'x' };
    assert.equal((await sendTwilio(t, tw, path, params, { signedUrl: `https://calls.example.com:443${path}` })).status, 200);
    assert.equal(
      (await sendTwilio(t, tw, path, params, { signedUrl: `http://localhost:80${path}` })).status,
      403,
      'PUBLIC_URL set: the local origin does not sign',
    );
  });

  it('refuses non-form bodies on webhooks and form bodies on the JSON API', async () => {
    const json = await t.request({
      method: 'POST',
      url: PATHS[0],
      payload: JSON.stringify({ AccountSid: tw.accountSid }),
      headers: { 'content-type': 'application/json' },
      auth: false,
    });
    assert.equal(json.status, 415);
    const noBody = await t.request({ method: 'POST', url: PATHS[0], auth: false });
    assert.equal(noBody.status, 415);
    const form = await t.request({
      method: 'POST',
      url: '/api/v1/calls',
      payload: `agentId=${ids.agentId}&skillId=${ids.skillId}&channel=call`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 415);
    assert.equal(form.json.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('never answers 5xx, signed or not, to arbitrary webhook input', async () => {
    const raw = [
      '',
      '&&&',
      '%',
      '%zz=1',
      'a=%E0%A4%A',
      '__proto__[x]=1&constructor=2',
      'AccountSid=' + tw.accountSid + '&AccountSid=' + tw.accountSid,
      'x'.repeat(100_000),
    ];
    for (const path of PATHS) {
      for (const payload of raw) {
        const res = await t.request({
          method: 'POST',
          url: path,
          payload,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'abc' },
          auth: false,
        });
        assert.ok(res.status >= 400 && res.status < 500, `${path} ${payload.slice(0, 40)}: ${res.status} ${res.body}`);
      }
    }
    const names = [
      'CallSid',
      'CallStatus',
      'CallDuration',
      'Timestamp',
      'From',
      'To',
      'Direction',
      'RecordingUrl',
      'RecordingStatus',
      'MessageSid',
      'MessageStatus',
      'Body',
      'NumMedia',
      'MediaUrl0',
      '__proto__',
      'constructor',
    ];
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'completed',
        'ringing',
        'in-progress',
        'delivered',
        '0',
        '-1',
        '999999999999',
        AGENT_NUMBER,
        'whatsapp:+14155550123',
        newCallSid(),
        newMessageSid(),
        'https://x.example/a',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        fc.dictionary(fc.constantFrom(...names), value),
        fc.constantFrom('', '?callId=x', '?callId=123e4567-e89b-12d3-a456-426614174000'),
        async (path, params, query) => {
          const res = await sendTwilio(t, tw, path + query, params);
          assert.ok(res.status < 500, `${path}${query} ${JSON.stringify(params)}: ${res.status} ${res.body}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('logs neither auth tokens, signatures nor phone numbers', async () => {
    await sendTwilio(t, tw, '/webhooks/twilio/messaging/incoming', {
      MessageSid: newMessageSid(),
      From: '+14155550777',
      To: AGENT_NUMBER,
      Body: 'my secret text',
    });
    await sendTwilio(
      t,
      tw,
      '/webhooks/twilio/messaging/incoming?callId=x',
      { MessageSid: newMessageSid(), From: '+14155550777', Body: 'my secret text' },
      { token: newTwilioAccount().authToken },
    );
    const text = logs.join('');
    assert.ok(text.includes('/webhooks/twilio/messaging/incoming'), 'requests are logged');
    assert.ok(
      text.includes('"reason":"bad-signature"') &&
        text.includes('"checkedUrl":"https://calls.example.com/webhooks/twilio/messaging/incoming"'),
      'a refusal says why, to help fix PUBLIC_URL',
    );
    for (const secret of [tw.authToken, '+14155550777', '4155550777', 'my secret text', tw.accountSid]) {
      assert.ok(!text.includes(secret), `${secret} must not be logged`);
    }
  });
});
