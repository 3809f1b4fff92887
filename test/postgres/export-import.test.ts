/**
 * Moving a SQLite deployment to PostgreSQL with the CLI: `calls-api export` from SQLite,
 * `calls-api import` into a fresh PostgreSQL database, then the PostgreSQL side answers every
 * call, list page and search byte for byte as the SQLite side did, with the same credentials.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, seedAgentAndSkill, createCall, basic, TEST_REQUEST_ID } from '../helpers/harness.js';
import { describePostgresOnly } from '../helpers/store-suites.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { REPO_ROOT as ROOT } from '../helpers/server-process.js';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/open.js';

const run = promisify(execFile);
const cli = (url: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    maxBuffer: 64 << 20,
  });

describePostgresOnly('calls-api export / import, SQLite → PostgreSQL', () => {
  it('moves every row and the PostgreSQL side answers the same bytes over HTTP', async () => {
    const t = await startTestApp('sqlite');
    const target = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'calls-api-export-'));
    try {
      // A varied SQLite deployment, made through the API.
      const ids = await seedAgentAndSkill(t);
      const other = await t.newAccount('Other');
      const otherIds = await seedAgentAndSkill(t, other);
      const callIds: string[] = [];
      for (let i = 0; i < 12; i++) {
        t.advance(60_000);
        const res = await createCall(t, ids, {
          channel: ['call', 'sms', 'whatsapp', 'email'][i % 4],
          customerName: `Customer ${i % 5}`,
          customerPhone: `+1415555${String(1000 + (i % 5))}`,
          customerEmail: `c${i % 5}@example.com`,
          note: `note ${i}`,
        });
        assert.equal(res.status, 200, res.body);
        callIds.push(res.json.id);
        for (let m = 0; m < i % 4; m++) {
          t.advance(1000);
          const sent = await t.post(`/api/v1/calls/${res.json.id}/messages`, {
            sender: m % 2 ? 'agent' : 'customer',
            content: `Café invoice #${i}-${m} for Zoë, refund@example.com`,
            sid: `SM${i}x${m}`,
          });
          assert.equal(sent.status, 201, sent.body);
        }
        if (i % 3 === 0)
          await t.put(`/api/v1/calls/${res.json.id}`, { status: 'in-progress', transcription: `Transcript ${i}: Straße warranty` });
        if (i % 6 === 0) await t.put(`/api/v1/calls/${res.json.id}`, { status: 'completed' });
      }
      await createCall(t, otherIds, {}, other);
      const customer = await t.post('/api/v1/customers', {
        firstName: 'Ada',
        lastName: 'Byron',
        phone: '+14155559999',
        customFields: [
          { name: 'tier', value: 'gold' },
          { name: 'vip', value: true },
          { name: 'n', value: 3 },
        ],
      });
      assert.equal(customer.status, 201, customer.body);

      const file = join(dir, 'export.ndjson');
      const exported = await cli(t.testStore.url, 'export', '--out', file);
      assert.match(exported.stderr, /exported 2 accounts, 2 apiKeys, 2 agents, 2 skills/);
      const imported = await cli(target.url, 'import', '--in', file);
      const counts = JSON.parse(imported.stdout).imported;
      assert.equal(counts.calls, 13);
      assert.match(imported.stderr, /import: messages \d+ rows/);

      // The PostgreSQL export is the same file but for the header naming the store.
      const again = await cli(target.url, 'export');
      const [srcHead, ...srcRows] = readFileSync(file, 'utf8').trimEnd().split('\n');
      const [dstHead, ...dstRows] = again.stdout.trimEnd().split('\n');
      assert.equal(JSON.parse(srcHead).store, 'sqlite');
      assert.equal(JSON.parse(dstHead).store, 'postgres');
      assert.deepEqual(dstRows, srcRows);

      // Importing twice is refused rather than mixing data.
      await assert.rejects(cli(target.url, 'import', '--in', file), (err: { stderr: string }) => /already holds accounts/.test(err.stderr));

      const pgStore = await openStore(target.url);
      const pgApp = await buildApp({
        store: pgStore,
        config: { bodyLimit: 1 << 20, keyCacheMs: 0, maxMessagesPerCall: 10_000, logLevel: 'silent' },
        clock: () => t.now,
      });
      try {
        const both = async (url: string, key = t.account) => {
          const a = await t.get(url, key);
          const b = await pgApp.app.inject({ url, headers: { authorization: basic(key), 'x-request-id': TEST_REQUEST_ID } });
          assert.equal(b.statusCode, a.status, url);
          assert.equal(b.body, a.body, url);
          return a;
        };
        for (const id of callIds) await both(`/api/v1/calls/${id}`);
        const urls = [
          '/api/v1/calls',
          '/api/v1/calls?limit=5',
          '/api/v1/calls?q=invoice%20zoe',
          '/api/v1/calls?q=strasse',
          '/api/v1/calls?q=straße',
          '/api/v1/calls?status=completed',
          '/api/v1/calls?channel=sms&channel=email',
          '/api/v1/calls?customerPhone=5551002',
          '/api/v1/customers',
          '/api/v1/agents',
        ];
        for (const url of urls) await both(url);
        let page = await both('/api/v1/calls?limit=4');
        for (let n = 0; n < 5; n++) {
          const next = /<([^>]+)>; rel="next"/.exec(String(page.headers.link ?? ''));
          if (!next) break;
          const u = new URL(next[1], 'http://x');
          page = await both(u.pathname + u.search);
        }
        await both(`/api/v1/calls/${callIds[0]}`, other);
        await both(`/api/v1/customers/${customer.json.id}`);
      } finally {
        await pgApp.app.close();
        await pgStore.close();
      }
    } finally {
      await t.close();
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
