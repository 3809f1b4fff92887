import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, createCall } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import {
  EMPTY_TWIML,
  TWILIO_OPTIONS,
  configureTwilio,
  newCallSid,
  newTwilioAccount,
  rfc2822,
  sendTwilio,
  type TwilioAccount,
} from '../helpers/twilio.js';

const AGENT_NUMBER = '+14155550100'; // the seeded agent's phone: the Twilio number
const T0 = Date.parse('2025-03-17T14:30:00.000Z');
const at = (seconds: number) => rfc2822(T0 + seconds * 1000);

describeEachStore('Twilio voice callbacks', TWILIO_OPTIONS, (t) => {
  let ids: { agentId: string; skillId: string };
  let tw: TwilioAccount;
  const status = (params: Record<string, string>, query = '') => sendTwilio(t, tw, `/webhooks/twilio/voice/status${query}`, params);
  const byPhone = async (phone: string) => (await t.get(`/api/v1/calls?customerPhone=${encodeURIComponent(phone)}`)).json;
  before(async () => {
    ids = await seedAgentAndSkill(t);
    tw = newTwilioAccount();
    await configureTwilio(t, tw);
  });

  it('fills an API-created outbound call: queued → ringing → in-progress → completed, with its recording', async () => {
    const created = await createCall(t, ids);
    const id = created.json.id;
    const sid = newCallSid();
    const q = `?callId=${id}`;
    const common = { CallSid: sid, From: AGENT_NUMBER, To: '+14155550123', Direction: 'outbound-api' };
    const steps: [string, number, Record<string, string>][] = [
      ['queued', 0, {}],
      ['initiated', 1, {}],
      ['ringing', 2, {}],
      ['in-progress', 10, {}],
      ['completed', 95, { CallDuration: '85' }],
    ];
    let seq = 0;
    for (const [CallStatus, s, extra] of steps) {
      const res = await status({ ...common, CallStatus, Timestamp: at(s), SequenceNumber: String(seq++), ...extra }, q);
      assert.equal(res.status, 200, res.body);
      assert.equal(res.body, EMPTY_TWIML);
      assert.match(String(res.headers['content-type']), /^text\/xml/);
    }
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${tw.accountSid}/Recordings/RE${'b'.repeat(32)}`;
    const rec = await sendTwilio(t, tw, `/webhooks/twilio/voice/recording${q}`, {
      CallSid: sid,
      RecordingSid: 'RE' + 'b'.repeat(32),
      RecordingStatus: 'completed',
      RecordingDuration: '84',
      RecordingUrl: recordingUrl,
    });
    assert.equal(rec.status, 200, rec.body);

    t.advance(3_600_000); // Twilio's CallDuration is the figure: it does not keep growing
    const call = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.equal(call.status, 'completed');
    assert.equal(call.startedAt, '2025-03-17T14:30:01.000Z');
    assert.equal(call.answeredAt, '2025-03-17T14:30:10.000Z');
    assert.equal(call.endedAt, '2025-03-17T14:31:35.000Z');
    assert.equal(call.duration, 85);
    assert.equal(call.recordingUrl, recordingUrl);
    assert.equal(call.agentId, ids.agentId);
    assert.equal(call.skillId, ids.skillId);
    assert.equal(call.agentPhone, AGENT_NUMBER);
    assert.equal(call.customerPhone, '+14155550123');
    assert.equal(call.customerName, 'John Doe');
    assert.equal(call.direction, 'outbound');
    assert.equal(call.channel, 'call');
    assert.deepEqual(call.messages, []);

    // Later callbacks for the same CallSid find the call without ?callId=; a late ringing is ignored.
    const late = await status({ ...common, CallStatus: 'ringing', Timestamp: at(3) });
    assert.equal(late.status, 200);
    assert.deepEqual((await t.get(`/api/v1/calls/${id}`)).json, call);
  });

  it('records a no-answer: never answered, duration 0', async () => {
    const id = (await createCall(t, ids)).json.id;
    const common = { CallSid: newCallSid(), From: AGENT_NUMBER, To: '+14155550123', Direction: 'outbound-api' };
    for (const [CallStatus, s] of [
      ['initiated', 0],
      ['ringing', 1],
      ['no-answer', 31],
    ] as const) {
      assert.equal((await status({ ...common, CallStatus, Timestamp: at(s), CallDuration: '0' }, `?callId=${id}`)).status, 200);
    }
    const call = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.equal(call.status, 'no-answer');
    assert.equal(call.startedAt, '2025-03-17T14:30:00.000Z');
    assert.equal(call.answeredAt, '');
    assert.equal(call.endedAt, '2025-03-17T14:30:31.000Z');
    assert.equal(call.duration, 0);
    assert.equal(call.recordingUrl, '');
  });

  it('creates an inbound call from an unknown number, matched to the agent by the number called', async () => {
    const caller = '+14155559876';
    const common = { CallSid: newCallSid(), From: caller, To: AGENT_NUMBER, Direction: 'inbound', CallerName: 'WIRELESS CALLER' };
    assert.equal((await status({ ...common, CallStatus: 'ringing', Timestamp: at(0) })).status, 200);
    const list = await byPhone(caller);
    assert.equal(list.length, 1);
    const id = list[0].id;
    assert.equal(list[0].status, 'ringing');
    await status({ ...common, CallStatus: 'in-progress', Timestamp: at(4) });
    await status({ ...common, CallStatus: 'completed', Timestamp: at(64), CallDuration: '60' });

    const call = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.equal(call.status, 'completed');
    assert.equal(call.direction, 'inbound');
    assert.equal(call.channel, 'call');
    assert.equal(call.agentId, ids.agentId);
    assert.equal(call.agentPhone, AGENT_NUMBER);
    assert.equal(call.agentEmail, 'ada@example.com');
    assert.equal(call.customerPhone, caller);
    assert.match(call.customerId, /^[0-9a-f-]{36}$/);
    assert.equal(call.customerName, '');
    assert.equal(call.customerEmail, '');
    assert.equal(call.skillId, '');
    assert.equal(call.startedAt, '2025-03-17T14:30:00.000Z');
    assert.equal(call.answeredAt, '2025-03-17T14:30:04.000Z');
    assert.equal(call.endedAt, '2025-03-17T14:31:04.000Z');
    assert.equal(call.duration, 60);
    const customer = (await t.get(`/api/v1/customers/${call.customerId}`)).json;
    assert.equal(customer.phone, caller);

    // The same caller again: a second call, the same customer.
    await status({
      CallSid: newCallSid(),
      From: caller,
      To: AGENT_NUMBER,
      Direction: 'inbound',
      CallStatus: 'ringing',
      Timestamp: at(600),
    });
    const both = await byPhone(caller);
    assert.equal(both.length, 2);
    assert.equal(both[0].customerId, call.customerId);
  });

  it('keeps agentId and skillId "" when no agent has the number called', async () => {
    const caller = '+14155554321';
    await status({
      CallSid: newCallSid(),
      From: caller,
      To: '+14155550999',
      Direction: 'inbound',
      CallStatus: 'in-progress',
      Timestamp: at(0),
    });
    const [call] = await byPhone(caller);
    assert.equal(call.status, 'in-progress');
    assert.equal(call.agentId, '');
    assert.equal(call.agentPhone, '');
    assert.equal(call.skillId, '');
    assert.equal(call.customerPhone, caller);
    assert.equal(call.startedAt, '2025-03-17T14:30:00.000Z');
    assert.equal(call.answeredAt, '2025-03-17T14:30:00.000Z');
  });

  it('ignores duplicates and late callbacks, whatever order they arrive in', async () => {
    const caller = '+14155551111';
    const common = { CallSid: newCallSid(), From: caller, To: AGENT_NUMBER, Direction: 'inbound' };
    const ringing = { ...common, CallStatus: 'ringing', Timestamp: at(0), SequenceNumber: '0' };
    const answered = { ...common, CallStatus: 'in-progress', Timestamp: at(5), SequenceNumber: '1' };
    const completed = { ...common, CallStatus: 'completed', Timestamp: at(125), CallDuration: '120', SequenceNumber: '2' };
    // Completed arrives first, then everything else, twice.
    await status(completed);
    const [first] = await byPhone(caller);
    assert.equal(first.status, 'completed');
    assert.equal(first.answeredAt, '2025-03-17T14:30:05.000Z', 'answered CallDuration seconds before the end');
    assert.equal(first.startedAt, '2025-03-17T14:30:05.000Z');
    assert.equal(first.endedAt, '2025-03-17T14:32:05.000Z');
    assert.equal(first.duration, 120);
    t.advance(1000);
    for (const params of [ringing, answered, completed, ringing, answered, completed]) {
      assert.equal((await status(params)).status, 200);
    }
    assert.deepEqual((await t.get(`/api/v1/calls/${first.id}`)).json, first, 'nothing changed, not even updatedAt');
    assert.equal((await byPhone(caller)).length, 1);
  });

  it('applies a callback once when it arrives twice', async () => {
    const id = (await createCall(t, ids)).json.id;
    const common = { CallSid: newCallSid(), From: AGENT_NUMBER, To: '+14155550123', Direction: 'outbound-api' };
    await status({ ...common, CallStatus: 'ringing', Timestamp: at(0) }, `?callId=${id}`);
    await status({ ...common, CallStatus: 'in-progress', Timestamp: at(7) }, `?callId=${id}`);
    const once = (await t.get(`/api/v1/calls/${id}`)).json;
    t.advance(5000);
    await status({ ...common, CallStatus: 'in-progress', Timestamp: at(7) }, `?callId=${id}`);
    await status({ ...common, CallStatus: 'ringing', Timestamp: at(0) }, `?callId=${id}`);
    const twice = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.deepEqual({ ...twice, duration: 0 }, { ...once, duration: 0 });
    assert.equal(twice.answeredAt, '2025-03-17T14:30:07.000Z');
    assert.equal(twice.status, 'in-progress');
  });

  it('makes one call when first callbacks of a new CallSid arrive at once', async () => {
    const caller = '+14155552222';
    const common = { CallSid: newCallSid(), From: caller, To: AGENT_NUMBER, Direction: 'inbound' };
    const replies = await Promise.all([
      status({ ...common, CallStatus: 'ringing', Timestamp: at(0) }),
      status({ ...common, CallStatus: 'ringing', Timestamp: at(0) }),
      status({ ...common, CallStatus: 'in-progress', Timestamp: at(3) }),
      status({ ...common, CallStatus: 'in-progress', Timestamp: at(3) }),
    ]);
    assert.deepEqual(
      replies.map((r) => r.status),
      [200, 200, 200, 200],
    );
    const calls = await byPhone(caller);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].status, 'in-progress');
    assert.equal(calls[0].answeredAt, '2025-03-17T14:30:03.000Z');
    const customers = (await t.get(`/api/v1/customers?phone=${encodeURIComponent(caller)}`)).json;
    assert.equal(customers.length, 1);
  });

  it('answers 4xx, never 5xx, to malformed callbacks, and changes nothing', async () => {
    const id = (await createCall(t, ids)).json.id;
    const before = (await t.get(`/api/v1/calls/${id}`)).json;
    const sid = newCallSid();
    const q = `?callId=${id}`;
    const cases: [Record<string, string>, string, number][] = [
      [{}, '', 400],
      [{ CallSid: 'nonsense', CallStatus: 'ringing' }, q, 400],
      [{ CallSid: sid }, q, 400],
      [{ CallSid: sid, CallStatus: 'exploded' }, q, 400],
      [{ CallSid: sid, CallStatus: 'completed', CallDuration: '-5' }, q, 400],
      [{ CallSid: sid, CallStatus: 'completed', CallDuration: '1e9999' }, q, 400],
      [{ CallSid: sid, CallStatus: 'ringing', Timestamp: 'yesterday-ish' }, q, 400],
      [{ CallSid: sid, CallStatus: 'ringing', Timestamp: 'Fri, 31 Dec 275760 00:00:00 +0000' }, q, 400],
      [{ CallSid: sid, CallStatus: 'ringing' }, '?callId=not-a-uuid', 404],
      [{ CallSid: sid, CallStatus: 'ringing' }, '?callId=123e4567-e89b-12d3-a456-426614174000', 404],
      [{ CallSid: sid, CallStatus: 'ringing' }, `${q}&callId=${id}`, 400],
    ];
    for (const [params, query, expected] of cases) {
      const res = await status(params, query);
      assert.equal(res.status, expected, `${JSON.stringify(params)} ${query}: ${res.body}`);
      assert.equal(typeof res.json?.code, 'string');
    }
    const rec = await sendTwilio(t, tw, '/webhooks/twilio/voice/recording', {
      CallSid: newCallSid(),
      RecordingStatus: 'completed',
      RecordingUrl: 'https://x.example/r',
    });
    assert.equal(rec.status, 404, 'a recording of a call never seen');
    const bad = await sendTwilio(t, tw, `/webhooks/twilio/voice/recording${q}`, {
      RecordingStatus: 'completed',
      RecordingUrl: 'javascript:alert(1)',
    });
    assert.equal(bad.status, 400);
    const pending = await sendTwilio(t, tw, `/webhooks/twilio/voice/recording${q}`, { RecordingStatus: 'in-progress' });
    assert.equal(pending.status, 200);
    assert.deepEqual((await t.get(`/api/v1/calls/${id}`)).json, before);
  });

  it('answers a CallStatus naming an object property (constructor, __proto__, toString) as an unknown status: 400, the call unchanged', async () => {
    const id = (await createCall(t, ids)).json.id;
    const before = (await t.get(`/api/v1/calls/${id}`)).json;
    for (const CallStatus of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await status({ CallSid: newCallSid(), CallStatus }, `?callId=${id}`);
      assert.equal(res.status, 400, `${CallStatus}: ${res.body}`);
      assert.equal(res.json.code, 'VALIDATION_ERROR');
      assert.match(res.json.message, /^CallStatus must be one of: /);
    }
    assert.deepEqual((await t.get(`/api/v1/calls/${id}`)).json, before);
  });

  it('accepts client and SIP legs: a caller id that is not a phone number leaves the customer phone ""', async () => {
    const res = await status({
      CallSid: newCallSid(),
      From: 'client:alice',
      To: AGENT_NUMBER,
      Direction: 'inbound',
      CallStatus: 'ringing',
      Timestamp: at(0),
    });
    assert.equal(res.status, 200);
    const ringing = (await t.get(`/api/v1/calls?status=ringing&agentId=${ids.agentId}`)).json;
    assert.ok(ringing.some((c: { customerPhone: string }) => c.customerPhone === ''));
  });
});
