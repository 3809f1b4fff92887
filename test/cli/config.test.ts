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

  it('reads the webhook settings with their defaults, and refuses malformed ones by name', () => {
    assert.deepEqual(loadConfig({}).webhooks, {
      worker: true,
      timeoutMs: 15_000,
      retrySchedule: [5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
      disableAfterMs: 5 * 86_400_000,
      allowPrivateNetworks: false,
      pollMs: 250,
    });
    const set = loadConfig({
      WEBHOOK_WORKER: 'off',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_RETRY_SCHEDULE: '200ms,1s',
      WEBHOOK_DISABLE_AFTER: '12h',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    }).webhooks;
    assert.deepEqual(
      [set.worker, set.timeoutMs, set.retrySchedule, set.disableAfterMs, set.allowPrivateNetworks],
      [false, 2000, [200, 1000], 43_200_000, true],
    );
    assert.throws(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: '5s,later' }), /WEBHOOK_RETRY_SCHEDULE must be durations/);
    assert.throws(() => loadConfig({ WEBHOOK_DISABLE_AFTER: 'forever' }), /WEBHOOK_DISABLE_AFTER must be a duration/);
    assert.throws(() => loadConfig({ WEBHOOK_WORKER: 'maybe' }), /WEBHOOK_WORKER must be on or off/);
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
