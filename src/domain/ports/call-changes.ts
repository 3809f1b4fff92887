/**
 * Port: what the call cache (../call-cache.ts) asks the engine to learn that cached calls changed.
 * SQLite answers from its connection (sqlite/call-changes.ts); an engine without an
 * implementation gets no cache, and every read goes to the database.
 */
export interface CallChangeFeed {
  /**
   * Registers the one listener told, right after a write through this process commits, of each
   * call that write changed — when the write changed those calls and their messages only.
   */
  onCallChanged(listener: (accountId: string, callId: string) => void): void;
  /**
   * Moves whenever this process writes anything it did not report call by call (a write that may
   * show in many calls: an agent, a customer, an erasure). Cheap: read on every lookup.
   */
  ownWrites(): number;
  /** Moves whenever another process commits. Costs a read lock, so it is read sparingly. */
  foreignCommits(): number;
}
