/** Erasing and redacting calls on SQLite, full-text documents included; one transaction each. */
import type { CallDetails } from '../../domain/types.js';
import type { ErasureRepository } from '../../domain/ports/index.js';
import { sql } from '../shared/sql.js';
import { asText, justWritten } from '../shared/rows.js';
import { DELETE_CALL, DELETE_CALL_MESSAGES, PURGE_IDEMPOTENCY_BEFORE } from '../shared/statements.js';
import { asNumber, optionalRow, requireRow, type SqliteDatabase, settle } from './database.js';
import { optimizeText, unindexCall } from './full-text.js';
import { readCall } from './call-reads.js';
import { eraseEventsOf, writeEvent } from './events.js';
import { callEvent, deletedEvent } from '../../domain/events.js';

const CALL_ROWID = sql('SELECT rowid AS "rid" FROM calls WHERE account_id = ? AND id = ?');
const DELETE_REPLAYS_OF_CALL = sql(`DELETE FROM idempotency_keys WHERE account_id = ? AND json_extract(response_body, '$.id') = ?`);
const BLANK_CALL = sql(`UPDATE calls SET transcription = '', recording_url = '', updated_at = ? WHERE account_id = ? AND id = ?`);
const BLANK_MESSAGES = sql(`UPDATE messages SET content = '', media_url = '' WHERE account_id = ? AND call_id = ?`);
const OLDEST_BEFORE = sql('SELECT id FROM calls WHERE account_id = ? AND created_at < ? ORDER BY created_at, id LIMIT ?');

export class SqliteErasureRepository implements ErasureRepository {
  constructor(private readonly db: SqliteDatabase) {}

  deleteCall(accountId: string, id: string, deletedAt: string): Promise<boolean> {
    return settle(() => {
      return this.db.transaction((): boolean => {
        const erased = this.erase(accountId, id, deletedAt);
        if (erased) this.db.statement(DELETE_REPLAYS_OF_CALL).run(accountId, id);
        return erased;
      });
    });
  }

  /**
   * Removes the call, its messages and its full-text documents, leaves its events only `{"id"}`
   * and adds its call.deleted (inside the caller's transaction).
   */
  private erase(accountId: string, id: string, at: string): boolean {
    const row = optionalRow(this.db.statement(CALL_ROWID).get(accountId, id));
    if (!row) return false;
    eraseEventsOf(this.db, accountId, id);
    writeEvent(this.db, deletedEvent(accountId, id, at));
    this.db.statement(DELETE_CALL_MESSAGES).run(accountId, id);
    unindexCall(this.db, asNumber(row.rid, 'rowid'));
    this.db.statement(DELETE_CALL).run(accountId, id);
    return true;
  }

  redactCall(accountId: string, id: string, updatedAt: string): Promise<CallDetails | undefined> {
    return settle(() => {
      return this.db.transaction((): CallDetails | undefined => {
        const row = optionalRow(this.db.statement(CALL_ROWID).get(accountId, id));
        if (!row) return undefined;
        this.db.statement(BLANK_CALL).run(updatedAt, accountId, id);
        this.db.statement(BLANK_MESSAGES).run(accountId, id);
        unindexCall(this.db, asNumber(row.rid, 'rowid'));
        eraseEventsOf(this.db, accountId, id);
        const redacted = justWritten(readCall(this.db, accountId, id), 'call');
        writeEvent(this.db, callEvent('call.redacted', redacted, updatedAt));
        return redacted;
      });
    });
  }

  purgeCallsCreatedBefore(accountId: string, before: string, limit: number, erasedAt: string): Promise<number> {
    return settle(() => {
      return this.db.transaction((): number => {
        const ids = this.db
          .statement(OLDEST_BEFORE)
          .all(accountId, before, limit)
          .map((v) => asText(requireRow(v).id, 'id'));
        for (const id of ids) this.erase(accountId, id, erasedAt);
        this.db.statement(PURGE_IDEMPOTENCY_BEFORE).run(accountId, before);
        return ids.length;
      });
    });
  }

  compactErased(): Promise<void> {
    return settle(() => {
      optimizeText(this.db);
      this.db.db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }
}
