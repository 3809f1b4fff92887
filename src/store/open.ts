/** Opens the engine a DATABASE_URL names, brings its schema up to date, and hands out its repositories. */
import type { MigrationProgress, Repositories } from '../domain/ports/index.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

export interface OpenOptions {
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  sqliteBusyTimeoutMs?: number;
  pgPoolMax?: number;
  /** SQLite: checkpoint the WAL from a worker thread (for the long-running server). */
  backgroundCheckpoint?: boolean;
  /** SQLite: how often the event log is polled for other processes' events while streams watch it. */
  eventPollMs?: number;
  /** Apply migrations on open (the default); `calls-api migrate` and tests may say otherwise. */
  migrate?: boolean;
  /** Told of each migration applied on open. */
  onMigration?: MigrationProgress;
}

/** `sqlite:/abs/file.db`, `sqlite:./rel.db`, `sqlite::memory:` → the file path. */
export function sqlitePath(url: string): string | undefined {
  if (!url.startsWith('sqlite:')) return undefined;
  let path = url.slice('sqlite:'.length);
  if (path.startsWith('//')) path = path.slice(2);
  if (path === '') throw new Error('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/calls-api.db');
  return path;
}

export async function openStore(url: string, options: OpenOptions = {}): Promise<Repositories> {
  let store: Repositories;
  const path = sqlitePath(url);
  if (path !== undefined) {
    store = new SqliteStore({
      path,
      synchronous: options.sqliteSynchronous,
      busyTimeoutMs: options.sqliteBusyTimeoutMs,
      backgroundCheckpoint: options.backgroundCheckpoint,
      eventPollMs: options.eventPollMs,
    });
  } else if (/^postgres(ql)?:\/\//.test(url)) {
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    store = new PostgresStore({ connectionString: url, poolMax: options.pgPoolMax ?? 10 });
  } else {
    throw new Error('DATABASE_URL must start with sqlite: or postgres://');
  }
  if (options.migrate !== false) {
    try {
      await store.migrate(options.onMigration);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}
