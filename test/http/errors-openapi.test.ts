import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, type AnyJson } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';

describeEachStore('Errors and OpenAPI', { bodyLimit: 4096 }, (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  const shape = (body: unknown) => {
    assert.deepEqual(Object.keys(body as object), ['statusCode', 'error', 'code', 'message', 'requestId']);
  };

  it("answers Fastify's own errors in the contract shape with stable codes", async () => {
    const route = await t.get('/api/v1/nothing-here');
    assert.equal(route.status, 404);
    assert.equal(route.json.code, 'ROUTE_NOT_FOUND');
    shape(route.json);
    const unauthRoute = await t.request({ url: '/nowhere', auth: false });
    assert.equal(unauthRoute.json.code, 'ROUTE_NOT_FOUND');

    const badJson = await t.request({
      method: 'POST',
      url: '/api/v1/calls',
      payload: '{"agentId": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(badJson.status, 400);
    assert.equal(badJson.json.code, 'INVALID_JSON');
    shape(badJson.json);

    const empty = await t.request({ method: 'POST', url: '/api/v1/calls', payload: '', headers: { 'content-type': 'application/json' } });
    assert.equal(empty.status, 400);
    assert.equal(empty.json.code, 'INVALID_JSON');

    const proto = await t.request({
      method: 'POST',
      url: '/api/v1/agents',
      payload: '{"name":"x","__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(proto.status, 400);
    shape(proto.json);

    const form = await t.request({
      method: 'POST',
      url: '/api/v1/calls',
      payload: 'agentId=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 415);
    assert.equal(form.json.code, 'UNSUPPORTED_MEDIA_TYPE');
    shape(form.json);

    const big = await t.post('/api/v1/calls', { ...ids, channel: 'call', note: 'x'.repeat(5000) });
    assert.equal(big.status, 413);
    assert.equal(big.json.code, 'PAYLOAD_TOO_LARGE');
    shape(big.json);

    assert.equal((await t.get('/api/v1/calls?limit=500')).json.length, 0, 'no rejected request created anything');
  });

  it('serves an OpenAPI 3 document generated from the route schemas, with Basic auth on every /api/v1 operation', async () => {
    const res = await t.request({ url: '/openapi.json', auth: false });
    assert.equal(res.status, 200);
    const doc = res.json;
    assert.match(doc.openapi, /^3\./);
    assert.deepEqual(doc.components.securitySchemes.basicAuth, {
      type: 'http',
      scheme: 'basic',
      description: 'username = API key id, password = its secret',
    });
    const ops: [string, string, AnyJson][] = [];
    for (const [path, item] of Object.entries<Record<string, AnyJson>>(doc.paths)) {
      for (const [method, op] of Object.entries(item)) ops.push([path, method, op]);
    }
    const api = ops.filter(([p]) => p.startsWith('/api/v1'));
    assert.ok(api.length >= 18, `all API operations documented (${api.length})`);
    for (const [path, method, op] of api) {
      assert.deepEqual(op.security, [{ basicAuth: [] }], `${method} ${path} declares Basic auth`);
      assert.ok(op.responses['401'], `${method} ${path} documents 401`);
    }
    const get = doc.paths['/api/v1/calls/{id}'].get;
    assert.equal(get.summary, 'Get Call');
    assert.equal(get.parameters[0].name, 'id');
    const call = doc.components.schemas.Call;
    assert.deepEqual(Object.keys(call.properties).slice(0, 14), [
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
    ]);
    assert.equal(call.properties.duration.type, 'number');
    assert.ok(doc.paths['/api/v1/calls'].post.requestBody.content['application/json'].schema.required.includes('channel'));
  });
});
