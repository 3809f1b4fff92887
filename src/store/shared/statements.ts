/**
 * The SQL that is the same on both engines, written once: column lists (aliased to the record's
 * field names, which the mappers read), inserts, updates and simple selects. Engine-specific SQL
 * (full text, locking, bulk load) stays in sqlite/ and postgres/.
 */
import { sql, type SqlValue } from './sql.js';
import type { CallChanges, CallRecord } from '../../domain/types.js';
import type { StoredMessage } from '../../domain/ports/index.js';

export const ACCOUNT_COLUMNS = `id, name, created_at AS "createdAt"`;
export const KEY_COLUMNS = `id, account_id AS "accountId", secret_hash AS "secretHash", created_at AS "createdAt", revoked_at AS "revokedAt"`;
export const AGENT_COLUMNS = `account_id AS "accountId", id, name, lastname, email, phone, agent_type AS "agentType", language,
  settings, created_at AS "createdAt", updated_at AS "updatedAt"`;
export const SKILL_COLUMNS = `account_id AS "accountId", id, name, description, language, active,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
export const CUSTOMER_COLUMNS = `account_id AS "accountId", id, name, first_name AS "firstName", last_name AS "lastName", phone, email,
  language, custom_fields AS "customFields", created_at AS "createdAt", updated_at AS "updatedAt"`;
export const TWILIO_COLUMNS = `account_id AS "accountId", twilio_account_sid AS "twilioAccountSid", auth_token_sealed AS "authTokenSealed",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
/** A call's own columns, of `calls c`. */
export const CALL_COLUMNS = `
  c.account_id AS "accountId", c.id, c.status, c.channel, c.direction, c.agent_id AS "agentId",
  c.skill_id AS "skillId", c.customer_id AS "customerId", c.agent_phone_override AS "agentPhoneOverride",
  c.agent_email_override AS "agentEmailOverride", c.note, c.transcription, c.recording_url AS "recordingUrl",
  c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.started_at AS "startedAt",
  c.answered_at AS "answeredAt", c.ended_at AS "endedAt", c.duration_seconds AS "durationSeconds",
  c.provider_call_sid AS "providerCallSid", c.message_count AS "messageCount"`;
/** A call's columns with its agent's and customer's (callDetailsFrom reads them), then CALL_DETAIL_FROM. */
export const CALL_DETAIL_COLUMNS = `${CALL_COLUMNS},
  a.phone AS "agentPhone", a.email AS "agentEmail",
  cu.phone AS "customerPhone", cu.email AS "customerEmail", cu.name AS "cuName",
  cu.first_name AS "cuFirstName", cu.last_name AS "cuLastName"`;
export const CALL_DETAIL_FROM = `FROM calls c
LEFT JOIN agents a ON a.account_id = c.account_id AND a.id = c.agent_id
LEFT JOIN customers cu ON cu.account_id = c.account_id AND cu.id = c.customer_id`;
export const MESSAGE_COLUMNS = `sid, timestamp, sender, content, media_url AS "mediaUrl", status`;
export const STORED_MESSAGE_COLUMNS = `account_id AS "accountId", call_id AS "callId", seq, ${MESSAGE_COLUMNS}`;

/** The columns of a call row in insert order (PostgreSQL adds its search vector after them). */
export const CALL_INSERT_COLUMNS = `account_id, id, status, channel, direction, agent_id, skill_id, customer_id,
  agent_phone_override, agent_email_override, note, transcription, recording_url, created_at, updated_at,
  started_at, answered_at, ended_at, duration_seconds, provider_call_sid, message_count`;
export const MESSAGE_INSERT_COLUMNS = 'account_id, call_id, seq, sid, timestamp, sender, content, media_url, status';

/** A call's values in CALL_INSERT_COLUMNS order (each engine adds its full-text column after them). */
export function callInsertValues(c: CallRecord): SqlValue[] {
  return [
    c.accountId,
    c.id,
    c.status,
    c.channel,
    c.direction,
    c.agentId,
    c.skillId,
    c.customerId,
    c.agentPhoneOverride,
    c.agentEmailOverride,
    c.note,
    c.transcription,
    c.recordingUrl,
    c.createdAt,
    c.updatedAt,
    c.startedAt,
    c.answeredAt,
    c.endedAt,
    c.durationSeconds,
    c.providerCallSid,
    c.messageCount,
  ];
}

