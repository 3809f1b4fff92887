/**
 * The embedded engine: SQLite through better-sqlite3, WAL mode. One connection (database.ts)
 * shared by one repository per aggregate; the single-statement ones are the shared SQL
 * repositories (../shared/), the transactional ones are SQLite's own. The interfaces are async
 * only because the PostgreSQL engine needs them to be.
 */
import type { MigrationProgress, Repositories } from '../../domain/ports/index.js';
import { SharedSqlRepositories } from '../shared/repositories.js';
import { SqliteWebhookQueue } from './webhook-queue.js';
import { sql } from '../shared/sql.js';
import { asInteger } from '../shared/rows.js';
import { applyReporting, assertOrdered } from '../migrations.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { SqliteDatabase, requireRow, type SqliteOptions, settle } from './database.js';
import { SqliteCallChanges } from './call-changes.js';
import { SqliteCallRepository } from './calls.js';
import { SqliteMessageRepository } from './messages.js';
import { SqliteErasureRepository } from './erasure.js';
import { SqliteBulkTransfer } from './bulk.js';
import { RANGE_SPREAD, RARE_MATCH_DOCS } from './call-list.js';
import { DEFAULT_EVENT_POLL_MS, SqliteEventLog } from './events.js';
import { sqliteWindowCounters } from './limits.js';

export type { SqliteOptions } from './database.js';

const PING = sql('SELECT 1');
const VERSIONS = sql('SELECT version FROM schema_migrations ORDER BY version');

export class SqliteStore extends SharedSqlRepositories implements Repositories {
  readonly kind = 'sqlite' as const;
  private readonly database: SqliteDatabase;
  readonly calls;
  readonly messages;
  readonly erasure;
  readonly bulk;
  readonly webhookQueue;
  readonly callChanges;
  readonly events;
  readonly counters;

  constructor(options: SqliteOptions) {
    const database = new SqliteDatabase(options);
    super(database.runner);
    const changes = new SqliteCallChanges(database.db);
    this.database = database;
    this.calls = new SqliteCallRepository(database, changes, {
      rareMatchDocs: options.rareMatchDocs ?? RARE_MATCH_DOCS,
      rangeSpread: options.rangeSpread ?? RANGE_SPREAD,
    });
    this.messages = new SqliteMessageRepository(database, changes);
    this.erasure = new SqliteErasureRepository(database);
    this.webhookQueue = new SqliteWebhookQueue(database);
    this.bulk = new SqliteBulkTransfer(database);
    this.callChanges = changes;
    this.events = new SqliteEventLog(database, options.eventPollMs ?? DEFAULT_EVENT_POLL_MS);
    this.counters = sqliteWindowCounters(options.path, options.busyTimeoutMs);
  }

  /** The connection itself (tests look past the repositories with it). */
  get db() {
    return this.database.db;
  }

  async migrate(onStep?: MigrationProgress): Promise<number[]> {
    assertOrdered(SQLITE_MIGRATIONS);
    const db = this.database.db;
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set(await this.schemaVersions());
    const done: number[] = [];
    for (const m of SQLITE_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      done.push(m.version);
      await applyReporting(m, onStep, () => {
        this.database.transaction(() => {
          db.exec(m.sql);
          db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
            m.version,
            m.name,
            new Date().toISOString(),
          );
        });
      });
    }
    return done;
  }

  schemaVersions(): Promise<number[]> {
    return settle(() => {
      return this.database.db
        .prepare(VERSIONS.text)
        .all()
        .map((v) => asInteger(requireRow(v).version, 'version'));
    });
  }

  ping(): Promise<void> {
    return settle(() => {
      this.database.statement(PING).get();
    });
  }

  async close(): Promise<void> {
    this.events.close();
    await this.counters.close();
    await this.database.close();
  }
}
