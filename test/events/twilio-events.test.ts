/** Events of the changes Twilio's callbacks make (calls created by a first report, threads, receipts), on every store. */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import {
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
const T0 = Date.parse('2025-03-17T14:30:00.000Z');
const at = (seconds: number) => rfc2822(T0 + seconds * 1000);

describeEachStore('Events of Twilio callbacks', TWILIO_OPTIONS, (t) => {
  let tw: TwilioAccount;
  const eventsOf = async (callId: string) =>
    ((await t.get(`/api/v1/events?callId=${callId}`)).json as { type: string; sequence: number; data: { status?: string } }[]).map((e) => [
      e.type,
      e.sequence,
      e.data.status,
    ]);
  const callOf = async (phone: string) =>
    ((await t.get(`/api/v1/calls?customerPhone=${encodeURIComponent(phone)}`)).json as { id: string }[])[0].id;
  before(async () => {
    await seedAgentAndSkill(t);
    tw = newTwilioAccount();
    await configureTwilio(t, tw);
  });

  it('an inbound call: created by its first report, then updated, then ended', async () => {
    const caller = '+14155558001';
    const common = { CallSid: newCallSid(), From: caller, To: AGENT_NUMBER, Direction: 'inbound' };
    const status = (p: Record<string, string>) => sendTwilio(t, tw, '/webhooks/twilio/voice/status', { ...common, ...p });
    assert.equal((await status({ CallStatus: 'ringing', Timestamp: at(0) })).status, 200);
    await status({ CallStatus: 'in-progress', Timestamp: at(4) });
    await status({ CallStatus: 'completed', Timestamp: at(64), CallDuration: '60' });
    assert.deepEqual(await eventsOf(await callOf(caller)), [
      ['call.created', 1, 'ringing'],
      ['call.updated', 2, 'in-progress'],
      ['call.ended', 3, 'completed'],
    ]);
  });

  it('a call whose first report is its end: call.created and call.ended', async () => {
    const caller = '+14155558002';
    const res = await sendTwilio(t, tw, '/webhooks/twilio/voice/status', {
      CallSid: newCallSid(),
      From: caller,
      To: AGENT_NUMBER,
      Direction: 'inbound',
      CallStatus: 'no-answer',
      Timestamp: at(30),
    });
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(await eventsOf(await callOf(caller)), [
      ['call.created', 1, 'no-answer'],
      ['call.ended', 2, 'no-answer'],
    ]);
  });

  it('an SMS thread: the call and its first message, the next message, a delivery receipt', async () => {
    const customer = '+14155558003';
    const incoming = (sid: string, body: string) =>
      sendTwilio(t, tw, '/webhooks/twilio/messaging/incoming', {
        MessageSid: sid,
        SmsSid: sid,
        From: customer,
        To: AGENT_NUMBER,
        Body: body,
        NumMedia: '0',
      });
    assert.equal((await incoming(newMessageSid(), 'Hello')).status, 200);
    assert.equal((await incoming(newMessageSid(), 'Anyone?')).status, 200);
    const id = await callOf(customer);
    const reply = newMessageSid();
    await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'Yes!', sid: reply, status: 'queued' });
    const receipt = await sendTwilio(t, tw, '/webhooks/twilio/messaging/status', { MessageSid: reply, MessageStatus: 'delivered' });
    assert.equal(receipt.status, 200, receipt.body);
    assert.deepEqual(
      (await eventsOf(id)).map(([type, sequence]) => [type, sequence]),
      [
        ['call.created', 1],
        ['message.created', 2],
        ['message.created', 3],
        ['message.created', 4],
        ['message.updated', 5],
      ],
    );
  });
});
