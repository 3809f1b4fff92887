/**
 * Direct, read-mostly access to a store's database for tests that must look past the API: what
 * a crash left behind, whether erased data is really gone. Queries use `$1` placeholders and run
 * unchanged on SQLite and PostgreSQL (both schemas name their tables and columns alike).
 */
import Database from 'better-sqlite3';
import { sqlitePath } from '../../src/store/open.js';

export interface RawDb {
  kind: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openRawDb(url: string): Promise<RawDb> {
  const path = sqlitePath(url);
  if (path !== undefined) {
    const db = new Database(path);
    db.pragma('busy_timeout = 5000');
    db.pragma('secure_delete = ON');
    return {
      kind: 'sqlite',
      all<T>(sql: string, params: unknown[] = []) {
        const stmt = db.prepare(sql.replace(/\$\d+/g, '?'));
        if (!stmt.reader) {
          stmt.run(...params);
          return Promise.resolve([]);
        }
        return Promise.resolve(stmt.all(...params) as T[]);
      },
      close() {
        db.close();
        return Promise.resolve();
      },
    };
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    kind: 'postgres',
    async all<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async close() {
      await client.end();
    },
  };
}

export interface IntegrityReport {
  callsWithoutCustomer: number;
  messagesWithoutCall: number;
  callsWithWrongMessageCount: number;
}

/** Counts of half-written records: each must be 0. */
export async function integrity(db: RawDb): Promise<IntegrityReport> {
  const n = async (sql: string) => Number((await db.all<{ n: number | string }>(sql))[0].n);
  return {
    callsWithoutCustomer: await n(
      `SELECT count(*) AS n FROM calls c WHERE NOT EXISTS
         (SELECT 1 FROM customers cu WHERE cu.account_id = c.account_id AND cu.id = c.customer_id)`,
    ),
    messagesWithoutCall: await n(
      `SELECT count(*) AS n FROM messages m WHERE NOT EXISTS
         (SELECT 1 FROM calls c WHERE c.account_id = m.account_id AND c.id = m.call_id)`,
    ),
    callsWithWrongMessageCount: await n(
      `SELECT count(*) AS n FROM calls c WHERE c.message_count <>
         (SELECT count(*) FROM messages m WHERE m.account_id = c.account_id AND m.call_id = c.id)`,
    ),
  };
}
