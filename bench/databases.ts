/**
 * The benchmark's databases: seeded once per size through `calls-api seed` (and reused while a
 * complete one of that size exists), migrated by the CLI before a run, and read once into the OS
 * page cache (SQLite) so that every run starts from the same warm state.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { CLI, WORK, fail, log, opt } from './options.js';

export interface Seeded {
  url: string;
  calls: number;
  messages: number;
  accountId: string;
  username: string;
  password: string;
  seededAt: string;
  seedSeconds: number;
}

async function databaseUrlFor(calls: number, messages: number): Promise<string> {
  const name = `calls_bench_${calls}x${messages}`;
  if (opt.store === 'sqlite') return `sqlite:${join(WORK, `sqlite-${calls}x${messages}.db`)}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: opt.databaseUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(opt.databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(url: string): Promise<void> {
  if (opt.store === 'sqlite') {
    const path = url.slice('sqlite:'.length);
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    return;
  }
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: opt.databaseUrl });
  await admin.connect();
  try {
    const name = new URL(url).pathname.slice(1);
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

/** A database with `calls` calls, reused when a complete one of that size exists. */
export async function ensureSeeded(calls: number, messages: number): Promise<Seeded> {
  mkdirSync(WORK, { recursive: true });
  const metaPath = join(WORK, `${opt.store}-${calls}x${messages}.json`);
  const url = await databaseUrlFor(calls, messages);
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Seeded;
    if (meta.calls === calls && meta.messages === messages && meta.url === url) {
      log(`reusing ${opt.store} database with ${calls} calls × ${messages} messages (seeded ${meta.seededAt})`);
      return meta;
    }
  }
  rmSync(metaPath, { force: true });
  await dropDatabase(url);
  log(`seeding ${calls} calls × ${messages} messages into ${opt.store} (progress below)…`);
  const started = Date.now();
  const seed = spawnSync(process.execPath, [CLI, 'seed', '--calls', String(calls), '--messages-per-call', String(messages)], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (seed.status !== 0) fail(`seeding failed (exit ${seed.status})`);
  const key = JSON.parse(seed.stdout.trim()) as { accountId: string; username: string; password: string };
  const meta: Seeded = { url, calls, messages, ...key, seededAt: new Date().toISOString(), seedSeconds: (Date.now() - started) / 1000 };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  return meta;
}

/**
 * A database seeded by an older version gets its schema migrations here, not in the server's
 * start (at a million calls a migration can take minutes).
 */
export function migrate(databases: readonly Seeded[]): void {
  for (const db of databases) {
    log(`applying schema migrations to the ${db.calls}-call database…`);
    const m = spawnSync(process.execPath, [CLI, 'migrate'], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (m.status !== 0) fail('migration failed');
  }
}

/**
 * A server that has been running has its database in the OS page cache; a freshly seeded or
 * migrated file may not be. Read it once so every run starts from the same (warm) state (SQLite).
 */
export async function warmPageCache(databases: readonly Seeded[]): Promise<void> {
  for (const db of databases) {
    const path = db.url.slice('sqlite:'.length);
    log(`warming the OS page cache with ${path}…`);
    for (const suffix of ['', '-wal'])
      if (existsSync(path + suffix))
        await pipeline(
          createReadStream(path + suffix, { highWaterMark: 1 << 20 }),
          new Writable({
            write: (_c, _e, done) => {
              done();
            },
          }),
        );
  }
}
