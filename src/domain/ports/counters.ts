/**
 * Counters in fixed time windows shared by every process on one database (or one Redis): the
 * per-key rate limit and the failed-login limit count through them, so N processes allow what one
 * would. A key's window begins with its first hit after the previous window ended (as
 * @fastify/rate-limit's own memory store does) and is the same for every process.
 */
export interface WindowCount {
  /** The window's total after this hit, across all processes. */
  count: number;
  /** When the window ends (epoch milliseconds). */
  resetAt: number;
}

export interface WindowCounters {
  /** Adds `amount` to `key`'s counter in its current window (a new one of `windowMs` if it has ended). */
  hit(key: string, windowMs: number, amount: number, now: number): Promise<WindowCount>;
  /** Releases what the counters hold open (a side database, a connection). */
  close(): Promise<void>;
}
