#!/usr/bin/env node
// `npm test`: says plainly whether the PostgreSQL pass runs, type-checks, then runs every test
// file once (test/helpers/store-suites.ts declares each suite once per store this run tests).
// Output and exit code are the runner's own, so CI reads its summary lines unchanged.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const url = process.env.TEST_DATABASE_URL;
const notice = url
  ? `PostgreSQL pass: on (TEST_DATABASE_URL → ${new URL(url).host}); every store suite runs on SQLite and on PostgreSQL`
  : 'PostgreSQL pass: TEST_DATABASE_URL not set, running SQLite only; PostgreSQL-only suites are reported as skipped (set it, e.g. postgres://postgres@127.0.0.1:5432/postgres, to test PostgreSQL too)';
process.stdout.write(notice + '\n');
// Repeated on stderr after the run, where it is seen, without touching the runner's stdout.
process.on('exit', () => process.stderr.write(notice + '\n'));

const bin = (name) => join('node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

const tsc = run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
if (tsc !== 0) process.exit(tsc);

// test/<area>/*.test.ts, as the shell glob `test/*/*.test.ts` would list them.
const files = readdirSync('test', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .flatMap((dir) =>
    readdirSync(join('test', dir))
      .filter((f) => f.endsWith('.test.ts'))
      .sort()
      .map((f) => join('test', dir, f)),
  );
if (!existsSync(bin('tsx'))) throw new Error('tsx is not installed; run npm ci');
process.exit(run(bin('tsx'), ['--test', '--test-concurrency=1', ...files]));
