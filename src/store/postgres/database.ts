/**
 * The PostgreSQL connection pool the repositories share: statements prepared once per connection
 * (by name), text stored NUL-safe (text-encoding.ts), transactions on one connection run again
 * from the start when they lose a serialization race (40001, 40P01; routine on distributed
 * PostgreSQL-compatible databases — the decision functions are pure, so that is safe).
 */
import pg from 'pg';
import { createHash } from 'node:crypto';
import { statementName, type Row, type Sql, type SqlRunner, type SqlValue } from '../shared/sql.js';
import { decodeRow, encodeValue } from './text-encoding.js';

export interface PostgresOptions {
  connectionString: string;
  /** Most connections this process opens (PG_POOL_MAX). */
  poolMax: number;
}

export type Queryable = pg.Pool | pg.PoolClient;

/** SQLSTATEs after which the whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

export class PgDatabase {
  readonly pool: pg.Pool;
  /** Names of statements built at run time, by text. */
  private readonly names = new Map<string, string>();
  /** The runner of the shared single-statement repositories (on the pool). */
  readonly runner: SqlRunner;
  /** The PostgreSQL backend process ids of the pool's open connections (whose NOTIFYs are this process's own). */
  readonly backendPids = new Set<number>();

  constructor(options: PostgresOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolMax });
    // An idle connection dropped by the server must not crash the process; the next query
    // reports the outage (503) and the pool reconnects.
    this.pool.on('error', () => {});
    this.pool.on('connect', (client) => {
      const pid = backendPid(client);
      if (pid !== null) this.backendPids.add(pid);
    });
    this.pool.on('remove', (client) => {
      const pid = backendPid(client);
      if (pid !== null) this.backendPids.delete(pid);
    });
    this.runner = {
      one: async (s, params) => (await this.query(this.pool, s, params))[0],
      all: (s, params) => this.query(this.pool, s, params),
      run: (s, params) => this.run(this.pool, s, params),
    };
  }

  /** Runs a shared statement, prepared once per connection under its name. */
  async query(on: Queryable, s: Sql, params: readonly SqlValue[]): Promise<Row[]> {
    return (await this.execute(on, { name: s.name, text: s.numbered, values: params.map(encodeValue) })).rows;
  }

  async one(on: Queryable, s: Sql, params: readonly SqlValue[]): Promise<Row | undefined> {
    return (await this.query(on, s, params))[0];
  }

  /** Runs a write; answers how many rows it changed. */
  async run(on: Queryable, s: Sql, params: readonly SqlValue[]): Promise<number> {
    return (await this.execute(on, { name: s.name, text: s.numbered, values: params.map(encodeValue) })).rowCount ?? 0;
  }

  /** A statement built at run time (`$n` placeholders), prepared once per connection per distinct text. */
  async queryText(on: Queryable, text: string, params: readonly SqlValue[]): Promise<{ rows: Row[]; rowCount: number }> {
    let name = this.names.get(text);
    if (name === undefined) {
      name = statementName(text);
      this.names.set(text, name);
    }
    const result = await this.execute(on, { name, text, values: params.map(encodeValue) });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  /** One-off statements (bulk inserts, plans for the actual values, EXPLAIN): not worth preparing. */
  async unprepared(on: Queryable, text: string, params: readonly unknown[]): Promise<Row[]> {
    return (await this.execute(on, { text, values: params.map(encodeValue) })).rows;
  }

  private async execute(on: Queryable, config: pg.QueryConfig<unknown[]>): Promise<pg.QueryResult<Record<string, unknown>>> {
    const result = await on.query<Record<string, unknown>>(config);
    for (const row of result.rows) decodeRow(row);
    return result;
  }

  /**
   * Runs `fn` in a transaction on one connection; again from the start on a serialization failure.
   * Every write that changes a call or a message runs in one of these: the place where an event
   * (outbox) row can join the change it reports.
   */
  async transaction<T>(fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(sqlState(err))) throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  /**
   * Runs `fn`'s reads on one connection in a REPEATABLE READ READ ONLY transaction: every
   * statement sees the same snapshot, whatever commits meanwhile.
   */
  async snapshot<T>(fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Serialises this transaction with every other one taking the same keys (advisory locks,
   * released at its end), taken in a fixed order so two transactions never wait on each other
   * crosswise.
   */
  async lock(tx: pg.PoolClient, ...keys: string[]): Promise<void> {
    const ordered = keys.map(lockKey).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const key of ordered) await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [key.toString()]);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/** The SQLSTATE of a PostgreSQL error ('' for anything else). */
export function sqlState(err: unknown): string {
  if (typeof err !== 'object' || err === null || !('code' in err)) return '';
  return typeof err.code === 'string' ? err.code : '';
}

/** A signed 64-bit advisory-lock key from a string (first 8 bytes of its SHA-256). */
export function lockKey(value: string): bigint {
  return createHash('sha256').update(value).digest().readBigInt64BE(0);
}

/** node-postgres keeps the backend's process id from BackendKeyData (its typings leave it out). */
function backendPid(client: pg.PoolClient): number | null {
  return (client as unknown as { processID: number | null }).processID;
}
