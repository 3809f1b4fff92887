import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { seedAgentAndSkill, createCall, TEST_REQUEST_ID } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';

/** The seed's example body, read from the published document. */
function seedExample(): Record<string, unknown> {
  const text = readFileSync(new URL('../../docs/seed-get-call.txt', import.meta.url), 'utf8');
  const start = text.indexOf('{\n  "id"');
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return JSON.parse(text.slice(start, i + 1));
  }
  throw new Error('no example in the seed');
}

const DOCUMENTED = [
  'id',
  'status',
  'agentPhone',
  'agentEmail',
  'customerPhone',
  'customerEmail',
  'agentId',
  'customerId',
  'skillId',
  'customerName',
  'transcription',
  'recordingUrl',
  'messages',
  'duration',
];
const EXTENSIONS = ['channel', 'direction', 'note', 'createdAt', 'updatedAt', 'startedAt', 'answeredAt', 'endedAt'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describeEachStore('Get Call', (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  it('answers the seed shape: the 14 documented fields in order with their types, then the extensions', async () => {
    const created = await createCall(t, ids);
    assert.equal(created.status, 200);
    const id = created.json.id;
    assert.equal(
      (await t.put(`/api/v1/calls/${id}`, { status: 'in-progress', recordingUrl: 'https://example.com/recording.wav' })).status,
      200,
    );
    t.advance(1_000);
    const msg = await t.post(`/api/v1/calls/${id}/messages`, {
      sender: 'agent',
      content: 'Hello, how can I assist you today?',
      sid: 'SM1234567890abcdef',
      mediaUrl: 'https://example.com/image.jpg',
      status: 'delivered',
      timestamp: '2025-03-17T14:30:00Z',
    });
    assert.equal(msg.status, 201);
    t.advance(7_200_000);
    assert.equal((await t.put(`/api/v1/calls/${id}`, { status: 'completed' })).status, 200);

    const res = await t.get(`/api/v1/calls/${id}`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json;
    assert.deepEqual(Object.keys(body), [...DOCUMENTED, ...EXTENSIONS]);

    const example = seedExample();
    for (const field of DOCUMENTED) {
      assert.ok(field in example, `${field} is in the seed`);
      if (field === 'duration') assert.equal(typeof body.duration, 'number', 'duration is a number (the schema), not the example string');
      else if (field === 'messages') assert.ok(Array.isArray(body.messages));
      else assert.equal(typeof body[field], 'string', `${field} is a string`);
    }
    assert.deepEqual(Object.keys(body.messages[0]), Object.keys((example.messages as object[])[0]));
    // Same message; timestamps are always written with milliseconds (same instant as the seed's).
    const seedMessage = (example.messages as Record<string, string>[])[0];
    assert.deepEqual(
      { ...body.messages[0], timestamp: Date.parse(body.messages[0].timestamp) },
      { ...seedMessage, timestamp: Date.parse(seedMessage.timestamp) },
    );
    assert.equal(body.messages[0].timestamp, '2025-03-17T14:30:00.000Z');

    assert.match(body.id, UUID);
    assert.equal(body.status, 'completed');
    assert.equal(body.agentPhone, '+14155550100');
    assert.equal(body.agentEmail, 'ada@example.com');
    assert.equal(body.customerPhone, '+14155550123');
    assert.equal(body.customerEmail, 'john@example.com');
    assert.equal(body.agentId, ids.agentId);
    assert.equal(body.skillId, ids.skillId);
    assert.match(body.customerId, UUID);
    assert.equal(body.customerName, 'John Doe');
    assert.equal(body.transcription, 'Agent: Hello, how can I assist you today?');
    assert.equal(body.recordingUrl, 'https://example.com/recording.wav');
    assert.equal(body.duration, 7201);
    assert.equal(body.channel, 'call');
    assert.equal(body.direction, 'outbound');
    assert.equal(body.answeredAt, '2025-03-17T14:30:00.000Z');
    assert.equal(body.endedAt, '2025-03-17T16:30:01.000Z');
  });

  it('answers "" for unknown strings and 0 duration on a new call', async () => {
    const created = await t.post('/api/v1/calls', { agentId: ids.agentId, skillId: ids.skillId, channel: 'sms' });
    const body = (await t.get(`/api/v1/calls/${created.json.id}`)).json;
    for (const f of [
      'customerPhone',
      'customerEmail',
      'customerName',
      'transcription',
      'recordingUrl',
      'note',
      'startedAt',
      'answeredAt',
      'endedAt',
    ]) {
      assert.equal(body[f], '', f);
    }
    assert.equal(body.duration, 0);
    assert.deepEqual(body.messages, []);
    assert.equal(body.status, 'queued');
  });

  it("answers 404 with the contract body for an unknown id, a malformed id and another account's call, byte for byte", async () => {
    const created = await createCall(t, ids);
    const other = await t.newAccount();
    const unknown = await t.get('/api/v1/calls/123e4567-e89b-12d3-a456-426614174000');
    const malformed = await t.get('/api/v1/calls/not-a-uuid');
    const foreign = await t.get(`/api/v1/calls/${created.json.id}`, other);
    assert.deepEqual(unknown.json, {
      statusCode: 404,
      error: 'Not Found',
      code: 'CALL_NOT_FOUND',
      message: 'Call not found',
      requestId: TEST_REQUEST_ID,
    });
    assert.equal(malformed.status, 404);
    assert.equal(foreign.status, 404);
    assert.equal(malformed.body, unknown.body);
    assert.equal(foreign.body, unknown.body);
  });

  it('keeps derived duration growing while the call is live', async () => {
    const created = await createCall(t, ids);
    const id = created.json.id;
    await t.put(`/api/v1/calls/${id}`, { status: 'in-progress' });
    t.advance(42_500);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.duration, 42);
    t.advance(10_000);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.duration, 52);
  });
});
