/**
 * The event log on PostgreSQL. A transaction's events are written last, after it took the event
 * lock (a transaction-level advisory lock, one key for the whole log): positions are drawn under
 * the lock and the lock is held to the commit, so events become visible in position order and a
 * reader that remembers the last position it saw never misses one — the webhook dispatcher reads
 * across accounts, so the key is one for the database, not one per account. The same statement
 * queues a NOTIFY, which PostgreSQL sends when (and only if) the transaction commits; `watch`
 * LISTENs on the process's LISTEN connection (listener.ts).
 */
import type pg from 'pg';
import type { EventLog, EventWatch } from '../../domain/ports/index.js';
import { eventRecord, type NewEvent } from '../../domain/events.js';
import { asInteger } from '../shared/rows.js';
import { ERASE_EVENTS_OF_CALL, INSERT_EVENT, NEXT_EVENT_SEQUENCE, SqlEventReads } from '../shared/events.js';
import { lockKey, type PgDatabase } from './database.js';
import type { PgListener } from './listener.js';

/** The NOTIFY channel of committed events. */
export const EVENTS_CHANNEL = 'calls_api_events';
export const EVENT_LOCK_KEY = lockKey('calls-api/events').toString();

/** An event with its call's sequence number, waiting for the end of its transaction. */
export interface SequencedEvent {
  readonly event: NewEvent;
  readonly sequence: number;
}

/** Takes the call's next sequence number for the event (the call's row is locked by the caller or by this update). */
export async function sequenced(db: PgDatabase, tx: pg.PoolClient, event: NewEvent): Promise<SequencedEvent> {
  const row = await db.one(tx, NEXT_EVENT_SEQUENCE, [event.accountId, event.callId]);
  if (!row) throw new Error('event for a call that is not there');
  return { event, sequence: asInteger(row.sequence, 'sequence') };
}

/**
 * Writes the transaction's events: the last thing it does before COMMIT, so that the event lock
 * is held only for these inserts and the commit, and no other lock is waited for under it.
 */
export async function writeEvents(db: PgDatabase, tx: pg.PoolClient, events: readonly SequencedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint), pg_notify($2, $3)', [EVENT_LOCK_KEY, EVENTS_CHANNEL, '']);
  if (events.length === 1) {
    const [{ event: e, sequence }] = events;
    const { id, payload } = eventRecord(e, sequence);
    await db.run(tx, INSERT_EVENT, [id, e.accountId, e.callId, e.type, sequence, e.timestamp, payload]);
    return;
  }
  // Several: one statement, positions drawn in the order given.
  await db.queryText(tx, INSERT_EVENTS, eventColumns(events));
}

/** The events as the column arrays an `unnest` insert takes: id, account, call, type, sequence, time, payload. */
export function eventColumns(events: readonly SequencedEvent[]): string[][] {
  const records = events.map(({ event: e, sequence }) => ({ e, sequence, ...eventRecord(e, sequence) }));
  return [
    records.map((r) => r.id),
    records.map((r) => r.e.accountId),
    records.map((r) => r.e.callId),
    records.map((r) => r.e.type),
    records.map((r) => String(r.sequence)),
    records.map((r) => r.e.timestamp),
    records.map((r) => r.payload),
  ];
}

const INSERT_EVENTS = `INSERT INTO events (id, account_id, call_id, type, sequence, occurred_at, payload)
  SELECT i, a, c, t, s, o, p FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::text[], $7::text[])
    WITH ORDINALITY AS x(i, a, c, t, s, o, p, n) ORDER BY n`;

/** Erasure: the call's earlier events keep only `{"id"}` as data (inside the caller's transaction). */
export async function eraseEventsOf(db: PgDatabase, tx: pg.PoolClient, accountId: string, callId: string): Promise<void> {
  await db.run(tx, ERASE_EVENTS_OF_CALL, [accountId, callId]);
}

export class PgEventLog extends SqlEventReads implements EventLog {
  private readonly watchers = new Set<() => void>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    database: PgDatabase,
    private readonly listener: PgListener,
  ) {
    super(database.runner);
  }

  watch(onAppended: () => void): EventWatch {
    this.watchers.add(onAppended);
    this.unsubscribe ??= this.listener.subscribe(EVENTS_CHANNEL, {
      notified: () => {
        this.tell();
      },
      // Whatever committed before LISTEN took effect was not notified: readers look now.
      up: () => {
        this.tell();
      },
      down: () => {},
    });
    return {
      stop: () => {
        this.watchers.delete(onAppended);
        if (this.watchers.size === 0) this.stopListening();
      },
    };
  }

  /** Ends every watch (the store is closing; it closes the LISTEN connection). */
  close(): void {
    this.watchers.clear();
    this.stopListening();
  }

  private stopListening(): void {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    unsubscribe?.();
  }

  private tell(): void {
    for (const w of [...this.watchers]) w();
  }
}
