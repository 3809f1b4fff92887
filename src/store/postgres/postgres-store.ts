/**
 * The shared store: PostgreSQL through node-postgres with a connection pool, for many stateless
 * API processes on one database. Answers the same records as the SQLite store, to the byte:
 * text columns compare bytewise (COLLATE "C"), timestamps stay the canonical ISO strings the
 * domain made, and full-text lexemes are split as SQLite's FTS5 splits them (text-search.ts).
 *
 * Changes under concurrency read the row with `SELECT … FOR UPDATE` inside a transaction, ask the
 * domain's pure decision function, and write — so the rules hold across processes. A transaction
 * that loses a serialization race (40001, 40P01; routine on distributed PostgreSQL-compatible
 * databases) is run again from the start; the decision functions are pure, so that is safe.
 */
import pg from 'pg';
import { createHash } from 'node:crypto';
import type {
  Account,
  AgentRecord,
  ApiKeyRecord,
  CallChanges,
  CallDetails,
  CallRecord,
  CustomerRecord,
  MessageRecord,
  SkillRecord,
  TwilioSettingsRecord,
} from '../../domain/types.js';
import { TERMINAL_CALL_STATUSES } from '../../domain/statuses.js';
import type { Channel, MessageStatus } from '../../contract/vocabulary.js';
import { customerDisplayName } from '../../domain/views.js';
import type {
  AppendMessageResult,
  BulkRows,
  CallListQuery,
  CreateCallResult,
  CustomerResolution,
  ExportRow,
  ExportTable,
  IdempotencyClaim,
  MessageStatusResult,
  Page,
  RetentionPolicy,
  Store,
  StoredMessage,
  ThreadAppendResult,
} from '../store.js';
import { applyReporting, assertOrdered, type MigrationProgress } from '../migrations.js';
import { CHANGE_COLUMNS } from '../call-columns.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { termsQuery, vectorLexemes } from './text-search.js';

export interface PostgresOptions {
  connectionString: string;
  /** Most connections this process opens (PG_POOL_MAX). */
  poolMax: number;
}

/** Key of the session advisory lock that serialises migrations across processes ("calls-api"). */
export const MIGRATION_LOCK_KEY = 0x63616c6c;

type Queryable = pg.Pool | pg.PoolClient;

const TERMINAL_STATUSES = [...TERMINAL_CALL_STATUSES];
const TWILIO_SELECT = `SELECT account_id AS "accountId", twilio_account_sid AS "twilioAccountSid", auth_token_sealed AS "authTokenSealed",
  created_at AS "createdAt", updated_at AS "updatedAt" FROM twilio_settings`;
type Row = Record<string, any>;

const CALL_COLUMNS = `
  c.account_id AS "accountId", c.id, c.status, c.channel, c.direction, c.agent_id AS "agentId",
  c.skill_id AS "skillId", c.customer_id AS "customerId", c.agent_phone_override AS "agentPhoneOverride",
  c.agent_email_override AS "agentEmailOverride", c.note, c.transcription, c.recording_url AS "recordingUrl",
  c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.started_at AS "startedAt",
  c.answered_at AS "answeredAt", c.ended_at AS "endedAt", c.duration_seconds AS "durationSeconds",
  c.provider_call_sid AS "providerCallSid", c.message_count AS "messageCount"`;

/** A call with its joined details and its messages (as JSON, in order) in one statement, one snapshot. */
const DETAIL_SELECT = `SELECT ${CALL_COLUMNS},
  a.phone AS "agentPhone", a.email AS "agentEmail",
  cu.phone AS "customerPhone", cu.email AS "customerEmail", cu.name AS "cuName",
  cu.first_name AS "cuFirstName", cu.last_name AS "cuLastName",
  CASE WHEN c.message_count = 0 THEN NULL ELSE (
    SELECT json_agg(json_build_object('sid', m.sid, 'timestamp', m.timestamp, 'sender', m.sender,
      'content', m.content, 'mediaUrl', m.media_url, 'status', m.status) ORDER BY m.timestamp, m.seq)
    FROM messages m WHERE m.account_id = c.account_id AND m.call_id = c.id) END AS "messagesJson"
FROM calls c
LEFT JOIN agents a ON a.account_id = c.account_id AND a.id = c.agent_id
LEFT JOIN customers cu ON cu.account_id = c.account_id AND cu.id = c.customer_id`;

const MESSAGE_COLUMNS = `sid, timestamp, sender, content, media_url AS "mediaUrl", status`;


const AGENT_SELECT = `SELECT account_id AS "accountId", id, name, lastname, email, phone, agent_type AS "agentType", language,
  settings, created_at AS "createdAt", updated_at AS "updatedAt" FROM agents`;
const SKILL_SELECT = `SELECT account_id AS "accountId", id, name, description, language, active,
  created_at AS "createdAt", updated_at AS "updatedAt" FROM skills`;
const CUSTOMER_SELECT = `SELECT account_id AS "accountId", id, name, first_name AS "firstName", last_name AS "lastName", phone, email,
  language, custom_fields AS "customFields", created_at AS "createdAt", updated_at AS "updatedAt" FROM customers`;
const KEY_SELECT = `SELECT id, account_id AS "accountId", secret_hash AS "secretHash", created_at AS "createdAt", revoked_at AS "revokedAt"
  FROM api_keys`;

const INSERT_CALL = `INSERT INTO calls (account_id, id, status, channel, direction, agent_id, skill_id, customer_id,
    agent_phone_override, agent_email_override, note, transcription, recording_url, created_at, updated_at,
    started_at, answered_at, ended_at, duration_seconds, provider_call_sid, message_count, search)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, array_to_tsvector($22::text[]))`;
