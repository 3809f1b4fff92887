import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, seedAgentAndSkill, createCall, type TestApp } from '../helpers/harness.js';
import { describeEachStoreKind } from '../helpers/store-suites.js';
import { TWILIO_OPTIONS, configureTwilio, newTwilioAccount, sendTwilio, type TwilioAccount } from '../helpers/twilio.js';
import type { MessageSender, OutboundMessage } from '../../src/integrations/message-sender.js';

/** A fake provider that records what it was handed (no network). */
class RecordingSender implements MessageSender {
  sent: OutboundMessage[] = [];
  send(message: OutboundMessage) {
    this.sent.push(message);
    return Promise.resolve({ providerSid: 'SM' + 'f'.repeat(32) });
  }
}

describeEachStoreKind('Twilio outbound messages', (kind) => {
  let t: TestApp;
  let ids: { agentId: string; skillId: string };
  let tw: TwilioAccount;
  const sender = new RecordingSender();
  before(async () => {
    t = await startTestApp(kind, { ...TWILIO_OPTIONS, twilioOutbound: true, messageSender: sender });
    ids = await seedAgentAndSkill(t);
    tw = newTwilioAccount();
    await configureTwilio(t, tw);
  });
  after(() => t.close());

  it('hands an agent message on an sms thread to the sender, and takes its delivery receipts', async () => {
    const id = (await createCall(t, ids, { channel: 'sms' })).json.id;
    const msg = await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'Your order has shipped' });
    assert.equal(msg.status, 201);
    await t.twilio.outbound!.idle();
    assert.equal(sender.sent.length, 1);
    const sent = sender.sent[0];
    assert.deepEqual(
      { ...sent, credentials: undefined },
      {
        accountId: t.account.accountId,
        callId: id,
        sid: msg.json.sid,
        channel: 'sms',
        from: '+14155550100',
        to: '+14155550123',
        body: 'Your order has shipped',
        mediaUrl: '',
        statusCallback: `https://calls.example.com/webhooks/twilio/messaging/status?callId=${id}&sid=${msg.json.sid}`,
        credentials: undefined,
      },
    );
    assert.deepEqual(sent.credentials, tw);

    // Twilio reports on its own message sid; the callback URL names ours.
    const receipt = await sendTwilio(t, tw, `/webhooks/twilio/messaging/status?callId=${id}&sid=${msg.json.sid}`, {
      MessageSid: 'SM' + 'f'.repeat(32),
      MessageStatus: 'delivered',
    });
    assert.equal(receipt.status, 200, receipt.body);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.messages[0].status, 'delivered');
  });

  it('sends nothing for customer messages, voice calls, or accounts without Twilio', async () => {
    sender.sent = [];
    const sms = (await createCall(t, ids, { channel: 'sms' })).json.id;
    await t.post(`/api/v1/calls/${sms}/messages`, { sender: 'customer', content: 'hi' });
    const voice = (await createCall(t, ids)).json.id;
    await t.post(`/api/v1/calls/${voice}/messages`, { sender: 'agent', content: 'said on the phone' });
    const other = await t.newAccount();
    const otherIds = await seedAgentAndSkill(t, other);
    const otherSms = (await createCall(t, otherIds, { channel: 'sms' }, other)).json.id;
    await t.post(`/api/v1/calls/${otherSms}/messages`, { sender: 'agent', content: 'no Twilio here' }, other);
    await t.twilio.outbound!.idle();
    assert.deepEqual(sender.sent, []);
  });

  it('is off by default', async () => {
    const off = new RecordingSender();
    const plain = await startTestApp(kind, { ...TWILIO_OPTIONS, messageSender: off });
    try {
      const plainIds = await seedAgentAndSkill(plain);
      await configureTwilio(plain, newTwilioAccount());
      const id = (await createCall(plain, plainIds, { channel: 'whatsapp' })).json.id;
      assert.equal((await plain.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'hello' })).status, 201);
      assert.equal(plain.twilio.outbound, undefined);
      assert.deepEqual(off.sent, []);
    } finally {
      await plain.close();
    }
  });
});
