import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/app.js';
import { STORE_KINDS, createTestStore } from '../helpers/harness.js';

const config = { bodyLimit: 1 << 20, keyCacheMs: 0, maxMessagesPerCall: 10_000, logLevel: 'silent' };

for (const kind of STORE_KINDS) {
  describe(`benchmark bare route [${kind}]`, () => {
    const stores: { cleanup(): Promise<void> }[] = [];
    after(async () => {
      for (const s of stores) await s.cleanup();
    });

    it('does not exist unless CALLS_API_BENCH_BARE is on', async () => {
      const ts = await createTestStore(kind);
      stores.push(ts);
      const { app } = await buildApp({ store: ts.store, config });
      assert.equal((await app.inject({ url: '/__bench/bare/x' })).statusCode, 404);
      assert.equal((await app.inject({ method: 'PUT', url: '/__bench/bare', payload: 'x', headers: { 'content-type': 'application/octet-stream' } })).statusCode, 404);
      await app.close();
    });

    it('answers the stored bytes as JSON, without auth, when on', async () => {
      const ts = await createTestStore(kind);
      stores.push(ts);
      const { app } = await buildApp({ store: ts.store, config: { ...config, benchBare: true } });
      const bytes = Buffer.from('{"id":"x","messages":[]}');
      const put = await app.inject({ method: 'PUT', url: '/__bench/bare', payload: bytes, headers: { 'content-type': 'application/octet-stream' } });
      assert.equal(put.statusCode, 204);
      const res = await app.inject({ url: '/__bench/bare/123e4567-e89b-12d3-a456-426614174000' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(res.rawPayload, bytes);
      assert.equal((await app.inject({ url: '/openapi.json' })).body.includes('__bench'), false);
      await app.close();
    });
  });
}
