/**
 * The rows a call-creating or message-writing transaction writes on PostgreSQL, with their search
 * vectors: shared by the calls and messages repositories. Inside the caller's transaction.
 */
import type pg from 'pg';
import type { CallRecord } from '../../domain/types.js';
import type { StoredMessage } from '../../domain/ports/index.js';
import { customerLookups, planCustomer, type CustomerMatches, type CustomerResolution } from '../../domain/customer-match.js';
import { sql } from '../shared/sql.js';
import {
  CALL_INSERT_COLUMNS,
  FIRST_CUSTOMER_BY,
  INSERT_CUSTOMER,
  MESSAGE_INSERT_COLUMNS,
  callInsertValues,
  messageInsertValues,
} from '../shared/statements.js';
import { customerInsertValues } from '../shared/directory.js';
import { asText } from '../shared/rows.js';
import type { PgDatabase } from './database.js';
import { vectorLexemes } from './text-search.js';

const INSERT_CALL = sql(`INSERT INTO calls (${CALL_INSERT_COLUMNS}, search)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, array_to_tsvector(?::text[]))`);
const INSERT_MESSAGE = sql(
  `INSERT INTO messages (${MESSAGE_INSERT_COLUMNS}, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, array_to_tsvector(?::text[]))`,
);

export async function insertCall(db: PgDatabase, tx: pg.PoolClient, c: CallRecord): Promise<void> {
  await db.run(tx, INSERT_CALL, [...callInsertValues(c), vectorLexemes(c.transcription)]);
}

export async function insertMessage(db: PgDatabase, tx: pg.PoolClient, m: StoredMessage): Promise<void> {
  await db.run(tx, INSERT_MESSAGE, [...messageInsertValues(m), vectorLexemes(m.content)]);
}

/**
 * The customer of a new call (domain/customer-match): found, or created here. Find-or-create is
 * serialised per (account, phone) and (account, email) across processes with transaction-scoped
 * advisory locks, taken in a fixed order so two creates never wait on each other crosswise.
 */
export async function resolveCustomer(
  db: PgDatabase,
  tx: pg.PoolClient,
  accountId: string,
  resolution: CustomerResolution,
): Promise<string> {
  await lockCustomerMatch(db, tx, accountId, resolution);
  const found: CustomerMatches = {};
  for (const { by, value } of customerLookups(resolution)) {
    const row = await db.one(tx, FIRST_CUSTOMER_BY[by], [accountId, value]);
    if (row) found[by] = asText(row.id, 'id');
  }
  const plan = planCustomer(resolution, found);
  if (plan.create) await db.run(tx, INSERT_CUSTOMER, customerInsertValues(plan.create));
  return plan.customerId;
}

async function lockCustomerMatch(db: PgDatabase, tx: pg.PoolClient, accountId: string, c: CustomerResolution): Promise<void> {
  await db.lock(tx, ...customerLockKeys(accountId, c));
}

/** The advisory-lock keys that serialise finding or creating a customer by phone and email (erasure takes them too). */
export function customerLockKeys(accountId: string, c: Pick<CustomerResolution, 'matchPhone' | 'matchEmail'>): string[] {
  return customerLookups(c).map(({ by, value }) => `customer-${by}/${accountId}/${value}`);
}