const INSERT_MESSAGE = `INSERT INTO messages (account_id, call_id, seq, sid, timestamp, sender, content, media_url, status, search)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, array_to_tsvector($10::text[]))`;
const INSERT_CUSTOMER = `INSERT INTO customers (account_id, id, name, first_name, last_name, phone, email, language, custom_fields, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

/** SQLSTATEs after which the whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  /** SQL text → prepared statement name; node-postgres prepares each once per connection. */
  private readonly statementNames = new Map<string, string>();

  constructor(options: PostgresOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolMax });
    // An idle connection dropped by the server must not crash the process; the next query
    // reports the outage (503) and the pool reconnects.
    this.pool.on('error', () => {});
  }

  /** Runs a statement prepared once per connection; text values are stored NUL-safe (see encodeText). */
  private async query(on: Queryable, text: string, values: unknown[] = []): Promise<pg.QueryResult<Row>> {
    let name = this.statementNames.get(text);
    if (name === undefined) {
      name = 's' + createHash('sha1').update(text).digest('hex').slice(0, 16);
      this.statementNames.set(text, name);
    }
    const result = await on.query<Row>({ name, text, values: values.map(encodeValue) });
    for (const row of result.rows) decodeRow(row);
    return result;
  }

  /** The same for one-off statements (bulk inserts, EXPLAIN), not worth preparing. */
  private async unprepared(on: Queryable, text: string, values: unknown[]): Promise<pg.QueryResult<Row>> {
    const result = await on.query<Row>(text, values.map(encodeValue));
    for (const row of result.rows) decodeRow(row);
    return result;
  }

  private async rows(on: Queryable, text: string, values: unknown[] = []): Promise<Row[]> {
    return (await this.query(on, text, values)).rows;
  }

  private async row(on: Queryable, text: string, values: unknown[] = []): Promise<Row | undefined> {
    return (await this.query(on, text, values)).rows[0];
  }

  /** Runs `fn` in a transaction on one connection; again from the start on a serialization failure. */
  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
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
          broken = rollbackError as Error;
        }
        const code = (err as { code?: string }).code;
        if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw err;
      } finally {
        client.release(broken);
      }
    }
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
        const applied = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((r) => r.version as number));
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
      broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async schemaVersions(): Promise<number[]> {
    return (await this.pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version as number);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  // ---- accounts and keys ----

  async createAccount(a: Account): Promise<void> {
    await this.query(this.pool, 'INSERT INTO accounts (id, name, created_at) VALUES ($1, $2, $3)', [a.id, a.name, a.createdAt]);
  }

  async getAccount(id: string): Promise<Account | undefined> {
    return (await this.row(this.pool, 'SELECT id, name, created_at AS "createdAt" FROM accounts WHERE id = $1', [id])) as Account | undefined;
  }

  async createApiKey(k: ApiKeyRecord): Promise<void> {
    await this.query(this.pool, 'INSERT INTO api_keys (account_id, id, secret_hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5)', [
      k.accountId,
      k.id,
      k.secretHash,
      k.createdAt,
      k.revokedAt,
    ]);
  }

  async findApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    return (await this.row(this.pool, `${KEY_SELECT} WHERE id = $1`, [id])) as ApiKeyRecord | undefined;
  }

  async listApiKeys(accountId: string): Promise<ApiKeyRecord[]> {
    return (await this.rows(this.pool, `${KEY_SELECT} WHERE account_id = $1 ORDER BY created_at, id`, [accountId])) as ApiKeyRecord[];
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    const res = await this.query(this.pool, 'UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
    return (res.rowCount ?? 0) > 0;
  }

  // ---- agents, skills, customers ----

  async createAgent(a: AgentRecord): Promise<void> {
    await this.query(
      this.pool,
      `INSERT INTO agents (account_id, id, name, lastname, email, phone, agent_type, language, settings, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [a.accountId, a.id, a.name, a.lastname, a.email, a.phone, a.agentType, a.language, JSON.stringify(a.settings), a.createdAt, a.updatedAt],
    );
  }

  async getAgent(accountId: string, id: string): Promise<AgentRecord | undefined> {
    const row = await this.row(this.pool, `${AGENT_SELECT} WHERE account_id = $1 AND id = $2`, [accountId, id]);
    return row && agentFromRow(row);
  }

  async updateAgent(a: AgentRecord): Promise<void> {
    await this.query(
      this.pool,
      `UPDATE agents SET name = $1, lastname = $2, email = $3, phone = $4, agent_type = $5, language = $6, settings = $7, updated_at = $8
       WHERE account_id = $9 AND id = $10`,
      [a.name, a.lastname, a.email, a.phone, a.agentType, a.language, JSON.stringify(a.settings), a.updatedAt, a.accountId, a.id],
    );
  }

  async listAgents(accountId: string, page: Page): Promise<AgentRecord[]> {
    const rows = await this.rows(this.pool, `${AGENT_SELECT} WHERE account_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`, [
      accountId,
      page.limit,
      page.offset,
    ]);
    return rows.map(agentFromRow);
  }

  async createSkill(s: SkillRecord): Promise<void> {
    await this.query(
      this.pool,
      `INSERT INTO skills (account_id, id, name, description, language, active, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.accountId, s.id, s.name, s.description, s.language, s.active, s.createdAt, s.updatedAt],
    );
  }

  async getSkill(accountId: string, id: string): Promise<SkillRecord | undefined> {
    return (await this.row(this.pool, `${SKILL_SELECT} WHERE account_id = $1 AND id = $2`, [accountId, id])) as SkillRecord | undefined;
  }

  async updateSkill(s: SkillRecord): Promise<void> {
    await this.query(
      this.pool,
      `UPDATE skills SET name = $1, description = $2, language = $3, active = $4, updated_at = $5 WHERE account_id = $6 AND id = $7`,
      [s.name, s.description, s.language, s.active, s.updatedAt, s.accountId, s.id],
    );
  }

  async listSkills(accountId: string, page: Page): Promise<SkillRecord[]> {
    return (await this.rows(this.pool, `${SKILL_SELECT} WHERE account_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`, [
      accountId,
      page.limit,
      page.offset,
    ])) as SkillRecord[];
  }

  async createCustomer(c: CustomerRecord): Promise<void> {
    await this.insertCustomer(this.pool, c);
  }

  private async insertCustomer(on: Queryable, c: CustomerRecord): Promise<void> {
    await this.query(on, INSERT_CUSTOMER, [
      c.accountId, c.id, c.name, c.firstName, c.lastName, c.phone, c.email, c.language, JSON.stringify(c.customFields), c.createdAt, c.updatedAt,
    ]);
  }

  async getCustomer(accountId: string, id: string): Promise<CustomerRecord | undefined> {
    const row = await this.row(this.pool, `${CUSTOMER_SELECT} WHERE account_id = $1 AND id = $2`, [accountId, id]);
    return row && customerFromRow(row);
  }

  async updateCustomer(c: CustomerRecord): Promise<void> {
    await this.query(
      this.pool,
      `UPDATE customers SET name = $1, first_name = $2, last_name = $3, phone = $4, email = $5, language = $6, custom_fields = $7, updated_at = $8
       WHERE account_id = $9 AND id = $10`,
      [c.name, c.firstName, c.lastName, c.phone, c.email, c.language, JSON.stringify(c.customFields), c.updatedAt, c.accountId, c.id],
    );
  }

  async listCustomers(accountId: string, page: Page, filter: { phone?: string; email?: string } = {}): Promise<CustomerRecord[]> {
    let where = 'account_id = $1';
    const params: unknown[] = [accountId];
    if (filter.phone !== undefined) {
      params.push(filter.phone);
      where += ` AND phone = $${params.length}`;
    }
    if (filter.email !== undefined) {
      params.push(filter.email);
      where += ` AND email = $${params.length}`;
    }
    params.push(page.limit, page.offset);
    const rows = await this.rows(
      this.pool,
      `${CUSTOMER_SELECT} WHERE ${where} ORDER BY created_at, id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map(customerFromRow);
  }

  // ---- calls ----

  async createCall(
    call: CallRecord,
    customer: CustomerResolution,
    idempotency: IdempotencyClaim | undefined,
    renderResponse: (call: CallDetails) => string,
  ): Promise<CreateCallResult> {
    return this.transaction(async (tx): Promise<CreateCallResult> => {
      if (idempotency) {
        // Claim the key first: a concurrent claimant of the same key (in any process) waits on
        // the unique index until this transaction ends, then sees the committed answer.
        const claimed = await this.query(
          tx,
          `INSERT INTO idempotency_keys (account_id, key, request_hash, response_body, created_at) VALUES ($1, $2, $3, '', $4)
           ON CONFLICT (account_id, key) DO NOTHING`,
          [call.accountId, idempotency.key, idempotency.requestHash, call.createdAt],
        );
        if (claimed.rowCount === 0) {
          const seen = await this.row(
            tx,
            `SELECT request_hash AS "requestHash", response_body AS "responseBody", created_at AS "createdAt"
             FROM idempotency_keys WHERE account_id = $1 AND key = $2 FOR UPDATE`,
            [call.accountId, idempotency.key],
          );
          if (seen && seen.createdAt >= idempotency.notBefore) {
            return seen.requestHash === idempotency.requestHash
              ? { kind: 'replayed', responseBody: seen.responseBody as string }
              : { kind: 'idempotency-mismatch' };
          }
          // Expired (now locked by this transaction) or just deleted: this request takes the key.
        }
      }
      await this.lockCustomerMatch(tx, call.accountId, customer);
      const existing = await this.findCustomerId(tx, call.accountId, customer.matchPhone, customer.matchEmail);
      const record = { ...call, customerId: existing ?? customer.create.id };
      if (existing === undefined) await this.insertCustomer(tx, customer.create);
      await this.insertCall(tx, record);
      const details = (await this.readCall(tx, record.accountId, record.id))!;
      if (idempotency) {
        await this.query(
          tx,
          `INSERT INTO idempotency_keys (account_id, key, request_hash, response_body, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (account_id, key) DO UPDATE SET request_hash = excluded.request_hash,
             response_body = excluded.response_body, created_at = excluded.created_at`,
          [record.accountId, idempotency.key, idempotency.requestHash, renderResponse(details), record.createdAt],
        );
      }
      return { kind: 'created', call: details };
    });
  }

  /**
   * Serialises find-or-create of a customer per (account, phone) and (account, email) across
   * processes with transaction-scoped advisory locks, taken in a fixed order so two creates
   * never wait on each other crosswise.
   */
  private async lockCustomerMatch(tx: pg.PoolClient, accountId: string, customer: CustomerResolution): Promise<void> {
    const keys: bigint[] = [];
    if (customer.matchPhone !== '') keys.push(lockKey(`customer-phone/${accountId}/${customer.matchPhone}`));
    if (customer.matchEmail !== '') keys.push(lockKey(`customer-email/${accountId}/${customer.matchEmail}`));
    keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const key of keys) await this.query(tx, 'SELECT pg_advisory_xact_lock($1::bigint)', [key.toString()]);
  }

  private async findCustomerId(on: Queryable, accountId: string, phone: string, email: string): Promise<string | undefined> {
    if (phone !== '') {
      const row = await this.row(on, 'SELECT id FROM customers WHERE account_id = $1 AND phone = $2 ORDER BY created_at, id LIMIT 1', [accountId, phone]);
      if (row) return row.id as string;
    }
    if (email !== '') {
      const row = await this.row(on, 'SELECT id FROM customers WHERE account_id = $1 AND email = $2 ORDER BY created_at, id LIMIT 1', [accountId, email]);
      if (row) return row.id as string;
    }
    return undefined;
  }

  private async insertCall(on: Queryable, c: CallRecord): Promise<void> {
    await this.query(on, INSERT_CALL, [
      c.accountId, c.id, c.status, c.channel, c.direction, c.agentId, c.skillId, c.customerId, c.agentPhoneOverride,
      c.agentEmailOverride, c.note, c.transcription, c.recordingUrl, c.createdAt, c.updatedAt, c.startedAt,
      c.answeredAt, c.endedAt, c.durationSeconds, c.providerCallSid, c.messageCount, vectorLexemes(c.transcription),
    ]);
  }

  private async insertMessage(on: Queryable, m: StoredMessage): Promise<void> {
    await this.query(on, INSERT_MESSAGE, [
      m.accountId, m.callId, m.seq, m.sid, m.timestamp, m.sender, m.content, m.mediaUrl, m.status, vectorLexemes(m.content),
    ]);
  }

  async bulkInsert(rows: BulkRows): Promise<void> {
    // Column arrays unnested into one INSERT per table: one round trip per table per batch.
    await this.transaction(async (tx) => {
      const accounts = rows.accounts ?? [];
      if (accounts.length > 0) {
        await this.unprepared(tx, 'INSERT INTO accounts (id, name, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [
          accounts.map((a) => a.id),
          accounts.map((a) => a.name),
          accounts.map((a) => a.createdAt),
        ]);
      }
      for (const k of rows.apiKeys ?? []) {
        await this.query(tx, 'INSERT INTO api_keys (account_id, id, secret_hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5)', [
          k.accountId, k.id, k.secretHash, k.createdAt, k.revokedAt,
        ]);
      }
      const agents = rows.agents ?? [];
      if (agents.length > 0) {
        await this.unprepared(tx, 
          `INSERT INTO agents (account_id, id, name, lastname, email, phone, agent_type, language, settings, created_at, updated_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
          columns(agents, [
            (a) => a.accountId, (a) => a.id, (a) => a.name, (a) => a.lastname, (a) => a.email, (a) => a.phone,
            (a) => a.agentType, (a) => a.language, (a) => JSON.stringify(a.settings), (a) => a.createdAt, (a) => a.updatedAt,
          ]),
        );
      }
      const skills = rows.skills ?? [];
      if (skills.length > 0) {
        await this.unprepared(tx, 
          `INSERT INTO skills (account_id, id, name, description, language, active, created_at, updated_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[])`,
          columns(skills, [
            (s) => s.accountId, (s) => s.id, (s) => s.name, (s) => s.description, (s) => s.language, (s) => s.active,
            (s) => s.createdAt, (s) => s.updatedAt,
          ]),
        );
      }
      const customers = rows.customers ?? [];
      if (customers.length > 0) {
        await this.unprepared(tx, 
          `INSERT INTO customers (account_id, id, name, first_name, last_name, phone, email, language, custom_fields, created_at, updated_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
          columns(customers, [
            (c) => c.accountId, (c) => c.id, (c) => c.name, (c) => c.firstName, (c) => c.lastName, (c) => c.phone, (c) => c.email,
            (c) => c.language, (c) => JSON.stringify(c.customFields), (c) => c.createdAt, (c) => c.updatedAt,
          ]),
        );
      }
      // Lexemes have no spaces (they are runs of letters and digits), so a space-joined list
      // travels as one text per row and is split back in SQL.
      const calls = rows.calls ?? [];
      if (calls.length > 0) {
        await this.unprepared(tx, 
          `INSERT INTO calls (account_id, id, status, channel, direction, agent_id, skill_id, customer_id,
             agent_phone_override, agent_email_override, note, transcription, recording_url, created_at, updated_at,
             started_at, answered_at, ended_at, duration_seconds, provider_call_sid, message_count, search)
           SELECT a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, array_to_tsvector(string_to_array(v, ' '))
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
             $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[],
             $19::integer[], $20::text[], $21::integer[], $22::text[]) AS x(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v)`,
          columns(calls, [
            (c) => c.accountId, (c) => c.id, (c) => c.status, (c) => c.channel, (c) => c.direction, (c) => c.agentId, (c) => c.skillId,
            (c) => c.customerId, (c) => c.agentPhoneOverride, (c) => c.agentEmailOverride, (c) => c.note, (c) => c.transcription,
            (c) => c.recordingUrl, (c) => c.createdAt, (c) => c.updatedAt, (c) => c.startedAt, (c) => c.answeredAt, (c) => c.endedAt,
            (c) => c.durationSeconds, (c) => c.providerCallSid, (c) => c.messageCount, (c) => vectorLexemes(c.transcription).join(' '),
          ]),
        );
      }
      const messages = rows.messages ?? [];
      if (messages.length > 0) {
        await this.unprepared(tx, 
          `INSERT INTO messages (account_id, call_id, seq, sid, timestamp, sender, content, media_url, status, search)
           SELECT a, b, c, d, e, f, g, h, i, array_to_tsvector(string_to_array(j, ' '))
           FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
             $10::text[]) AS x(a, b, c, d, e, f, g, h, i, j)`,
          columns(messages, [
            (m) => m.accountId, (m) => m.callId, (m) => m.seq, (m) => m.sid, (m) => m.timestamp, (m) => m.sender, (m) => m.content,
            (m) => m.mediaUrl, (m) => m.status, (m) => vectorLexemes(m.content).join(' '),
          ]),
        );
      }
    });
  }

  async *exportRows<T extends ExportTable>(table: T, batchSize: number): AsyncIterable<ExportRow<T>[]> {
    const spec = POSTGRES_EXPORT[table];
    let after: unknown[] | undefined;
    for (;;) {
      const where = after ? `WHERE (${spec.key.join(', ')}) > (${spec.key.map((_, i) => `$${i + 1}`).join(', ')})` : '';
      const params = [...(after ?? []), batchSize];
      const rows = await this.rows(this.pool, `${spec.select} ${where} ORDER BY ${spec.key.join(', ')} LIMIT $${params.length}`, params);
      if (rows.length === 0) return;
      after = spec.keyOf(rows[rows.length - 1]);
      yield rows.map(spec.map) as ExportRow<T>[];
      if (rows.length < batchSize) return;
    }
  }

  async getCall(accountId: string, id: string): Promise<CallDetails | undefined> {
    return this.readCall(this.pool, accountId, id);
  }

  private async readCall(on: Queryable, accountId: string, id: string): Promise<CallDetails | undefined> {
    const row = await this.row(on, `${DETAIL_SELECT} WHERE c.account_id = $1 AND c.id = $2`, [accountId, id]);
    return row && detailsFromRow(row);
  }

  async updateCall(
    accountId: string,
    id: string,
    decide: (current: CallRecord) => CallChanges | undefined,
  ): Promise<CallDetails | undefined> {
    return this.transaction(async (tx) => {
      const current = (await this.row(tx, `SELECT ${CALL_COLUMNS} FROM calls c WHERE c.account_id = $1 AND c.id = $2 FOR UPDATE`, [
        accountId,
        id,
      ])) as CallRecord | undefined;
      if (!current) return undefined;
      const changes = decide(current);
      if (changes) {
        const keys = (Object.keys(changes) as (keyof CallChanges)[]).sort();
        const values: unknown[] = keys.map((k) => changes[k] ?? null);
        const set = keys.map((k, i) => `${CHANGE_COLUMNS[k]} = $${i + 1}`);
        if (changes.transcription !== undefined) {
          values.push(vectorLexemes(changes.transcription));
          set.push(`search = array_to_tsvector($${values.length}::text[])`);
        }
        values.push(accountId, id);
        await this.query(tx, `UPDATE calls SET ${set.join(', ')} WHERE account_id = $${values.length - 1} AND id = $${values.length}`, values);
      }
      return this.readCall(tx, accountId, id);
    });
  }

  /**
   * After a bulk load (seeding, import) the planner's statistics still describe the empty tables,
   * and it then plans joins over whole tables for a page of 50 (seconds instead of milliseconds):
   * refresh them now rather than waiting for autovacuum.
   */
  async bulkLoadEnd(): Promise<void> {
    await this.pool.query('ANALYZE');
  }

  async listCalls(q: CallListQuery): Promise<CallDetails[]> {
    const sql = listCallsSql(q, await this.searchPlan(q));
    if (!sql) return [];
    // The page's keys first, on calls alone, not as a named prepared statement: a generic plan,
    // blind to the search terms and the account, picks index intersections that cost seconds,
    // while a plan for the actual values costs ~1 ms. Then the details of those rows only.
    const ids = (await this.unprepared(this.pool, sql.text, sql.params)).rows.map((r) => r.id as string);
    if (ids.length === 0) return [];
    return (await this.rows(this.pool, LIST_DETAILS_SQL, [q.accountId, ids])).map(detailsFromRow);
  }

  /**
   * For each search lexeme, whether it is rare (in fewer than COMMON_MATCH_DOCS messages of the
   * account, counted up to that bound, so the count is cheap whatever the frequency) and then
   * which calls hold it. A rare lexeme's calls drive the list query; a common one is probed call
   * by call while the calls are walked newest first.
   */
  private async searchPlan(q: CallListQuery): Promise<SearchPlan> {
    const rare = new Map<string, string[]>();
    if (!q.terms || q.terms.length === 0) return { rare };
    for (const lexeme of termsQuery(q.terms)) {
      const params = [q.accountId, lexeme, COMMON_MATCH_DOCS];
      const [inMessages, inCalls] = await Promise.all(SEARCH_LOOKUP_SQL.map((text) => this.unprepared(this.pool, text, params)));
      // Rare only when neither side reached the bound: then these are all of its calls.
      if (inMessages.rows.length < COMMON_MATCH_DOCS && inCalls.rows.length < COMMON_MATCH_DOCS) {
        rare.set(lexeme, [...new Set([...inMessages.rows, ...inCalls.rows].map((r) => r.id as string))]);
      }
    }
    return { rare };
  }

  /**
   * The plans PostgreSQL picks for a list query (EXPLAIN), for tests and docs/scaling.md: the
   * search lookups of each search lexeme, then the query choosing the page.
   */
  async explainListCalls(q: CallListQuery): Promise<string> {
    const explain = async (text: string, params: unknown[]) =>
      (await this.unprepared(this.pool, `EXPLAIN (COSTS OFF) ${text}`, params)).rows.map((r) => r['QUERY PLAN'] as string).join('\n');
    const lookups: string[] = [];
    for (const lexeme of q.terms ? termsQuery(q.terms) : []) {
      for (const text of SEARCH_LOOKUP_SQL) lookups.push(await explain(text, [q.accountId, lexeme, COMMON_MATCH_DOCS]));
    }
    const sql = listCallsSql(q, await this.searchPlan(q));
    if (!sql) return '(matches nothing; no query is run)';
    return [...lookups, await explain(sql.text, sql.params)].join('\n');
  }

  // ---- messages ----

  async appendMessage(
    accountId: string,
    callId: string,
    message: MessageRecord,
    options: { maxMessages: number; updatedAt: string },
  ): Promise<AppendMessageResult> {
    return this.transaction(async (tx): Promise<AppendMessageResult> => {
      // The call row's lock orders appends to one call across processes; message_count is the seq.
      const call = await this.row(tx, 'SELECT message_count AS n FROM calls WHERE account_id = $1 AND id = $2 FOR UPDATE', [accountId, callId]);
      if (!call) return { kind: 'call-missing' };
      const existing = await this.row(tx, `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account_id = $1 AND call_id = $2 AND sid = $3`, [
        accountId,
        callId,
        message.sid,
      ]);
      if (existing) return { kind: 'sid-exists', message: existing as MessageRecord };
      const n = call.n as number;
      if (n >= options.maxMessages) return { kind: 'limit-reached' };
      await this.insertMessage(tx, { ...message, accountId, callId, seq: n + 1 });
      await this.query(tx, 'UPDATE calls SET message_count = $1, updated_at = $2 WHERE account_id = $3 AND id = $4', [
        n + 1,
        options.updatedAt,
        accountId,
        callId,
      ]);
      return { kind: 'appended', message };
    });
  }

  async updateMessageStatus(
    accountId: string,
    callId: string,
    sid: string,
    status: MessageStatus,
    canMove: (from: MessageStatus, to: MessageStatus) => boolean,
    updatedAt: string,
  ): Promise<MessageStatusResult> {
    return this.transaction(async (tx): Promise<MessageStatusResult> => {
      // Lock the call, then the message: the same order as appendMessage, so the two never deadlock.
      const call = await this.row(tx, 'SELECT 1 FROM calls WHERE account_id = $1 AND id = $2 FOR UPDATE', [accountId, callId]);
      if (!call) return { kind: 'missing' };
      const current = (await this.row(
        tx,
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account_id = $1 AND call_id = $2 AND sid = $3 FOR UPDATE`,
        [accountId, callId, sid],
      )) as MessageRecord | undefined;
      if (!current) return { kind: 'missing' };
      if (!canMove(current.status, status)) return { kind: 'ok', message: current, changed: false };
      await this.query(tx, 'UPDATE messages SET status = $1 WHERE account_id = $2 AND call_id = $3 AND sid = $4', [status, accountId, callId, sid]);
      await this.query(tx, 'UPDATE calls SET updated_at = $1 WHERE account_id = $2 AND id = $3', [updatedAt, accountId, callId]);
      return { kind: 'ok', message: { ...current, status }, changed: true };
    });
  }

  // ---- provider integrations (Twilio) ----

  async getTwilioSettings(accountId: string): Promise<TwilioSettingsRecord | undefined> {
    return (await this.row(this.pool, `${TWILIO_SELECT} WHERE account_id = $1`, [accountId])) as TwilioSettingsRecord | undefined;
  }

  async findTwilioSettingsByAccountSid(twilioAccountSid: string): Promise<TwilioSettingsRecord | undefined> {
    return (await this.row(this.pool, `${TWILIO_SELECT} WHERE twilio_account_sid = $1`, [twilioAccountSid])) as TwilioSettingsRecord | undefined;
  }

  async saveTwilioSettings(t: TwilioSettingsRecord): Promise<'saved' | 'account-sid-taken'> {
    return this.transaction(async (tx): Promise<'saved' | 'account-sid-taken'> => {
      // The unique index on the SID decides a race between two accounts claiming one SID.
      const holder = await this.row(tx, 'SELECT account_id AS "accountId" FROM twilio_settings WHERE twilio_account_sid = $1', [t.twilioAccountSid]);
      if (holder && holder.accountId !== t.accountId) return 'account-sid-taken';
      await this.query(tx, 'SAVEPOINT save_twilio');
      try {
        await this.query(
          tx,
          `INSERT INTO twilio_settings (account_id, twilio_account_sid, auth_token_sealed, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (account_id) DO UPDATE SET twilio_account_sid = excluded.twilio_account_sid,
             auth_token_sealed = excluded.auth_token_sealed, updated_at = excluded.updated_at`,
          [t.accountId, t.twilioAccountSid, t.authTokenSealed, t.createdAt, t.updatedAt],
        );
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err;
        await this.query(tx, 'ROLLBACK TO SAVEPOINT save_twilio');
        return 'account-sid-taken';
      }
      return 'saved';
    });
  }

  async deleteTwilioSettings(accountId: string): Promise<boolean> {
    return ((await this.query(this.pool, 'DELETE FROM twilio_settings WHERE account_id = $1', [accountId])).rowCount ?? 0) > 0;
  }

  async findAgentByPhone(accountId: string, phone: string): Promise<AgentRecord | undefined> {
    const row = await this.row(this.pool, `${AGENT_SELECT} WHERE account_id = $1 AND phone = $2 ORDER BY created_at, id LIMIT 1`, [accountId, phone]);
    return row && agentFromRow(row);
  }

  async findCallIdByProviderSid(accountId: string, providerCallSid: string): Promise<string | undefined> {
    const row = await this.row(this.pool, 'SELECT id FROM calls WHERE account_id = $1 AND provider_call_sid = $2', [accountId, providerCallSid]);
    return row?.id as string | undefined;
  }

  async createCallIfAbsent(call: CallRecord, customer: CustomerResolution): Promise<{ callId: string; created: boolean }> {
    if (call.providerCallSid === null) throw new Error('createCallIfAbsent needs a providerCallSid');
    const sid = call.providerCallSid;
    return this.transaction(async (tx) => {
      // Two first sightings of one provider call serialise on this lock; the unique index on
      // (account_id, provider_call_sid) is the backstop.
      await this.query(tx, 'SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(`provider-call/${call.accountId}/${sid}`).toString()]);
      const existing = await this.row(tx, 'SELECT id FROM calls WHERE account_id = $1 AND provider_call_sid = $2', [call.accountId, sid]);
      if (existing) return { callId: existing.id as string, created: false };
      await this.lockCustomerMatch(tx, call.accountId, customer);
      const customerId = await this.findCustomerId(tx, call.accountId, customer.matchPhone, customer.matchEmail);
      if (customerId === undefined) await this.insertCustomer(tx, customer.create);
      await this.insertCall(tx, { ...call, customerId: customerId ?? customer.create.id });
      return { callId: call.id, created: true };
    });
  }

  async appendToOpenThread(
    newCall: CallRecord,
    customer: CustomerResolution,
    message: MessageRecord,
    options: { maxMessages: number; updatedAt: string },
  ): Promise<ThreadAppendResult> {
    const accountId = newCall.accountId;
    return this.transaction(async (tx): Promise<ThreadAppendResult> => {
      // One thread decision at a time per customer match (and per sid), across processes.
      await this.query(tx, 'SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(`message-sid/${accountId}/${message.sid}`).toString()]);
      await this.lockCustomerMatch(tx, accountId, customer);
      const seen = await this.row(tx, 'SELECT call_id AS "callId" FROM messages WHERE account_id = $1 AND sid = $2 LIMIT 1', [accountId, message.sid]);
      if (seen) return { kind: 'duplicate', callId: seen.callId as string };
      let customerId = await this.findCustomerId(tx, accountId, customer.matchPhone, customer.matchEmail);
      let thread: { id: string; n: number } | undefined;
      if (customerId !== undefined) thread = await this.findOpenThread(tx, accountId, customerId, newCall.channel);
      else {
        await this.insertCustomer(tx, customer.create);
        customerId = customer.create.id;
      }
      let createdCall = false;
      if (!thread) {
        await this.insertCall(tx, { ...newCall, customerId });
        thread = { id: newCall.id, n: 0 };
        createdCall = true;
      }
      if (thread.n >= options.maxMessages) return { kind: 'limit-reached', callId: thread.id };
      await this.insertMessage(tx, { ...message, accountId, callId: thread.id, seq: thread.n + 1 });
      await this.query(tx, 'UPDATE calls SET message_count = $1, updated_at = $2 WHERE account_id = $3 AND id = $4', [
        thread.n + 1,
        options.updatedAt,
        accountId,
        thread.id,
      ]);
      return { kind: 'appended', callId: thread.id, createdCall };
    });
  }

  /** The newest non-terminal call of the customer on the channel, locked for the append. */
  private async findOpenThread(tx: pg.PoolClient, accountId: string, customerId: string, channel: Channel): Promise<{ id: string; n: number } | undefined> {
    const row = await this.row(
      tx,
      `SELECT id, message_count AS n FROM calls
       WHERE account_id = $1 AND customer_id = $2 AND channel = $3 AND status <> ALL($4::text[])
       ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE`,
      [accountId, customerId, channel, TERMINAL_STATUSES],
    );
    return row && { id: row.id as string, n: row.n as number };
  }

  async findMessageBySid(accountId: string, sid: string): Promise<{ callId: string; message: MessageRecord } | undefined> {
    const row = await this.row(this.pool, `SELECT call_id AS "callId", ${MESSAGE_COLUMNS} FROM messages WHERE account_id = $1 AND sid = $2 ORDER BY call_id LIMIT 1`, [
      accountId,
      sid,
    ]);
    if (!row) return undefined;
    const { callId, ...message } = row;
    return { callId: callId as string, message: message as MessageRecord };
  }

  // ---- data protection ----

  async deleteCall(accountId: string, id: string): Promise<boolean> {
    return this.transaction(async (tx) => {
      const erased = await this.eraseCall(tx, accountId, id);
      if (erased) {
        await this.query(
          tx,
          `DELETE FROM idempotency_keys WHERE account_id = $1
             AND (CASE WHEN response_body LIKE '{%' THEN response_body::json ->> 'id' END) = $2`,
          [accountId, id],
        );
      }
      return erased;
    });
  }

  /** Removes the call and its messages (their lexemes go with the rows), inside the caller's transaction. */
  private async eraseCall(tx: pg.PoolClient, accountId: string, id: string): Promise<boolean> {
    const row = await this.row(tx, 'SELECT 1 AS x FROM calls WHERE account_id = $1 AND id = $2 FOR UPDATE', [accountId, id]);
    if (!row) return false;
    await this.query(tx, 'DELETE FROM messages WHERE account_id = $1 AND call_id = $2', [accountId, id]);
    await this.query(tx, 'DELETE FROM calls WHERE account_id = $1 AND id = $2', [accountId, id]);
    return true;
  }

  async redactCall(accountId: string, id: string, updatedAt: string): Promise<CallDetails | undefined> {
    return this.transaction(async (tx) => {
      const row = await this.row(tx, 'SELECT 1 AS x FROM calls WHERE account_id = $1 AND id = $2 FOR UPDATE', [accountId, id]);
      if (!row) return undefined;
      await this.query(tx, `UPDATE calls SET transcription = '', recording_url = '', search = ''::tsvector, updated_at = $1 WHERE account_id = $2 AND id = $3`, [
        updatedAt,
        accountId,
        id,
      ]);
      await this.query(tx, `UPDATE messages SET content = '', media_url = '', search = ''::tsvector WHERE account_id = $1 AND call_id = $2`, [accountId, id]);
      return this.readCall(tx, accountId, id);
    });
  }

  async setRetentionDays(accountId: string, days: number | null): Promise<boolean> {
    return ((await this.query(this.pool, 'UPDATE accounts SET retention_days = $1 WHERE id = $2', [days, accountId])).rowCount ?? 0) > 0;
  }

  async getRetentionDays(accountId: string): Promise<number | null | undefined> {
    const row = await this.row(this.pool, 'SELECT retention_days AS days FROM accounts WHERE id = $1', [accountId]);
    return row === undefined ? undefined : (row.days as number | null);
  }

  async listRetentionPolicies(): Promise<RetentionPolicy[]> {
    return (await this.rows(
      this.pool,
      'SELECT id AS "accountId", retention_days AS "retentionDays" FROM accounts WHERE retention_days IS NOT NULL ORDER BY id',
    )) as RetentionPolicy[];
  }

  /** Nothing to do: erased rows are dead tuples that autovacuum reclaims; no text index keeps them. */
  async compactErased(): Promise<void> {}

  async purgeCallsCreatedBefore(accountId: string, before: string, limit: number): Promise<number> {
    return this.transaction(async (tx) => {
      const ids = await this.rows(tx, 'SELECT id FROM calls WHERE account_id = $1 AND created_at < $2 ORDER BY created_at, id LIMIT $3 FOR UPDATE', [
        accountId,
        before,
        limit,
      ]);
      if (ids.length > 0) {
        const list = ids.map((r) => r.id as string);
        await this.query(tx, 'DELETE FROM messages WHERE account_id = $1 AND call_id = ANY($2::text[])', [accountId, list]);
        await this.query(tx, 'DELETE FROM calls WHERE account_id = $1 AND id = ANY($2::text[])', [accountId, list]);
      }
      await this.query(tx, 'DELETE FROM idempotency_keys WHERE account_id = $1 AND created_at < $2', [accountId, before]);
      return ids.length;
    });
  }
}

/** The details of one list page, by the keys the list query chose. */
const LIST_DETAILS_SQL = `${DETAIL_SELECT} WHERE c.account_id = $1 AND c.id = ANY($2::text[]) ORDER BY c.created_at DESC, c.id DESC`;

/** Messages matching a search lexeme from which it counts as common (see searchPlan). */
const COMMON_MATCH_DOCS = 3000;

/** The calls whose messages, and whose transcription, hold a search lexeme (up to a bound). */
const SEARCH_LOOKUP_SQL = [
  'SELECT call_id AS id FROM messages WHERE account_id = $1 AND search @@ $2::tsquery LIMIT $3',
  'SELECT id FROM calls WHERE account_id = $1 AND search @@ $2::tsquery LIMIT $3',
] as const;

/** The ids of the calls holding each rare search lexeme; lexemes not in it are common. */
interface SearchPlan {
  rare: Map<string, string[]>;
}

/**
 * The SQL that picks a list page's call ids; undefined when it can match nothing (search terms
 * without a token). Agent, customer and messages are read for those rows only (LIST_DETAILS_SQL).
 */
function listCallsSql(q: CallListQuery, search: SearchPlan = { rare: new Map() }): { text: string; params: unknown[] } | undefined {
  const params: unknown[] = [q.accountId];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = ['c.account_id = $1'];
  if (q.statuses) where.push(q.statuses.length === 1 ? `c.status = ${p(q.statuses[0])}` : `c.status = ANY(${p(q.statuses)}::text[])`);
  if (q.channels) where.push(q.channels.length === 1 ? `c.channel = ${p(q.channels[0])}` : `c.channel = ANY(${p(q.channels)}::text[])`);
  if (q.createdFrom !== undefined) where.push(`c.created_at >= ${p(q.createdFrom)}`);
  if (q.createdTo !== undefined) where.push(`c.created_at <= ${p(q.createdTo)}`);
  if (q.agentId !== undefined) where.push(`c.agent_id = ${p(q.agentId)}`);
  if (q.customerId !== undefined) where.push(`c.customer_id = ${p(q.customerId)}`);
  if (q.customerPhone !== undefined) {
    where.push(`c.customer_id IN (SELECT id FROM customers WHERE account_id = $1 AND phone = ${p(q.customerPhone)})`);
  }
  if (q.customerPhoneDigits !== undefined) {
    // Digits only (the domain strips everything else), so no LIKE metacharacter gets here.
    where.push(`c.customer_id IN (SELECT id FROM customers WHERE account_id = $1 AND phone LIKE ${p(`%${q.customerPhoneDigits}%`)})`);
  }
  if (q.terms && q.terms.length > 0) {
    const lexemes = termsQuery(q.terms);
    if (lexemes.length === 0) return undefined;
    // Each lexeme must appear in the transcription or in some message. A rare one arrives with
    // the ids of its (few) calls, looked up beforehand. A common one is checked per candidate call
    // (its transcription, then its messages by key; a scalar subquery, which PostgreSQL cannot
    // turn into a hash of every match), so a page fills after a few dozen calls.
    for (const lexeme of lexemes) {
      const rareIds = search.rare.get(lexeme);
      if (rareIds) {
        where.push(`c.id = ANY(${p(rareIds)}::text[])`);
        continue;
      }
      const tsq = p(lexeme);
      where.push(`(c.search @@ ${tsq}::tsquery OR COALESCE((SELECT bool_or(m.search @@ ${tsq}::tsquery) FROM messages m
        WHERE m.account_id = c.account_id AND m.call_id = c.id), false))`);
    }
  }
  if (q.after) {
    where.push(`(c.created_at, c.id) < (${p(q.after.createdAt)}, ${p(q.after.id)})`);
  }
  const limit = p(q.limit);
  return { text: `SELECT c.id FROM calls c WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`, params };
}

/**
 * PostgreSQL text cannot hold U+0000, which SQLite (and JSON) can. So that both stores keep the
 * same strings, text goes in with U+0000 written as U+FFFF U+0001 and U+FFFF as U+FFFF U+FFFF,
 * and comes back decoded. Both are rare, so the common case is one regex test per value; equality
 * and bytewise order among ids, timestamps and lexemes (which never hold either) are unchanged.
 */
const NEEDS_ENCODING = /[\u0000\uffff]/;
function encodeText(s: string): string {
  return NEEDS_ENCODING.test(s) ? s.replace(/[\u0000\uffff]/g, (c) => (c === '\u0000' ? '\uffff\u0001' : '\uffff\uffff')) : s;
}
function decodeText(s: string): string {
  return s.includes('\uffff') ? s.replace(/\uffff([\u0001\uffff])/g, (_, c: string) => (c === '\u0001' ? '\u0000' : '\uffff')) : s;
}
function encodeValue(v: unknown): unknown {
  if (typeof v === 'string') return encodeText(v);
  if (Array.isArray(v)) return v.map(encodeValue);
  return v;
}
/** Decodes a result row in place, strings nested in JSON columns included. */
function decodeRow(row: Row): void {
  for (const key of Object.keys(row)) row[key] = decodeDeep(row[key]);
}
function decodeDeep(v: unknown): unknown {
  if (typeof v === 'string') return decodeText(v);
  if (Array.isArray(v)) return v.map(decodeDeep);
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) o[key] = decodeDeep(o[key]);
  }
  return v;
}

/** A signed 64-bit advisory-lock key from a string (first 8 bytes of its SHA-256). */
function lockKey(value: string): bigint {
  return createHash('sha256').update(value).digest().readBigInt64BE(0);
}

/** Row objects → one array per column, for `unnest`. */
function columns<T>(items: readonly T[], getters: ((item: T) => unknown)[]): unknown[][] {
  return getters.map((get) => items.map(get));
}

/** How each table is read for export: its columns as records, its key columns, its key of a row. */
const POSTGRES_EXPORT: Record<ExportTable, { select: string; key: string[]; keyOf: (row: Row) => unknown[]; map: (row: Row) => unknown }> = {
  accounts: { select: 'SELECT id, name, created_at AS "createdAt" FROM accounts', key: ['id'], keyOf: (r) => [r.id], map: (r) => r },
  apiKeys: { select: KEY_SELECT, key: ['account_id', 'id'], keyOf: (r) => [r.accountId, r.id], map: (r) => r },
  agents: { select: AGENT_SELECT, key: ['account_id', 'id'], keyOf: (r) => [r.accountId, r.id], map: agentFromRow },
  skills: { select: SKILL_SELECT, key: ['account_id', 'id'], keyOf: (r) => [r.accountId, r.id], map: (r) => r },
  customers: { select: CUSTOMER_SELECT, key: ['account_id', 'id'], keyOf: (r) => [r.accountId, r.id], map: customerFromRow },
  calls: { select: `SELECT ${CALL_COLUMNS} FROM calls c`, key: ['account_id', 'id'], keyOf: (r) => [r.accountId, r.id], map: (r) => r },
  messages: {
    select: `SELECT account_id AS "accountId", call_id AS "callId", seq, ${MESSAGE_COLUMNS} FROM messages`,
    key: ['account_id', 'call_id', 'seq'],
    keyOf: (r) => [r.accountId, r.callId, r.seq],
    map: (r) => r,
  },
};

function agentFromRow(row: Row): AgentRecord {
  return { ...(row as AgentRecord), settings: JSON.parse(row.settings as string) };
}

function customerFromRow(row: Row): CustomerRecord {
  return { ...(row as CustomerRecord), customFields: JSON.parse(row.customFields as string) };
}

function detailsFromRow(row: Row): CallDetails {
  const { cuName, cuFirstName, cuLastName, agentPhone, agentEmail, customerPhone, customerEmail, messagesJson, ...call } = row;
  return {
    ...(call as CallRecord),
    agentPhone: agentPhone ?? '',
    agentEmail: agentEmail ?? '',
    customerPhone: customerPhone ?? '',
    customerEmail: customerEmail ?? '',
    customerName: customerDisplayName({ name: cuName ?? '', firstName: cuFirstName ?? '', lastName: cuLastName ?? '' }),
    messages: (messagesJson as MessageRecord[] | null) ?? [],
  };
}
