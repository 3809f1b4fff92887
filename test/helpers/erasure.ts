/**
 * Checks that erased personal data is nowhere: not in any row of any table (as text), not in an
 * export, and on SQLite not in the bytes of the database file or its WAL (after the purge pass
 * that clears the engine's traces).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Repositories } from '../../src/domain/ports/index.js';
import { exportStore } from '../../src/cli/transfer.js';
import { sqlitePath } from '../../src/store/open.js';
import { openRawDb } from './raw-db.js';

/** Every row of every table of the store's database, each as one text (SQLite: values joined; PostgreSQL: the row's text form). */
export async function allRowsAsText(url: string): Promise<string[]> {
  const db = await openRawDb(url);
  try {
    if (db.kind === 'sqlite') {
      const tables = await db.all<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'`,
      );
      const texts: string[] = [];
      for (const { name } of tables) {
        for (const row of await db.all(`SELECT * FROM "${name}"`)) {
          texts.push(
            Object.values(row)
              .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v)))
              .join('\u0001'),
          );
        }
      }
      return texts;
    }
    const tables = await db.all<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const texts: string[] = [];
    for (const { table_name } of tables) {
      for (const row of await db.all<{ t: string }>(`SELECT t::text AS t FROM "${table_name}" t`)) texts.push(row.t);
    }
    return texts;
  } finally {
    await db.close();
  }
}

/** The whole export of a store as text. */
export async function exportText(store: Repositories): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await exportStore(store, sink, () => {});
  return Buffer.concat(chunks).toString('utf8');
}

/** Asserts none of `needles` is in any row, in the export, or (SQLite) in the database file and its WAL. */
export async function assertErasedEverywhere(url: string, store: Repositories, needles: readonly string[]): Promise<void> {
  const rows = await allRowsAsText(url);
  const exported = await exportText(store);
  for (const needle of needles) {
    assert.equal(
      rows.find((r) => r.includes(needle)),
      undefined,
      `"${needle}" is in no row`,
    );
    assert.equal(exported.includes(needle), false, `"${needle}" is not in the export`);
  }
  const path = sqlitePath(url);
  if (path === undefined) return;
  for (const file of [path, `${path}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const needle of needles) assert.equal(bytes.indexOf(Buffer.from(needle)), -1, `"${needle}" is not in ${file}`);
  }
}

/** Asserts every needle is somewhere in the rows (so a check for absence is not vacuous). */
export async function assertStored(url: string, needles: readonly string[]): Promise<void> {
  const rows = await allRowsAsText(url);
  for (const needle of needles)
    assert.ok(
      rows.some((r) => r.includes(needle)),
      `"${needle}" is stored before the erasure`,
    );
}