/** A message's values in MESSAGE_INSERT_COLUMNS order. */
export function messageInsertValues(m: StoredMessage): SqlValue[] {
  return [m.accountId, m.callId, m.seq, m.sid, m.timestamp, m.sender, m.content, m.mediaUrl, m.status];
}

export const INSERT_ACCOUNT = sql('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)');
export const INSERT_API_KEY = sql('INSERT INTO api_keys (account_id, id, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)');
export const INSERT_AGENT =
  sql(`INSERT INTO agents (account_id, id, name, lastname, email, phone, agent_type, language, settings, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
export const INSERT_SKILL = sql(`INSERT INTO skills (account_id, id, name, description, language, active, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
export const INSERT_CUSTOMER =
  sql(`INSERT INTO customers (account_id, id, name, first_name, last_name, phone, email, language, custom_fields, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

/** A customer's first match in creation order, by phone or by email (see domain/customer-match). */
export const FIRST_CUSTOMER_BY = {
  phone: sql('SELECT id FROM customers WHERE account_id = ? AND phone = ? ORDER BY created_at, id LIMIT 1'),
  email: sql('SELECT id FROM customers WHERE account_id = ? AND email = ? ORDER BY created_at, id LIMIT 1'),
} as const;

export const CALL_ID_BY_PROVIDER_SID = sql('SELECT id FROM calls WHERE account_id = ? AND provider_call_sid = ?');
export const MESSAGE_BY_SID_ON_CALL = sql(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account_id = ? AND call_id = ? AND sid = ?`);
export const MESSAGE_BY_SID_IN_ACCOUNT = sql(
  `SELECT call_id AS "callId", ${MESSAGE_COLUMNS} FROM messages WHERE account_id = ? AND sid = ? ORDER BY call_id LIMIT 1`,
);
export const CALL_OF_SID = sql('SELECT call_id AS "callId" FROM messages WHERE account_id = ? AND sid = ? LIMIT 1');
export const SET_MESSAGE_STATUS = sql('UPDATE messages SET status = ? WHERE account_id = ? AND call_id = ? AND sid = ?');
export const SET_MESSAGE_COUNT = sql('UPDATE calls SET message_count = ?, updated_at = ? WHERE account_id = ? AND id = ?');
export const TOUCH_CALL = sql('UPDATE calls SET updated_at = ? WHERE account_id = ? AND id = ?');
export const DELETE_CALL_MESSAGES = sql('DELETE FROM messages WHERE account_id = ? AND call_id = ?');
export const DELETE_CALL = sql('DELETE FROM calls WHERE account_id = ? AND id = ?');
export const PURGE_IDEMPOTENCY_BEFORE = sql('DELETE FROM idempotency_keys WHERE account_id = ? AND created_at < ?');
export const IDEMPOTENCY_UPSERT =
  sql(`INSERT INTO idempotency_keys (account_id, key, request_hash, response_body, created_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (account_id, key) DO UPDATE SET request_hash = excluded.request_hash,
    response_body = excluded.response_body, created_at = excluded.created_at`);

/**
 * The calls columns each CallChanges key writes: the only column names an update statement is
 * ever built from.
 */
export const CHANGE_COLUMNS: Readonly<Record<keyof CallChanges, string>> = {
  status: 'status',
  agentId: 'agent_id',
  note: 'note',
  transcription: 'transcription',
  recordingUrl: 'recording_url',
  startedAt: 'started_at',
  answeredAt: 'answered_at',
  endedAt: 'ended_at',
  durationSeconds: 'duration_seconds',
  providerCallSid: 'provider_call_sid',
  updatedAt: 'updated_at',
};

/** The changed columns of a call update in a fixed order (one statement text per set of keys) with their values. */
export function changedColumns(changes: CallChanges): { columns: string[]; values: (string | number | null)[] } {
  const keys = CHANGE_KEYS.filter((k) => k in changes);
  return { columns: keys.map((k) => CHANGE_COLUMNS[k]), values: keys.map((k) => changes[k] ?? null) };
}

const CHANGE_KEYS: readonly (keyof CallChanges)[] = [
  'agentId',
  'answeredAt',
  'durationSeconds',
  'endedAt',
  'note',
  'providerCallSid',
  'recordingUrl',
  'startedAt',
  'status',
  'transcription',
  'updatedAt',
];
