/**
 * The embedded store: SQLite through better-sqlite3, WAL mode. better-sqlite3 is synchronous, so
 * each method's read-decide-write runs inside one transaction with nothing interleaved; the
 * interface is async only because the PostgreSQL store needs it to be.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
  CallListQuery,
  CreateCallResult,
  CustomerResolution,
  IdempotencyClaim,
  MessageStatusResult,
  BulkRows,
  ExportRow,
  ExportTable,
  Page,
  RetentionPolicy,
  Store,
  StoredMessage,
  ThreadAppendResult,
} from '../store.js';
import { applyReporting, assertOrdered, type MigrationProgress } from '../migrations.js';
import { CHANGE_COLUMNS } from '../call-columns.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { BackgroundCheckpointer } from './checkpointer.js';
import { isStoreUnavailable } from '../errors.js';

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
}

const CALL_COLUMNS = `
  c.account_id AS accountId, c.id, c.status, c.channel, c.direction, c.agent_id AS agentId,
  c.skill_id AS skillId, c.customer_id AS customerId, c.agent_phone_override AS agentPhoneOverride,
  c.agent_email_override AS agentEmailOverride, c.note, c.transcription, c.recording_url AS recordingUrl,
  c.created_at AS createdAt, c.updated_at AS updatedAt, c.started_at AS startedAt,
  c.answered_at AS answeredAt, c.ended_at AS endedAt, c.duration_seconds AS durationSeconds,
  c.provider_call_sid AS providerCallSid, c.message_count AS messageCount`;

const DETAIL_SELECT = `SELECT ${CALL_COLUMNS},
  a.phone AS agentPhone, a.email AS agentEmail,
  cu.phone AS customerPhone, cu.email AS customerEmail, cu.name AS cuName,
  cu.first_name AS cuFirstName, cu.last_name AS cuLastName
FROM calls c
LEFT JOIN agents a ON a.account_id = c.account_id AND a.id = c.agent_id
LEFT JOIN customers cu ON cu.account_id = c.account_id AND cu.id = c.customer_id`;

/** Below this many matching documents a search reads them all; above, it probes per call. */
const RARE_MATCH_DOCS = 3000;
/**
 * Candidate calls per chunk when a search walks calls newest first (doubling up to the maximum).
 * A chunk is checked with one range query when its rowids span less than RANGE_SPREAD per call:
 * the range query also reads the word's postings of other accounts' calls in the range, so it
 * pays off while the account holds more than a small share of the calls stored in that period
 * (at 1 M calls, an account with 5 % of them — ~20 rowids per call — paged a common word in
 * about half the time that probing per call took).
 */
const FIRST_CANDIDATE_CHUNK = 128;
const MAX_CANDIDATE_CHUNK = 2048;
const RANGE_SPREAD = 64;

const MESSAGE_COLUMNS = `sid, timestamp, sender, content, media_url AS mediaUrl, status`;

// The Get Call statements, built once: the statement cache is keyed by SQL text, and a constant
// string keeps its hash, so the hot path does not rebuild and rehash ~1 KB of SQL per request.
const GET_CALL_SQL = `${DETAIL_SELECT} WHERE c.account_id = ? AND c.id = ?`;
/** Call records kept between writes (a few KiB each). */
const CALL_CACHE_ENTRIES = 5_000;
/** Calls remembered as listed once, waiting for a second read to enter the cache (ids only). */
const LISTED_ONCE_KEYS = 2_000;
/**
 * How long a commit by another process (the CLI, a second server) may go unseen by the call
 * cache, ms. Reading SQLite's data_version costs ~7 µs (it takes a read lock), as much as the
 * rest of a cached Get Call's store work, so it is read at most this often; this process's own
 * writes are seen at once through total_changes(), a counter read without any lock.
 */
const FOREIGN_COMMIT_WINDOW_MS = 1;
const CALL_MESSAGES_SQL = `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account_id = ? AND call_id = ? ORDER BY seq`;


interface DetailRow extends CallRecord {
  agentPhone: string | null;
  agentEmail: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  cuName: string | null;
  cuFirstName: string | null;
  cuLastName: string | null;
}

type Row = Record<string, unknown>;
/** A call found by a list query: its id and rowid. */
type PageRow = [id: string, rowid: number];
/** call_id, then a message's columns in MessageRecord's order. */
type MessageRow = [string, string, string, MessageRecord['sender'], string, string, MessageRecord['status']];

/** Full-text documents per call: rowid = calls.rowid * TEXT_PARTS + part (0 transcription, n message seq n). */
const TEXT_PARTS = 16_777_216;
/**
 * The full-text documents of the calls whose rowids run from the first parameter to the second.
 * The bounds are computed in SQL from integers: better-sqlite3 binds a JS number as a REAL, and
 * FTS5 uses a rowid bound only when it is an INTEGER; with a REAL one it reads the term's whole
 * doclist (for a DELETE, the whole index) and leaves the filtering to SQLite. At a million calls
 * that made removing a call's documents (erasure, retention, a new transcription) take 1.4 s
 * instead of 0.1 ms, and a range probe for a common word 50–75 ms instead of 0.05 ms.
 */
const TEXT_OF_CALLS = `rowid BETWEEN CAST(? AS INTEGER) * ${TEXT_PARTS} AND CAST(? AS INTEGER) * ${TEXT_PARTS} + ${TEXT_PARTS - 1}`;

interface PendingAppend {
  accountId: string;
  callId: string;
  message: MessageRecord;
  options: { maxMessages: number; updatedAt: string };
  resolve(result: AppendMessageResult): void;
  reject(error: unknown): void;
}

/** Most appends committed together in one transaction. */
const MAX_APPEND_GROUP = 256;

/** WAL size (pages) at which the serving connection checkpoints itself when the worker lags. */
const BACKSTOP_CHECKPOINT_PAGES = 20_000;

