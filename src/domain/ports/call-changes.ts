/**
 * Port: what the call cache (../call-cache.ts) asks the engine to learn that cached calls changed.
 * SQLite answers from its connection (sqlite/call-changes.ts), PostgreSQL from a LISTEN
 * connection (postgres/call-changes.ts); an engine without an implementation gets no cache, and
 * every read goes to the database.
 */
export interface CallChangeFeed {
  /**
   * Registers the one listener told of each call changed by a write that changed those calls and
   * their messages only: right after a write through this process commits, and (PostgreSQL) as
   * soon as another process's commit is notified.
   */
  onCallChanged(listener: (accountId: string, callId: string) => void): void;
  /**
   * Whether cached calls may be served now. False while the engine cannot vouch that every change
   * reaches it (PostgreSQL: its LISTEN connection is not established): the cache then serves and
   * keeps nothing. Cheap: read on every lookup.
   */
  usable(): boolean;
  /**
   * Moves whenever something changed that was not reported call by call and is known without a
   * round trip: this process wrote something that may show in many calls (an agent, a customer,
   * an erasure), or (PostgreSQL) another process's such write was notified, or the LISTEN
   * connection was lost or established again. Cheap: read on every lookup.
   */
  unreportedWrites(): number;
  /**
   * Moves whenever another process commits, where that costs a read (SQLite: a read lock), so it
   * is read sparingly. Constant on an engine that reports those commits through the other two.
   */
  foreignCommits(): number;
}
