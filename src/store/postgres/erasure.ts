/**
 * Erasing and redacting calls, and erasing customers, on PostgreSQL (search vectors go with the
 * rows); one transaction each. Every erasure goes through `eraseCall` and records its pending
 * cleanup (erasure_cleanup) in the same transaction; `compactErased` vacuums.
 */
import type { CallDetails } from '../../domain/types.js';
import type { CompactionReport, CustomerMatch, ErasureCounts, ErasureRepository } from '../../domain/ports/index.js';
import type pg from 'pg';
import { sql } from '../shared/sql.js';
import { asInteger, asText, justWritten } from '../shared/rows.js';
import { DELETE_CALL, DELETE_CALL_MESSAGES, PURGE_IDEMPOTENCY_BEFORE } from '../shared/statements.js';
import {
  CLEAR_CLEANUP,
  CUSTOMERS_MATCHING,
  CUSTOMER_CALL_IDS,
  DELETE_CUSTOMER,
  DELETE_IDLE_CUSTOMER,
  IDLE_CUSTOMER_SCAN,
  MARK_CLEANUP,
  PENDING_CLEANUP,
  contactFrom,
  matchPlan,
  noErasure,
  pendingCleanupFrom,
  type CustomerContact,
} from '../shared/erasure.js';
import type { PgDatabase } from './database.js';
import type { PgCallChanges } from './call-changes.js';
import { readCall } from './call-reads.js';
import { customerLockKeys } from './call-writes.js';
import { eraseEventsOf, sequenced, writeEvents, type SequencedEvent } from './events.js';
import { callEvent, deletedEvent } from '../../domain/events.js';

const LOCK_CALL = sql('SELECT message_count AS "messages" FROM calls WHERE account_id = ? AND id = ? FOR UPDATE');
const DELETE_REPLAYS_OF_CALL = sql(`DELETE FROM idempotency_keys WHERE account_id = ?
  AND (CASE WHEN response_body LIKE '{%' THEN response_body::json ->> 'id' END) = ?`);
const BLANK_CALL = sql(
  `UPDATE calls SET transcription = '', recording_url = '', search = ''::tsvector, updated_at = ? WHERE account_id = ? AND id = ?`,
);
const BLANK_MESSAGES = sql(`UPDATE messages SET content = '', media_url = '', search = ''::tsvector WHERE account_id = ? AND call_id = ?`);
const OLDEST_BEFORE = sql('SELECT id FROM calls WHERE account_id = ? AND created_at < ? ORDER BY created_at, id LIMIT ? FOR UPDATE');
const CUSTOMERS_BY_IDS = sql('SELECT id, phone, email FROM customers WHERE account_id = ? AND id = ANY(?::text[])');
const CUSTOMERS_FOR_UPDATE = sql(
  'SELECT id, phone, email FROM customers WHERE account_id = ? AND id = ANY(?::text[]) ORDER BY id FOR UPDATE',
);
/** The tables erasure deletes from: what VACUUM visits. */
const ERASED_TABLES = ['calls', 'messages', 'customers', 'idempotency_keys', 'events'] as const;
/**
 * Rows erased (calls, messages, customers) after which the next purge pass vacuums: a VACUUM
 * reads every index of the tables once, so a few erased calls wait for the next big batch (or
 * autovacuum). A customer erasure (a data-subject request) is vacuumed at the next pass anyway.
 */
export const VACUUM_AFTER_ROWS = 5000;

export class PostgresErasureRepository implements ErasureRepository {
  constructor(
    private readonly db: PgDatabase,
    private readonly changes: PgCallChanges,
  ) {}

  async deleteCall(accountId: string, id: string, deletedAt: string): Promise<boolean> {
    const theCall = () => [{ accountId, callId: id }];
    return this.changes.writingCalls(theCall, () =>
      this.db.transaction(async (tx) => {
        const deleted: SequencedEvent[] = [];
        const messages = await this.eraseCall(tx, accountId, id, deletedAt, deleted, true);
        if (messages === undefined) return false;
        await this.markCleanup(tx, 1 + messages, false);
        await writeEvents(this.db, tx, deleted);
        return true;
      }),
    );
  }

