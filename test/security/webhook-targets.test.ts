/**
 * The SSRF guard of webhook targets: refused when an endpoint is saved (400 naming the reason)
 * and again when a delivery connects (a name that resolves to a guarded address by then).
 */
import { it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeEachStore } from '../helpers/store-suites.js';
import { startReceiver } from '../helpers/webhook-receiver.js';
import { refusedAddress } from '../../src/integrations/webhooks/address-guard.js';
import { WebhookSender } from '../../src/integrations/webhooks/sender.js';

describe('webhook address guard', () => {
  it('allows public unicast addresses and names each refused range', () => {
    assert.equal(refusedAddress('93.184.216.34'), undefined);
    assert.equal(refusedAddress('2606:4700::1111'), undefined);
    const refused: [string, RegExp][] = [
      ['127.0.0.1', /loopback/],
      ['::1', /loopback/],
      ['10.1.2.3', /private/],
      ['172.16.0.1', /private/],
      ['192.168.1.1', /private/],
      ['fd12::1', /private/],
      ['169.254.169.254', /link-local.*metadata/],
      ['fe80::1', /link-local/],
      ['fd00:ec2::254', /metadata/],
      ['100.64.0.1', /carrier-grade NAT/],
      ['224.0.0.1', /multicast/],
      ['ff02::1', /multicast/],
      ['0.0.0.0', /unspecified/],
      ['::ffff:127.0.0.1', /loopback/],
      ['192.0.2.1', /reserved/],
    ];
    for (const [address, reason] of refused) assert.match(refusedAddress(address) ?? 'allowed', reason, address);
  });

  it('refuses at connect time a name that resolves to a guarded address', async () => {
    const receiver = await startReceiver();
    const sender = new WebhookSender({ timeoutMs: 2000, allowPrivateNetworks: false });
    try {
      const viaName = await sender.send({ url: receiver.url.replace('127.0.0.1', 'localhost'), body: '{}', headers: {} });
      assert.match(viaName.kind === 'error' ? viaName.error : viaName.kind, /loopback/);
      const viaLiteral = await sender.send({ url: receiver.url, body: '{}', headers: {} });
      assert.match(viaLiteral.kind === 'error' ? viaLiteral.error : '', /127\.0\.0\.1 is a loopback address/);
      assert.equal(receiver.received.length, 0);
    } finally {
      sender.close();
      await receiver.close();
    }
  });
});

describeEachStore('webhook targets refused on save', { secretsKey: randomBytes(32) }, (t) => {
  it('answers 400 WEBHOOK_URL_REFUSED naming the reason', async () => {
    const cases: [string, RegExp][] = [
      ['http://127.0.0.1:8080/hook', /127\.0\.0\.1 is a loopback address/],
      ['http://localhost/hook', /loopback/],
      ['http://[::1]/hook', /loopback/],
      ['http://10.0.0.5/hook', /private-network/],
      ['http://169.254.169.254/latest/meta-data', /link-local/],
      ['http://100.64.1.1/', /carrier-grade NAT/],
      ['http://239.1.1.1/', /multicast/],
    ];
    for (const [url, reason] of cases) {
      const res = await t.post('/api/v1/webhooks', { url });
      assert.equal(res.status, 400, url);
      assert.equal(res.json.code, 'WEBHOOK_URL_REFUSED', url);
      assert.match(res.json.message, reason, url);
    }
    const created = await t.post('/api/v1/webhooks', { url: 'https://93.184.216.34/hook', enabled: false });
    assert.equal(created.status, 201, created.body);
    const moved = await t.put(`/api/v1/webhooks/${created.json.id}`, { url: 'http://192.168.0.10/' });
    assert.equal(moved.json.code, 'WEBHOOK_URL_REFUSED');
  });
});

describeEachStore('webhook endpoints without SECRETS_KEY', (t) => {
  it('answers 503 SECRETS_KEY_MISSING rather than store a secret in the clear', async () => {
    const res = await t.post('/api/v1/webhooks', { url: 'https://93.184.216.34/hook' });
    assert.equal(res.status, 503);
    assert.equal(res.json.code, 'SECRETS_KEY_MISSING');
  });
});
