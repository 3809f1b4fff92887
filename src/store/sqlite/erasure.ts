/**
 * Erasing and redacting calls, and erasing customers, on SQLite, full-text documents included;
 * one IMMEDIATE transaction each. Every erasure goes through `eraseCall` and records its pending
 * cleanup (erasure_cleanup) in the same transaction.
 */
import type { CallDetails } from '../../domain/types.js';
import type { CompactionReport, CustomerMatch, ErasureCounts, ErasureRepository } from '../../domain/ports/index.js';
import { sql } from '../shared/sql.js';
import { asInteger, asText, justWritten } from '../shared/rows.js';
import { DELETE_CALL, DELETE_CALL_MESSAGES, PURGE_IDEMPOTENCY_BEFORE } from '../shared/statements.js';
import {
  CLEAR_CLEANUP,
  CUSTOMERS_MATCHING,
  CUSTOMER_CALL_IDS,
  CUSTOMER_CONTACT,
  DELETE_CUSTOMER,
  DELETE_IDLE_CUSTOMER,
  IDLE_CUSTOMER_SCAN,
  MARK_CLEANUP,
  PENDING_CLEANUP,
  contactFrom,
  matchPlan,
  noErasure,
  pendingCleanupFrom,
} from '../shared/erasure.js';
import { asNumber, optionalRow, requireRow, type SqliteDatabase, settle } from './database.js';
import { optimizeText, unindexCall } from './full-text.js';
import { readCall } from './call-reads.js';
import { eraseEventsOf, writeEvent } from './events.js';
import { callEvent, deletedEvent } from '../../domain/events.js';

const CALL_ROWID = sql('SELECT rowid AS "rid", message_count AS "messages" FROM calls WHERE account_id = ? AND id = ?');
const DELETE_REPLAYS_OF_CALL = sql(`DELETE FROM idempotency_keys WHERE account_id = ? AND json_extract(response_body, '$.id') = ?`);
const BLANK_CALL = sql(`UPDATE calls SET transcription = '', recording_url = '', updated_at = ? WHERE account_id = ? AND id = ?`);
const BLANK_MESSAGES = sql(`UPDATE messages SET content = '', media_url = '' WHERE account_id = ? AND call_id = ?`);
const OLDEST_BEFORE = sql('SELECT id FROM calls WHERE account_id = ? AND created_at < ? ORDER BY created_at, id LIMIT ?');

export class SqliteErasureRepository implements ErasureRepository {
  constructor(private readonly db: SqliteDatabase) {}

  deleteCall(accountId: string, id: string, deletedAt: string): Promise<boolean> {
    return settle(() =>
      this.db.transaction((): boolean => {
        const messages = this.eraseCall(accountId, id, deletedAt, true);
        if (messages === undefined) return false;
        this.markCleanup(1 + messages, false);
        return true;
      }),
    );
  }

  /**
   * The one way a call is erased (Delete Call, retention, customer erasure): its events keep only
   * `{"id"}` and it gets its call.deleted at `at`; its messages, its full-text documents, the call,
   * and (`replays`) the idempotency replays answering with it go. Inside the caller's
   * transaction; answers how many messages went, or undefined (no such call).
   */
  private eraseCall(accountId: string, id: string, at: string, replays: boolean): number | undefined {
    const row = optionalRow(this.db.statement(CALL_ROWID).get(accountId, id));
    if (!row) return undefined;
    eraseEventsOf(this.db, accountId, id);
    writeEvent(this.db, deletedEvent(accountId, id, at));
    this.db.statement(DELETE_CALL_MESSAGES).run(accountId, id);
    unindexCall(this.db, asNumber(row.rid, 'rowid'));
    this.db.statement(DELETE_CALL).run(accountId, id);
    if (replays) this.db.statement(DELETE_REPLAYS_OF_CALL).run(accountId, id);
    return asInteger(row.messages, 'message_count');
  }

  /** Records, with the erasure, that its traces inside the engine are still to be cleared. */
  private markCleanup(rows: number, urgent: boolean): void {
    this.db.statement(MARK_CLEANUP).run(rows, urgent ? 1 : 0);
  }

  redactCall(accountId: string, id: string, updatedAt: string): Promise<CallDetails | undefined> {
    return settle(() =>
      this.db.transaction((): CallDetails | undefined => {
        const row = optionalRow(this.db.statement(CALL_ROWID).get(accountId, id));
        if (!row) return undefined;
        this.db.statement(BLANK_CALL).run(updatedAt, accountId, id);
        this.db.statement(BLANK_MESSAGES).run(accountId, id);
        unindexCall(this.db, asNumber(row.rid, 'rowid'));
        this.markCleanup(1, false);
        eraseEventsOf(this.db, accountId, id);
        const redacted = justWritten(readCall(this.db, accountId, id), 'call');
        writeEvent(this.db, callEvent('call.redacted', redacted, updatedAt));
        return redacted;
      }),
    );
  }

