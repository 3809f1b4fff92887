/**
 * Bulk transfer on PostgreSQL: each table's rows of a batch as column arrays unnested into one
 * INSERT (one round trip per table per batch); export reads them back through the shared statements.
 */
import type { BulkRows, BulkTransfer, ExportTable, TableRows } from '../../domain/ports/index.js';
import { exportTable } from '../shared/export.js';
import { INSERT_API_KEY } from '../shared/statements.js';
import { apiKeyInsertValues } from '../shared/accounts.js';
import type { PgDatabase } from './database.js';
import { vectorLexemes } from './text-search.js';
import { CALLS_CHANNEL, EVERY_CALL, type PgCallChanges } from './call-changes.js';

/** Row objects → one array per column, for `unnest`. */
function columns<T>(items: readonly T[], getters: ((item: T) => unknown)[]): unknown[][] {
  return getters.map((get) => items.map(get));
}

export class PostgresBulkTransfer implements BulkTransfer {
  constructor(
    private readonly db: PgDatabase,
    private readonly changes: PgCallChanges,
  ) {}

  async insert(rows: BulkRows): Promise<void> {
    const db = this.db;
    // Rows of any table, ids already in use included: every process drops every call.
    await this.changes.writingBroadly(() =>
      db.transaction(async (tx) => {
        await tx.query('SELECT pg_notify($1, $2)', [CALLS_CHANNEL, EVERY_CALL]);
        const accounts = rows.accounts ?? [];
        if (accounts.length > 0) {
          await db.unprepared(tx, 'INSERT INTO accounts (id, name, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [
            accounts.map((a) => a.id),
            accounts.map((a) => a.name),
            accounts.map((a) => a.createdAt),
          ]);
        }
        for (const k of rows.apiKeys ?? []) await db.run(tx, INSERT_API_KEY, apiKeyInsertValues(k));
        const agents = rows.agents ?? [];
        if (agents.length > 0) {
          await db.unprepared(
            tx,
            `INSERT INTO agents (account_id, id, name, lastname, email, phone, agent_type, language, settings, created_at, updated_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
            columns(agents, [
              (a) => a.accountId,
              (a) => a.id,
              (a) => a.name,
              (a) => a.lastname,
              (a) => a.email,
              (a) => a.phone,
              (a) => a.agentType,
              (a) => a.language,
              (a) => JSON.stringify(a.settings),
              (a) => a.createdAt,
              (a) => a.updatedAt,
            ]),
          );
        }
        const skills = rows.skills ?? [];
        if (skills.length > 0) {
          await db.unprepared(
            tx,
            `INSERT INTO skills (account_id, id, name, description, language, active, created_at, updated_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[])`,
            columns(skills, [
              (s) => s.accountId,
              (s) => s.id,
              (s) => s.name,
              (s) => s.description,
              (s) => s.language,
              (s) => s.active,
              (s) => s.createdAt,
              (s) => s.updatedAt,
            ]),
          );
        }
        const customers = rows.customers ?? [];
        if (customers.length > 0) {
          await db.unprepared(
            tx,
            `INSERT INTO customers (account_id, id, name, first_name, last_name, phone, email, language, custom_fields, created_at, updated_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
            columns(customers, [
              (c) => c.accountId,
              (c) => c.id,
              (c) => c.name,
              (c) => c.firstName,
              (c) => c.lastName,
              (c) => c.phone,
              (c) => c.email,
              (c) => c.language,
              (c) => JSON.stringify(c.customFields),
              (c) => c.createdAt,
              (c) => c.updatedAt,
            ]),
          );
        }
        // Lexemes have no spaces (they are runs of letters and digits), so a space-joined list
        // travels as one text per row and is split back in SQL.
        const calls = rows.calls ?? [];
        if (calls.length > 0) {
          await db.unprepared(
            tx,
            `INSERT INTO calls (account_id, id, status, channel, direction, agent_id, skill_id, customer_id,
             agent_phone_override, agent_email_override, note, transcription, recording_url, created_at, updated_at,
             started_at, answered_at, ended_at, duration_seconds, provider_call_sid, message_count, search)
           SELECT a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, array_to_tsvector(string_to_array(v, ' '))
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
             $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[],
             $19::integer[], $20::text[], $21::integer[], $22::text[]) AS x(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v)`,
            columns(calls, [
              (c) => c.accountId,
              (c) => c.id,
              (c) => c.status,
              (c) => c.channel,
              (c) => c.direction,
              (c) => c.agentId,
              (c) => c.skillId,
              (c) => c.customerId,
              (c) => c.agentPhoneOverride,
              (c) => c.agentEmailOverride,
              (c) => c.note,
              (c) => c.transcription,
              (c) => c.recordingUrl,
              (c) => c.createdAt,
              (c) => c.updatedAt,
              (c) => c.startedAt,
              (c) => c.answeredAt,
              (c) => c.endedAt,
              (c) => c.durationSeconds,
              (c) => c.providerCallSid,
              (c) => c.messageCount,
              (c) => vectorLexemes(c.transcription).join(' '),
            ]),
          );
        }
        const messages = rows.messages ?? [];
        if (messages.length > 0) {
          await db.unprepared(
            tx,
            `INSERT INTO messages (account_id, call_id, seq, sid, timestamp, sender, content, media_url, status, search)
           SELECT a, b, c, d, e, f, g, h, i, array_to_tsvector(string_to_array(j, ' '))
           FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
             $10::text[]) AS x(a, b, c, d, e, f, g, h, i, j)`,
            columns(messages, [
              (m) => m.accountId,
              (m) => m.callId,
              (m) => m.seq,
              (m) => m.sid,
              (m) => m.timestamp,
              (m) => m.sender,
              (m) => m.content,
              (m) => m.mediaUrl,
              (m) => m.status,
              (m) => vectorLexemes(m.content).join(' '),
            ]),
          );
        }
      }),
    );
  }

  exportRows<T extends ExportTable>(table: T, batchSize: number): AsyncIterable<TableRows[T][]> {
    return exportTable(this.db.runner, table, batchSize);
  }

  /** Nothing to tune: PostgreSQL loads with its usual settings. */
  async loadStart(): Promise<void> {}

  /**
   * After a bulk load (seeding, import) the planner's statistics still describe the empty tables,
   * and it then plans joins over whole tables for a page of 50 (seconds instead of milliseconds):
   * refresh them now rather than waiting for autovacuum.
   */
  async loadEnd(): Promise<void> {
    await this.db.pool.query('ANALYZE');
  }
}
