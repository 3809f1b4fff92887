/**
 * Export: every row of a table in primary-key order, a batch at a time, each batch read by key
 * after the last (a row-value comparison both engines seek with). The same SQL on both engines.
 */
import type { ExportTable, TableRows } from '../../domain/ports/index.js';
import { sql, type Sql, type SqlRunner, type SqlValue } from './sql.js';
import {
  ACCOUNT_COLUMNS,
  AGENT_COLUMNS,
  CALL_COLUMNS,
  CUSTOMER_COLUMNS,
  KEY_COLUMNS,
  SKILL_COLUMNS,
  STORED_MESSAGE_COLUMNS,
} from './statements.js';
import { TABLE_MAPPERS } from './mappers.js';

interface ExportSpec<T extends ExportTable> {
  first: Sql;
  after: Sql;
  /** The key columns' values of a row (what `after` continues from). */
  keyOf(row: TableRows[T]): SqlValue[];
}

function spec<T extends ExportTable>(select: string, key: string[], keyOf: (row: TableRows[T]) => SqlValue[]): ExportSpec<T> {
  const order = `ORDER BY ${key.join(', ')} LIMIT ?`;
  return {
    first: sql(`${select} ${order}`),
    after: sql(`${select} WHERE (${key.join(', ')}) > (${key.map(() => '?').join(', ')}) ${order}`),
    keyOf,
  };
}

const SPECS: { readonly [T in ExportTable]: ExportSpec<T> } = {
  accounts: spec(`SELECT ${ACCOUNT_COLUMNS} FROM accounts`, ['id'], (r) => [r.id]),
  apiKeys: spec(`SELECT ${KEY_COLUMNS} FROM api_keys`, ['account_id', 'id'], (r) => [r.accountId, r.id]),
  agents: spec(`SELECT ${AGENT_COLUMNS} FROM agents`, ['account_id', 'id'], (r) => [r.accountId, r.id]),
  skills: spec(`SELECT ${SKILL_COLUMNS} FROM skills`, ['account_id', 'id'], (r) => [r.accountId, r.id]),
  customers: spec(`SELECT ${CUSTOMER_COLUMNS} FROM customers`, ['account_id', 'id'], (r) => [r.accountId, r.id]),
  calls: spec(`SELECT ${CALL_COLUMNS} FROM calls c`, ['account_id', 'id'], (r) => [r.accountId, r.id]),
  messages: spec(`SELECT ${STORED_MESSAGE_COLUMNS} FROM messages`, ['account_id', 'call_id', 'seq'], (r) => [r.accountId, r.callId, r.seq]),
};

export async function* exportTable<T extends ExportTable>(db: SqlRunner, table: T, batchSize: number): AsyncIterable<TableRows[T][]> {
  const spec: ExportSpec<T> = SPECS[table];
  const map: (row: Parameters<(typeof TABLE_MAPPERS)[T]>[0]) => TableRows[T] = TABLE_MAPPERS[table];
  let after: SqlValue[] | undefined;
  for (;;) {
    const rows = (after === undefined ? await db.all(spec.first, [batchSize]) : await db.all(spec.after, [...after, batchSize])).map(map);
    if (rows.length === 0) return;
    after = spec.keyOf(rows[rows.length - 1]);
    yield rows;
    if (rows.length < batchSize) return;
  }
}
