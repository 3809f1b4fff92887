import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';

describe('Twilio configuration', () => {
  it('reads PUBLIC_URL, SECRETS_KEY and TWILIO_OUTBOUND', () => {
    const hex = '43ce92b04e665f19fa2f8317bb547a55fbcae607063a4398f637f2d0113edc0e';
    const c = loadConfig({ PUBLIC_URL: 'https://calls.example.com/base/', SECRETS_KEY: hex, TWILIO_OUTBOUND: 'on' });
    assert.equal(c.publicUrl, 'https://calls.example.com/base');
    assert.deepEqual(c.secretsKey, Buffer.from(hex, 'hex'));
    assert.equal(c.twilioOutbound, true);
    const b64 = Buffer.from(hex, 'hex').toString('base64');
    assert.deepEqual(loadConfig({ SECRETS_KEY: b64 }).secretsKey, Buffer.from(hex, 'hex'));
    const defaults = loadConfig({});
    assert.equal(defaults.publicUrl, '');
    assert.equal(defaults.secretsKey, undefined);
    assert.equal(defaults.twilioOutbound, false);
  });

  it('refuses to start with a malformed value', () => {
    assert.throws(() => loadConfig({ SECRETS_KEY: Buffer.alloc(16).toString('base64') }), /SECRETS_KEY is too short \(16 bytes\)/);
    assert.throws(() => loadConfig({ SECRETS_KEY: 'not a key!' }), /SECRETS_KEY/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'calls.example.com' }), /PUBLIC_URL/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'https://calls.example.com/?x=1' }), /PUBLIC_URL/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'ftp://calls.example.com' }), /PUBLIC_URL/);
    assert.throws(() => loadConfig({ TWILIO_OUTBOUND: 'maybe' }), /TWILIO_OUTBOUND/);
  });

  it('reads the webhook limits, with their defaults, and refuses bad values', () => {
    const defaults = loadConfig({});
    assert.deepEqual([defaults.webhookBodyLimit, defaults.webhookMaxParams, defaults.webhookRateLimitPerMinute], [65_536, 256, 3000]);
    const set = loadConfig({ WEBHOOK_BODY_LIMIT: '8192', WEBHOOK_MAX_PARAMS: '64', WEBHOOK_RATE_LIMIT_PER_MINUTE: '0' });
    assert.deepEqual([set.webhookBodyLimit, set.webhookMaxParams, set.webhookRateLimitPerMinute], [8192, 64, 0]);
    assert.throws(() => loadConfig({ WEBHOOK_BODY_LIMIT: '64k' }), /WEBHOOK_BODY_LIMIT must be an integer ≥ 1024, got "64k"/);
    assert.throws(() => loadConfig({ WEBHOOK_BODY_LIMIT: '100' }), /WEBHOOK_BODY_LIMIT must be an integer ≥ 1024/);
    assert.throws(() => loadConfig({ WEBHOOK_MAX_PARAMS: '2' }), /WEBHOOK_MAX_PARAMS must be an integer ≥ 16/);
    assert.throws(() => loadConfig({ WEBHOOK_RATE_LIMIT_PER_MINUTE: '-1' }), /WEBHOOK_RATE_LIMIT_PER_MINUTE must be an integer ≥ 0/);
  });

  it('refuses weak secrets keys at start, and reads previous keys', () => {
    const weak = [
      ['all zero', Buffer.alloc(32).toString('base64')],
      ['one repeated byte', 'ab'.repeat(32)],
      ['a typed word', Buffer.from('password'.repeat(4)).toString('base64')],
    ];
    for (const [what, key] of weak) assert.throws(() => loadConfig({ SECRETS_KEY: key }), /SECRETS_KEY is too weak/, what);
    assert.throws(() => loadConfig({ SECRETS_KEY: 'c2hvcnQ=' }), /SECRETS_KEY is too short \(5 bytes\)/);
    assert.throws(() => loadConfig({ SECRETS_KEY: 'ab'.repeat(16) }), /SECRETS_KEY is too short \(16 bytes\)/);
    const current = 'e0194678f8ff61b8012bdd2c4cc7c21db9fe4bc7489642035b4995af05b203d7';
    const old = '43ce92b04e665f19fa2f8317bb547a55fbcae607063a4398f637f2d0113edc0e';
    const c = loadConfig({ SECRETS_KEY: current, SECRETS_KEY_PREVIOUS: `${old}, ${Buffer.alloc(32).toString('base64')}` });
    // A weak previous key is accepted: it only opens, so that secrets can be moved off it.
    assert.deepEqual(c.secretsKeysPrevious, [Buffer.from(old, 'hex'), Buffer.alloc(32)]);
    assert.deepEqual(loadConfig({}).secretsKeysPrevious, []);
    assert.throws(() => loadConfig({ SECRETS_KEY_PREVIOUS: old }), /SECRETS_KEY_PREVIOUS needs SECRETS_KEY/);
    assert.throws(() => loadConfig({ SECRETS_KEY: current, SECRETS_KEY_PREVIOUS: 'nope!' }), /SECRETS_KEY_PREVIOUS must be 32 bytes/);
  });
});
