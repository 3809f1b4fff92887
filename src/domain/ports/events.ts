/**
 * Port: the durable event log (issue 14). Each engine writes an event in the same transaction as
 * the change it describes (the outbox); readers — the feed, the live stream and the webhook
 * dispatcher — read it back by `position`.
 */
import type { CallEventType } from '../../contract/events.js';

/** One row of the event log. */
export interface StoredEvent {
  /**
   * Database-wide and strictly increasing. Engines guarantee that once an event at position P is
   * visible, no event below P becomes visible later (SQLite: one writer; PostgreSQL: event writes
   * serialized by a transaction-level advisory lock), so a reader that remembers the last
   * position it saw never misses one.
   */
  readonly position: number;
  /** `evt_…` */
  readonly id: string;
  readonly accountId: string;
  readonly callId: string;
  readonly type: CallEventType;
  /** Per call, strictly increasing. */
  readonly sequence: number;
  /** ISO 8601, when the change happened. */
  readonly timestamp: string;
  /** The event JSON exactly as delivered and signed (`{"id","type","timestamp","sequence","data"}`). */
  readonly payload: string;
}

export interface EventLogReader {
  /** Events with position > `afterPosition`, oldest first, across every account (the webhook dispatcher's read). */
  readAfter(afterPosition: number, limit: number): Promise<readonly StoredEvent[]>;
  /** The highest position written so far (0 when empty). */
  lastPosition(): Promise<number>;
}
