/**
 * The SQLite connection (better-sqlite3, WAL mode) the repositories share: its pragmas, its
 * prepared statements (compiled once, kept for the life of the connection), its transactions, and
 * the runner through which the shared single-statement repositories reach it. better-sqlite3 is
 * synchronous: a transaction's read-decide-write runs with nothing interleaved, so transactions
 * never await (another request's microtasks would run inside them).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isRow, type Row, type Sql, type SqlRunner, type SqlValue } from '../shared/sql.js';
import { BackgroundCheckpointer } from './checkpointer.js';

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  path: string;
  /** PRAGMA synchronous: NORMAL (default) survives a process crash; FULL also a power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  /**
   * How long a statement waits for another process's lock (ms). better-sqlite3 waits
   * synchronously, blocking the event loop, so this stays short: a locked store answers 503
   * rather than stalling every request.
   */
  busyTimeoutMs?: number;
  /**
   * Full-text searches matching fewer documents than this read every match; others walk the
   * calls newest first and probe the index (tests lower it to exercise both plans).
   */
  rareMatchDocs?: number;
  /**
   * A chunk of candidate calls is checked with one full-text range query when its rowids span
   * less than this many per call, else per call (tests set 0 to exercise the per-call checks).
   */
  rangeSpread?: number;
  /**
   * Checkpoint the WAL from a worker thread (the server turns this on): the event loop then
   * never waits for the copy back into the database file and its fsync.
   */
  backgroundCheckpoint?: boolean;
  /** How often a watch of the event log reads its last position (other processes' events). */
  eventPollMs?: number;
}

/** WAL size (pages) at which the serving connection checkpoints itself when the worker lags. */
const BACKSTOP_CHECKPOINT_PAGES = 20_000;
/** Page cache while serving, KiB. */
export const SERVING_CACHE_KIB = 64 * 1024;

export class SqliteDatabase {
  readonly db: Database.Database;
  readonly synchronous: 'NORMAL' | 'FULL';
  /** Statements of the shared SQL, by statement object (no hashing of the text per use). */
  private readonly statements = new Map<Sql, Database.Statement>();
  /** Statements built at run time (list filters, update column sets), by text. */
  private readonly dynamic = new Map<string, Database.Statement>();
  private readonly checkpointer: BackgroundCheckpointer | undefined;
  /** The runner of the shared single-statement repositories. */
  readonly runner: SqlRunner;

  constructor(options: SqliteOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.synchronous = options.synchronous ?? 'NORMAL';
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${this.synchronous}`);
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 500))}`);
    // Erased rows are overwritten with zeros rather than left in free pages (data protection).
    this.db.pragma('secure_delete = ON');
    // Enough page cache for the interior pages of every index at a million calls, so a lookup
    // reads one leaf from the OS; bounded, and counted in the server's RSS budget (32 MiB made
    // cold list pages at a million calls ~40 % slower).
    this.db.pragma(`cache_size = ${-SERVING_CACHE_KIB}`);
    if (options.backgroundCheckpoint && options.path !== ':memory:') {
      this.checkpointer = new BackgroundCheckpointer(options.path, this.synchronous);
      // Only a backstop now, should the worker fall behind.
      this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    }
    this.db.pragma('foreign_keys = OFF');
    this.runner = {
      one: (s, params) => settle(() => optionalRow(this.statement(s).get(...bindable(params)))),
      all: (s, params) =>
        settle(() =>
          this.statement(s)
            .all(...bindable(params))
            .map(requireRow),
        ),
      run: (s, params) => settle(() => this.statement(s).run(...bindable(params)).changes),
    };
  }

  /** The prepared statement of a shared SQL statement. */
  statement(s: Sql): Database.Statement {
    let stmt = this.statements.get(s);
    if (stmt === undefined) {
      stmt = this.db.prepare(s.text);
      this.statements.set(s, stmt);
    }
    return stmt;
  }

  /** A prepared statement for SQL text built at run time, compiled once per distinct text. */
  prepare(text: string): Database.Statement {
    let stmt = this.dynamic.get(text);
    if (stmt === undefined) {
      stmt = this.db.prepare(text);
      this.dynamic.set(text, stmt);
    }
    return stmt;
  }

  /**
   * Runs `fn` in an IMMEDIATE transaction (the write lock taken up front); `fn` must not await.
   * Every write that changes a call or a message runs in one of these: the place where an event
   * (outbox) row can join the change it reports.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}

/** better-sqlite3 binds no booleans: they are stored as 1 / 0. */
/**
 * A synchronous better-sqlite3 step as the promise a port returns: the step runs now, and a throw
 * becomes a rejection, as it would from an async function.
 */
export function settle<T>(step: () => T): Promise<T> {
  return new Promise<T>((resolve) => {
    resolve(step());
  });
}

export function bindable(params: readonly SqlValue[]): unknown[] {
  return params.map((v) => {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (Array.isArray(v)) throw new TypeError('SQLite statements take no array parameters');
    return v;
  });
}

export function optionalRow(value: unknown): Row | undefined {
  return value === undefined ? undefined : requireRow(value);
}

export function requireRow(value: unknown): Row {
  if (!isRow(value)) throw new TypeError('expected a result row');
  return value;
}

/** A single-column result as a number (pluck statements, rowids, counts). */
export function asNumber(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new TypeError(`${what}: expected a number`);
  return value;
}
