/**
 * The event log on SQLite. Events are written inside the change's IMMEDIATE transaction (one
 * writer at a time, so positions commit in order); other processes' events are found by polling
 * the log's last position, a read of the primary key's last entry.
 */
import type { EventLog, EventWatch } from '../../domain/ports/index.js';
import { eventRecord, type NewEvent } from '../../domain/events.js';
import { asInteger } from '../shared/rows.js';
import { ERASE_EVENTS_OF_CALL, INSERT_EVENT, NEXT_EVENT_SEQUENCE, SqlEventReads } from '../shared/events.js';
import { sql } from '../shared/sql.js';
import { requireRow, type SqliteDatabase } from './database.js';

const LAST_POSITION = sql('SELECT max(position) AS "position" FROM events');
export const DEFAULT_EVENT_POLL_MS = 200;

/** Writes the event with the call's next sequence number (inside the caller's transaction). */
export function writeEvent(db: SqliteDatabase, e: NewEvent): void {
  writeSequencedEvent(db, e, asInteger(requireRow(db.statement(NEXT_EVENT_SEQUENCE).get(e.accountId, e.callId)).sequence, 'sequence'));
}

/** Writes the event with a sequence number already taken (by a statement that bumped it with its own change). */
export function writeSequencedEvent(db: SqliteDatabase, e: NewEvent, sequence: number): void {
  const { id, payload } = eventRecord(e, sequence);
  db.statement(INSERT_EVENT).run(id, e.accountId, e.callId, e.type, sequence, e.timestamp, payload);
}

/** Erasure: the call's earlier events keep only `{"id"}` as data (inside the caller's transaction). */
export function eraseEventsOf(db: SqliteDatabase, accountId: string, callId: string): void {
  db.statement(ERASE_EVENTS_OF_CALL).run(accountId, callId);
}

export class SqliteEventLog extends SqlEventReads implements EventLog {
  private readonly watchers = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private seen = 0;

  constructor(
    private readonly database: SqliteDatabase,
    private readonly pollMs: number,
  ) {
    super(database.runner);
  }

  watch(onAppended: () => void): EventWatch {
    this.watchers.add(onAppended);
    if (this.timer === undefined) {
      this.seen = this.last();
      this.timer = setInterval(() => {
        this.poll();
      }, this.pollMs);
      this.timer.unref();
    }
    return {
      stop: () => {
        this.watchers.delete(onAppended);
        if (this.watchers.size === 0) this.stopPolling();
      },
    };
  }

  /** Ends every watch (the store is closing). */
  close(): void {
    this.watchers.clear();
    this.stopPolling();
  }

  private poll(): void {
    let last: number;
    try {
      last = this.last();
    } catch {
      return; // locked or closing: the next tick tries again
    }
    if (last === this.seen) return;
    this.seen = last;
    for (const w of [...this.watchers]) w();
  }

  private last(): number {
    const v = requireRow(this.database.statement(LAST_POSITION).get()).position;
    return v === null ? 0 : asInteger(v, 'position');
  }

  private stopPolling(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
