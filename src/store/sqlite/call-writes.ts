/**
 * The rows a call-creating or message-writing transaction writes on SQLite, with their
 * full-text documents: shared by the calls, messages and bulk repositories. Inside the caller's
 * transaction; never awaits.
 */
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
import { bindable, optionalRow, type SqliteDatabase } from './database.js';
import { indexText } from './full-text.js';

const INSERT_CALL = sql(
  `INSERT INTO calls (${CALL_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const INSERT_MESSAGE = sql(`INSERT INTO messages (${MESSAGE_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);

/** Inserts the call with its transcription's document; answers its rowid (the key of its documents). */
export function insertCall(db: SqliteDatabase, c: CallRecord): number {
  const info = db.statement(INSERT_CALL).run(...bindable(callInsertValues(c)));
  const rowid = Number(info.lastInsertRowid);
  indexText(db, rowid, 0, c.transcription);
  return rowid;
}

/** Inserts the message and, when its call's rowid is known, its document. */
export function insertMessage(db: SqliteDatabase, m: StoredMessage, callRowid: number | undefined): void {
  db.statement(INSERT_MESSAGE).run(...bindable(messageInsertValues(m)));
  if (callRowid !== undefined) indexText(db, callRowid, m.seq, m.content);
}

/** The customer of a new call (domain/customer-match): found, or created here. */
export function resolveCustomer(db: SqliteDatabase, accountId: string, resolution: CustomerResolution): string {
  const found: CustomerMatches = {};
  for (const { by, value } of customerLookups(resolution)) {
    const row = optionalRow(db.statement(FIRST_CUSTOMER_BY[by]).get(accountId, value));
    if (row) found[by] = asText(row.id, 'id');
  }
  const plan = planCustomer(resolution, found);
  if (plan.create) db.statement(INSERT_CUSTOMER).run(...bindable(customerInsertValues(plan.create)));
  return plan.customerId;
}
