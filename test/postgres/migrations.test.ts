/** Migrations on PostgreSQL: processes starting together take turns; `calls-api migrate` runs them alone. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase } from '../helpers/postgres.js';
import { REPO_ROOT as ROOT } from '../helpers/server-process.js';
import { describePostgresOnly } from '../helpers/store-suites.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';

const run = promisify(execFile);
const all = POSTGRES_MIGRATIONS.map((m) => m.version);

describePostgresOnly('PostgreSQL migrations', () => {
  it('applies each migration once when several processes migrate a fresh database at the same moment', async () => {
    const db = await createTestDatabase();
    const stores = Array.from({ length: 6 }, () => new PostgresStore({ connectionString: db.url, poolMax: 2 }));
    try {
      const applied = await Promise.all(stores.map((s) => s.migrate()));
      assert.deepEqual(
        applied.flat().sort((a, b) => a - b),
        all,
        'every version applied by exactly one',
      );
      for (const s of stores) assert.deepEqual(await s.schemaVersions(), all);
      assert.deepEqual(await stores[0].migrate(), [], 'nothing left to apply');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    }
  });

  it('`calls-api migrate` applies the schema alone and reports the versions', async () => {
    const db = await createTestDatabase();
    try {
      const migrate = () =>
        run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: db.url },
        });
      const first = await migrate();
      assert.deepEqual(JSON.parse(first.stdout), { store: 'postgres', applied: all, versions: all });
      for (const m of POSTGRES_MIGRATIONS)
        assert.match(
          first.stderr,
          new RegExp(
            `applying schema migration ${m.version} \\(${m.name}\\)…\\napplied schema migration ${m.version} \\(${m.name}\\) in \\d+\\.\\d s`,
          ),
        );
      const second = await migrate();
      assert.deepEqual(JSON.parse(second.stdout), { store: 'postgres', applied: [], versions: all });
      assert.match(second.stderr, /already up to date/);
    } finally {
      await db.drop();
    }
  });
});
