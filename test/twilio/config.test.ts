import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';

describe('Twilio configuration', () => {
  it('reads PUBLIC_URL, SECRETS_KEY and TWILIO_OUTBOUND', () => {
    const hex = 'ab'.repeat(32);
    const c = loadConfig({ PUBLIC_URL: 'https://calls.example.com/base/', SECRETS_KEY: hex, TWILIO_OUTBOUND: 'on' });
    assert.equal(c.publicUrl, 'https://calls.example.com/base');
    assert.deepEqual(c.secretsKey, Buffer.from(hex, 'hex'));
    assert.equal(c.twilioOutbound, true);
    const b64 = Buffer.alloc(32, 3).toString('base64');
    assert.deepEqual(loadConfig({ SECRETS_KEY: b64 }).secretsKey, Buffer.alloc(32, 3));
    const defaults = loadConfig({});
    assert.equal(defaults.publicUrl, '');
    assert.equal(defaults.secretsKey, undefined);
    assert.equal(defaults.twilioOutbound, false);
  });

  it('refuses to start with a malformed value', () => {
    assert.throws(() => loadConfig({ SECRETS_KEY: Buffer.alloc(16).toString('base64') }), /SECRETS_KEY must be 32 bytes/);
    assert.throws(() => loadConfig({ SECRETS_KEY: 'not a key!' }), /SECRETS_KEY/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'calls.example.com' }), /PUBLIC_URL/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'https://calls.example.com/?x=1' }), /PUBLIC_URL/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'ftp://calls.example.com' }), /PUBLIC_URL/);
    assert.throws(() => loadConfig({ TWILIO_OUTBOUND: 'maybe' }), /TWILIO_OUTBOUND/);
  });
});
