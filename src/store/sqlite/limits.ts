/**
 * SQLite's shared window counters (the rate limits), in a side file `<file>-limits` next to the
 * database: every process on the file counts there, and counting never queues behind the main
 * file's write lock (appends' group commits). Opened on the first hit, so commands that never
 * count (migrate, export) create nothing. The counts matter for the current window only, so the
 * side file is written without fsync.
 */
import type { WindowCounters } from '../../domain/ports/counters.js';
import { RATE_WINDOWS_TABLE, SqlWindowCounters } from '../shared/window-counters.js';
import { SqliteDatabase } from './database.js';

export function sqliteWindowCounters(path: string, busyTimeoutMs: number | undefined): WindowCounters {
  let database: SqliteDatabase | undefined;
  const open = () => {
    if (database === undefined) {
      database = new SqliteDatabase({ path: path === ':memory:' ? path : `${path}-limits`, busyTimeoutMs });
      database.db.pragma('synchronous = OFF');
      database.db.exec(`CREATE TABLE IF NOT EXISTS ${RATE_WINDOWS_TABLE}`);
    }
    return database.runner;
  };
  return new SqlWindowCounters(open, async () => {
    await database?.close();
    database = undefined;
  });
}
