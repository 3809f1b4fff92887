/**
 * SQLite migrations on a database that holds data: migration 6 replaces the two sid indexes of
 * messages with one, and the sid rules seen through HTTP stay what they were. `calls-api migrate`
 * shows each migration as it runs.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { buildApp, type App } from '../../src/app.js';
import { openStore } from '../../src/store/open.js';
import type { Repositories } from '../../src/domain/ports/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { seedStore } from '../../src/seed/seed.js';
import { REPO_ROOT } from '../helpers/server-process.js';
import { basic } from '../helpers/harness.js';
import type { IssuedKey } from '../../src/auth/api-keys.js';

const run = promisify(execFile);

/** The migrations after version 5, which opening the database set back to version 5 applies again. */
const AFTER_5 = SQLITE_MIGRATIONS.filter((m) => m.version > 5);

/**
 * Puts a migrated database back to schema version 5 (the two sid indexes, no version 6 row), undoing
 * the later migrations too (the event log, webhooks).
 */
function backToVersion5(path: string): void {
  const db = new Database(path);
  db.exec(`
    CREATE UNIQUE INDEX messages_by_sid ON messages (account_id, call_id, sid);
    CREATE INDEX messages_by_account_sid ON messages (account_id, sid);
    DROP INDEX messages_by_sid_call;
    DROP TABLE events;
    DROP TABLE webhook_endpoints;
    DROP TABLE webhook_deliveries;
    ALTER TABLE calls DROP COLUMN event_sequence;
    DELETE FROM schema_migrations WHERE version >= 6;
  `);
  db.close();
}

function indexesOfMessages(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (
      db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' AND sql IS NOT NULL ORDER BY name`)
        .all() as { name: string }[]
    ).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe('SQLite migration 6: one sid index [sqlite]', () => {
  let dir: string;
  let path: string;
  let store: Repositories;
  let app: App['app'];
  let account: IssuedKey;
  const steps: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'calls-api-migrate-'));
    path = join(dir, 'old.db');
    const seeding = new SqliteStore({ path });
    await seeding.migrate();
    account = await seedStore(seeding, { calls: 40, messagesPerCall: 3, accounts: 1, seed: 7, batchCalls: 20 });
    await seeding.close();
    backToVersion5(path);
    store = await openStore(`sqlite:${path}`, { onMigration: (e) => steps.push(`${e.migration.version} ${e.phase}`) });
    ({ app } = await buildApp({ store, config: { bodyLimit: 1 << 20, keyCacheMs: 0, maxMessagesPerCall: 100, logLevel: 'silent' } }));
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: basic(account) } });
  const post = (url: string, body: unknown) =>
    app.inject({
      method: 'POST',
      url,
      headers: { authorization: basic(account), 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  it('applies migration 6 (and those after it) on opening, reporting each start and end, and leaves one sid index', async () => {
    assert.deepEqual(
      steps,
      AFTER_5.flatMap((m) => [`${m.version} start`, `${m.version} done`]),
    );
    assert.deepEqual(
      await store.schemaVersions(),
      SQLITE_MIGRATIONS.map((m) => m.version),
    );
    assert.deepEqual(indexesOfMessages(path), ['messages_by_sid_call']);
  });

  it('keeps a sid unique within its call (an append with a seeded sid is a conflict) but not across calls', async () => {
    const calls = (await get('/api/v1/calls?limit=2')).json<{ id: string; messages: { sid: string; content: string }[] }[]>();
    assert.equal(calls.length, 2);
    const [first, second] = calls;
    const seeded = first.messages[0];
    const again = await post(`/api/v1/calls/${first.id}/messages`, { sender: 'customer', content: 'a different text', sid: seeded.sid });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().code, 'MESSAGE_SID_CONFLICT');
    const elsewhere = await post(`/api/v1/calls/${second.id}/messages`, {
      sender: 'customer',
      content: 'same sid, other call',
      sid: seeded.sid,
    });
    assert.equal(elsewhere.statusCode, 201, elsewhere.body);
    const after = (await get(`/api/v1/calls/${first.id}`)).json<{ messages: unknown[] }>();
    assert.equal(after.messages.length, first.messages.length, 'nothing added to the first call');
  });

  it('`calls-api migrate` prints each migration as it applies it', async () => {
    const url = `sqlite:${join(dir, 'fresh.db')}`;
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url },
    });
    for (const m of SQLITE_MIGRATIONS) {
      assert.ok(stderr.includes(`applying schema migration ${m.version} (${m.name})…`), stderr);
      assert.match(stderr, new RegExp(`applied schema migration ${m.version} \\(${m.name}\\) in \\d+\\.\\d s`));
    }
    assert.deepEqual(
      JSON.parse(stdout).applied,
      SQLITE_MIGRATIONS.map((m) => m.version),
    );
  });
});
