/**
 * The embedded engine: SQLite through better-sqlite3, WAL mode. One connection (database.ts)
 * shared by one repository per aggregate; the single-statement ones are the shared SQL
 * repositories (../shared/), the transactional ones are SQLite's own. The interfaces are async
 * only because the PostgreSQL engine needs them to be.
 */
import type { MigrationProgress, Repositories } from '../../domain/ports/index.js';
import { SqlAccountRepository } from '../shared/accounts.js';
import { SqlAgentRepository, sqlCustomerRepository, sqlSkillRepository } from '../shared/directory.js';
import { SqlTwilioSettingsRepository } from '../shared/twilio-settings.js';
import { SqlRetentionRepository } from '../shared/retention.js';
import { SqlWebhookEndpointRepository } from '../shared/webhooks.js';
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

export type { SqliteOptions } from './database.js';

const PING = sql('SELECT 1');
const VERSIONS = sql('SELECT version FROM schema_migrations ORDER BY version');

export class SqliteStore implements Repositories {
  readonly kind = 'sqlite' as const;
  private readonly database: SqliteDatabase;
  readonly accounts;
  readonly agents;
  readonly skills;
  readonly customers;
  readonly calls;
  readonly messages;
  readonly twilio;
  readonly erasure;
  readonly retention;
  readonly bulk;
  readonly webhooks;
  readonly webhookQueue;
  readonly callChanges;
  readonly events;

  constructor(options: SqliteOptions) {
    const database = new SqliteDatabase(options);
    const changes = new SqliteCallChanges(database.db);
    const runner = database.runner;
    this.database = database;
    this.accounts = new SqlAccountRepository(runner);
    this.agents = new SqlAgentRepository(runner);
    this.skills = sqlSkillRepository(runner);
    this.customers = sqlCustomerRepository(runner);
    this.calls = new SqliteCallRepository(database, changes, {
      rareMatchDocs: options.rareMatchDocs ?? RARE_MATCH_DOCS,
      rangeSpread: options.rangeSpread ?? RANGE_SPREAD,
    });
    this.messages = new SqliteMessageRepository(database, changes);
    this.twilio = new SqlTwilioSettingsRepository(runner);
    this.erasure = new SqliteErasureRepository(database);
    this.retention = new SqlRetentionRepository(runner);
    this.webhooks = new SqlWebhookEndpointRepository(runner);
    this.webhookQueue = new SqliteWebhookQueue(database);
    this.bulk = new SqliteBulkTransfer(database);
    this.callChanges = changes;
    this.events = new SqliteEventLog(database, options.eventPollMs ?? DEFAULT_EVENT_POLL_MS);
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

  close(): Promise<void> {
    this.events.close();
    return this.database.close();
  }
}
