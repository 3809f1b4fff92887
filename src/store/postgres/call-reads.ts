/** Reading calls with their details and messages on PostgreSQL: one statement, one snapshot. */
import type { CallDetails } from '../../domain/types.js';
import { isCells, isRow, sql, type Row } from '../shared/sql.js';
import { CALL_DETAIL_COLUMNS, CALL_DETAIL_FROM } from '../shared/statements.js';
import { callDetailsFrom, messageFrom } from '../shared/mappers.js';
import { asText, RowError } from '../shared/rows.js';
import type { PgDatabase, Queryable } from './database.js';

/** A call with its joined details and its messages (as JSON, in display order). */
const DETAIL_SELECT = `SELECT ${CALL_DETAIL_COLUMNS},
  CASE WHEN c.message_count = 0 THEN NULL ELSE (
    SELECT json_agg(json_build_object('sid', m.sid, 'timestamp', m.timestamp, 'sender', m.sender,
      'content', m.content, 'mediaUrl', m.media_url, 'status', m.status) ORDER BY m.timestamp, m.seq)
    FROM messages m WHERE m.account_id = c.account_id AND m.call_id = c.id) END AS "messagesJson"
${CALL_DETAIL_FROM}`;
const GET_CALL = sql(`${DETAIL_SELECT} WHERE c.account_id = ? AND c.id = ?`);
/** The details of one list page, by the ids the list query chose. */
const CALLS_BY_ID = sql(`${DETAIL_SELECT} WHERE c.account_id = ? AND c.id = ANY(?::text[])`);

export async function readCall(db: PgDatabase, on: Queryable, accountId: string, id: string): Promise<CallDetails | undefined> {
  const row = await db.one(on, GET_CALL, [accountId, id]);
  return row && detailsFrom(row);
}

/** The calls of one account with these ids, keyed by id. */
export async function readCalls(
  db: PgDatabase,
  on: Queryable,
  accountId: string,
  ids: readonly string[],
): Promise<Map<string, CallDetails>> {
  const calls = new Map<string, CallDetails>();
  for (const row of await db.query(on, CALLS_BY_ID, [accountId, ids])) calls.set(asText(row.id, 'id'), detailsFrom(row));
  return calls;
}

function detailsFrom(row: Row): CallDetails {
  const json = row.messagesJson;
  if (json !== null && !isCells(json)) throw new RowError('messagesJson', 'a JSON array or null');
  return callDetailsFrom(row, json === null ? [] : json.map((m) => messageFrom(requireObject(m))));
}

function requireObject(value: unknown): Row {
  if (!isRow(value)) throw new RowError('messagesJson[]', 'an object');
  return value;
}