  /**
   * The one way a call is erased (Delete Call, retention, customer erasure): locks the row (an
   * append to it waits, then finds no call), leaves its earlier events only `{"id"}` and adds its
   * call.deleted at `at` to `deleted` (the caller writes them last, as every transaction writes
   * its events), deletes its messages, the call, and (`replays`) the idempotency replays
   * answering with it. Inside the caller's transaction; answers how many messages went, or
   * undefined (no such call).
   */
  private async eraseCall(
    tx: pg.PoolClient,
    accountId: string,
    id: string,
    at: string,
    deleted: SequencedEvent[],
    replays: boolean,
  ): Promise<number | undefined> {
    const row = await this.db.one(tx, LOCK_CALL, [accountId, id]);
    if (!row) return undefined;
    await eraseEventsOf(this.db, tx, accountId, id);
    deleted.push(await sequenced(this.db, tx, deletedEvent(accountId, id, at)));
    await this.db.run(tx, DELETE_CALL_MESSAGES, [accountId, id]);
    await this.db.run(tx, DELETE_CALL, [accountId, id]);
    if (replays) await this.db.run(tx, DELETE_REPLAYS_OF_CALL, [accountId, id]);
    return asInteger(row.messages, 'message_count');
  }

  private async markCleanup(tx: pg.PoolClient, rows: number, urgent: boolean): Promise<void> {
    await this.db.run(tx, MARK_CLEANUP, [rows, urgent]);
  }

  async redactCall(accountId: string, id: string, updatedAt: string): Promise<CallDetails | undefined> {
    const theCall = () => [{ accountId, callId: id }];
    return this.changes.writingCalls(theCall, () =>
      this.db.transaction(async (tx) => {
        if (!(await this.db.one(tx, LOCK_CALL, [accountId, id]))) return undefined;
        await this.db.run(tx, BLANK_CALL, [updatedAt, accountId, id]);
        await this.db.run(tx, BLANK_MESSAGES, [accountId, id]);
        await this.markCleanup(tx, 1, false);
        await eraseEventsOf(this.db, tx, accountId, id);
        const redacted = justWritten(await readCall(this.db, tx, accountId, id), 'call');
        await writeEvents(this.db, tx, [await sequenced(this.db, tx, callEvent('call.redacted', redacted, updatedAt))]);
        return redacted;
      }),
    );
  }

  async purgeCallsCreatedBefore(accountId: string, before: string, limit: number, erasedAt: string): Promise<number> {
    return this.changes.writingBroadly(() =>
      this.db.transaction(async (tx) => {
        const ids = (await this.db.query(tx, OLDEST_BEFORE, [accountId, before, limit])).map((r) => asText(r.id, 'id'));
        let rows = 0;
        const deleted: SequencedEvent[] = [];
        // Their replays are older than `before` too: the statement below takes them all at once.
        for (const id of ids) rows += 1 + ((await this.eraseCall(tx, accountId, id, erasedAt, deleted, false)) ?? 0);
        await this.db.run(tx, PURGE_IDEMPOTENCY_BEFORE, [accountId, before]);
        if (ids.length > 0) await this.markCleanup(tx, rows, false);
        await writeEvents(this.db, tx, deleted);
        return ids.length;
      }),
    );
  }

  async findCustomers(accountId: string, match: CustomerMatch): Promise<string[]> {
    const plan = matchPlan(match);
    if (!plan) return [];
    return (await this.db.query(this.db.pool, CUSTOMERS_MATCHING[plan.by], [accountId, plan.value]))
      .map(contactFrom)
      .filter(plan.meets)
      .map((c) => c.id);
  }

