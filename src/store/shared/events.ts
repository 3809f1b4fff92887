/**
 * The event log's SQL, written once: the statements both engines' writers use inside their change
 * transactions, and the reads (feed, cursor lookup, dispatcher's read, retention purge) as one
 * repository over a SqlRunner. Each engine adds its own writer lock and `watch`.
 */
import type { EventListQuery, StoredEvent } from '../../domain/ports/index.js';
import { CALL_EVENT_TYPES } from '../../contract/events.js';
import { inListStatements, sql, type Row, type Sql, type SqlRunner } from './sql.js';
import { asInteger, asMember, asText, vocabulary } from './rows.js';

const EVENT_COLUMNS = `position, id, account_id AS "accountId", call_id AS "callId", type, sequence, occurred_at AS "timestamp", payload`;

export const INSERT_EVENT = sql(
  'INSERT INTO events (id, account_id, call_id, type, sequence, occurred_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
/** The call's next event sequence number, taken under the call's row lock. */
export const NEXT_EVENT_SEQUENCE = sql(
  'UPDATE calls SET event_sequence = event_sequence + 1 WHERE account_id = ? AND id = ? RETURNING event_sequence AS "sequence"',
);
/** SET_MESSAGE_COUNT and NEXT_EVENT_SEQUENCE in one statement (an append's message.created). */
export const SET_MESSAGE_COUNT_NEXT_EVENT = sql(`UPDATE calls SET message_count = ?, updated_at = ?, event_sequence = event_sequence + 1
  WHERE account_id = ? AND id = ? RETURNING event_sequence AS "sequence"`);
/** TOUCH_CALL and NEXT_EVENT_SEQUENCE in one statement (a message's status move). */
export const TOUCH_CALL_NEXT_EVENT = sql(
  'UPDATE calls SET updated_at = ?, event_sequence = event_sequence + 1 WHERE account_id = ? AND id = ? RETURNING event_sequence AS "sequence"',
);
/**
 * Erasure: every earlier event of the call keeps its id, type, time and sequence but its data
 * becomes `{"id"}` (domain/events.ts eventJson with erasedData; every value spliced in is an id,
 * a type, an ISO time or a number, none needing JSON escapes).
 */
export const ERASE_EVENTS_OF_CALL = sql(`UPDATE events SET payload =
  '{"id":"' || id || '","type":"' || type || '","timestamp":"' || occurred_at || '","sequence":' || sequence || ',"data":{"id":"' || call_id || '"}}'
  WHERE account_id = ? AND call_id = ?`);

const POSITION_OF = sql('SELECT position FROM events WHERE account_id = ? AND id = ?');
const READ_AFTER = sql(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`);
const READ_POSITIONS = inListStatements((list) => `SELECT ${EVENT_COLUMNS} FROM events WHERE position IN (${list})`);
const LAST_POSITION = sql('SELECT max(position) AS "position" FROM events');
/** The oldest `limit` events, those of them that happened before the cutoff: reads `limit` rows by key, never the whole log. */
const PURGE_OLDEST = sql(
  'DELETE FROM events WHERE position IN (SELECT position FROM events ORDER BY position LIMIT ?) AND occurred_at < ?',
);

const EVENT_TYPE = vocabulary(CALL_EVENT_TYPES);

/** Statements of the feed's filter combinations, made once each. */
const listStatements = new Map<string, Sql>();

function listStatement(typeCount: number, byCall: boolean): Sql {
  const key = `${typeCount}/${byCall}`;
  let s = listStatements.get(key);
  if (s === undefined) {
    const where = ['account_id = ?'];
    if (byCall) where.push('call_id = ?');
    where.push('position > ?');
    if (typeCount > 0) where.push(`type IN (${Array.from({ length: typeCount }, () => '?').join(', ')})`);
    s = sql(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`);
    listStatements.set(key, s);
  }
  return s;
}

/** A position: SQLite answers a number, node-postgres a bigint as its decimal text. */
export function asPosition(value: unknown, column: string): number {
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return asInteger(value, column);
}

export function eventFrom(r: Row): StoredEvent {
  return {
    position: asPosition(r.position, 'position'),
    id: asText(r.id, 'id'),
    accountId: asText(r.accountId, 'accountId'),
    callId: asText(r.callId, 'callId'),
    type: asMember(r.type, 'type', EVENT_TYPE),
    sequence: asInteger(r.sequence, 'sequence'),
    timestamp: asText(r.timestamp, 'timestamp'),
    payload: asText(r.payload, 'payload'),
  };
}

/** The reads of the log, the same on both engines. */
export class SqlEventReads {
  constructor(private readonly db: SqlRunner) {}

  async list(q: EventListQuery): Promise<StoredEvent[]> {
    const types = q.types ?? [];
    const params = [q.accountId, ...(q.callId === undefined ? [] : [q.callId]), q.afterPosition, ...types, q.limit];
    return (await this.db.all(listStatement(types.length, q.callId !== undefined), params)).map(eventFrom);
  }

  async positionOf(accountId: string, eventId: string): Promise<number | undefined> {
    const row = await this.db.one(POSITION_OF, [accountId, eventId]);
    return row && asPosition(row.position, 'position');
  }

  async readAfter(afterPosition: number, limit: number): Promise<readonly StoredEvent[]> {
    return (await this.db.all(READ_AFTER, [afterPosition, limit])).map(eventFrom);
  }

  async readPositions(positions: readonly number[]): Promise<readonly StoredEvent[]> {
    const events: StoredEvent[] = [];
    for (const { statement, params } of READ_POSITIONS([...new Set(positions)])) {
      for (const row of await this.db.all(statement, params)) events.push(eventFrom(row));
    }
    return events.sort((a, b) => a.position - b.position);
  }

  async lastPosition(): Promise<number> {
    const row = await this.db.one(LAST_POSITION, []);
    return row === undefined || row.position === null ? 0 : asPosition(row.position, 'position');
  }

  purgeBefore(before: string, limit: number): Promise<number> {
    return this.db.run(PURGE_OLDEST, [limit, before]);
  }
}
