/**
 * Export format 2 carries each account's settings — the retention period and the Twilio
 * settings with the auth token still sealed — and import restores them; version 1 files still
 * import. Export files and new SQLite database files (and their WAL) are owner-only (0600).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestStore, type StoreKind } from '../helpers/harness.js';
import { describeEachStoreKind } from '../helpers/store-suites.js';
import { REPO_ROOT } from '../helpers/server-process.js';
import { sqlitePath } from '../../src/store/open.js';
import { ApiKeyService } from '../../src/auth/api-keys.js';
import { systemClock } from '../../src/domain/clock.js';

const run = promisify(execFile);

async function cli(url: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const mode = (path: string) => statSync(path).mode & 0o777;

describeEachStoreKind('export format 2: account settings, file modes', (kind: StoreKind) => {
  it('carries retention and sealed Twilio settings to another store; the file is 0600', { timeout: 120_000 }, async () => {
    const source = await createTestStore(kind);
    const target = await createTestStore(kind);
    const dir = mkdtempSync(join(tmpdir(), 'calls-api-settings-'));
    try {
      const keys = new ApiKeyService(source.store.accounts, systemClock);
      const withBoth = await keys.createAccount('Both');
      const plain = await keys.createAccount('Plain');
      assert.equal(await source.store.retention.setDays(withBoth.accountId, 45), true);
      const sealed = 'v1.sealed-token-as-stored';
      const twilio = {
        accountId: withBoth.accountId,
        twilioAccountSid: 'AC' + 'ab'.repeat(16),
        authTokenSealed: sealed,
        createdAt: '2025-03-17T14:30:00.000Z',
        updatedAt: '2025-03-18T09:00:00.000Z',
      };
      assert.equal(await source.store.twilio.save(twilio), 'saved');

      const file = join(dir, 'out.ndjson');
      writeFileSync(file, 'old contents', { mode: 0o644 });
      const exported = await cli(source.url, 'export', '--out', file);
      assert.equal(exported.code, 0, exported.stderr);
      assert.equal(mode(file), 0o600, 'an export file is owner-only, even one that existed');
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.equal(lines[0].version, 2);
      const settings = lines.filter((l) => l.table === 'accountSettings');
      assert.deepEqual(settings, [
        {
          table: 'accountSettings',
          row: {
            accountId: withBoth.accountId,
            retentionDays: 45,
            twilio: {
              twilioAccountSid: twilio.twilioAccountSid,
              authTokenSealed: sealed,
              createdAt: twilio.createdAt,
              updatedAt: twilio.updatedAt,
            },
          },
        },
      ]);
      assert.equal(lines.at(-1).counts.accountSettings, 1);

      const imported = await cli(target.url, 'import', '--in', file);
      assert.equal(imported.code, 0, imported.stderr);
      assert.equal(await target.store.retention.getDays(withBoth.accountId), 45);
      assert.equal(await target.store.retention.getDays(plain.accountId), null);
      assert.deepEqual(await target.store.twilio.get(withBoth.accountId), twilio);
      assert.equal(await target.store.twilio.get(plain.accountId), undefined);
      assert.deepEqual(
        (await target.store.retention.listPolicies()).map((p) => p.accountId),
        [withBoth.accountId],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await source.cleanup();
      await target.cleanup();
    }
  });

  it('still imports a version 1 file, and refuses a settings line for an account it does not hold', async () => {
    const target = await createTestStore(kind);
    const dir = mkdtempSync(join(tmpdir(), 'calls-api-v1-'));
    try {
      const account = { id: '123e4567-e89b-12d3-a456-426614174000', name: 'Acme', createdAt: '2025-03-17T14:30:00.000Z' };
      const v1 = join(dir, 'v1.ndjson');
      writeFileSync(
        v1,
        [
          { format: 'calls-api-export', version: 1, store: 'sqlite', schema: [1] },
          { table: 'accounts', row: account },
          { end: true, counts: { accounts: 1, apiKeys: 0, agents: 0, skills: 0, customers: 0, calls: 0, messages: 0 } },
        ]
          .map((l) => JSON.stringify(l))
          .join('\n') + '\n',
      );
      const res = await cli(target.url, 'import', '--in', v1);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(JSON.parse(res.stdout).imported.accounts, 1);
      assert.equal(await target.store.retention.getDays(account.id), null);

      const empty = await createTestStore(kind);
      try {
        const bad = join(dir, 'bad.ndjson');
        writeFileSync(
          bad,
          [
            { format: 'calls-api-export', version: 2, store: 'sqlite', schema: [1] },
            { table: 'accountSettings', row: { accountId: account.id, retentionDays: 0, twilio: null } },
          ]
            .map((l) => JSON.stringify(l))
            .join('\n') + '\n',
        );
        const refused = await cli(empty.url, 'import', '--in', bad);
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /line 2: accountSettings row: retentionDays must be from 1 to 36500, or null/);
      } finally {
        await empty.cleanup();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await target.cleanup();
    }
  });

  if (kind === 'sqlite')
    it('creates the SQLite database file and its WAL owner-only (0600)', async () => {
      const ts = await createTestStore('sqlite');
      try {
        const path = sqlitePath(ts.url) ?? '';
        await new ApiKeyService(ts.store.accounts, systemClock).createAccount('Mode');
        assert.equal(mode(path), 0o600);
        assert.equal(mode(`${path}-wal`), 0o600);
      } finally {
        await ts.cleanup();
      }
    });
});
