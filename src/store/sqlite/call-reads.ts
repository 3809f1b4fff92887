/**
 * Reading calls with their details and messages on SQLite: one call by id (Get Call), or the
 * calls of a list page by rowid, each in two statements (details, messages).
 */
import type { CallDetails, MessageRecord } from '../../domain/types.js';
import { isCells, sql } from '../shared/sql.js';
import { CALL_DETAIL_COLUMNS, CALL_DETAIL_FROM } from '../shared/statements.js';
import { callDetailsFrom, inTimeOrder, message } from '../shared/mappers.js';
import { asText } from '../shared/rows.js';
import { optionalRow, requireRow, type SqliteDatabase } from './database.js';

// Built once: a statement is looked up by its constant object, so the hot path does not rebuild
// or rehash ~1 KB of SQL per request.
const GET_CALL = sql(`SELECT ${CALL_DETAIL_COLUMNS} ${CALL_DETAIL_FROM} WHERE c.account_id = ? AND c.id = ?`);
/** Read as arrays, in MessageRecord's order: cheaper than row objects copied into records. */
const CALL_MESSAGES = sql(
  `SELECT sid, timestamp, sender, content, media_url, status FROM messages WHERE account_id = ? AND call_id = ? ORDER BY seq`,
);
/**
 * Several calls of one account by rowid (the list query found them in the account, and their
 * rowids save a search of the (account_id, id) index per call). `+c.account_id` keeps SQLite
 * from choosing that index anyway.
 */
const CALLS_BY_ROWID = sql(
  `SELECT ${CALL_DETAIL_COLUMNS} ${CALL_DETAIL_FROM} WHERE c.rowid IN (SELECT value FROM json_each(?)) AND +c.account_id = ?`,
);
/** Read as arrays (call_id, then MessageRecord's fields in order): see readCalls. */
const MESSAGES_OF_CALLS = sql(`SELECT call_id, sid, timestamp, sender, content, media_url, status FROM messages
  WHERE account_id = ? AND call_id IN (SELECT value FROM json_each(?)) ORDER BY call_id, seq`);

export function readCall(db: SqliteDatabase, accountId: string, id: string): CallDetails | undefined {
  const row = optionalRow(db.statement(GET_CALL).get(accountId, id));
  if (!row) return undefined;
  const messages =
    row.messageCount === 0 ? [] : inTimeOrder(db.statement(CALL_MESSAGES).raw(true).all(accountId, id).map(messageFromCells));
  return callDetailsFrom(row, messages);
}

function messageFromCells(m: unknown): MessageRecord {
  if (!isCells(m)) throw new TypeError('expected a row of cells');
  return message(m[0], m[1], m[2], m[3], m[4], m[5]);
}

/** The calls of one account with these rowids, with their messages, keyed by id. */
export function readCalls(db: SqliteDatabase, accountId: string, rowids: readonly number[]): Map<string, CallDetails> {
  const rows = db.statement(CALLS_BY_ROWID).all(JSON.stringify(rowids), accountId).map(requireRow);
  const withMessages: string[] = [];
  for (const r of rows) if (r.messageCount !== 0) withMessages.push(asText(r.id, 'id'));
  const byCall = new Map<string, MessageRecord[]>();
  if (withMessages.length > 0) {
    // Rows as arrays, made into records here: a page holds ~400 messages, and better-sqlite3's
    // row objects (then copied without call_id) cost twice as much as building them once.
    const cells = db.statement(MESSAGES_OF_CALLS).raw(true).all(accountId, JSON.stringify(withMessages));
    let callId = '';
    let list: MessageRecord[] = [];
    for (const m of cells) {
      if (!isCells(m)) throw new TypeError('expected a row of cells');
      if (m[0] !== callId) byCall.set((callId = asText(m[0], 'call_id')), (list = []));
      list.push(message(m[1], m[2], m[3], m[4], m[5], m[6]));
    }
  }
  const calls = new Map<string, CallDetails>();
  for (const r of rows) {
    const id = asText(r.id, 'id');
    calls.set(id, callDetailsFrom(r, inTimeOrder(byCall.get(id) ?? [])));
  }
  return calls;
}