  purgeCallsCreatedBefore(accountId: string, before: string, limit: number, erasedAt: string): Promise<number> {
    return settle(() =>
      this.db.transaction((): number => {
        const ids = this.db
          .statement(OLDEST_BEFORE)
          .all(accountId, before, limit)
          .map((v) => asText(requireRow(v).id, 'id'));
        let rows = 0;
        // Their replays are older than `before` too: the statement below takes them all at once.
        for (const id of ids) rows += 1 + (this.eraseCall(accountId, id, erasedAt, false) ?? 0);
        this.db.statement(PURGE_IDEMPOTENCY_BEFORE).run(accountId, before);
        if (ids.length > 0) this.markCleanup(rows, false);
        return ids.length;
      }),
    );
  }

  findCustomers(accountId: string, match: CustomerMatch): Promise<string[]> {
    return settle(() => {
      const plan = matchPlan(match);
      if (!plan) return [];
      return this.db
        .statement(CUSTOMERS_MATCHING[plan.by])
        .all(accountId, plan.value)
        .map((r) => contactFrom(requireRow(r)))
        .filter(plan.meets)
        .map((c) => c.id);
    });
  }

  eraseCustomers(accountId: string, customerIds: readonly string[], erasedAt: string): Promise<ErasureCounts> {
    return settle(() =>
      this.db.transaction((): ErasureCounts => {
        const counts = noErasure();
        for (const customerId of customerIds) {
          if (!optionalRow(this.db.statement(CUSTOMER_CONTACT).get(accountId, customerId))) continue;
          const callIds = this.db
            .statement(CUSTOMER_CALL_IDS)
            .all(accountId, customerId)
            .map((v) => asText(requireRow(v).id, 'id'));
          for (const id of callIds) {
            counts.messages += this.eraseCall(accountId, id, erasedAt, true) ?? 0;
            counts.calls++;
          }
          this.db.statement(DELETE_CUSTOMER).run(accountId, customerId);
          counts.customers++;
        }
        if (counts.customers > 0) this.markCleanup(counts.customers + counts.calls + counts.messages, true);
        return counts;
      }),
    );
  }

  purgeIdleCustomersBefore(
    accountId: string,
    before: string,
    scan: { afterId: string; limit: number },
  ): Promise<{ erased: number; next: string | undefined }> {
    return settle(() =>
      this.db.transaction(() => {
        const rows = this.db.statement(IDLE_CUSTOMER_SCAN).all(before, before, accountId, scan.afterId, scan.limit).map(requireRow);
        let erased = 0;
        for (const r of rows) {
          if (asInteger(r.idle, 'idle') !== 1) continue;
          erased += this.db.statement(DELETE_IDLE_CUSTOMER).run(accountId, asText(r.id, 'id')).changes;
        }
        if (erased > 0) this.markCleanup(erased, false);
        const last = rows.at(-1);
        return { erased, next: rows.length < scan.limit || !last ? undefined : asText(last.id, 'id') };
      }),
    );
  }

  /**
   * Merges the full-text index (no segment keeps an erased term), then checkpoints and truncates
   * the WAL (no old page image survives in it); clears the pending rows only once both are done.
   */
  compactErased(): Promise<CompactionReport> {
    return settle(() => {
      const pending = pendingCleanupFrom(optionalRow(this.db.statement(PENDING_CLEANUP).get()));
      if (pending.n === 0) return { pending: 0, steps: [], done: true };
      const steps: string[] = [];
      optimizeText(this.db);
      steps.push('full-text merged');
      if (!this.truncateWal()) return { pending: pending.n, steps, done: false };
      steps.push('wal truncated');
      this.db.statement(CLEAR_CLEANUP).run(pending.upTo);
      // The clearing wrote a page of its own (no personal data); leave the WAL empty again.
      this.truncateWal();
      return { pending: pending.n, steps, done: true };
    });
  }

  /** Whether a TRUNCATE checkpoint completed (false: a reader in another connection held it back). */
  private truncateWal(): boolean {
    const result: unknown = this.db.db.pragma('wal_checkpoint(TRUNCATE)');
    const first = Array.isArray(result) ? optionalRow(result[0]) : undefined;
    return first === undefined || first.busy === 0;
  }
}
