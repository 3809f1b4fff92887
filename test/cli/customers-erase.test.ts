/**
 * `calls-api customers erase`: a data-subject request by phone, email or customer id, run as a
 * separate process on the same database as the API. It erases every matching customer with all
 * their calls, prints counts only (never the person's data), clears the engine's traces, and
 * refuses bad requests with exit code 2 and a message on stderr.
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildApp, type App } from '../../src/app.js';
import { basic } from '../helpers/harness.js';
import type { IssuedKey } from '../../src/auth/api-keys.js';
import { describeEachTestStore } from '../helpers/store-suites.js';
import { assertErasedEverywhere, assertStored } from '../helpers/erasure.js';
import { openRawDb, integrity } from '../helpers/raw-db.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

async function cli(url: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describeEachTestStore('calls-api customers erase', (ts) => {
  let built: App;
  let account: IssuedKey;
  const api = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await built.app.inject({
      method,
      url,
      headers: { authorization: basic(account), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.statusCode, json: res.body === '' ? undefined : JSON.parse(res.body) };
  };
  let ids: { agentId: string; skillId: string };
  before(async () => {
    built = await buildApp({ store: ts.store, config: { bodyLimit: 1 << 20, keyCacheMs: 0, maxMessagesPerCall: 100, logLevel: 'silent' } });
    account = await built.keys.createAccount('Erasure');
    ids = {
      agentId: (await api('POST', '/api/v1/agents', { name: 'Ada', agentType: 'AI' })).json.id,
      skillId: (await api('POST', '/api/v1/skills', { name: 'Support' })).json.id,
    };
  });
  after(async () => {
    await built.app.close();
  });

  /** A call for this contact, with a message holding the word; answers the call. */
  async function callFrom(contact: { customerPhone?: string; customerEmail?: string; customerName?: string }, word: string) {
    const call = await api('POST', '/api/v1/calls', { ...ids, channel: 'sms', ...contact });
    assert.equal(call.status, 200);
    assert.equal(
      (await api('POST', `/api/v1/calls/${call.json.id}/messages`, { sender: 'customer', content: `${word} please` })).status,
      201,
    );
    return call.json as { id: string; customerId: string };
  }

  it('erases every customer with the phone (any formatting) and all their calls; prints counts only', async () => {
    const phone = '+14155558811';
    const a = await callFrom({ customerPhone: phone, customerName: 'Quentin Phoneperson' }, 'phonesecretone');
    await callFrom({ customerPhone: phone }, 'phonesecrettwo');
    // A second customer record with the same phone (made directly): a request by phone takes both.
    const twin = await api('POST', '/api/v1/customers', { name: 'Quentin Twin', phone, email: 'twin.person@example.org' });
    const kept = await callFrom({ customerPhone: '+14155558812', customerEmail: 'kept.person@example.org' }, 'keptword');
    await assertStored(ts.url, [phone, 'Quentin Phoneperson', 'twin.person@example.org']);

    const res = await cli(ts.url, 'customers', 'erase', '--account', account.accountId, '--phone', '+1 (415) 555-8811');
    assert.equal(res.code, 0, res.stderr);
    const printed = JSON.parse(res.stdout);
    assert.deepEqual(printed, {
      accountId: account.accountId,
      erased: { customers: 2, calls: 2, messages: 2 },
      cleanup: 'done',
    });
    for (const text of [res.stdout, res.stderr]) {
      for (const secret of ['8811', 'Quentin', 'twin.person', 'phonesecret']) assert.equal(text.includes(secret), false, secret);
    }
    assert.match(res.stderr, /erased 2 customer\(s\), 2 call\(s\), 2 message\(s\)/);

    assert.equal((await api('GET', `/api/v1/calls/${a.id}`)).status, 404);
    assert.equal((await api('GET', `/api/v1/customers/${a.customerId}`)).status, 404);
    assert.equal((await api('GET', `/api/v1/customers/${twin.json.id}`)).status, 404);
    assert.deepEqual((await api('GET', `/api/v1/calls?customerPhone=${encodeURIComponent(phone)}`)).json, []);
    assert.deepEqual((await api('GET', '/api/v1/calls?q=phonesecretone')).json, []);
    assert.equal((await api('GET', `/api/v1/calls/${kept.id}`)).status, 200);
    await assertErasedEverywhere(ts.url, ts.store, [phone, 'Quentin', 'twin.person@example.org', 'phonesecretone', 'phonesecrettwo']);
    const db = await openRawDb(ts.url);
    try {
      assert.deepEqual(await integrity(db), { callsWithoutCustomer: 0, messagesWithoutCall: 0, callsWithWrongMessageCount: 0 });
    } finally {
      await db.close();
    }

    // Asked again: nothing matches, which is not an error.
    const again = await cli(ts.url, 'customers', 'erase', '--account', account.accountId, '--phone', phone);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout).erased, { customers: 0, calls: 0, messages: 0 });
  });

  it('erases by email and by customer id', async () => {
    const byEmail = await callFrom({ customerEmail: 'mail.only@example.org', customerName: 'Mallory Mail' }, 'mailsecret');
    const byId = await callFrom({ customerPhone: '+14155558820' }, 'idsecret');
    const mail = await cli(ts.url, 'customers', 'erase', '--account', account.accountId, '--email', 'mail.only@example.org');
    assert.equal(mail.code, 0, mail.stderr);
    assert.deepEqual(JSON.parse(mail.stdout).erased, { customers: 1, calls: 1, messages: 1 });
    const one = await cli(ts.url, 'customers', 'erase', '--account', account.accountId, '--customer', byId.customerId.toUpperCase());
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(JSON.parse(one.stdout).erased, { customers: 1, calls: 1, messages: 1 });
    assert.equal((await api('GET', `/api/v1/calls/${byEmail.id}`)).status, 404);
    assert.equal((await api('GET', `/api/v1/calls/${byId.id}`)).status, 404);
    await assertErasedEverywhere(ts.url, ts.store, ['mail.only@example.org', 'Mallory', 'mailsecret', '+14155558820', 'idsecret']);
  });

  it('refuses a bad request with exit code 2, a message on stderr and nothing on stdout', async () => {
    const acct = ['--account', account.accountId];
    const cases: [string[], RegExp][] = [
      [['customers', 'erase', ...acct], /exactly one of --customer ID, --phone E164, --email ADDRESS/],
      [['customers', 'erase', ...acct, '--phone', '+14155550000', '--email', 'a@example.org'], /exactly one of/],
      [['customers', 'erase', ...acct, '--phone'], /--phone needs a value/],
      [['customers', 'erase', ...acct, '--phone', 'not a phone'], /phone must be a phone number in E\.164 form/],
      [['customers', 'erase', ...acct, '--customer', 'nope'], /customer must be a customer id/],
      [['customers', 'erase', '--phone', '+14155550000'], /--account ID is required/],
      [['customers', 'erase', '--account', '123e4567-e89b-12d3-a456-426614174000', '--phone', '+14155550000'], /no account/],
    ];
    for (const [args, message] of cases) {
      const res = await cli(ts.url, ...args);
      assert.equal(res.code, 2, args.join(' '));
      assert.equal(res.stdout, '', args.join(' '));
      assert.match(res.stderr, message, args.join(' '));
    }
  });
});
