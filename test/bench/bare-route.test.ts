import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/app.js';
import { createTestStore, type TestStore } from '../helpers/harness.js';
import { bareRoute } from '../../bench/bare-route.js';

const config = { bodyLimit: 1 << 20, keyCacheMs: 0, maxMessagesPerCall: 10_000, logLevel: 'silent' };

describe('benchmark bare route', () => {
  const stores: TestStore[] = [];
  after(async () => {
    for (const s of stores) await s.cleanup();
  });

  it('is not part of the production app', async () => {
    const ts = await createTestStore('sqlite');
    stores.push(ts);
    const { app } = await buildApp({ store: ts.store, config });
    assert.equal((await app.inject({ url: '/__bench/bare/x' })).statusCode, 404);
    assert.equal(
      (await app.inject({ method: 'PUT', url: '/__bench/bare', payload: 'x', headers: { 'content-type': 'application/octet-stream' } }))
        .statusCode,
      404,
    );
    await app.close();
  });

  it('answers the stored bytes as JSON, without auth, when the benchmark registers it', async () => {
    const ts = await createTestStore('sqlite');
    stores.push(ts);
    const { app } = await buildApp({ store: ts.store, config, plugins: [bareRoute] });
    const bytes = Buffer.from('{"id":"x","messages":[]}');
    const put = await app.inject({
      method: 'PUT',
      url: '/__bench/bare',
      payload: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    assert.equal(put.statusCode, 204);
    const res = await app.inject({ url: '/__bench/bare/123e4567-e89b-12d3-a456-426614174000' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(res.rawPayload, bytes);
    assert.equal((await app.inject({ url: '/openapi.json' })).body.includes('__bench'), false);
    await app.close();
  });
});
