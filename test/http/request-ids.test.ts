import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { connect } from 'node:net';
import { startTestApp, seedAgentAndSkill, createCall, type TestApp } from '../helpers/harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Request ids are made by the HTTP layer alone, whatever the store: one SQLite app is enough. */
describe('request ids', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    t = await startTestApp('sqlite', { logStream: sink, logLevel: 'info' });
  });
  after(() => t.close());

  it('gives every answer an X-Request-Id, made here when the client sends none, and puts it in error bodies', async () => {
    const ok = await t.request({ url: '/healthz', auth: false, requestId: false });
    assert.match(String(ok.headers['x-request-id']), UUID);
    const other = await t.request({ url: '/healthz', auth: false, requestId: false });
    assert.notEqual(other.headers['x-request-id'], ok.headers['x-request-id'], 'one id per request');
    const missing = await t.request({ url: '/api/v1/calls/123e4567-e89b-12d3-a456-426614174000', requestId: false });
    assert.equal(missing.status, 404);
    assert.match(String(missing.headers['x-request-id']), UUID);
    assert.equal(missing.json.requestId, missing.headers['x-request-id']);
    const unauthorized = await t.request({ url: '/api/v1/calls', auth: false, requestId: false });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.json.requestId, unauthorized.headers['x-request-id']);
    const noRoute = await t.request({ url: '/nowhere', auth: false, requestId: false });
    assert.equal(noRoute.json.requestId, noRoute.headers['x-request-id']);
  });

  it('keeps a well-formed id the client sends, and replaces one that is not', async () => {
    const kept = await t.request({ url: '/api/v1/calls?limit=abc', requestId: 'client-req.42:7' });
    assert.equal(kept.status, 400);
    assert.equal(kept.headers['x-request-id'], 'client-req.42:7');
    assert.equal(kept.json.requestId, 'client-req.42:7');
    for (const bad of ['has spaces', 'x'.repeat(129), 'quote"d', '']) {
      const res = await t.request({ url: '/healthz', auth: false, requestId: bad });
      assert.match(String(res.headers['x-request-id']), UUID, JSON.stringify(bad));
    }
  });

  it('logs each request once with its id, key id and client address, never the secret', async () => {
    const ids = await seedAgentAndSkill(t);
    const call = await createCall(t, ids);
    lines.length = 0;
    const res = await t.request({ url: `/api/v1/calls/${call.json.id as string}`, requestId: 'trace-me-1' });
    assert.equal(res.status, 200);
    const line = lines.find((l) => l.reqId === 'trace-me-1');
    assert.ok(line, 'a log line carries the request id');
    assert.equal(line.keyId, t.account.username);
    assert.equal(line.route, '/api/v1/calls/:id');
    assert.equal(typeof line.clientAddress, 'string');
    assert.ok((line.clientAddress as string).length > 0);
    assert.equal(JSON.stringify(lines).includes(t.account.password), false);
  });

  it('answers a request the HTTP parser refuses with an id too', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = Number(new URL(address).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('\x00\x01 NOT HTTP\r\n\r\n'));
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
      socket.on('close', () => {
        resolve(text);
      });
      socket.on('error', reject);
    });
    const id = /\r\nX-Request-Id: ([0-9a-f-]+)\r\n/.exec(answer)?.[1];
    assert.match(id ?? '', UUID);
    assert.match(answer, new RegExp(`"requestId":"${id ?? 'none'}"`));
  });
});
