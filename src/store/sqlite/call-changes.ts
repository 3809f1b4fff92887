/**
 * How the call cache learns, on SQLite, that cached calls changed (the CallChangeFeed port). A
 * write that changes known calls and their messages only (an append, a call update, a message
 * status) runs through `writingCalls`, which tells the cache those calls; every other write through
 * this connection shows in total_changes() beyond those, a counter read without any lock; another
 * process's commit shows in PRAGMA data_version, which takes a read lock (~7 µs), so the cache
 * reads it sparingly (domain/call-cache.ts says how often).
 */
import type Database from 'better-sqlite3';
import type { CallChangeFeed } from '../../domain/ports/index.js';
import { asNumber } from './database.js';

export interface CallOfWrite {
  readonly accountId: string;
  readonly callId: string;
}

export class SqliteCallChanges implements CallChangeFeed {
  /** Rows changed by writes that named the calls they touched (reported call by call). */
  private scopedChanges = 0;
  private listener: ((accountId: string, callId: string) => void) | undefined;
  private readonly totalChanges: Database.Statement;
  private readonly dataVersion: Database.Statement;

  constructor(db: Database.Database) {
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  onCallChanged(listener: (accountId: string, callId: string) => void): void {
    this.listener = listener;
  }

  /** Always: every change reaches this connection's counters. */
  usable(): boolean {
    return true;
  }

  unreportedWrites(): number {
    return this.total() - this.scopedChanges;
  }

  foreignCommits(): number {
    return asNumber(this.dataVersion.get(), 'data_version');
  }

  /**
   * Runs a write that changes only the given calls and their messages: its row changes do not
   * count as other writes, and the cache is told of each call once it is done (also when it
   * failed part-way: the cache then drops calls that did not change, which is harmless).
   */
  writingCalls<T>(calls: readonly CallOfWrite[], write: () => T): T {
    const before = this.total();
    try {
      return write();
    } finally {
      this.scopedChanges += this.total() - before;
      if (this.listener) for (const c of calls) this.listener(c.accountId, c.callId);
    }
  }

  private total(): number {
    return asNumber(this.totalChanges.get(), 'total_changes()');
  }
}
