/**
 * The shared engine: PostgreSQL through node-postgres with a connection pool, for many stateless
 * API processes on one database. Answers the same records as the SQLite engine, to the byte:
 * text columns compare bytewise (COLLATE "C"), timestamps stay the canonical ISO strings the
 * domain made, and full-text lexemes are split as SQLite's FTS5 splits them (text-search.ts).
 * One pool (database.ts) shared by one repository per aggregate; the single-statement ones are
 * the shared SQL repositories (../shared/). Get Call is answered from memory between changes,
 * which every process learns of through one LISTEN connection (call-changes.ts, listener.ts).
 */
import type { MigrationProgress, Repositories } from '../../domain/ports/index.js';
import { SharedSqlRepositories } from '../shared/repositories.js';
import { SqlWindowCounters } from '../shared/window-counters.js';
import { PostgresWebhookQueue } from './webhook-queue.js';
import { asInteger } from '../shared/rows.js';
import { applyReporting, assertOrdered } from '../migrations.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { PgDatabase, type PostgresOptions } from './database.js';
import { PostgresCallRepository } from './calls.js';
import { PostgresMessageRepository } from './messages.js';
import { PostgresErasureRepository } from './erasure.js';
import { PostgresBulkTransfer } from './bulk.js';
import { PgEventLog } from './events.js';
import { PgListener } from './listener.js';
import { PgCallChanges, reportingWrites } from './call-changes.js';

export type { PostgresOptions } from './database.js';

/** Key of the session advisory lock that serialises migrations across processes ("calls-api"). */
export const MIGRATION_LOCK_KEY = 0x63616c6c;

export class PostgresStore extends SharedSqlRepositories implements Repositories {
  readonly kind = 'postgres' as const;
  private readonly database: PgDatabase;
  readonly calls;
  readonly messages;
  readonly erasure;
  readonly bulk;
  readonly webhookQueue;
  readonly callChanges;
  private readonly listener: PgListener;
  readonly events;
  readonly counters;

  constructor(options: PostgresOptions) {
    const database = new PgDatabase(options);
    const listener = new PgListener(options.connectionString);
    const changes = new PgCallChanges(listener, database.backendPids);
    super(reportingWrites(database.runner, changes), database.runner);
    this.database = database;
    this.listener = listener;
    this.callChanges = changes;
    this.calls = new PostgresCallRepository(database, changes);
    this.messages = new PostgresMessageRepository(database, changes);
    this.erasure = new PostgresErasureRepository(database, changes);
    this.webhookQueue = new PostgresWebhookQueue(database);
    this.bulk = new PostgresBulkTransfer(database, changes);
    this.events = new PgEventLog(database, listener);
    this.counters = new SqlWindowCounters(() => database.runner);
  }

  /** The pool itself (tests look past the repositories with it). */
  get pool() {
    return this.database.pool;
  }

  /**
   * Applies pending migrations, each in its own transaction, while holding a session advisory
   * lock so that processes starting together take turns; answers the versions this call applied.
   */
  async migrate(onStep?: MigrationProgress): Promise<number[]> {
    assertOrdered(POSTGRES_MIGRATIONS);
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
        const applied = new Set(
          (await client.query<Record<string, unknown>>('SELECT version FROM schema_migrations')).rows.map((r) =>
            asInteger(r.version, 'version'),
          ),
        );
        const done: number[] = [];
        for (const m of POSTGRES_MIGRATIONS) {
          if (applied.has(m.version)) continue;
          await applyReporting(m, onStep, async () => {
            await client.query('BEGIN');
            try {
              await client.query(m.sql);
              await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
                m.version,
                m.name,
                new Date().toISOString(),
              ]);
              await client.query('COMMIT');
            } catch (err) {
              await client.query('ROLLBACK');
              throw err;
            }
          });
          done.push(m.version);
        }
        return done;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } catch (err) {
      broken = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async schemaVersions(): Promise<number[]> {
    return (await this.pool.query<Record<string, unknown>>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) =>
      asInteger(r.version, 'version'),
    );
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.events.close();
    await this.listener.close();
    await this.database.close();
  }
}
