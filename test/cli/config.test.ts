import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';

describe('Server configuration', () => {
  it('keeps the compact heap on unless COMPACT_HEAP turns it off, and refuses a malformed value', () => {
    assert.equal(loadConfig({}).compactHeap, true);
    assert.equal(loadConfig({ COMPACT_HEAP: 'on' }).compactHeap, true);
    assert.equal(loadConfig({ COMPACT_HEAP: '0' }).compactHeap, false);
    assert.equal(loadConfig({ COMPACT_HEAP: 'off' }).compactHeap, false);
    assert.throws(() => loadConfig({ COMPACT_HEAP: 'small' }), /COMPACT_HEAP must be on or off/);
  });

  it('reads TRUST_PROXY as Fastify takes it: off by default, true, a hop count, or addresses and CIDRs', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: 'off' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', '::1']);
    for (const bad of ['10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/1', '::1/129']) {
      assert.throws(() => loadConfig({ TRUST_PROXY: bad }), /TRUST_PROXY must be/, bad);
    }
  });
});
