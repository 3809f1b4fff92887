/**
 * Changing SECRETS_KEY: tokens and webhook endpoint secrets sealed with key A keep opening while A
 * is in SECRETS_KEY_PREVIOUS, `calls-api secrets rotate` reseals them with B, and then A can go:
 * Twilio's signatures still check, and deliveries are still signed with the secrets the API gave
 * (checked with the `standardwebhooks` package). Values sealed by an older version (`v1.`, no key
 * id) open and rotate too. Weak keys are refused at start.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import twilio from 'twilio';
import { Webhook } from 'standardwebhooks';
import { buildApp, type App } from '../../src/app.js';
import { basic, type TestStore } from '../helpers/harness.js';
import { describeEachTestStore } from '../helpers/store-suites.js';
import { keyIdOf, sealV1 } from '../../src/integrations/secret-box.js';
import { DEFAULT_WEBHOOKS } from '../../src/config.js';
import { startReceiver, type ReceivedDelivery, type Receiver } from '../helpers/webhook-receiver.js';
import { NEXT_SECRETS_KEY, PUBLIC_URL, SECRETS_KEY, newMessageSid, newTwilioAccount, type TwilioAccount } from '../helpers/twilio.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const A = SECRETS_KEY;
const B = NEXT_SECRETS_KEY;
const hex = (key: Buffer) => key.toString('hex');

interface Failed {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI's failure (exit code and output); fails the test if the command succeeded. */
async function failure(command: Promise<unknown>): Promise<Failed> {
  try {
    await command;
  } catch (err) {
    const { code, stdout, stderr } = err as Partial<Failed>;
    return { code: code ?? -1, stdout: stdout ?? '', stderr: stderr ?? '' };
  }
  return assert.fail('expected the command to fail');
}

function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', SECRETS_KEY_PREVIOUS: '', ...env },
  });
}

