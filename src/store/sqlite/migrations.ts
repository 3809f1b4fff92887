import type { Migration } from '../migrations.js';

/**
 * SQLite schema. Every tenant table leads its primary key with account_id (contract §7), ids are
 * UUIDs made by the service. Timestamps are canonical ISO-8601 text, which sorts as time.
 */
export const SQLITE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE api_keys (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  secret_hash BLOB NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX api_keys_by_id ON api_keys (id);
CREATE TABLE agents (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  lastname TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  agent_type TEXT NOT NULL,
  language TEXT NOT NULL,
  settings TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX agents_by_created ON agents (account_id, created_at, id);
CREATE INDEX agents_by_phone ON agents (account_id, phone);
CREATE TABLE skills (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  language TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX skills_by_created ON skills (account_id, created_at, id);
CREATE TABLE customers (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  language TEXT NOT NULL,
  custom_fields TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX customers_by_created ON customers (account_id, created_at, id);
CREATE INDEX customers_by_phone ON customers (account_id, phone);
CREATE INDEX customers_by_email ON customers (account_id, email);
CREATE TABLE calls (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  status TEXT NOT NULL,
  channel TEXT NOT NULL,
  direction TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  skill_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  agent_phone_override TEXT NOT NULL,
  agent_email_override TEXT NOT NULL,
  note TEXT NOT NULL,
  transcription TEXT NOT NULL,
  recording_url TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  started_at TEXT,
  answered_at TEXT,
  ended_at TEXT,
  duration_seconds INTEGER,
  provider_call_sid TEXT,
  message_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX calls_by_created ON calls (account_id, created_at, id);
CREATE INDEX calls_by_status ON calls (account_id, status, created_at, id);
CREATE INDEX calls_by_channel ON calls (account_id, channel, created_at, id);
CREATE INDEX calls_by_agent ON calls (account_id, agent_id, created_at, id);
CREATE INDEX calls_by_customer ON calls (account_id, customer_id, created_at, id);
CREATE UNIQUE INDEX calls_by_provider_sid ON calls (account_id, provider_call_sid) WHERE provider_call_sid IS NOT NULL;
CREATE TABLE messages (
  account_id TEXT NOT NULL,
  call_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  sid TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  sender TEXT NOT NULL,
  content TEXT NOT NULL,
  media_url TEXT NOT NULL,
  status TEXT NOT NULL,
  PRIMARY KEY (account_id, call_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX messages_by_sid ON messages (account_id, call_id, sid);
CREATE INDEX messages_by_account_sid ON messages (account_id, sid);
-- One full-text document per call (rowid = calls.rowid): its transcription and message texts.
CREATE VIRTUAL TABLE call_text USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
CREATE TABLE idempotency_keys (
  account_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response_body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (account_id, key)
);
`,
  },
  {
    version: 2,
    name: 'twilio settings',
    // One row per account. The Twilio Account SID is unique across accounts (webhooks find the
    // account by it), a global lookup like api_keys_by_id.
    sql: `
CREATE TABLE twilio_settings (
  account_id TEXT NOT NULL PRIMARY KEY,
  twilio_account_sid TEXT NOT NULL,
  auth_token_sealed TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX twilio_settings_by_sid ON twilio_settings (twilio_account_sid);
`,
  },
  {
    version: 3,
    name: 'account retention period',
    sql: `
-- Days after which an account's calls are erased in the background; NULL keeps them forever.
ALTER TABLE accounts ADD COLUMN retention_days INTEGER;
-- The purge drops an account's idempotency replays by age along with its old calls.
CREATE INDEX idempotency_keys_by_created ON idempotency_keys (account_id, created_at);
-- Deleting a call's full-text document removes its postings from the index at once rather than
-- leaving tombstones (FTS5 secure-delete); compactErased() merges away what remains.
INSERT INTO call_text (call_text, rank) VALUES ('secure-delete', 1);
`,
  },
  {
    version: 4,
    name: 'full-text index per message',
    // One document per message (and one for an explicit transcription) instead of one per call:
    // an append then adds a document instead of rewriting its call's. The rowid says which call
    // and which message: calls.rowid * 2^24 + seq (seq 0 is the transcription). A search matches
    // a call when each term is in one of its documents, as before.
    sql: `
CREATE VIRTUAL TABLE message_text USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
INSERT INTO message_text (rowid, body)
  SELECT c.rowid * 16777216, c.transcription FROM calls c WHERE c.transcription <> '';
INSERT INTO message_text (rowid, body)
  SELECT c.rowid * 16777216 + m.seq, m.content
  FROM messages m JOIN calls c ON c.account_id = m.account_id AND c.id = m.call_id
  WHERE m.content <> '';
INSERT INTO message_text (message_text) VALUES ('optimize');
DROP TABLE call_text;
-- As call_text had (migration 3): deleting a document removes its postings at once.
INSERT INTO message_text (message_text, rank) VALUES ('secure-delete', 1);
`,
  },
  {
    version: 5,
    name: 'customer lookups by phone and email in creation order',
    // Create Call takes the first customer with a phone (then an email) in creation order. With
    // (account_id, phone) alone SQLite walked every customer of the account in creation order
    // to avoid a sort: ~1 s per create at 250 000 customers. These serve WHERE and ORDER BY.
    sql: `
CREATE INDEX customers_by_phone_created ON customers (account_id, phone, created_at, id);
CREATE INDEX customers_by_email_created ON customers (account_id, email, created_at, id);
DROP INDEX customers_by_phone;
DROP INDEX customers_by_email;
`,
  },
  {
    version: 6,
    name: 'one sid index for messages',
    // messages_by_sid (account_id, call_id, sid) kept a sid unique within its call and
    // messages_by_account_sid (account_id, sid) found a provider's sid in the account: two index
    // entries written per append. One unique index in this order does both (the call lookup is
    // its full key, the account lookup its prefix) with the same uniqueness.
    sql: `
CREATE UNIQUE INDEX messages_by_sid_call ON messages (account_id, sid, call_id);
DROP INDEX messages_by_sid;
DROP INDEX messages_by_account_sid;
`,
  },
  {
    version: 7,
    name: 'pending erasure cleanup',
    // An erasure records here, in its own transaction, that the traces it left inside the engine
    // (full-text segments, old page images in the WAL) still need clearing; whichever process
    // runs the next purge pass clears them and the row, so a crash in between loses nothing.
    sql: `
CREATE TABLE erasure_cleanup (
  id INTEGER PRIMARY KEY,
  erased_rows INTEGER NOT NULL,
  urgent INTEGER NOT NULL
);
`,
  },
  {
    version: 8,
    name: 'event log',
    // The durable event log (issue 14): one row per change, written in the change's transaction.
    // position is the feed's and the stream's order (AUTOINCREMENT: never reused, even after the
    // newest rows are purged); calls.event_sequence is the last sequence number a call's events
    // took. payload is the event JSON exactly as served and signed.
    sql: `
CREATE TABLE events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  call_id TEXT NOT NULL,
  type TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  occurred_at TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE UNIQUE INDEX events_by_id ON events (account_id, id);
CREATE INDEX events_by_account ON events (account_id, position);
CREATE INDEX events_by_call ON events (account_id, call_id, position);
ALTER TABLE calls ADD COLUMN event_sequence INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    version: 9,
    name: 'webhook endpoints and deliveries',
    // Issue 14. Deliveries are fanned out from the event log by the worker (fanout_position: how
    // far it has read for an endpoint); claimed under a lease (lease_owner/lease_until) so that a
    // crashed process's claims are taken again; one row per (endpoint, event) whatever races.
    sql: `
CREATE TABLE webhook_endpoints (
  id TEXT NOT NULL PRIMARY KEY,
  account_id TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  description TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  disabled_reason TEXT,
  disabled_at TEXT,
  failing_since TEXT,
  secret_sealed TEXT NOT NULL,
  previous_secret_sealed TEXT,
  previous_secret_expires_at TEXT,
  fanout_position INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_by_account ON webhook_endpoints (account_id, id);
CREATE TABLE webhook_deliveries (
  id TEXT NOT NULL PRIMARY KEY,
  account_id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  call_id TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  event_position INTEGER NOT NULL,
  payload TEXT,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  last_status INTEGER,
  last_error TEXT,
  last_duration_ms INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (endpoint_id, event_id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_call_order ON webhook_deliveries (endpoint_id, call_id, event_position) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
`,
  },
];
