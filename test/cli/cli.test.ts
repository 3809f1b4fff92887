import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/open.js';
import { basic, createTestStore } from '../helpers/harness.js';
import { describeEachTestStore } from '../helpers/store-suites.js';

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

describeEachTestStore('calls-api CLI', (db, kind) => {
  it('creates an account and prints exactly one JSON object whose credentials work over HTTP', async () => {
    const res = await cli(db.url, 'accounts', 'create', '--name', 'Acme Support');
    assert.equal(res.code, 0, res.stderr);
    const lines = res.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const issued = JSON.parse(lines[0]);
    assert.deepEqual(Object.keys(issued), ['accountId', 'username', 'password']);
    assert.match(issued.username, /^key_[0-9A-Za-z]{24}$/);
    assert.ok(Buffer.from(issued.password, 'base64url').length >= 32);

    const store = await openStore(db.url);
    const { app } = await buildApp({ store, config: { bodyLimit: 1 << 20, keyCacheMs: 0, maxMessagesPerCall: 100, logLevel: 'silent' } });
    try {
      const ok = await app.inject({ url: '/api/v1/agents', headers: { authorization: basic(issued) } });
      assert.equal(ok.statusCode, 200);

      const second = JSON.parse((await cli(db.url, 'keys', 'create', '--account', issued.accountId)).stdout);
      assert.equal(second.accountId, issued.accountId);
      const listed = await cli(db.url, 'keys', 'list', '--account', issued.accountId);
      const keys = JSON.parse(listed.stdout);
      assert.deepEqual(keys.map((k: { id: string }) => k.id).sort(), [issued.username, second.username].sort());
      assert.ok(!listed.stdout.includes(issued.password) && !listed.stdout.includes(second.password), 'no secret listed');

      const revoked = await cli(db.url, 'keys', 'revoke', second.username);
      assert.equal(revoked.code, 0);
      assert.deepEqual(JSON.parse(revoked.stdout), { id: second.username, revoked: true });
      assert.equal((await app.inject({ url: '/api/v1/agents', headers: { authorization: basic(second) } })).statusCode, 401);
      assert.equal((await app.inject({ url: '/api/v1/agents', headers: { authorization: basic(issued) } })).statusCode, 200);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it("refuses an import line that does not hold its table's record, naming the line and the field", async () => {
    const target = await createTestStore(kind);
    const dir = mkdtempSync(join(tmpdir(), 'calls-api-import-'));
    try {
      const header = JSON.stringify({ format: 'calls-api-export', version: 1, store: 'sqlite', schema: [1] });
      const account = { id: '123e4567-e89b-12d3-a456-426614174000', name: 'Acme', createdAt: '2025-03-17T14:30:00.000Z' };
      const customer = {
        accountId: account.id,
        id: '223e4567-e89b-12d3-a456-426614174000',
        name: 'Ada',
        firstName: '',
        lastName: '',
        phone: '',
        email: '',
        language: '',
        customFields: [{ name: 'tier', value: { nested: true } }],
        createdAt: account.createdAt,
        updatedAt: account.createdAt,
      };
      const cases: [string[], RegExp][] = [
        [[header, JSON.stringify({ table: 'accounts', row: { ...account, name: 42 } })], /line 2: accounts row: name must be a string/],
        [
          [header, JSON.stringify({ table: 'customers', row: customer })],
          /line 2: customers row: customFields\[0\]\.value must be a string, number or boolean/,
        ],
        [
          [
            header,
            JSON.stringify({
              table: 'apiKeys',
              row: { id: 'key_x', accountId: account.id, secretHash: '***', createdAt: account.createdAt, revokedAt: null },
            }),
          ],
          /line 2: apiKeys row: secretHash must be base64 text/,
        ],
      ];
      for (const [lines, message] of cases) {
        const file = join(dir, 'bad.ndjson');
        writeFileSync(file, [...lines, JSON.stringify({ end: true, counts: {} })].join('\n') + '\n');
        const res = await cli(target.url, 'import', '--in', file);
        assert.equal(res.code, 1, res.stderr);
        assert.match(res.stderr, message);
        assert.equal(res.stdout, '');
      }
      const accounts = await cli(target.url, 'keys', 'list', '--account', account.id);
      assert.match(accounts.stderr, /no account/, 'nothing was imported');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await target.cleanup();
    }
  });

  it('answers usage errors with exit code 2 and nothing on stdout', async () => {
    for (const args of [
      ['accounts', 'create'],
      ['keys', 'list', '--account', '123e4567-e89b-12d3-a456-426614174000'],
      ['keys', 'create', '--account', 'nope'],
      ['keys', 'revoke', 'key_AAAAAAAAAAAAAAAAAAAAAAAA'],
      ['frobnicate'],
    ]) {
      const res = await cli(db.url, ...args);
      assert.equal(res.code, 2, args.join(' '));
      assert.equal(res.stdout, '', args.join(' '));
      assert.match(res.stderr, /calls-api: /);
    }
  });
});
