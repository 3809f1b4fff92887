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
  /**
   * The events at these positions, oldest first, in one read (the webhook worker's payloads of a
   * batch of deliveries); a position with no event (purged) is left out.
   */
  readPositions(positions: readonly number[]): Promise<readonly StoredEvent[]>;
  /** The highest position written so far (0 when empty). */
  lastPosition(): Promise<number>;
}

/** A page of one account's events, oldest first. */
export interface EventListQuery {
  accountId: string;
  /** Only these types (all when absent). */
  types?: readonly CallEventType[];
  /** Only this call's events. */
  callId?: string;
  /** Only events after this position (0: from the oldest kept). */
  afterPosition: number;
  limit: number;
}

/** A subscription to the log's growth; `stop` ends it. */
export interface EventWatch {
  stop(): void;
}

/**
 * The event log as a whole: the writes happen inside the engines' change transactions (never
 * through this port); this reads it back, finds a cursor, purges by age and tells watchers when
 * it grows.
 */
export interface EventLog extends EventLogReader {
  list(query: EventListQuery): Promise<StoredEvent[]>;
  /** The position of the account's event with this id; undefined when there is none (or it was purged). */
  positionOf(accountId: string, eventId: string): Promise<number | undefined>;
  /** Deletes up to `limit` of the oldest events that happened before `before`; answers how many went. */
  purgeBefore(before: string, limit: number): Promise<number>;
  /**
   * Calls `onAppended` (no arguments: read the log to see what) soon after events are committed by
   * any process on this database — PostgreSQL: LISTEN/NOTIFY; SQLite: polling the log's last
   * position. A call may be spurious; readers re-read from their last position.
   */
  watch(onAppended: () => void): EventWatch;
}
