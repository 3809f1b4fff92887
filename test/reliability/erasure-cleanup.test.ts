/**
 * The cleanup after an erasure survives the process that erased: a process erases a person and
 * is killed (SIGKILL) before it clears the engine's traces. The pending cleanup was committed with
 * the erasure, so the next purge pass of another process finishes it: afterwards neither the
 * SQLite file nor its WAL holds the person's data, and on PostgreSQL the tables were vacuumed.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { seedAgentAndSkill } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import { REPO_ROOT } from '../helpers/server-process.js';
import { openRawDb } from '../helpers/raw-db.js';
import { assertErasedEverywhere, assertStored } from '../helpers/erasure.js';

const run = promisify(execFile);

/** Erases the customers in a child process that then dies at once, before any cleanup; answers what it printed. */
async function eraseAndDie(url: string, accountId: string, customerId: string): Promise<string> {
  const script = `
    import { openStore } from './src/store/open.ts';
    const store = await openStore(process.env.DATABASE_URL, { migrate: false });
    const counts = await store.erasure.eraseCustomers(process.env.ACCOUNT, [process.env.CUSTOMER], new Date().toISOString());
    process.stdout.write(JSON.stringify(counts));
    process.kill(process.pid, 'SIGKILL');
  `;
  try {
    await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url, ACCOUNT: accountId, CUSTOMER: customerId },
    });
    assert.fail('the child was to die by SIGKILL');
  } catch (err) {
    const e = err as { signal?: string; stdout: string; stderr: string };
    assert.equal(e.signal, 'SIGKILL', e.stderr);
    return e.stdout;
  }
}

describeEachStore('erasure cleanup after a crash', (t, kind) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  it('a pending cleanup left by a killed process is finished by the next purge pass elsewhere', async () => {
    const phone = '+14155556610';
    const email = 'crash.subject@example.org';
    let customerId = '';
    for (let i = 0; i < 3; i++) {
      const call = await t.post('/api/v1/calls', { ...ids, channel: 'sms', customerPhone: phone, customerEmail: email });
      customerId = call.json.customerId as string;
      for (let m = 0; m < 5; m++)
        await t.post(`/api/v1/calls/${call.json.id}/messages`, {
          sender: 'customer',
          content: `crashsecret${m} words ${'pad '.repeat(50)}`,
        });
    }
    // Earlier cleanup done, so what is pending below is the killed process's alone.
    await t.dataProtection.purge(100);
    await assertStored(t.testStore.url, [phone, email]);

    const printed = await eraseAndDie(t.testStore.url, t.account.accountId, customerId);
    assert.deepEqual(JSON.parse(printed), { customers: 1, calls: 3, messages: 15 });
    const db = await openRawDb(t.testStore.url);
    try {
      assert.equal((await db.all('SELECT id FROM erasure_cleanup')).length, 1, 'the cleanup was committed with the erasure');
      const report = await t.dataProtection.purge(100);
      assert.deepEqual(report.compaction.pending, 1);
      assert.equal(report.compaction.done, true);
      assert.deepEqual(
        report.compaction.steps,
        kind === 'sqlite'
          ? ['full-text merged', 'wal truncated']
          : ['vacuum calls', 'vacuum messages', 'vacuum customers', 'vacuum idempotency_keys', 'vacuum events'],
      );
      assert.deepEqual(await db.all('SELECT id FROM erasure_cleanup'), []);
      if (db.kind === 'postgres') {
        const vacuumed = await db.all<{ relname: string; last_vacuum: Date | null }>(
          `SELECT relname, last_vacuum FROM pg_stat_user_tables WHERE relname IN ('calls', 'messages', 'customers') ORDER BY relname`,
        );
        for (const r of vacuumed) assert.notEqual(r.last_vacuum, null, `${r.relname} was vacuumed`);
      }
    } finally {
      await db.close();
    }
    await assertErasedEverywhere(t.testStore.url, t.testStore.store, [phone, email, 'crashsecret0', 'crashsecret4']);
    // Nothing pending: the next pass does nothing.
    assert.deepEqual((await t.dataProtection.purge(100)).compaction, { pending: 0, steps: [], done: true });
  });
});
