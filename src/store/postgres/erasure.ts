/** Erasing and redacting calls on PostgreSQL (search vectors go with the rows); one transaction each. */
import type { CallDetails } from '../../domain/types.js';
import type { ErasureRepository } from '../../domain/ports/index.js';
import type pg from 'pg';
import { sql } from '../shared/sql.js';
import { asText, justWritten } from '../shared/rows.js';
import { DELETE_CALL, DELETE_CALL_MESSAGES, PURGE_IDEMPOTENCY_BEFORE } from '../shared/statements.js';
import type { PgDatabase } from './database.js';
import { readCall } from './call-reads.js';
import { eraseEventsOf, sequenced, writeEvents, type SequencedEvent } from './events.js';
import { callEvent, deletedEvent } from '../../domain/events.js';

const LOCK_CALL = sql('SELECT 1 AS "x" FROM calls WHERE account_id = ? AND id = ? FOR UPDATE');
const DELETE_REPLAYS_OF_CALL = sql(`DELETE FROM idempotency_keys WHERE account_id = ?
  AND (CASE WHEN response_body LIKE '{%' THEN response_body::json ->> 'id' END) = ?`);
const BLANK_CALL = sql(
  `UPDATE calls SET transcription = '', recording_url = '', search = ''::tsvector, updated_at = ? WHERE account_id = ? AND id = ?`,
);
const BLANK_MESSAGES = sql(`UPDATE messages SET content = '', media_url = '', search = ''::tsvector WHERE account_id = ? AND call_id = ?`);
const OLDEST_BEFORE = sql('SELECT id FROM calls WHERE account_id = ? AND created_at < ? ORDER BY created_at, id LIMIT ? FOR UPDATE');
const DELETE_MESSAGES_OF = sql('DELETE FROM messages WHERE account_id = ? AND call_id = ANY(?::text[])');
const DELETE_CALLS = sql('DELETE FROM calls WHERE account_id = ? AND id = ANY(?::text[])');

export class PostgresErasureRepository implements ErasureRepository {
  constructor(private readonly db: PgDatabase) {}

  async deleteCall(accountId: string, id: string, deletedAt: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await this.db.one(tx, LOCK_CALL, [accountId, id]))) return false;
      const deleted = await this.erasingEvents(tx, accountId, id, deletedAt);
      await this.db.run(tx, DELETE_CALL_MESSAGES, [accountId, id]);
      await this.db.run(tx, DELETE_CALL, [accountId, id]);
      await this.db.run(tx, DELETE_REPLAYS_OF_CALL, [accountId, id]);
      await writeEvents(this.db, tx, [deleted]);
      return true;
    });
  }

  /** The call's earlier events keep only `{"id"}`; answers its call.deleted, to write (the call's row locked, not yet deleted). */
  private async erasingEvents(tx: pg.PoolClient, accountId: string, id: string, at: string): Promise<SequencedEvent> {
    await eraseEventsOf(this.db, tx, accountId, id);
    return sequenced(this.db, tx, deletedEvent(accountId, id, at));
  }

  async redactCall(accountId: string, id: string, updatedAt: string): Promise<CallDetails | undefined> {
    return this.db.transaction(async (tx) => {
      if (!(await this.db.one(tx, LOCK_CALL, [accountId, id]))) return undefined;
      await this.db.run(tx, BLANK_CALL, [updatedAt, accountId, id]);
      await this.db.run(tx, BLANK_MESSAGES, [accountId, id]);
      await eraseEventsOf(this.db, tx, accountId, id);
      const redacted = justWritten(await readCall(this.db, tx, accountId, id), 'call');
      await writeEvents(this.db, tx, [await sequenced(this.db, tx, callEvent('call.redacted', redacted, updatedAt))]);
      return redacted;
    });
  }

  async purgeCallsCreatedBefore(accountId: string, before: string, limit: number, erasedAt: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      const ids = (await this.db.query(tx, OLDEST_BEFORE, [accountId, before, limit])).map((r) => asText(r.id, 'id'));
      const deleted: SequencedEvent[] = [];
      for (const id of ids) deleted.push(await this.erasingEvents(tx, accountId, id, erasedAt));
      if (ids.length > 0) {
        await this.db.run(tx, DELETE_MESSAGES_OF, [accountId, ids]);
        await this.db.run(tx, DELETE_CALLS, [accountId, ids]);
      }
      await this.db.run(tx, PURGE_IDEMPOTENCY_BEFORE, [accountId, before]);
      await writeEvents(this.db, tx, deleted);
      return ids.length;
    });
  }

  /** Nothing to do: erased rows are dead tuples that autovacuum reclaims; no text index keeps them. */
  async compactErased(): Promise<void> {}
}
