/**
 * Ports for the command line and seeding: the store's lifecycle (migrations, liveness, close)
 * and bulk transfer (seeding, export/import).
 */
import type { Account, AgentRecord, ApiKeyRecord, CallRecord, CustomerRecord, MessageRecord, SkillRecord } from '../types.js';

/** Hears of a migration when it starts and when it has been committed (with how long it took). */
export type MigrationProgress = (
  event:
    | { migration: { version: number; name: string }; phase: 'start' }
    | { migration: { version: number; name: string }; phase: 'done'; ms: number },
) => void;

export interface StoreLifecycle {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Applies pending schema migrations (idempotent); answers the versions it applied. `onStep` hears
   * of each migration before it starts and after it is committed (one can take minutes at scale).
   */
  migrate(onStep?: MigrationProgress): Promise<number[]>;
  /** Every schema migration version recorded as applied, ascending. */
  schemaVersions(): Promise<number[]>;
  /** Cheap liveness check of the connection. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A message row as stored: the message plus where it belongs and its arrival order. */
export interface StoredMessage extends MessageRecord {
  accountId: string;
  callId: string;
  /** 1-based arrival order within the call; the call's messageCount is the highest seq. */
  seq: number;
}

/** The rows of each table, as bulk transfer reads and writes them. */
export interface TableRows {
  accounts: Account;
  apiKeys: ApiKeyRecord;
  agents: AgentRecord;
  skills: SkillRecord;
  customers: CustomerRecord;
  calls: CallRecord;
  messages: StoredMessage;
}

/** The tables export reads, in the order bulk insert takes them back (export/import). */
export const EXPORT_TABLES = ['accounts', 'apiKeys', 'agents', 'skills', 'customers', 'calls', 'messages'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** Rows written as they are, in one transaction, by seeding and import (no per-row checks). */
export type BulkRows = { [T in ExportTable]?: TableRows[T][] };

export interface BulkTransfer {
  /**
   * Writes rows as given in one transaction. Calls must come with (or after) their messages'
   * batch so the full-text index covers both; callers keep batches to a few thousand rows.
   */
  insert(rows: BulkRows): Promise<void>;
  /**
   * Every row of a table in primary-key order, `batchSize` rows at a time, read page by page by
   * key. Rows come exactly as `insert` takes them.
   */
  exportRows<T extends ExportTable>(table: T, batchSize: number): AsyncIterable<TableRows[T][]>;
  /**
   * Tunes the engine for a long series of inserts (bigger cache, relaxed syncing) and undoes it
   * afterwards; `loadEnd` also compacts indexes, makes everything durable and refreshes planner
   * statistics. Seeding calls both; import calls `loadEnd`.
   */
  loadStart(): Promise<void>;
  loadEnd(): Promise<void>;
}
