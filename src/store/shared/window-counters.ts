/**
 * The shared window counters in SQL, written once: one row per key (`rate_windows`), moved to the
 * current window by the upsert that counts the hit, so the table holds one row per live key and
 * old rows are swept now and then. PostgreSQL keeps the table UNLOGGED (a crash may forget the
 * counts of the current minute, never more); SQLite keeps it in a side file (sqlite/limits.ts) so
 * counting never waits for the main file's write lock.
 */
import { createHash } from 'node:crypto';
import type { WindowCount, WindowCounters } from '../../domain/ports/counters.js';
import { sql, type SqlRunner } from './sql.js';
import { RowError } from './rows.js';

export const RATE_WINDOWS_TABLE = `rate_windows (
  key TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL,
  count BIGINT NOT NULL
)`;

// A hit while the row's window lasts adds to it; a hit after it ended starts a new window.
// Parameters: key, now + windowMs, amount, now, now.
const HIT = sql(`INSERT INTO rate_windows (key, expires_at, count) VALUES (?, ?, ?)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN rate_windows.expires_at > ? THEN rate_windows.count + excluded.count ELSE excluded.count END,
  expires_at = CASE WHEN rate_windows.expires_at > ? THEN rate_windows.expires_at ELSE excluded.expires_at END
RETURNING count, expires_at AS "expiresAt"`);
const SWEEP = sql('DELETE FROM rate_windows WHERE expires_at < ?');

/** How often a process deletes the rows of windows that have ended. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The stored key: a digest of the caller's, so client addresses and key ids (the limits count by
 * them) are not kept readable in the database.
 */
export function storedKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

/** PostgreSQL answers BIGINT as a string; SQLite as a number. */
function bigint(value: unknown, column: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new RowError(column, 'an integer');
  return n;
}

export class SqlWindowCounters implements WindowCounters {
  private nextSweep = 0;

  constructor(
    private readonly runner: () => SqlRunner,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async hit(key: string, windowMs: number, amount: number, now: number): Promise<WindowCount> {
    const runner = this.runner();
    if (now >= this.nextSweep) {
      this.nextSweep = now + SWEEP_EVERY_MS;
      await runner.run(SWEEP, [now]);
    }
    const row = await runner.one(HIT, [storedKey(key), now + windowMs, amount, now, now]);
    if (row === undefined) throw new RowError('count', 'a row from the upsert');
    return { count: bigint(row.count, 'count'), resetAt: bigint(row.expiresAt, 'expiresAt') };
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
