import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import {
  EMPTY_TWIML,
  TWILIO_OPTIONS,
  configureTwilio,
  newMessageSid,
  newTwilioAccount,
  sendTwilio,
  type TwilioAccount,
} from '../helpers/twilio.js';

const AGENT_NUMBER = '+14155550100';

describeEachStore('Twilio messaging callbacks', TWILIO_OPTIONS, (t) => {
  let ids: { agentId: string; skillId: string };
  let tw: TwilioAccount;
  const incoming = (params: Record<string, string>) => sendTwilio(t, tw, '/webhooks/twilio/messaging/incoming', params);
  const receipt = (params: Record<string, string>, query = '') => sendTwilio(t, tw, `/webhooks/twilio/messaging/status${query}`, params);
  const threads = async (phone: string) => (await t.get(`/api/v1/calls?customerPhone=${encodeURIComponent(phone)}`)).json;
  before(async () => {
    ids = await seedAgentAndSkill(t);
    tw = newTwilioAccount();
    await configureTwilio(t, tw);
  });

  it('threads an SMS conversation and applies delivery receipts arriving out of order', async () => {
    const customer = '+14155553333';
    const first = newMessageSid();
    const res = await incoming({
      MessageSid: first,
      SmsSid: first,
      From: customer,
      To: AGENT_NUMBER,
      Body: 'Hi, my invoice is wrong',
      NumMedia: '0',
      NumSegments: '1',
    });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.body, EMPTY_TWIML);
    assert.match(String(res.headers['content-type']), /^text\/xml/);
    const [thread] = await threads(customer);
    const id = thread.id;
    assert.equal(thread.status, 'open');
    assert.equal(thread.channel, 'sms');
    assert.equal(thread.direction, 'inbound');
    assert.equal(thread.agentId, ids.agentId);

    // The agent answers through the API with Twilio's sid for its reply; receipts arrive out of order.
    t.advance(30_000);
    const reply = newMessageSid();
    const appended = await t.post(`/api/v1/calls/${id}/messages`, {
      sender: 'agent',
      content: 'Sorry! Which invoice?',
      sid: reply,
      status: 'queued',
    });
    assert.equal(appended.status, 201);
    for (const MessageStatus of ['delivered', 'sent', 'queued', 'sending', 'delivered']) {
      assert.equal((await receipt({ MessageSid: reply, MessageStatus })).status, 200);
    }
    const afterReceipts = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.equal(afterReceipts.messages[1].status, 'delivered', 'never back from delivered');
    assert.equal((await receipt({ MessageSid: reply, MessageStatus: 'read' })).status, 200);

    // A second inbound message with media joins the same open thread.
    t.advance(30_000);
    const second = 'MM' + newMessageSid().slice(2);
    await incoming({
      MessageSid: second,
      From: customer,
      To: AGENT_NUMBER,
      Body: 'INV-42',
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/media/ME1',
      MediaContentType0: 'image/jpeg',
    });
    // The same inbound message delivered twice changes nothing.
    await incoming({
      MessageSid: second,
      From: customer,
      To: AGENT_NUMBER,
      Body: 'INV-42',
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/media/ME1',
    });

    const call = (await t.get(`/api/v1/calls/${id}`)).json;
    assert.equal((await threads(customer)).length, 1);
    assert.deepEqual(call.messages, [
      {
        sid: first,
        timestamp: '2025-03-17T14:30:00.000Z',
        sender: 'customer',
        content: 'Hi, my invoice is wrong',
        mediaUrl: '',
        status: 'received',
      },
      {
        sid: reply,
        timestamp: '2025-03-17T14:30:30.000Z',
        sender: 'agent',
        content: 'Sorry! Which invoice?',
        mediaUrl: '',
        status: 'read',
      },
      {
        sid: second,
        timestamp: '2025-03-17T14:31:00.000Z',
        sender: 'customer',
        content: 'INV-42',
        mediaUrl: 'https://api.twilio.com/media/ME1',
        status: 'received',
      },
    ]);
    assert.equal(call.transcription, 'Customer: Hi, my invoice is wrong\nAgent: Sorry! Which invoice?\nCustomer: INV-42');
    assert.equal(call.customerPhone, customer);
    assert.equal(call.agentPhone, AGENT_NUMBER);
    assert.equal(call.status, 'open');
    assert.equal(call.updatedAt, '2025-03-17T14:31:00.000Z');

    // Once the thread is closed, the next message opens a new one.
    assert.equal((await t.put(`/api/v1/calls/${id}`, { status: 'closed' })).status, 200);
    t.advance(60_000);
    await incoming({ MessageSid: newMessageSid(), From: customer, To: AGENT_NUMBER, Body: 'One more thing' });
    const all = await threads(customer);
    assert.equal(all.length, 2);
    assert.equal(all[0].status, 'open');
    assert.equal(all[0].messages.length, 1);
    assert.equal(all[0].customerId, call.customerId);
  });

  it('keeps WhatsApp and SMS threads of one customer apart', async () => {
    const customer = '+14155554444';
    await incoming({ MessageSid: newMessageSid(), From: `whatsapp:${customer}`, To: `whatsapp:${AGENT_NUMBER}`, Body: 'Hola' });
    await incoming({ MessageSid: newMessageSid(), From: customer, To: AGENT_NUMBER, Body: 'Hello' });
    await incoming({ MessageSid: newMessageSid(), From: `whatsapp:${customer}`, To: `whatsapp:${AGENT_NUMBER}`, Body: '¿Hay alguien?' });
    const all = await threads(customer);
    assert.equal(all.length, 2);
    const wa = all.find((c: { channel: string }) => c.channel === 'whatsapp');
    const sms = all.find((c: { channel: string }) => c.channel === 'sms');
    assert.deepEqual(
      wa.messages.map((m: { content: string }) => m.content),
      ['Hola', '¿Hay alguien?'],
    );
    assert.deepEqual(
      sms.messages.map((m: { content: string }) => m.content),
      ['Hello'],
    );
    assert.equal(wa.customerId, sms.customerId);
    assert.equal(wa.agentId, ids.agentId);
  });

  it('appends to a thread created through the API for a known customer', async () => {
    const customer = '+14155555555';
    const created = await t.post('/api/v1/calls', {
      agentId: ids.agentId,
      skillId: ids.skillId,
      channel: 'sms',
      customerPhone: customer,
      customerName: 'Grace',
    });
    assert.equal(created.status, 200);
    await incoming({ MessageSid: newMessageSid(), From: customer, To: AGENT_NUMBER, Body: 'Got your text' });
    const call = (await t.get(`/api/v1/calls/${created.json.id}`)).json;
    assert.equal(call.messages.length, 1);
    assert.equal(call.customerName, 'Grace');
    assert.equal(call.skillId, ids.skillId);
    assert.equal((await threads(customer)).length, 1);
  });

  it('makes one thread and one message when the same new message arrives twice at once', async () => {
    const customer = '+14155556666';
    const sid = newMessageSid();
    const replies = await Promise.all([1, 2, 3].map(() => incoming({ MessageSid: sid, From: customer, To: AGENT_NUMBER, Body: 'Once' })));
    assert.deepEqual(
      replies.map((r) => r.status),
      [200, 200, 200],
    );
    const all = await threads(customer);
    assert.equal(all.length, 1);
    assert.equal(all[0].messages.length, 1);
  });

  it('answers 4xx, never 5xx, to malformed messaging callbacks', async () => {
    const cases: [string, Record<string, string>, number][] = [
      ['incoming', {}, 400],
      ['incoming', { MessageSid: 'SMnope', From: '+14155557777', Body: 'x' }, 400],
      ['incoming', { MessageSid: newMessageSid(), Body: 'x' }, 400],
      ['incoming', { MessageSid: newMessageSid(), From: 'not a number', Body: 'x' }, 400],
      ['incoming', { MessageSid: newMessageSid(), From: '+14155557777', NumMedia: 'lots' }, 400],
      ['incoming', { MessageSid: newMessageSid(), From: '+14155557777', NumMedia: '1', MediaUrl0: 'file:///etc/passwd' }, 400],
      ['status', { MessageSid: newMessageSid() }, 400],
      ['status', { MessageSid: newMessageSid(), MessageStatus: 'teleported' }, 400],
      ['status', { MessageSid: newMessageSid(), MessageStatus: 'constructor' }, 400],
      ['status', { MessageSid: newMessageSid(), MessageStatus: '__proto__' }, 400],
      ['status', { MessageSid: newMessageSid(), MessageStatus: 'delivered' }, 404],
    ];
    for (const [which, params, expected] of cases) {
      const res = which === 'incoming' ? await incoming(params) : await receipt(params);
      assert.equal(res.status, expected, `${which} ${JSON.stringify(params)}: ${res.body}`);
      assert.equal(typeof res.json?.code, 'string');
    }
    assert.equal((await threads('+14155557777')).length, 0);
  });
});