/** Page cache while serving, KiB. */
const SERVING_CACHE_KIB = 64 * 1024;
/** Page cache while bulk loading, KiB (the default is 2 MiB). */
const BULK_CACHE_KIB = 3 * 1024 * 1024;

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly synchronous: 'NORMAL' | 'FULL';
  private cacheSizeBeforeLoad: number | undefined;
  private readonly rareMatchDocs: number;
  private readonly rangeSpread: number;
  private readonly pendingAppends: PendingAppend[] = [];
  private readonly checkpointer: BackgroundCheckpointer | undefined;
  private readonly callCache = new Map<string, CallDetails>();
  /** Keys of calls read once for a list page (see rememberListed). */
  private readonly listedOnce = new Set<string>();
  /** Rows changed by writes that named the calls they touched (those calls alone left the cache). */
  private callScopedChanges = 0;
  private callCacheChanges = -1;
  private callCacheDataVersion = -1;
  private dataVersionReadAt = -Infinity;
  private readonly totalChanges: Database.Statement;
  private readonly dataVersion: Database.Statement;

  constructor(options: SqliteOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.synchronous = options.synchronous ?? 'NORMAL';
    this.rareMatchDocs = options.rareMatchDocs ?? RARE_MATCH_DOCS;
    this.rangeSpread = options.rangeSpread ?? RANGE_SPREAD;
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${this.synchronous}`);
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 500))}`);
    // Erased rows are overwritten with zeros rather than left in free pages (data protection).
    this.db.pragma('secure_delete = ON');
    // Enough page cache for the interior pages of every index at a million calls, so a lookup
    // reads one leaf from the OS; bounded, and counted in the server's RSS budget (32 MiB made
    // cold list pages at a million calls ~40 % slower).
    this.db.pragma(`cache_size = ${-SERVING_CACHE_KIB}`);
    this.totalChanges = this.db.prepare('SELECT total_changes()').pluck();
    this.dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    if (options.backgroundCheckpoint && options.path !== ':memory:') {
      this.checkpointer = new BackgroundCheckpointer(options.path, this.synchronous);
      // Only a backstop now, should the worker fall behind.
      this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    }
    this.db.pragma('foreign_keys = OFF');
  }

  /** A prepared statement, compiled once per SQL text and kept for the life of the store. */
  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  async migrate(onStep?: MigrationProgress): Promise<number[]> {
    assertOrdered(SQLITE_MIGRATIONS);
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
    );
    const done: number[] = [];
    for (const m of SQLITE_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      done.push(m.version);
      await applyReporting(m, onStep, () =>
        this.db.transaction(() => {
          this.db.exec(m.sql);
          this.db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(m.version, m.name, new Date().toISOString());
        }).immediate(),
      );
    }
    return done;
  }

  async schemaVersions(): Promise<number[]> {
    return this.appliedMigrations();
  }

  /** Migration versions recorded as applied (for tests and `calls-api migrate`). */
  appliedMigrations(): number[] {
    return (this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map(
      (r) => r.version,
    );
  }

  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }

  // ---- accounts and keys ----

  async createAccount(a: Account): Promise<void> {
    this.insertAccount(a);
  }

  private insertAccount(a: Account): void {
    this.sql('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)').run(a.id, a.name, a.createdAt);
  }

  async getAccount(id: string): Promise<Account | undefined> {
    return this.sql('SELECT id, name, created_at AS createdAt FROM accounts WHERE id = ?').get(id) as Account | undefined;
  }

  async createApiKey(k: ApiKeyRecord): Promise<void> {
    this.insertApiKey(k);
  }

  private insertApiKey(k: ApiKeyRecord): void {
    this.sql('INSERT INTO api_keys (account_id, id, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)').run(
      k.accountId,
      k.id,
      k.secretHash,
      k.createdAt,
      k.revokedAt,
    );
  }

  async findApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    return this.sql(
      `SELECT id, account_id AS accountId, secret_hash AS secretHash, created_at AS createdAt, revoked_at AS revokedAt
       FROM api_keys WHERE id = ?`,
    ).get(id) as ApiKeyRecord | undefined;
  }

  async listApiKeys(accountId: string): Promise<ApiKeyRecord[]> {
    return this.sql(
      `SELECT id, account_id AS accountId, secret_hash AS secretHash, created_at AS createdAt, revoked_at AS revokedAt
       FROM api_keys WHERE account_id = ? ORDER BY created_at, id`,
    ).all(accountId) as ApiKeyRecord[];
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.sql('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0;
  }

  // ---- agents, skills, customers ----

  async createAgent(a: AgentRecord): Promise<void> {
    this.insertAgent(a);
  }

  private insertAgent(a: AgentRecord): void {
    this.sql(
      `INSERT INTO agents (account_id, id, name, lastname, email, phone, agent_type, language, settings, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(a.accountId, a.id, a.name, a.lastname, a.email, a.phone, a.agentType, a.language, JSON.stringify(a.settings), a.createdAt, a.updatedAt);
  }

  async getAgent(accountId: string, id: string): Promise<AgentRecord | undefined> {
    const row = this.sql(`${AGENT_SELECT} WHERE account_id = ? AND id = ?`).get(accountId, id) as Row | undefined;
    return row && agentFromRow(row);
  }

  async updateAgent(a: AgentRecord): Promise<void> {
    this.sql(
      `UPDATE agents SET name = ?, lastname = ?, email = ?, phone = ?, agent_type = ?, language = ?, settings = ?, updated_at = ?
       WHERE account_id = ? AND id = ?`,
    ).run(a.name, a.lastname, a.email, a.phone, a.agentType, a.language, JSON.stringify(a.settings), a.updatedAt, a.accountId, a.id);
  }

  async listAgents(accountId: string, page: Page): Promise<AgentRecord[]> {
    return (this.sql(`${AGENT_SELECT} WHERE account_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?`).all(accountId, page.limit, page.offset) as Row[]).map(agentFromRow);
  }

  async createSkill(s: SkillRecord): Promise<void> {
    this.insertSkill(s);
  }

  private insertSkill(s: SkillRecord): void {
    this.sql(
      `INSERT INTO skills (account_id, id, name, description, language, active, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(s.accountId, s.id, s.name, s.description, s.language, s.active ? 1 : 0, s.createdAt, s.updatedAt);
  }

  async getSkill(accountId: string, id: string): Promise<SkillRecord | undefined> {
    const row = this.sql(`${SKILL_SELECT} WHERE account_id = ? AND id = ?`).get(accountId, id) as Row | undefined;
    return row && skillFromRow(row);
  }

  async updateSkill(s: SkillRecord): Promise<void> {
    this.sql(
      `UPDATE skills SET name = ?, description = ?, language = ?, active = ?, updated_at = ? WHERE account_id = ? AND id = ?`,
    ).run(s.name, s.description, s.language, s.active ? 1 : 0, s.updatedAt, s.accountId, s.id);
  }

  async listSkills(accountId: string, page: Page): Promise<SkillRecord[]> {
    return (this.sql(`${SKILL_SELECT} WHERE account_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?`).all(accountId, page.limit, page.offset) as Row[]).map(skillFromRow);
  }

  async createCustomer(c: CustomerRecord): Promise<void> {
    this.insertCustomer(c);
  }

  private insertCustomer(c: CustomerRecord): void {
    this.sql(
      `INSERT INTO customers (account_id, id, name, first_name, last_name, phone, email, language, custom_fields, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.accountId, c.id, c.name, c.firstName, c.lastName, c.phone, c.email, c.language, JSON.stringify(c.customFields), c.createdAt, c.updatedAt);
  }

  async getCustomer(accountId: string, id: string): Promise<CustomerRecord | undefined> {
    const row = this.sql(`${CUSTOMER_SELECT} WHERE account_id = ? AND id = ?`).get(accountId, id) as Row | undefined;
    return row && customerFromRow(row);
  }

  async updateCustomer(c: CustomerRecord): Promise<void> {
    this.sql(
      `UPDATE customers SET name = ?, first_name = ?, last_name = ?, phone = ?, email = ?, language = ?, custom_fields = ?, updated_at = ?
       WHERE account_id = ? AND id = ?`,
    ).run(c.name, c.firstName, c.lastName, c.phone, c.email, c.language, JSON.stringify(c.customFields), c.updatedAt, c.accountId, c.id);
  }

  async listCustomers(accountId: string, page: Page, filter: { phone?: string; email?: string } = {}): Promise<CustomerRecord[]> {
    let where = 'account_id = ?';
    const params: unknown[] = [accountId];
    if (filter.phone !== undefined) {
      where += ' AND phone = ?';
      params.push(filter.phone);
    }
    if (filter.email !== undefined) {
      where += ' AND email = ?';
      params.push(filter.email);
    }
    params.push(page.limit, page.offset);
    return (this.sql(`${CUSTOMER_SELECT} WHERE ${where} ORDER BY created_at, id LIMIT ? OFFSET ?`).all(...params) as Row[]).map(customerFromRow);
  }

  // ---- calls ----

  async createCall(
    call: CallRecord,
    customer: CustomerResolution,
    idempotency: IdempotencyClaim | undefined,
    renderResponse: (call: CallDetails) => string,
  ): Promise<CreateCallResult> {
    return this.db.transaction((): CreateCallResult => {
      if (idempotency) {
        const seen = this.sql(
          'SELECT request_hash AS requestHash, response_body AS responseBody FROM idempotency_keys WHERE account_id = ? AND key = ? AND created_at >= ?',
        ).get(call.accountId, idempotency.key, idempotency.notBefore) as { requestHash: string; responseBody: string } | undefined;
        if (seen) {
          return seen.requestHash === idempotency.requestHash
            ? { kind: 'replayed', responseBody: seen.responseBody }
            : { kind: 'idempotency-mismatch' };
        }
      }
      const existing = this.findCustomerId(call.accountId, customer.matchPhone, customer.matchEmail);
      const record = { ...call, customerId: existing ?? customer.create.id };
      if (existing === undefined) this.insertCustomer(customer.create);
      this.insertCall(record);
      const details = this.readCall(record.accountId, record.id)!;
      if (idempotency) {
        this.sql(
          `INSERT INTO idempotency_keys (account_id, key, request_hash, response_body, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (account_id, key) DO UPDATE SET request_hash = excluded.request_hash,
             response_body = excluded.response_body, created_at = excluded.created_at`,
        ).run(record.accountId, idempotency.key, idempotency.requestHash, renderResponse(details), record.createdAt);
      }
      return { kind: 'created', call: details };
    }).immediate();
  }

  /** Inserts the call and answers its rowid (the key of its full-text documents). */
  private insertCall(c: CallRecord): number {
    const info = this.sql(
      `INSERT INTO calls (account_id, id, status, channel, direction, agent_id, skill_id, customer_id,
         agent_phone_override, agent_email_override, note, transcription, recording_url, created_at, updated_at,
         started_at, answered_at, ended_at, duration_seconds, provider_call_sid, message_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      c.accountId, c.id, c.status, c.channel, c.direction, c.agentId, c.skillId, c.customerId, c.agentPhoneOverride,
      c.agentEmailOverride, c.note, c.transcription, c.recordingUrl, c.createdAt, c.updatedAt, c.startedAt,
      c.answeredAt, c.endedAt, c.durationSeconds, c.providerCallSid, c.messageCount,
    );
    return Number(info.lastInsertRowid);
  }

  /** Adds a full-text document: part 0 is the call's transcription, part n its message of seq n. */
  private indexText(callRowid: number, part: number, body: string): void {
    if (body === '') return;
    if (part >= TEXT_PARTS) throw new Error(`message seq ${part} exceeds the full-text key space`);
    this.sql('INSERT INTO message_text (rowid, body) VALUES (CAST(? AS INTEGER), ?)').run(callRowid * TEXT_PARTS + part, body);
  }

  /** Removes every full-text document of the call (its transcription and all its messages). */
  private unindexCall(callRowid: number): void {
    this.sql(`DELETE FROM message_text WHERE ${TEXT_OF_CALLS}`).run(callRowid, callRowid);
  }

  private insertMessage(m: StoredMessage): void {
    this.sql(
      `INSERT INTO messages (account_id, call_id, seq, sid, timestamp, sender, content, media_url, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(m.accountId, m.callId, m.seq, m.sid, m.timestamp, m.sender, m.content, m.mediaUrl, m.status);
  }

  async bulkInsert(rows: BulkRows): Promise<void> {
    this.db.transaction(() => {
      for (const a of rows.accounts ?? []) this.insertAccount(a);
      for (const k of rows.apiKeys ?? []) this.insertApiKey(k);
      for (const a of rows.agents ?? []) this.insertAgent(a);
      for (const s of rows.skills ?? []) this.insertSkill(s);
      for (const c of rows.customers ?? []) this.insertCustomer(c);
      const rowids = new Map<string, number>();
      for (const c of rows.calls ?? []) {
        const rowid = this.insertCall(c);
        rowids.set(c.accountId + '/' + c.id, rowid);
        this.indexText(rowid, 0, c.transcription);
        // Messages loaded by an earlier batch, before their call: index them now.
        const earlier = this.sql('SELECT seq, content FROM messages WHERE account_id = ? AND call_id = ?').all(c.accountId, c.id) as { seq: number; content: string }[];
        for (const m of earlier) this.indexText(rowid, m.seq, m.content);
      }
      for (const m of rows.messages ?? []) {
        this.insertMessage(m);
        const key = m.accountId + '/' + m.callId;
        let rowid = rowids.get(key);
        if (rowid === undefined) {
          rowid = (this.sql('SELECT rowid AS r FROM calls WHERE account_id = ? AND id = ?').get(m.accountId, m.callId) as { r: number } | undefined)?.r;
          if (rowid !== undefined) rowids.set(key, rowid);
        }
        // A message whose call is not loaded yet is indexed when the call arrives.
        if (rowid !== undefined) this.indexText(rowid, m.seq, m.content);
      }
    }).immediate();
  }

  async *exportRows<T extends ExportTable>(table: T, batchSize: number): AsyncIterable<ExportRow<T>[]> {
    const spec = SQLITE_EXPORT[table];
    let after: unknown[] | undefined;
    for (;;) {
      const where = after ? `WHERE (${spec.key.join(', ')}) > (${spec.key.map(() => '?').join(', ')})` : '';
      const rows = this.sql(`${spec.select} ${where} ORDER BY ${spec.key.join(', ')} LIMIT ?`).all(...(after ?? []), batchSize) as Row[];
      if (rows.length === 0) return;
      const last = rows[rows.length - 1];
      after = spec.keyOf(last);
      yield rows.map(spec.map) as ExportRow<T>[];
      if (rows.length < batchSize) return;
    }
  }

  async bulkLoadStart(): Promise<void> {
    this.cacheSizeBeforeLoad ??= this.db.pragma('cache_size', { simple: true }) as number;
    // A crash mid-load means seeding again, so nothing is synced until the end; a big page cache
    // keeps the random-key (UUID) index inserts in memory.
    this.db.pragma('synchronous = OFF');
    this.db.pragma(`cache_size = ${-BULK_CACHE_KIB}`);
    this.db.pragma('temp_store = MEMORY');
  }

  async bulkLoadEnd(): Promise<void> {
    // Merge the full-text segments the batches left behind into one: searches then read one
    // b-tree per term instead of hundreds.
    this.db.exec(`INSERT INTO message_text (message_text) VALUES ('optimize')`);
    this.db.pragma(`synchronous = ${this.synchronous}`);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    if (this.cacheSizeBeforeLoad !== undefined) this.db.pragma(`cache_size = ${this.cacheSizeBeforeLoad}`);
    this.cacheSizeBeforeLoad = undefined;
    this.db.pragma('temp_store = DEFAULT');
  }

  private findCustomerId(accountId: string, phone: string, email: string): string | undefined {
    if (phone !== '') {
      const row = this.sql('SELECT id FROM customers WHERE account_id = ? AND phone = ? ORDER BY created_at, id LIMIT 1').get(accountId, phone) as { id: string } | undefined;
      if (row) return row.id;
    }
    if (email !== '') {
      const row = this.sql('SELECT id FROM customers WHERE account_id = ? AND email = ? ORDER BY created_at, id LIMIT 1').get(accountId, email) as { id: string } | undefined;
      if (row) return row.id;
    }
    return undefined;
  }

  /**
   * Get Call is what clients poll (every live call, every few seconds), and list pages show the
   * same calls again, so call records are kept until something changes them. A write that touches
   * known calls (an append, a call update, a message status) removes just those calls; any other
   * write through this connection (an agent, a customer, an erasure — anything that may show in
   * many calls) is seen in total_changes() minus those call-scoped changes and empties the cache,
   * as does another process's commit, seen in SQLite's data_version within
   * FOREIGN_COMMIT_WINDOW_MS. So the cache never answers stale data; derived fields (duration) are
   * computed from these records at each request. Cached records are shared: read-only.
   */
  private validCallCache(): Map<string, CallDetails> {
    const changes = (this.totalChanges.get() as number) - this.callScopedChanges;
    const now = performance.now();
    let dataVersion = this.callCacheDataVersion;
    if (now - this.dataVersionReadAt >= FOREIGN_COMMIT_WINDOW_MS || changes !== this.callCacheChanges) {
      dataVersion = this.dataVersion.get() as number;
      this.dataVersionReadAt = now;
    }
    if (changes !== this.callCacheChanges || dataVersion !== this.callCacheDataVersion) {
      this.callCache.clear();
      this.callCacheChanges = changes;
      this.callCacheDataVersion = dataVersion;
    }
    return this.callCache;
  }

  /**
   * Runs a write that changes only the given calls (cache keys `account/id`) and their messages:
   * those calls leave the cache, the others stay.
   */
  private writingCalls<T>(keys: readonly string[], write: () => T): T {
    const before = this.totalChanges.get() as number;
    try {
      return write();
    } finally {
      this.callScopedChanges += (this.totalChanges.get() as number) - before;
      for (const key of keys) this.callCache.delete(key);
    }
  }

  /**
   * A call read for a list page enters the cache only when it was read recently already: walks
   * over calls nobody reads twice (a random day, a one-off search) would otherwise push out the
   * calls that are polled, and churn memory, for nothing.
   */
  private rememberListed(cache: Map<string, CallDetails>, key: string, details: CallDetails): void {
    if (this.listedOnce.delete(key)) {
      this.remember(cache, key, details);
      return;
    }
    if (this.listedOnce.size >= LISTED_ONCE_KEYS) this.listedOnce.delete(this.listedOnce.values().next().value!);
    this.listedOnce.add(key);
  }

  private remember(cache: Map<string, CallDetails>, key: string, details: CallDetails): void {
    if (cache.size >= CALL_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, details);
  }

  async getCall(accountId: string, id: string): Promise<CallDetails | undefined> {
    const cache = this.validCallCache();
    const key = `${accountId}/${id}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const details = this.readCall(accountId, id);
    if (details) this.remember(cache, key, details);
    return details;
  }

  private readCall(accountId: string, id: string): CallDetails | undefined {
    const row = this.sql(GET_CALL_SQL).get(accountId, id) as DetailRow | undefined;
    if (!row) return undefined;
    const messages = row.messageCount === 0 ? [] : inTimeOrder(this.sql(CALL_MESSAGES_SQL).all(accountId, id) as MessageRecord[]);
    return detailsFromRow(row, messages);
  }

  async updateCall(
    accountId: string,
    id: string,
    decide: (current: CallRecord) => CallChanges | undefined,
  ): Promise<CallDetails | undefined> {
    return this.writingCalls([`${accountId}/${id}`], () => this.db.transaction((): CallDetails | undefined => {
      const current = this.sql(`SELECT ${CALL_COLUMNS} FROM calls c WHERE c.account_id = ? AND c.id = ?`).get(accountId, id) as CallRecord | undefined;
      if (!current) return undefined;
      const changes = decide(current);
      if (changes) {
        const keys = (Object.keys(changes) as (keyof CallChanges)[]).sort();
        const set = keys.map((k) => `${CHANGE_COLUMNS[k]} = ?`).join(', ');
        this.sql(`UPDATE calls SET ${set} WHERE account_id = ? AND id = ?`).run(...keys.map((k) => changes[k] ?? null), accountId, id);
        if (changes.transcription !== undefined) {
          const rowid = (this.sql('SELECT rowid AS r FROM calls WHERE account_id = ? AND id = ?').get(accountId, id) as { r: number }).r;
          this.sql('DELETE FROM message_text WHERE rowid = CAST(? AS INTEGER)').run(rowid * TEXT_PARTS);
          this.indexText(rowid, 0, changes.transcription);
        }
      }
      return this.readCall(accountId, id);
    }).immediate());
  }

  /**
   * How many documents hold the term, counted up to `rareMatchDocs`: the bound keeps this cheap
   * however frequent the term is.
   */
  private termDocs(term: string): number {
    return (this.sql('SELECT count(*) AS n FROM (SELECT rowid FROM message_text WHERE message_text MATCH ? LIMIT ?)').get(term, this.rareMatchDocs) as { n: number }).n;
  }

  async listCalls(q: CallListQuery): Promise<CallDetails[]> {
    const where: string[] = ['c.account_id = ?'];
    const params: unknown[] = [q.accountId];
    if (q.statuses) {
      if (q.statuses.length === 1) where.push('c.status = ?');
      else where.push('c.status IN (SELECT value FROM json_each(?))');
      params.push(q.statuses.length === 1 ? q.statuses[0] : JSON.stringify(q.statuses));
    }
    if (q.channels) {
      if (q.channels.length === 1) where.push('c.channel = ?');
      else where.push('c.channel IN (SELECT value FROM json_each(?))');
      params.push(q.channels.length === 1 ? q.channels[0] : JSON.stringify(q.channels));
    }
    if (q.createdFrom !== undefined) {
      where.push('c.created_at >= ?');
      params.push(q.createdFrom);
    }
    // Past the first page the cursor is the tighter upper bound (it came from a row at or before
    // createdTo); leaving createdTo out then lets the index seek straight to the cursor.
    if (q.createdTo !== undefined && !(q.after && q.after.createdAt <= q.createdTo)) {
      where.push('c.created_at <= ?');
      params.push(q.createdTo);
    }
    if (q.agentId !== undefined) {
      where.push('c.agent_id = ?');
      params.push(q.agentId);
    }
    if (q.customerId !== undefined) {
      where.push('c.customer_id = ?');
      params.push(q.customerId);
    }
    if (q.customerPhone !== undefined) {
      where.push('c.customer_id IN (SELECT id FROM customers WHERE account_id = ? AND phone = ?)');
      params.push(q.accountId, q.customerPhone);
    }
    if (q.customerPhoneDigits !== undefined) {
      // Digits only (the domain strips everything else), so no LIKE metacharacter gets here.
      where.push(`c.customer_id IN (SELECT id FROM customers WHERE account_id = ? AND phone LIKE ?)`);
      params.push(q.accountId, `%${q.customerPhoneDigits}%`);
    }
    /** calls: walk an index of calls newest first; text: start from the rarest term's calls; customer: from the customer's calls. */
    let plan: 'calls' | 'text' | 'customer' = 'calls';
    let driving: string | undefined;
    /** Terms checked per candidate call (every term but a rare one that drives the plan). */
    let probing: string[] = [];
    if (q.terms && q.terms.length > 0) {
      const phrases = q.terms.map((t) => `"${t.replaceAll('"', '""')}"`);
      const counted = phrases.map((phrase) => ({ phrase, docs: this.termDocs(phrase) })).sort((x, y) => x.docs - y.docs);
      if (counted[0]!.docs < this.rareMatchDocs) {
        // A rare term: start from the calls holding it (few), check the others per call, sort.
        plan = 'text';
        driving = counted.shift()!.phrase;
      }
      probing = counted.map((c) => c.phrase);
    }
    if (probing.length > 0 && plan === 'calls' && q.customerPhone === undefined) {
      // Only common terms: walk the calls newest first, checking candidates a chunk at a time.
      return this.pageOf(q.accountId, this.scanForTerms(where, params, probing, q.after, q.limit));
    }
    // Otherwise the calls a rare term (or a customer) gives are few: probe the index per call.
    for (const phrase of probing) {
      where.push(`EXISTS (SELECT 1 FROM message_text t WHERE t.message_text MATCH ? AND t.rowid BETWEEN c.rowid * ${TEXT_PARTS} AND c.rowid * ${TEXT_PARTS} + ${TEXT_PARTS - 1})`);
      params.push(phrase);
    }
    if (q.after) {
      // A row value is a range bound the index can seek to (an OR of comparisons is not), so a
      // deep page costs what the first one does.
      where.push('(c.created_at, c.id) < (?, ?)');
      params.push(q.after.createdAt, q.after.id);
    }
    if (plan === 'calls' && q.customerPhone !== undefined) {
      // Without statistics SQLite would walk every call newest first to honour ORDER BY; the
      // customers with one exact phone have few calls, so fetch them by customer and sort those.
      plan = 'customer';
    }
    if (driving !== undefined) params.unshift(driving);
    params.push(q.limit);
    const order = 'ORDER BY c.created_at DESC, c.id DESC';
    // The page's ids first, from calls alone; then each call from the cache, or read with the
    // other misses in two statements (details, messages), so a page shown again costs one query.
    const text =
      plan === 'text'
        ? // CROSS JOIN keeps the order of work: the term's calls first, then each call by rowid.
          `SELECT c.id, c.rowid FROM (SELECT DISTINCT t.rowid / ${TEXT_PARTS} AS crow FROM message_text t WHERE t.message_text MATCH ?) m
           CROSS JOIN calls c ON c.rowid = m.crow
           WHERE ${where.join(' AND ')} ${order} LIMIT ?`
        : `SELECT c.id, c.rowid FROM calls c${plan === 'customer' ? ' INDEXED BY calls_by_customer' : ''} WHERE ${where.join(' AND ')} ${order} LIMIT ?`;
    return this.pageOf(q.accountId, this.sql(text).raw(true).all(...params) as PageRow[]);
  }

  /**
   * The calls (id, rowid) newest first from the cursor on that meet `where` and whose documents hold
   * every phrase, up to `limit`. Candidates come a chunk at a time; a chunk is checked with one
   * full-text query per phrase over its range of rowids when its calls are stored close together
   * (calls are mostly stored in the order they are created), else with one probe per call and
   * phrase. One range query seeks once in each segment of the index where a probe per call did
   * so for every candidate: with the small segments that appends leave behind, a page of a
   * common word cost 16 ms that way.
   */
  private scanForTerms(where: string[], params: unknown[], phrases: string[], after: CallListQuery['after'], limit: number): PageRow[] {
    const found: PageRow[] = [];
    let cursor = after;
    let chunk = FIRST_CANDIDATE_CHUNK;
    for (;;) {
      const bounded = cursor === undefined ? where : [...where, '(c.created_at, c.id) < (?, ?)'];
      const args = cursor === undefined ? params : [...params, cursor.createdAt, cursor.id];
      const rows = this.sql(`SELECT c.id AS id, c.rowid AS r, c.created_at AS t FROM calls c WHERE ${bounded.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ?`)
        .all(...args, chunk) as { id: string; r: number; t: string }[];
      let low = Infinity;
      let high = -Infinity;
      for (const row of rows) {
        if (row.r < low) low = row.r;
        if (row.r > high) high = row.r;
      }
      let holdsAll: (rowid: number) => boolean;
      if (rows.length > 0 && high - low < rows.length * this.rangeSpread) {
        const range = this.sql(`SELECT DISTINCT rowid / ${TEXT_PARTS} FROM message_text WHERE message_text MATCH ? AND ${TEXT_OF_CALLS}`).pluck();
        const matching = phrases.map((phrase) => new Set(range.all(phrase, low, high) as number[]));
        holdsAll = (rowid) => matching.every((set) => set.has(rowid));
      } else {
        const probe = this.sql(`SELECT 1 FROM message_text WHERE message_text MATCH ? AND ${TEXT_OF_CALLS}`).pluck();
        holdsAll = (rowid) => phrases.every((phrase) => probe.get(phrase, rowid, rowid) !== undefined);
      }
      for (const row of rows) {
        if (!holdsAll(row.r)) continue;
        found.push([row.id, row.r]);
        if (found.length === limit) return found;
      }
      if (rows.length < chunk) return found;
      const last = rows[rows.length - 1]!;
      cursor = { createdAt: last.t, id: last.id };
      chunk = Math.min(chunk * 2, MAX_CANDIDATE_CHUNK);
    }
  }

  /** The calls of a page, in order: from the cache, the misses read in two statements. */
  private pageOf(accountId: string, rows: PageRow[]): CallDetails[] {
    if (rows.length === 0) return [];
    const cache = this.validCallCache();
    const page: (CallDetails | undefined)[] = rows.map(([id]) => cache.get(`${accountId}/${id}`));
    const missing = rows.filter((_row, i) => page[i] === undefined).map(([, rowid]) => rowid);
    if (missing.length > 0) {
      const read = this.readCalls(accountId, missing);
      rows.forEach(([id], i) => {
        if (page[i] !== undefined) return;
        const details = read.get(id)!;
        page[i] = details;
        this.rememberListed(cache, `${accountId}/${id}`, details);
      });
    }
    return page as CallDetails[];
  }

  /**
   * Several calls of one account by rowid (the list query found them in the account, and their
   * rowids save a search of the (account_id, id) index per call), with their messages, in two
   * statements, keyed by id. `+c.account_id` keeps SQLite from choosing that index anyway.
   */
  private readCalls(accountId: string, rowids: number[]): Map<string, CallDetails> {
    const rows = this.sql(`${DETAIL_SELECT} WHERE c.rowid IN (SELECT value FROM json_each(?)) AND +c.account_id = ?`).all(JSON.stringify(rowids), accountId) as DetailRow[];
    const withMessages = rows.filter((r) => r.messageCount > 0).map((r) => r.id);
    const byCall = new Map<string, MessageRecord[]>();
    if (withMessages.length > 0) {
      // Rows as arrays, made into records here: a page holds ~400 messages, and better-sqlite3's
      // row objects (then copied without call_id) cost twice as much as building them once.
      const msgs = this.sql(
        `SELECT call_id, sid, timestamp, sender, content, media_url, status FROM messages
         WHERE account_id = ? AND call_id IN (SELECT value FROM json_each(?)) ORDER BY call_id, seq`,
      ).raw(true).all(accountId, JSON.stringify(withMessages)) as MessageRow[];
      let callId = '';
      let list: MessageRecord[] = [];
      for (const m of msgs) {
        if (m[0] !== callId) byCall.set((callId = m[0]), (list = []));
        list.push({ sid: m[1], timestamp: m[2], sender: m[3], content: m[4], mediaUrl: m[5], status: m[6] });
      }
    }
    return new Map(rows.map((r) => [r.id, detailsFromRow(r, inTimeOrder(byCall.get(r.id) ?? []))]));
  }

  // ---- messages ----

  /**
   * Appends are group-committed: those arriving in the same turn of the event loop (concurrent
   * requests) are written in one transaction, each under its own savepoint, and every caller is
   * answered only after that transaction has committed. One commit serves the whole group, which is
   * what makes thousands of appends a second possible.
   */
  appendMessage(
    accountId: string,
    callId: string,
    message: MessageRecord,
    options: { maxMessages: number; updatedAt: string },
  ): Promise<AppendMessageResult> {
    return new Promise((resolve, reject) => {
      this.pendingAppends.push({ accountId, callId, message, options, resolve, reject });
      if (this.pendingAppends.length === 1) setImmediate(() => this.flushAppends());
    });
  }

  private flushAppends(): void {
    const group = this.pendingAppends.splice(0, MAX_APPEND_GROUP);
    if (this.pendingAppends.length > 0) setImmediate(() => this.flushAppends());
    this.writingCalls(
      group.map((a) => `${a.accountId}/${a.callId}`),
      () => this.commitAppends(group),
    );
  }

  private commitAppends(group: PendingAppend[]): void {
    let results: AppendMessageResult[];
    try {
      // No savepoint per append (they cost ~15 % of an append): each append's checks run before
      // its writes, so a write can only fail on something unexpected, and then the group is
      // replayed one transaction per append below, so that only the failing append is refused.
      results = this.db.transaction(() => group.map((a) => this.appendOne(a.accountId, a.callId, a.message, a.options))).immediate();
    } catch (error) {
      // A store that cannot write (locked, read-only, disk full) fails every append alike; retrying
      // each would wait out the busy timeout once per append.
      if (isStoreUnavailable(error)) {
        for (const a of group) a.reject(error);
        return;
      }
      for (const a of group) {
        try {
          a.resolve(this.db.transaction(() => this.appendOne(a.accountId, a.callId, a.message, a.options)).immediate());
        } catch (each) {
          a.reject(each);
        }
      }
      return;
    }
    group.forEach((a, i) => a.resolve(results[i]!));
  }

  /** One append, inside the group's transaction. */
  private appendOne(accountId: string, callId: string, message: MessageRecord, options: { maxMessages: number; updatedAt: string }): AppendMessageResult {
    const call = this.sql('SELECT rowid AS r, message_count AS n FROM calls WHERE account_id = ? AND id = ?').get(accountId, callId) as { r: number; n: number } | undefined;
    if (!call) return { kind: 'call-missing' };
    const existing = this.sql(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account_id = ? AND call_id = ? AND sid = ?`).get(accountId, callId, message.sid) as MessageRecord | undefined;
    if (existing) return { kind: 'sid-exists', message: existing };
    if (call.n >= options.maxMessages) return { kind: 'limit-reached' };
    this.insertMessage({ ...message, accountId, callId, seq: call.n + 1 });
    this.sql('UPDATE calls SET message_count = ?, updated_at = ? WHERE account_id = ? AND id = ?').run(call.n + 1, options.updatedAt, accountId, callId);
    this.indexText(call.r, call.n + 1, message.content);
    return { kind: 'appended', message };
  }

  async updateMessageStatus(
    accountId: string,
    callId: string,
    sid: string,
    status: MessageStatus,
    canMove: (from: MessageStatus, to: MessageStatus) => boolean,
    updatedAt: string,
  ): Promise<MessageStatusResult> {
    return this.writingCalls([`${accountId}/${callId}`], () => this.db.transaction((): MessageStatusResult => {
      const current = this.sql(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account_id = ? AND call_id = ? AND sid = ?`).get(accountId, callId, sid) as MessageRecord | undefined;
      if (!current) return { kind: 'missing' };
      if (!canMove(current.status, status)) return { kind: 'ok', message: current, changed: false };
      this.sql('UPDATE messages SET status = ? WHERE account_id = ? AND call_id = ? AND sid = ?').run(status, accountId, callId, sid);
      this.sql('UPDATE calls SET updated_at = ? WHERE account_id = ? AND id = ?').run(updatedAt, accountId, callId);
      return { kind: 'ok', message: { ...current, status }, changed: true };
    }).immediate());
  }

  // ---- provider integrations (Twilio) ----

  async getTwilioSettings(accountId: string): Promise<TwilioSettingsRecord | undefined> {
    return this.sql(`${TWILIO_SELECT} WHERE account_id = ?`).get(accountId) as TwilioSettingsRecord | undefined;
  }

  async findTwilioSettingsByAccountSid(twilioAccountSid: string): Promise<TwilioSettingsRecord | undefined> {
    return this.sql(`${TWILIO_SELECT} WHERE twilio_account_sid = ?`).get(twilioAccountSid) as TwilioSettingsRecord | undefined;
  }

  async saveTwilioSettings(t: TwilioSettingsRecord): Promise<'saved' | 'account-sid-taken'> {
    return this.db.transaction((): 'saved' | 'account-sid-taken' => {
      const holder = this.sql('SELECT account_id AS accountId FROM twilio_settings WHERE twilio_account_sid = ?').get(t.twilioAccountSid) as { accountId: string } | undefined;
      if (holder && holder.accountId !== t.accountId) return 'account-sid-taken';
      this.sql(
        `INSERT INTO twilio_settings (account_id, twilio_account_sid, auth_token_sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET twilio_account_sid = excluded.twilio_account_sid,
           auth_token_sealed = excluded.auth_token_sealed, updated_at = excluded.updated_at`,
      ).run(t.accountId, t.twilioAccountSid, t.authTokenSealed, t.createdAt, t.updatedAt);
      return 'saved';
    }).immediate();
  }

  async deleteTwilioSettings(accountId: string): Promise<boolean> {
    return this.sql('DELETE FROM twilio_settings WHERE account_id = ?').run(accountId).changes > 0;
  }

  async findAgentByPhone(accountId: string, phone: string): Promise<AgentRecord | undefined> {
    const row = this.sql(`${AGENT_SELECT} WHERE account_id = ? AND phone = ? ORDER BY created_at, id LIMIT 1`).get(accountId, phone) as Row | undefined;
    return row && agentFromRow(row);
  }

  async findCallIdByProviderSid(accountId: string, providerCallSid: string): Promise<string | undefined> {
    const row = this.sql('SELECT id FROM calls WHERE account_id = ? AND provider_call_sid = ?').get(accountId, providerCallSid) as { id: string } | undefined;
    return row?.id;
  }

  async createCallIfAbsent(call: CallRecord, customer: CustomerResolution): Promise<{ callId: string; created: boolean }> {
    if (call.providerCallSid === null) throw new Error('createCallIfAbsent needs a providerCallSid');
    const sid = call.providerCallSid;
    return this.db.transaction(() => {
      const existing = this.sql('SELECT id FROM calls WHERE account_id = ? AND provider_call_sid = ?').get(call.accountId, sid) as { id: string } | undefined;
      if (existing) return { callId: existing.id, created: false };
      const customerId = this.findCustomerId(call.accountId, customer.matchPhone, customer.matchEmail);
      if (customerId === undefined) this.insertCustomer(customer.create);
      this.insertCall({ ...call, customerId: customerId ?? customer.create.id });
      return { callId: call.id, created: true };
    }).immediate();
  }

  async appendToOpenThread(
    newCall: CallRecord,
    customer: CustomerResolution,
    message: MessageRecord,
    options: { maxMessages: number; updatedAt: string },
  ): Promise<ThreadAppendResult> {
    const accountId = newCall.accountId;
    return this.db.transaction((): ThreadAppendResult => {
      const seen = this.sql('SELECT call_id AS callId FROM messages WHERE account_id = ? AND sid = ? LIMIT 1').get(accountId, message.sid) as { callId: string } | undefined;
      if (seen) return { kind: 'duplicate', callId: seen.callId };
      let customerId = this.findCustomerId(accountId, customer.matchPhone, customer.matchEmail);
      let thread: { id: string; r: number; n: number } | undefined;
      if (customerId !== undefined) thread = this.findOpenThread(accountId, customerId, newCall.channel);
      else {
        this.insertCustomer(customer.create);
        customerId = customer.create.id;
      }
      let createdCall = false;
      if (!thread) {
        thread = { id: newCall.id, r: this.insertCall({ ...newCall, customerId }), n: 0 };
        createdCall = true;
      }
      if (thread.n >= options.maxMessages) return { kind: 'limit-reached', callId: thread.id };
      this.insertMessage({ ...message, accountId, callId: thread.id, seq: thread.n + 1 });
      this.sql('UPDATE calls SET message_count = ?, updated_at = ? WHERE account_id = ? AND id = ?').run(thread.n + 1, options.updatedAt, accountId, thread.id);
      this.indexText(thread.r, thread.n + 1, message.content);
      return { kind: 'appended', callId: thread.id, createdCall };
    }).immediate();
  }

  /** The newest non-terminal call of the customer on the channel. */
  private findOpenThread(accountId: string, customerId: string, channel: Channel): { id: string; r: number; n: number } | undefined {
    return this.sql(
      `SELECT id, rowid AS r, message_count AS n FROM calls
       WHERE account_id = ? AND customer_id = ? AND channel = ? AND status NOT IN (SELECT value FROM json_each(?))
       ORDER BY created_at DESC, id DESC LIMIT 1`,
    ).get(accountId, customerId, channel, TERMINAL_JSON) as { id: string; r: number; n: number } | undefined;
  }

  async findMessageBySid(accountId: string, sid: string): Promise<{ callId: string; message: MessageRecord } | undefined> {
    const row = this.sql(`SELECT call_id AS callId, ${MESSAGE_COLUMNS} FROM messages WHERE account_id = ? AND sid = ? ORDER BY call_id LIMIT 1`).get(accountId, sid) as
      | (MessageRecord & { callId: string })
      | undefined;
    if (!row) return undefined;
    const { callId, ...message } = row;
    return { callId, message };
  }

  // ---- data protection ----

  async deleteCall(accountId: string, id: string): Promise<boolean> {
    return this.db.transaction((): boolean => {
      const erased = this.eraseCall(accountId, id);
      if (erased) {
        this.sql(`DELETE FROM idempotency_keys WHERE account_id = ? AND json_extract(response_body, '$.id') = ?`).run(accountId, id);
      }
      return erased;
    }).immediate();
  }

  /** Removes the call, its messages and its full-text document (inside the caller's transaction). */
  private eraseCall(accountId: string, id: string): boolean {
    const row = this.sql('SELECT rowid AS rid FROM calls WHERE account_id = ? AND id = ?').get(accountId, id) as { rid: number } | undefined;
    if (!row) return false;
    this.sql('DELETE FROM messages WHERE account_id = ? AND call_id = ?').run(accountId, id);
    this.unindexCall(row.rid);
    this.sql('DELETE FROM calls WHERE account_id = ? AND id = ?').run(accountId, id);
    return true;
  }

  async redactCall(accountId: string, id: string, updatedAt: string): Promise<CallDetails | undefined> {
    return this.db.transaction((): CallDetails | undefined => {
      const row = this.sql('SELECT rowid AS rid FROM calls WHERE account_id = ? AND id = ?').get(accountId, id) as { rid: number } | undefined;
      if (!row) return undefined;
      this.sql(`UPDATE calls SET transcription = '', recording_url = '', updated_at = ? WHERE account_id = ? AND id = ?`).run(updatedAt, accountId, id);
      this.sql(`UPDATE messages SET content = '', media_url = '' WHERE account_id = ? AND call_id = ?`).run(accountId, id);
      this.unindexCall(row.rid);
      return this.readCall(accountId, id);
    }).immediate();
  }

  async setRetentionDays(accountId: string, days: number | null): Promise<boolean> {
    return this.sql('UPDATE accounts SET retention_days = ? WHERE id = ?').run(days, accountId).changes > 0;
  }

  async getRetentionDays(accountId: string): Promise<number | null | undefined> {
    const row = this.sql('SELECT retention_days AS days FROM accounts WHERE id = ?').get(accountId) as { days: number | null } | undefined;
    return row === undefined ? undefined : row.days;
  }

  async listRetentionPolicies(): Promise<RetentionPolicy[]> {
    return this.sql(
      'SELECT id AS accountId, retention_days AS retentionDays FROM accounts WHERE retention_days IS NOT NULL ORDER BY id',
    ).all() as RetentionPolicy[];
  }

  async compactErased(): Promise<void> {
    this.sql(`INSERT INTO message_text (message_text) VALUES ('optimize')`).run();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async purgeCallsCreatedBefore(accountId: string, before: string, limit: number): Promise<number> {
    return this.db.transaction((): number => {
      const ids = this.sql('SELECT id FROM calls WHERE account_id = ? AND created_at < ? ORDER BY created_at, id LIMIT ?').all(accountId, before, limit) as { id: string }[];
      for (const { id } of ids) this.eraseCall(accountId, id);
      this.sql('DELETE FROM idempotency_keys WHERE account_id = ? AND created_at < ?').run(accountId, before);
      return ids.length;
    }).immediate();
  }
}

const TERMINAL_JSON = JSON.stringify([...TERMINAL_CALL_STATUSES]);
const TWILIO_SELECT = `SELECT account_id AS accountId, twilio_account_sid AS twilioAccountSid, auth_token_sealed AS authTokenSealed,
  created_at AS createdAt, updated_at AS updatedAt FROM twilio_settings`;
const AGENT_SELECT = `SELECT account_id AS accountId, id, name, lastname, email, phone, agent_type AS agentType, language,
  settings, created_at AS createdAt, updated_at AS updatedAt FROM agents`;
const SKILL_SELECT = `SELECT account_id AS accountId, id, name, description, language, active,
  created_at AS createdAt, updated_at AS updatedAt FROM skills`;
const CUSTOMER_SELECT = `SELECT account_id AS accountId, id, name, first_name AS firstName, last_name AS lastName, phone, email,
  language, custom_fields AS customFields, created_at AS createdAt, updated_at AS updatedAt FROM customers`;

/** How each table is read for export: its columns as records, its key columns, its key of a row. */
const SQLITE_EXPORT: Record<ExportTable, { select: string; key: string[]; keyOf: (row: Row) => unknown[]; map: (row: Row) => unknown }> = {
  accounts: { select: 'SELECT id, name, created_at AS createdAt FROM accounts', key: ['id'], keyOf: (r) => [r.id], map: (r) => r },
  apiKeys: {
    select: `SELECT id, account_id AS accountId, secret_hash AS secretHash, created_at AS createdAt, revoked_at AS revokedAt FROM api_keys`,
    key: ['account_id', 'id'],
    keyOf: (r) => [r.accountId, r.id],
    map: (r) => r,
  },
  agents: { select: AGENT_SELECT, key: ['account_id', 'id'], keyOf: (r) => [r.accountId, r.id], map: agentFromRow },
  skills: { select: SKILL_SELECT, key: ['account_id', 'id'], keyOf: (r) => [r.accountId, r.id], map: skillFromRow },
  customers: { select: CUSTOMER_SELECT, key: ['account_id', 'id'], keyOf: (r) => [r.accountId, r.id], map: customerFromRow },
  calls: { select: `SELECT ${CALL_COLUMNS} FROM calls c`, key: ['account_id', 'id'], keyOf: (r) => [r.accountId, r.id], map: (r) => r },
  messages: {
    select: `SELECT account_id AS accountId, call_id AS callId, seq, ${MESSAGE_COLUMNS} FROM messages`,
    key: ['account_id', 'call_id', 'seq'],
    keyOf: (r) => [r.accountId, r.callId, r.seq],
    map: (r) => r,
  },
};

function agentFromRow(row: Row): AgentRecord {
  return { ...(row as unknown as AgentRecord), settings: JSON.parse(row.settings as string) };
}

function skillFromRow(row: Row): SkillRecord {
  return { ...(row as unknown as SkillRecord), active: row.active === 1 };
}

function customerFromRow(row: Row): CustomerRecord {
  return { ...(row as unknown as CustomerRecord), customFields: JSON.parse(row.customFields as string) };
}

/**
 * Messages read in arrival (seq) order, put in the order the API promises: by timestamp, then
 * seq. They almost always arrive in time order, so this is usually a check, not a sort (the
 * sort is stable, so equal timestamps keep seq order).
 */
function inTimeOrder(messages: MessageRecord[]): MessageRecord[] {
  for (let i = 1; i < messages.length; i++) {
    if (messages[i]!.timestamp < messages[i - 1]!.timestamp) return messages.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  }
  return messages;
}

/** Field by field (no object rest/spread: this runs for every call read and those are slow). */
function detailsFromRow(r: DetailRow, messages: MessageRecord[]): CallDetails {
  return {
    accountId: r.accountId,
    id: r.id,
    status: r.status,
    channel: r.channel,
    direction: r.direction,
    agentId: r.agentId,
    skillId: r.skillId,
    customerId: r.customerId,
    agentPhoneOverride: r.agentPhoneOverride,
    agentEmailOverride: r.agentEmailOverride,
    note: r.note,
    transcription: r.transcription,
    recordingUrl: r.recordingUrl,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    startedAt: r.startedAt,
    answeredAt: r.answeredAt,
    endedAt: r.endedAt,
    durationSeconds: r.durationSeconds,
    providerCallSid: r.providerCallSid,
    messageCount: r.messageCount,
    agentPhone: r.agentPhone ?? '',
    agentEmail: r.agentEmail ?? '',
    customerPhone: r.customerPhone ?? '',
    customerEmail: r.customerEmail ?? '',
    customerName: customerDisplayName({ name: r.cuName ?? '', firstName: r.cuFirstName ?? '', lastName: r.cuLastName ?? '' }),
    messages,
  };
}
