/**
 * SQLite chooses a search plan from how many documents hold each term. Those counts are made
 * within the searching account, so another tenant's words never change the plan (nor, so, the
 * timing) of a search.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, seedAgentAndSkill, createCall, type TestApp } from '../helpers/harness.js';
import { SqliteDatabase } from '../../src/store/sqlite/database.js';
import { termDocs } from '../../src/store/sqlite/call-list.js';
import { sqlitePath } from '../../src/store/open.js';

describe('full-text term counts per account [sqlite]', () => {
  let t: TestApp;
  let db: SqliteDatabase;
  before(async () => {
    t = await startTestApp('sqlite');
    db = new SqliteDatabase({ path: sqlitePath(t.testStore.url) ?? '' });
  });
  after(async () => {
    await db.close();
    await t.close();
  });

  it("counts only the account's own documents", async () => {
    const other = await t.newAccount();
    const mine = await seedAgentAndSkill(t);
    const theirs = await seedAgentAndSkill(t, other);
    const call = await createCall(t, mine);
    await t.post(`/api/v1/calls/${call.json.id}/messages`, { sender: 'customer', content: 'a tenantword here' });
    for (let i = 0; i < 5; i++) {
      const c = await createCall(t, theirs, {}, other);
      await t.post(`/api/v1/calls/${c.json.id}/messages`, { sender: 'customer', content: `tenantword number ${i}` }, other);
    }
    assert.equal(termDocs(db, '"tenantword"', t.account.accountId, 1000), 1);
    assert.equal(termDocs(db, '"tenantword"', other.accountId, 1000), 5);
    assert.equal(termDocs(db, '"tenantword"', other.accountId, 3), 3, 'counted up to the bound');
    assert.equal(termDocs(db, '"nosuchword"', other.accountId, 1000), 0);
    // The searches agree.
    assert.equal((await t.get('/api/v1/calls?q=tenantword')).json.length, 1);
    assert.equal((await t.get('/api/v1/calls?q=tenantword', other)).json.length, 5);
  });
});