/** The app over the suite's store with these keys, its log lines collected; the webhook worker runs when `deliver`. */
async function appWith(ts: TestStore, current: Buffer, previous: Buffer[] = [], deliver = false): Promise<{ app: App; logs: string[] }> {
  const logs: string[] = [];
  const app = await buildApp({
    store: ts.store,
    config: {
      bodyLimit: 1 << 20,
      keyCacheMs: 0,
      maxMessagesPerCall: 100,
      logLevel: 'info',
      publicUrl: PUBLIC_URL,
      secretsKey: current,
      secretsKeysPrevious: previous,
      // Endpoints on the loopback receiver; deliveries only where the test looks at them.
      webhooks: { ...DEFAULT_WEBHOOKS, worker: deliver, allowPrivateNetworks: true, pollMs: 20, retrySchedule: [100, 100, 100] },
    },
    logStream: new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  await app.app.ready();
  return { app, logs };
}

/** A signed incoming message for this Twilio account: its status (200 when the token opened). */
async function incoming(app: App, tw: TwilioAccount): Promise<number> {
  const path = '/webhooks/twilio/messaging/incoming';
  const params = { AccountSid: tw.accountSid, MessageSid: newMessageSid(), From: '+14155550111', Body: 'hi' };
  const res = await app.app.inject({
    method: 'POST',
    url: path,
    payload: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(tw.authToken, PUBLIC_URL + path, params),
    },
  });
  return res.statusCode;
}

/** The Standard Webhooks headers of a delivery. */
function signatureHeaders(d: ReceivedDelivery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = d.headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

interface Endpoint {
  id: string;
  /** The secret answered at create. */
  secret: string;
  /** The secret answered by a secret rotation through the API, if there was one. */
  rotated?: string;
}

describeEachTestStore('Secrets key rotation', (ts) => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
  });

  /** A new webhook endpoint on the receiver: its id and the secret the API answered. */
  async function createEndpoint(app: App, authorization: string): Promise<Endpoint> {
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: receiver.url },
      headers: { authorization },
    });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json<{ id: string; secret: string }>();
    assert.match(created.secret, /^whsec_/);
    return { id: created.id, secret: created.secret };
  }

  /** A `webhook.test` event sent to the endpoint and what reached the receiver for it. */
  async function testDelivery(app: App, authorization: string, endpoint: Endpoint): Promise<ReceivedDelivery> {
    const res = await app.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${endpoint.id}/test`,
      payload: {},
      headers: { authorization },
    });
    assert.equal(res.statusCode, 202, res.body);
    const { eventId } = res.json<{ eventId: string }>();
    const of = (received: ReceivedDelivery[]) => received.filter((d) => d.event.id === eventId);
    await receiver.waitFor((received) => of(received).length > 0, `the test event of ${endpoint.id}`);
    const [delivery] = of(receiver.received);
    assert.ok(delivery);
    return delivery;
  }

  it('seals with A, rotates to B with A as previous, then opens with B alone; v1 values and webhook secrets too', async () => {
    // Key A: one account configured through the API (v2, names A), one as an older version sealed it (v1).
    const withA = await appWith(ts, A);
    let plain: Endpoint | undefined;
    let twoSecrets: Endpoint | undefined;
    let expired: Endpoint | undefined;
    let apiKey = '';
    const viaApi = newTwilioAccount();
    const legacy = newTwilioAccount();
    try {
      const first = await withA.app.keys.createAccount('Sealed with A');
      const put = await withA.app.app.inject({
        method: 'PUT',
        url: '/api/v1/integrations/twilio',
        payload: viaApi,
        headers: { authorization: basic(first) },
      });
      assert.equal(put.statusCode, 200, put.body);
      const second = await withA.app.keys.createAccount('Sealed by v1');
      const accountSid = legacy.accountSid.toLowerCase().replace(/^ac/, 'AC');
      await ts.store.twilio.save({
        accountId: second.accountId,
        twilioAccountSid: accountSid,
        authTokenSealed: sealV1(A, legacy.authToken, `twilio:${second.accountId}:${accountSid}`),
        createdAt: '2025-01-01T00:00:00.000Z',
        updatedAt: '2025-01-01T00:00:00.000Z',
      });
      assert.equal(await incoming(withA.app, viaApi), 200);
      assert.equal(await incoming(withA.app, legacy), 200, 'a v1 value opens');

      // Webhook endpoints sealed with A: one as created, one whose secret was rotated through the
      // API (the secret it replaced still signs for a day), one whose replaced secret has expired.
      const auth = basic(first);
      plain = await createEndpoint(withA.app, auth);
      twoSecrets = await createEndpoint(withA.app, auth);
      const rotated = await withA.app.app.inject({
        method: 'POST',
        url: `/api/v1/webhooks/${twoSecrets.id}/secret/rotate`,
        payload: {},
        headers: { authorization: auth },
      });
      assert.equal(rotated.statusCode, 200, rotated.body);
      twoSecrets.rotated = rotated.json<{ secret: string }>().secret;
      expired = await createEndpoint(withA.app, auth);
      const record = await ts.store.webhooks.get(first.accountId, expired.id);
      assert.ok(record);
      const past = { previousSecretSealed: record.secretSealed, previousSecretExpiresAt: '2025-01-01T00:00:00.000Z' };
      assert.ok(await ts.store.webhooks.update({ ...record, ...past }));
      apiKey = auth;
    } finally {
      await withA.app.app.close();
    }
    const webhookSealed = async () =>
      (await ts.store.webhooks.listSealedSecrets()).flatMap((e) => [
        e.secretSealed,
        ...(e.previousSecretSealed === null ? [] : [e.previousSecretSealed]),
      ]);
    assert.equal((await webhookSealed()).length, 5);
    for (const value of await webhookSealed()) assert.ok(value.startsWith(`v2.${keyIdOf(A)}.`), 'every webhook secret names A');
    const sealed = async () => (await ts.store.twilio.list()).map((r) => r.authTokenSealed);
    const prefixes = async () => (await sealed()).map((value) => value.split('.').slice(0, -1).join('.')).sort();
    assert.deepEqual(await prefixes(), ['v1', `v2.${keyIdOf(A)}`]);

    // B alone cannot open them: 403, and the start says so.
    const bOnly = await appWith(ts, B);
    try {
      assert.match(bOnly.logs.join(''), /2 stored Twilio auth token\(s\) cannot be opened/);
      assert.match(bOnly.logs.join(''), /4 stored webhook secret\(s\) cannot be opened/, 'the expired one is not counted');
      assert.equal(await incoming(bOnly.app, viaApi), 403);
    } finally {
      await bOnly.app.app.close();
    }
    // B with A as previous: they open, and the start warns that a rotation is due.
    const bWithA = await appWith(ts, B, [A]);
    try {
      assert.match(bWithA.logs.join(''), /2 stored Twilio auth token\(s\) are sealed with a previous key: run `calls-api secrets rotate`/);
      assert.match(bWithA.logs.join(''), /4 stored webhook secret\(s\) are sealed with a previous key: run `calls-api secrets rotate`/);
      assert.equal(await incoming(bWithA.app, viaApi), 200);
      assert.equal(await incoming(bWithA.app, legacy), 200);
    } finally {
      await bWithA.app.app.close();
    }

    // The rotation, through the CLI: progress on stderr, counts on stdout.
    const env = { DATABASE_URL: ts.url, SECRETS_KEY: B.toString('base64'), SECRETS_KEY_PREVIOUS: hex(A) };
    const rotated = await cli(['secrets', 'rotate'], env);
    assert.deepEqual(JSON.parse(rotated.stdout), {
      resealed: 6,
      alreadyCurrent: 0,
      unopenable: 0,
      keyId: keyIdOf(B),
      twilioAuthTokens: { resealed: 2, alreadyCurrent: 0, unopenable: 0 },
      // Three signing secrets and the replaced one still signing; the expired one is dropped.
      webhookSecrets: { resealed: 4, alreadyCurrent: 0, unopenable: 0 },
    });
    assert.match(rotated.stderr, /resealing stored Twilio auth tokens with key [0-9a-f]{8}/);
    assert.match(rotated.stderr, /2 of 2 token\(s\) checked/);
    assert.match(rotated.stderr, /resealing stored webhook endpoint secrets with key [0-9a-f]{8}/);
    assert.match(rotated.stderr, /3 of 3 webhook endpoint\(s\) checked/);
    const webhookSecrets = [plain.secret, twoSecrets.secret, twoSecrets.rotated, expired.secret];
    for (const text of [rotated.stdout, rotated.stderr]) {
      for (const secret of [viaApi.authToken, legacy.authToken, hex(A), hex(B), ...webhookSecrets]) assert.ok(!text.includes(secret));
    }
    for (const value of await sealed()) assert.ok(value.startsWith(`v2.${keyIdOf(B)}.`), 'every token names B');
    for (const value of await webhookSealed()) assert.ok(value.startsWith(`v2.${keyIdOf(B)}.`), 'every webhook secret names B');
    const dropped = (await ts.store.webhooks.listSealedSecrets()).find((e) => e.id === expired.id);
    assert.deepEqual([dropped?.previousSecretSealed, dropped?.previousSecretExpiresAt], [null, null], 'the expired secret is dropped');
    // Again: nothing left to do.
    assert.deepEqual(JSON.parse((await cli(['secrets', 'rotate'], env)).stdout), {
      resealed: 0,
      alreadyCurrent: 6,
      unopenable: 0,
      keyId: keyIdOf(B),
      twilioAuthTokens: { resealed: 0, alreadyCurrent: 2, unopenable: 0 },
      webhookSecrets: { resealed: 0, alreadyCurrent: 4, unopenable: 0 },
    });

    // A removed: B alone opens everything, and the start is quiet; deliveries are signed with the
    // secrets the API answered (both, for the endpoint whose secret was rotated).
    const afterRotation = await appWith(ts, B, [], true);
    try {
      assert.doesNotMatch(afterRotation.logs.join(''), /stored Twilio auth token|stored webhook secret/);
      assert.equal(await incoming(afterRotation.app, viaApi), 200);
      assert.equal(await incoming(afterRotation.app, legacy), 200);
      const signed = await testDelivery(afterRotation.app, apiKey, plain);
      assert.deepEqual(new Webhook(plain.secret).verify(signed.body, signatureHeaders(signed)), signed.event);
      const both = await testDelivery(afterRotation.app, apiKey, twoSecrets);
      assert.equal(String(both.headers['webhook-signature']).split(' ').length, 2);
      new Webhook(twoSecrets.rotated).verify(both.body, signatureHeaders(both));
      new Webhook(twoSecrets.secret).verify(both.body, signatureHeaders(both));
      const one = await testDelivery(afterRotation.app, apiKey, expired);
      assert.equal(String(one.headers['webhook-signature']).split(' ').length, 1, 'the expired secret signs nothing');
      new Webhook(expired.secret).verify(one.body, signatureHeaders(one));
    } finally {
      await afterRotation.app.app.close();
    }

    // Rotating with a key that opens none of them changes nothing and fails (exit 1), saying so.
    const wrong = await failure(cli(['secrets', 'rotate'], { DATABASE_URL: ts.url, SECRETS_KEY: hex(A) }));
    assert.equal(wrong.code, 1);
    assert.deepEqual(JSON.parse(wrong.stdout), {
      resealed: 0,
      alreadyCurrent: 0,
      unopenable: 6,
      keyId: keyIdOf(A),
      twilioAuthTokens: { resealed: 0, alreadyCurrent: 0, unopenable: 2 },
      webhookSecrets: { resealed: 0, alreadyCurrent: 0, unopenable: 4 },
    });
    assert.match(wrong.stderr, /2 token\(s\) open with no configured key/);
    assert.match(wrong.stderr, /4 webhook secret\(s\) open with no configured key/);
    for (const value of await sealed()) assert.ok(value.startsWith(`v2.${keyIdOf(B)}.`), 'left as they were');
    for (const value of await webhookSealed()) assert.ok(value.startsWith(`v2.${keyIdOf(B)}.`), 'left as they were');
  });

  it('refuses weak keys at start, and a rotation without SECRETS_KEY', async () => {
    const zero = Buffer.alloc(32).toString('base64');
    const serve = await failure(cli(['serve'], { DATABASE_URL: ts.url, SECRETS_KEY: zero, PORT: '0' }));
    assert.equal(serve.code, 1);
    assert.match(serve.stderr, /SECRETS_KEY is too weak \(all zero, repeated or patterned bytes\): use 32 random bytes/);
    await assert.rejects(cli(['secrets', 'rotate'], { DATABASE_URL: ts.url, SECRETS_KEY: 'ab'.repeat(16) }), /SECRETS_KEY is too short/);
    await assert.rejects(cli(['secrets', 'rotate'], { DATABASE_URL: ts.url, SECRETS_KEY: '' }), /secrets rotate needs SECRETS_KEY/);
  });
});
