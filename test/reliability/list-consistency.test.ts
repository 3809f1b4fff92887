/**
 * A list page is read in one snapshot (SQLite: one read transaction; PostgreSQL: REPEATABLE READ
 * READ ONLY): while another process erases calls, every page is whole — `limit` calls whenever a
 * next page follows, each call complete with its messages — and no page fails.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedAgentAndSkill, type TestApp } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import { REPO_ROOT } from '../helpers/server-process.js';

const PAGE = 8;

/** Starts a process that erases these calls one transaction at a time; resolves when it exits. */
function eraseInAnotherProcess(url: string, accountId: string, ids: string[]): Promise<number> {
  const script = `
    import { openStore } from './src/store/open.ts';
    const store = await openStore(process.env.DATABASE_URL, { migrate: false });
    for (const id of JSON.parse(process.env.IDS)) {
      await store.erasure.deleteCall(process.env.ACCOUNT, id, new Date().toISOString());
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await store.close();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: url, ACCOUNT: accountId, IDS: JSON.stringify(ids) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      resolve(code ?? -1);
    });
  });
}

/** Every page of the account's calls, newest first, checking each page is whole; answers the ids. */
async function walk(t: TestApp): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await t.get(`/api/v1/calls?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.status, 200, res.body);
    const page = res.json as { id: string; messages: unknown[] }[];
    for (const call of page) assert.equal(call.messages.length, 1, 'a call on a page is complete');
    ids.push(...page.map((c) => c.id));
    const next = res.headers['x-next-cursor'];
    if (typeof next !== 'string') return ids;
    assert.equal(page.length, PAGE, 'a page followed by another holds `limit` calls');
    cursor = next;
  }
}

describeEachStore('list pages while another process erases', (t) => {
  let created: string[];
  before(async () => {
    const ids = await seedAgentAndSkill(t);
    created = [];
    for (let i = 0; i < 90; i++) {
      t.advance(1000);
      const call = await t.post('/api/v1/calls', { ...ids, channel: 'webchat', customerEmail: `walker${i % 9}@example.org` });
      assert.equal(call.status, 200);
      assert.equal((await t.post(`/api/v1/calls/${call.json.id}/messages`, { sender: 'customer', content: `hello ${i}` })).status, 201);
      created.push(call.json.id as string);
    }
  });

  it('every page is whole and in order while calls are erased', { timeout: 120_000 }, async () => {
    const doomed = created.filter((_id, i) => i % 3 === 1);
    const erasing = eraseInAnotherProcess(t.testStore.url, t.account.accountId, doomed);
    const state = { done: false };
    const finished = erasing.then((code) => {
      state.done = true;
      return code;
    });
    let walks = 0;
    while ((!state.done || walks === 0) && walks < 5000) {
      const ids = await walk(t);
      assert.equal(new Set(ids).size, ids.length, 'no call twice in a walk');
      walks++;
      // In-process requests can complete without the event loop polling for I/O: let it hear of the child's exit.
      await sleep(1);
    }
    assert.equal(await finished, 0);
    const left = await walk(t);
    assert.deepEqual(left, created.filter((_id, i) => i % 3 !== 1).reverse());
  });
});
