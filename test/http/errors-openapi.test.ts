import { it, before, describe } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { seedAgentAndSkill, type AnyJson } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { ERROR_CATALOGUE } from '../../src/contract/errors.js';
import { deriveOperationId } from '../../src/http/openapi-conventions.js';

interface Operation {
  operationId: string;
  summary?: string;
  tags: string[];
  security?: unknown;
  responses: Partial<Record<string, { $ref?: string; description?: string }>>;
}

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
    assert.match(empty.json.message, /must not be empty/);

    // A route that reads no body takes a request labelled JSON with none (clients that label every request).
    const created = await t.post('/api/v1/calls', { ...ids, channel: 'call' });
    const emptyDelete = await t.request({
      method: 'DELETE',
      url: `/api/v1/calls/${String(created.json.id)}`,
      payload: '',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(emptyDelete.status, 204);
    assert.equal((await t.get(`/api/v1/calls/${String(created.json.id)}`)).status, 404);

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
    assert.deepEqual(doc.paths['/api/v1/calls'].post.requestBody.content['application/json'].schema, {
      $ref: '#/components/schemas/CreateInteractionInput',
    });
    assert.ok(doc.components.schemas.CreateInteractionInput.required.includes('channel'));
  });

  it("serves a document that lints clean under Redocly's recommended rules (0 errors, 0 warnings)", async () => {
    const source = (await t.request({ url: '/openapi.json', auth: false })).body;
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0].pointer ?? '?'}`);
    assert.deepEqual(found, []);
  });

  it('gives every operation an operationId, summary, declared tags, security and the shared error answers', async () => {
    const doc = (await t.request({ url: '/openapi.json', auth: false })).json;
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.servers.length > 0);
    const declaredTags = new Set(doc.tags.map((tag: { name: string; description: string }) => tag.name));
    const ids = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, Operation>>(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method} ${path}`;
        assert.match(op.operationId, /^[a-z][A-Za-z]+$/, where);
        assert.ok(!ids.has(op.operationId), `${where}: operationId unique`);
        ids.add(op.operationId);
        assert.ok(op.summary, where);
        for (const tag of op.tags) assert.ok(declaredTags.has(tag), `${where}: tag ${tag} declared`);
        assert.ok(Array.isArray(op.security), `${where}: security declared`);
        for (const status of ['414', '431', '500', '503']) assert.ok(op.responses[status]?.$ref, `${where}: ${status}`);
        for (const [status, response] of Object.entries(op.responses)) {
          assert.notEqual(response?.description, 'Default Response', `${where} ${status}`);
        }
      }
    }
    for (const id of [
      'getCall',
      'createCall',
      'updateCall',
      'listCalls',
      'appendMessage',
      'updateMessageStatus',
      'listAgents',
      'getCustomer',
    ]) {
      assert.ok(ids.has(id), id);
    }
    // The error code is an enum of the whole catalogue, so clients can switch on it exhaustively.
    assert.deepEqual(doc.components.schemas.ErrorBody.properties.code.enum, Object.keys(ERROR_CATALOGUE));
    assert.ok(doc.components.responses.Unauthorized.headers['WWW-Authenticate']);
    assert.ok(doc.components.responses.TooManyRequests.headers['Retry-After']);
    const list = doc.paths['/api/v1/calls'].get.responses['200'];
    assert.deepEqual(Object.keys(list.headers).sort(), ['ETag', 'Link', 'X-Next-Cursor', 'X-Request-Id']);
    assert.ok(doc.paths['/api/v1/calls/{id}'].get.responses['304']);
    assert.equal(doc.components.schemas.Call.properties.status.enum.length, 19);
  });

  it('derives readable operationIds for routes that name none', () => {
    assert.equal(deriveOperationId('GET', '/api/v1/events'), 'listEvents');
    assert.equal(deriveOperationId('POST', '/api/v1/agents'), 'createAgent');
    assert.equal(deriveOperationId('DELETE', '/api/v1/customers/:id'), 'deleteCustomer');
    assert.equal(deriveOperationId('PATCH', '/api/v1/agents/{id}'), 'updateAgent');
    assert.equal(deriveOperationId('POST', '/api/v1/calls/:id/redact'), 'postCallsRedact');
  });
});

describe('The error catalogue', () => {
  it('is documented code by code in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const errorsSection = readme.slice(readme.indexOf('## Errors'), readme.indexOf('## Behaviour worth knowing'));
    for (const code of Object.keys(ERROR_CATALOGUE)) assert.ok(errorsSection.includes(`\`${code}\``), `${code} in the README's Errors`);
  });
});
