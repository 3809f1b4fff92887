/**
 * Hostile webhooks are refused cheaply, in a fixed order: rate limit (429) → not a form (415) /
 * no signature (403) → too large or too many parameters (413) → bad signature (403) → the
 * route's body schema (400). Each step is shown by a request that would also fail every later one.
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { startTestApp, TEST_REQUEST_ID, type Reply, type TestApp } from '../helpers/harness.js';
import { describeEachStoreKind } from '../helpers/store-suites.js';
import {
  TWILIO_OPTIONS,
  configureTwilio,
  newCallSid,
  newMessageSid,
  newTwilioAccount,
  sendTwilio,
  type TwilioAccount,
} from '../helpers/twilio.js';

const PATH = '/webhooks/twilio/voice/status';
const BODY_LIMIT = 4096;
const MAX_PARAMS = 32;
const FORM = 'application/x-www-form-urlencoded';

const refusal = (statusCode: number, error: string, code: string, message: string) => ({
  statusCode,
  error,
  code,
  message,
  requestId: TEST_REQUEST_ID,
});
const UNSUPPORTED = refusal(
  415,
  'Unsupported Media Type',
  'UNSUPPORTED_MEDIA_TYPE',
  'Content-Type must be application/x-www-form-urlencoded',
);
const FORBIDDEN = refusal(403, 'Forbidden', 'INVALID_SIGNATURE', 'Missing or invalid X-Twilio-Signature');
const TOO_LARGE = refusal(413, 'Payload Too Large', 'PAYLOAD_TOO_LARGE', `A webhook body may be at most ${BODY_LIMIT} bytes`);
const TOO_MANY = refusal(413, 'Payload Too Large', 'PAYLOAD_TOO_LARGE', `A webhook body may carry at most ${MAX_PARAMS} form parameters`);

/** `n` parameters of `size` bytes each (`p1=xxx&p2=xxx…`). */
function manyParams(n: number, valueLength = 1): string {
  const value = 'x'.repeat(valueLength);
  return Array.from({ length: n }, (_, i) => `p${i}=${value}`).join('&');
}

function post(t: TestApp, payload: string | Readable, headers: Record<string, string>): Promise<Reply> {
  return t.request({ method: 'POST', url: PATH, payload, headers, auth: false });
}