  /**
   * First the advisory locks that call creation takes to find or create a customer by phone and
   * email (so a create for this person waits, then finds no customer), then the customers' rows
   * and each call's row (so an append waits, then finds no call), then the deletes.
   */
  async eraseCustomers(accountId: string, customerIds: readonly string[], erasedAt: string): Promise<ErasureCounts> {
    if (customerIds.length === 0) return noErasure();
    return this.changes.writingBroadly(() =>
      this.db.transaction(async (tx) => {
        const counts = noErasure();
        const deleted: SequencedEvent[] = [];
        const ids = [...customerIds];
        await this.lockContacts(tx, accountId, (await this.db.query(tx, CUSTOMERS_BY_IDS, [accountId, ids])).map(contactFrom));
        for (const customer of (await this.db.query(tx, CUSTOMERS_FOR_UPDATE, [accountId, ids])).map(contactFrom)) {
          // A new statement: it sees the calls that creates holding the locks above committed.
          const callIds = (await this.db.query(tx, CUSTOMER_CALL_IDS, [accountId, customer.id])).map((r) => asText(r.id, 'id'));
          for (const id of callIds) {
            const messages = await this.eraseCall(tx, accountId, id, erasedAt, deleted, true);
            if (messages === undefined) continue;
            counts.messages += messages;
            counts.calls++;
          }
          await this.db.run(tx, DELETE_CUSTOMER, [accountId, customer.id]);
          counts.customers++;
        }
        if (counts.customers > 0) await this.markCleanup(tx, counts.customers + counts.calls + counts.messages, true);
        await writeEvents(this.db, tx, deleted);
        return counts;
      }),
    );
  }

  /** The advisory locks call creation takes to find or create a customer by these phones and emails. */
  private async lockContacts(tx: pg.PoolClient, accountId: string, contacts: readonly CustomerContact[]): Promise<void> {
    await this.db.lock(tx, ...new Set(contacts.flatMap((c) => customerLockKeys(accountId, { matchPhone: c.phone, matchEmail: c.email }))));
  }

  async purgeIdleCustomersBefore(
    accountId: string,
    before: string,
    scan: { afterId: string; limit: number },
  ): Promise<{ erased: number; next: string | undefined }> {
    return this.changes.writingBroadly(() =>
      this.db.transaction(async (tx) => {
        const rows = await this.db.query(tx, IDLE_CUSTOMER_SCAN, [before, before, accountId, scan.afterId, scan.limit]);
        const idle = rows.filter((r) => asInteger(r.idle, 'idle') === 1).map(contactFrom);
        // A create that found one of them holds its lock until it commits; the delete re-checks for its call.
        await this.lockContacts(tx, accountId, idle);
        let erased = 0;
        for (const customer of idle) erased += await this.db.run(tx, DELETE_IDLE_CUSTOMER, [accountId, customer.id]);
        if (erased > 0) await this.markCleanup(tx, erased, false);
        const last = rows.at(-1);
        return { erased, next: rows.length < scan.limit || !last ? undefined : asText(last.id, 'id') };
      }),
    );
  }

  /**
   * VACUUM (ANALYZE) of the tables erased from, outside any transaction (VACUUM cannot run in
   * one), once the pending erasures add up to VACUUM_AFTER_ROWS rows or include a customer. It
   * makes the dead rows' space reusable (so new rows overwrite them) and drops their index
   * entries; it does not zero the space: docs/reliability.md says what that means.
   */
  async compactErased(): Promise<CompactionReport> {
    const pending = pendingCleanupFrom(await this.db.one(this.db.pool, PENDING_CLEANUP, []));
    if (pending.n === 0) return { pending: 0, steps: [], done: true };
    if (!pending.urgent && pending.rows < VACUUM_AFTER_ROWS) return { pending: pending.n, steps: [], done: false };
    await this.db.pool.query(`VACUUM (ANALYZE) ${ERASED_TABLES.join(', ')}`);
    await this.db.run(this.db.pool, CLEAR_CLEANUP, [pending.upTo]);
    return { pending: pending.n, steps: ERASED_TABLES.map((t) => `vacuum ${t}`), done: true };
  }
}