describeEachStoreKind('Twilio webhooks refuse hostile requests cheaply', (kind) => {
  let t: TestApp;
  let tw: TwilioAccount;
  const valid = () => ({ CallSid: newCallSid(), CallStatus: 'ringing' });
  before(async () => {
    t = await startTestApp(kind, {
      ...TWILIO_OPTIONS,
      webhookLimits: { webhookBodyLimit: BODY_LIMIT, webhookMaxParams: MAX_PARAMS, webhookRateLimitPerMinute: 0 },
    });
    tw = newTwilioAccount();
    await configureTwilio(t, tw);
  });
  after(() => t.close());

  it('answers each refusal with its status and error body', async () => {
    const json = await post(t, JSON.stringify({ AccountSid: tw.accountSid }), {
      'content-type': 'application/json',
      'x-twilio-signature': 'x',
    });
    assert.deepEqual([json.status, json.json], [415, UNSUPPORTED]);
    const unsigned = await sendTwilio(t, tw, PATH, valid(), { signature: null });
    assert.deepEqual([unsigned.status, unsigned.json], [403, FORBIDDEN]);
    const large = await post(t, 'Body=' + 'x'.repeat(BODY_LIMIT), { 'content-type': FORM, 'x-twilio-signature': 'x' });
    assert.deepEqual([large.status, large.json], [413, TOO_LARGE]);
    const many = await post(t, manyParams(MAX_PARAMS + 1), { 'content-type': FORM, 'x-twilio-signature': 'x' });
    assert.deepEqual([many.status, many.json], [413, TOO_MANY]);
    const badSignature = await sendTwilio(t, tw, PATH, valid(), { token: newTwilioAccount().authToken });
    assert.deepEqual([badSignature.status, badSignature.json], [403, FORBIDDEN]);
    const badForm = await sendTwilio(t, tw, PATH, { CallSid: newCallSid(), CallStatus: 'exploded' });
    assert.equal(badForm.status, 400);
    assert.equal(badForm.json.code, 'VALIDATION_ERROR');
    assert.match(badForm.json.message, /^body\.CallStatus must be one of: queued, initiated, ringing/);
    const badSid = await sendTwilio(t, tw, PATH, { CallSid: 'CA-nonsense', CallStatus: 'ringing' });
    assert.equal(badSid.status, 400);
    assert.match(badSid.json.message, /^body\.CallSid /);
    const missing = await sendTwilio(t, tw, '/webhooks/twilio/messaging/incoming', { Body: 'hi' });
    assert.deepEqual([missing.status, missing.json.message], [400, 'body.MessageSid is required']);
  });

  it('refuses in order: content type and signature header, then size, then signature, then schema', async () => {
    const huge = 'Body=' + 'x'.repeat(BODY_LIMIT * 4);
    // Everything wrong: the content type is what is said.
    assert.deepEqual((await post(t, huge, { 'content-type': 'text/plain' })).json, UNSUPPORTED);
    // A form, too large, unsigned: the missing signature.
    assert.deepEqual((await post(t, huge, { 'content-type': FORM })).json, FORBIDDEN);
    // Signed (wrongly), too large: its size, before any signature is computed.
    assert.deepEqual((await post(t, huge, { 'content-type': FORM, 'x-twilio-signature': 'x' })).json, TOO_LARGE);
    // Too large, sent without a Content-Length (chunked): refused while it is read.
    const streamed = await post(t, Readable.from([Buffer.from(huge)]), { 'content-type': FORM, 'x-twilio-signature': 'x' });
    assert.equal(streamed.status, 413);
    assert.equal(streamed.json.code, 'PAYLOAD_TOO_LARGE');
    // Small but too many parameters, wrongly signed: the count.
    const many = `AccountSid=${tw.accountSid}&${manyParams(MAX_PARAMS)}`;
    assert.deepEqual((await post(t, many, { 'content-type': FORM, 'x-twilio-signature': 'x' })).json, TOO_MANY);
    // Within limits, a form the schema refuses, wrongly signed: the signature (nothing about the schema leaks).
    const wrong = await sendTwilio(t, tw, PATH, { CallStatus: 'exploded' }, { token: newTwilioAccount().authToken });
    assert.deepEqual(wrong.json, FORBIDDEN);
    // Correctly signed: now the schema.
    assert.equal((await sendTwilio(t, tw, PATH, { CallStatus: 'exploded' })).status, 400);
    // And a correct one goes through, with exactly MAX_PARAMS parameters.
    const extras = Object.fromEntries(Array.from({ length: MAX_PARAMS - 4 }, (_, i) => [`Extra${i}`, 'x']));
    const ok = await sendTwilio(t, tw, PATH, { ...valid(), ...extras });
    assert.equal(ok.status, 200, ok.body);
  });

  it('still enforces the signature over every parameter it accepts', async () => {
    const params = { MessageSid: newMessageSid(), From: '+14155550999', Body: 'hello' };
    const path = '/webhooks/twilio/messaging/incoming';
    assert.deepEqual((await sendTwilio(t, tw, path, params, { token: newTwilioAccount().authToken })).json, FORBIDDEN);
    assert.deepEqual((await sendTwilio(t, tw, path, params, { signature: 'A'.repeat(28) })).json, FORBIDDEN);
    assert.equal((await t.get('/api/v1/calls?customerPhone=%2B14155550999')).json.length, 0);
    assert.equal((await sendTwilio(t, tw, path, params)).status, 200);
    assert.equal((await t.get('/api/v1/calls?customerPhone=%2B14155550999')).json.length, 1);
  });
});

describeEachStoreKind('Twilio webhooks with the default limits', (kind) => {
  let t: TestApp;
  let tw: TwilioAccount;
  before(async () => {
    t = await startTestApp(kind, { ...TWILIO_OPTIONS, webhookLimits: { webhookRateLimitPerMinute: 5 } });
    tw = newTwilioAccount();
    await configureTwilio(t, tw);
  });
  after(() => t.close());

  it('refuses a 1 MB, 110,000-parameter form with 413, then rate-limits the address before anything else', async () => {
    const hostile = `AccountSid=${tw.accountSid}&` + manyParams(110_000, 2);
    assert.ok(hostile.length > 1_000_000);
    const res = await post(t, hostile, { 'content-type': FORM, 'x-twilio-signature': 'x' });
    assert.deepEqual([res.status, res.json], [413, { ...TOO_LARGE, message: 'A webhook body may be at most 65536 bytes' }]);
    // Under 64 KB but over 256 parameters.
    const dense = manyParams(257);
    assert.ok(dense.length < 65_536);
    const many = await post(t, dense, { 'content-type': FORM, 'x-twilio-signature': 'x' });
    assert.deepEqual(many.json, { ...TOO_MANY, message: 'A webhook body may carry at most 256 form parameters' });
    // Two requests so far this minute from this address; three more are let through…
    assert.equal((await sendTwilio(t, tw, PATH, { CallSid: newCallSid(), CallStatus: 'ringing' })).status, 200);
    assert.equal((await post(t, '', { 'content-type': 'application/json' })).status, 415);
    assert.equal((await post(t, '', { 'content-type': FORM })).status, 403);
    // …then even a request wrong in every other way is answered 429 first.
    const limited = await post(t, hostile, { 'content-type': 'text/plain' });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.code, 'RATE_LIMITED');
    assert.match(limited.json.message, /^Rate limit of 5 webhook requests a minute exceeded/);
    assert.ok(limited.headers['retry-after'] !== undefined);
    // The API's own limit is separate: the key still works.
    assert.equal((await t.get('/api/v1/calls')).status, 200);
  });
});
