import type { Migration } from '../migrations.js';

/**
 * PostgreSQL schema, column for column the SQLite one. Text columns compare bytewise
 * (COLLATE "C"), as SQLite's do, so ids, ISO timestamps and cursors sort identically on both
 * engines whatever the database's locale. `search` columns hold full-text lexemes (a call's
 * transcription on `calls`, each message's content on `messages`), GIN-indexed: a search term
 * must appear in the call's transcription or in one of its messages.
 */
export const POSTGRES_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE accounts (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  created_at text COLLATE "C" NOT NULL
);
CREATE TABLE api_keys (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  secret_hash bytea NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  revoked_at text COLLATE "C",
  PRIMARY KEY (account_id, id)
);
CREATE INDEX api_keys_by_id ON api_keys (id);
CREATE TABLE agents (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  lastname text NOT NULL,
  email text COLLATE "C" NOT NULL,
  phone text COLLATE "C" NOT NULL,
  agent_type text NOT NULL,
  language text NOT NULL,
  settings text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX agents_by_created ON agents (account_id, created_at, id);
CREATE INDEX agents_by_phone ON agents (account_id, phone);
CREATE TABLE skills (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  language text NOT NULL,
  active boolean NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX skills_by_created ON skills (account_id, created_at, id);
CREATE TABLE customers (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  phone text COLLATE "C" NOT NULL,
  email text COLLATE "C" NOT NULL,
  language text NOT NULL,
  custom_fields text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX customers_by_created ON customers (account_id, created_at, id);
CREATE INDEX customers_by_phone ON customers (account_id, phone);
CREATE INDEX customers_by_email ON customers (account_id, email);
CREATE TABLE calls (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  status text COLLATE "C" NOT NULL,
  channel text COLLATE "C" NOT NULL,
  direction text NOT NULL,
  agent_id text COLLATE "C" NOT NULL,
  skill_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  agent_phone_override text NOT NULL,
  agent_email_override text NOT NULL,
  note text NOT NULL,
  transcription text NOT NULL,
  recording_url text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  started_at text COLLATE "C",
  answered_at text COLLATE "C",
  ended_at text COLLATE "C",
  duration_seconds integer,
  provider_call_sid text COLLATE "C",
  message_count integer NOT NULL DEFAULT 0,
  search tsvector NOT NULL DEFAULT ''::tsvector,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX calls_by_created ON calls (account_id, created_at, id);
CREATE INDEX calls_by_status ON calls (account_id, status, created_at, id);
CREATE INDEX calls_by_channel ON calls (account_id, channel, created_at, id);
CREATE INDEX calls_by_agent ON calls (account_id, agent_id, created_at, id);
CREATE INDEX calls_by_customer ON calls (account_id, customer_id, created_at, id);
CREATE UNIQUE INDEX calls_by_provider_sid ON calls (account_id, provider_call_sid) WHERE provider_call_sid IS NOT NULL;
CREATE INDEX calls_search ON calls USING gin (search);
CREATE TABLE messages (
  account_id text COLLATE "C" NOT NULL,
  call_id text COLLATE "C" NOT NULL,
  seq integer NOT NULL,
  sid text COLLATE "C" NOT NULL,
  timestamp text COLLATE "C" NOT NULL,
  sender text NOT NULL,
  content text NOT NULL,
  media_url text NOT NULL,
  status text NOT NULL,
  search tsvector NOT NULL DEFAULT ''::tsvector,
  PRIMARY KEY (account_id, call_id, seq)
);
CREATE UNIQUE INDEX messages_by_sid ON messages (account_id, call_id, sid);
CREATE INDEX messages_by_account_sid ON messages (account_id, sid);
CREATE INDEX messages_search ON messages USING gin (search);
CREATE TABLE idempotency_keys (
  account_id text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  request_hash text NOT NULL,
  response_body text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, key)
);
`,
  },
  {
    version: 2,
    name: 'twilio settings',
    // One row per account; the Twilio Account SID is unique across accounts (webhooks find the
    // account by it).
    sql: `
CREATE TABLE twilio_settings (
  account_id text COLLATE "C" NOT NULL PRIMARY KEY,
  twilio_account_sid text COLLATE "C" NOT NULL,
  auth_token_sealed text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX twilio_settings_by_sid ON twilio_settings (twilio_account_sid);
`,
  },
  {
    version: 3,
    name: 'account retention period',
    sql: `
-- Days after which an account's calls are erased in the background; NULL keeps them forever.
ALTER TABLE accounts ADD COLUMN retention_days integer;
-- The purge drops an account's idempotency replays by age along with its old calls.
CREATE INDEX idempotency_keys_by_created ON idempotency_keys (account_id, created_at);
-- Open threads: a customer's newest calls on a channel.
CREATE INDEX calls_by_customer_channel ON calls (account_id, customer_id, channel, created_at, id);
`,
  },
  {
    version: 4,
    name: 'customer lookups by phone and email in creation order',
    // Create Call takes the first customer with a phone (then an email) in creation order: these
    // serve the WHERE and the ORDER BY of that lookup (as SQLite's migration 5).
    sql: `
CREATE INDEX customers_by_phone_created ON customers (account_id, phone, created_at, id);
CREATE INDEX customers_by_email_created ON customers (account_id, email, created_at, id);
DROP INDEX customers_by_phone;
DROP INDEX customers_by_email;
`,
  },
  {
    version: 5,
    name: 'one sid index for messages',
    // As SQLite's migration 6: one unique (account_id, sid, call_id) index serves the sid lookups
    // within a call and within the account, instead of two indexes written per append.
    sql: `
CREATE UNIQUE INDEX messages_by_sid_call ON messages (account_id, sid, call_id);
DROP INDEX messages_by_sid;
DROP INDEX messages_by_account_sid;
`,
  },
  {
    version: 6,
    name: 'pending erasure cleanup',
    // As SQLite's: an erasure records that the tables it erased from want a VACUUM; the next
    // purge pass in any process runs it and clears the rows (see compactErased).
    sql: `
CREATE TABLE erasure_cleanup (
  id bigserial PRIMARY KEY,
  erased_rows integer NOT NULL,
  urgent boolean NOT NULL
);
`,
  },
  {
    version: 7,
    name: 'event log',
    // As SQLite's "event log" migration. position comes from an identity sequence: writers take
    // the event lock before drawing it, so positions become visible in order (postgres/events.ts).
    sql: `
CREATE TABLE events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL,
  account_id text COLLATE "C" NOT NULL,
  call_id text COLLATE "C" NOT NULL,
  type text COLLATE "C" NOT NULL,
  sequence integer NOT NULL,
  occurred_at text COLLATE "C" NOT NULL,
  payload text NOT NULL
);
CREATE UNIQUE INDEX events_by_id ON events (account_id, id);
CREATE INDEX events_by_account ON events (account_id, position);
CREATE INDEX events_by_call ON events (account_id, call_id, position);
ALTER TABLE calls ADD COLUMN event_sequence integer NOT NULL DEFAULT 0;
`,
  },
  {
    version: 8,
    name: 'shared rate-limit windows',
    // The rate limits' counters, shared by every process (src/store/shared/window-counters.ts).
    // UNLOGGED: no WAL for a count that matters for a minute; a crash empties the table.
    sql: `
CREATE UNLOGGED TABLE rate_windows (
  key TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL,
  count BIGINT NOT NULL
);
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
  id text COLLATE "C" NOT NULL PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL,
  url text COLLATE "C" NOT NULL,
  events text COLLATE "C" NOT NULL,
  description text COLLATE "C" NOT NULL,
  enabled boolean NOT NULL,
  disabled_reason text COLLATE "C",
  disabled_at text COLLATE "C",
  failing_since text COLLATE "C",
  secret_sealed text COLLATE "C" NOT NULL,
  previous_secret_sealed text COLLATE "C",
  previous_secret_expires_at text COLLATE "C",
  fanout_position bigint NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);
CREATE INDEX webhook_endpoints_by_account ON webhook_endpoints (account_id, id);
CREATE TABLE webhook_deliveries (
  id text COLLATE "C" NOT NULL PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL,
  endpoint_id text COLLATE "C" NOT NULL,
  event_id text COLLATE "C" NOT NULL,
  event_type text COLLATE "C" NOT NULL,
  call_id text COLLATE "C" NOT NULL,
  sequence integer NOT NULL,
  event_position bigint NOT NULL,
  payload text,
  status text COLLATE "C" NOT NULL,
  attempts integer NOT NULL,
  next_attempt_at text COLLATE "C" NOT NULL,
  lease_owner text COLLATE "C",
  lease_until text COLLATE "C",
  last_status integer,
  last_error text,
  last_duration_ms integer,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (endpoint_id, event_id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_call_order ON webhook_deliveries (endpoint_id, call_id, event_position) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
`,
  },
  {
    version: 10,
    name: 'call change notifications',
    // Issue 16: the call cache's cross-process signal (src/store/postgres/call-changes.ts). Each
    // statement changing calls or messages queues a NOTIFY per call it changed ('accountId/callId',
    // deduplicated by PostgreSQL within the transaction, sent on commit only), or '*' past a hundred
    // calls; a change to agents or customers, or a TRUNCATE, queues '*'. New calls, agents and
    // customers are in no cache (their ids are new); the bulk load notifies '*' itself.
    sql: `
CREATE FUNCTION calls_api_calls_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM (SELECT 1 FROM changed_rows LIMIT 101) s) > 100 THEN
    PERFORM pg_notify('calls_api_calls', '*');
  ELSE
    PERFORM pg_notify('calls_api_calls', k) FROM (SELECT DISTINCT account_id || '/' || id AS k FROM changed_rows) d;
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION calls_api_messages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM (SELECT DISTINCT account_id, call_id FROM changed_rows LIMIT 101) s) > 100 THEN
    PERFORM pg_notify('calls_api_calls', '*');
  ELSE
    PERFORM pg_notify('calls_api_calls', k) FROM (SELECT DISTINCT account_id || '/' || call_id AS k FROM changed_rows) d;
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION calls_api_contacts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_rows) THEN
    PERFORM pg_notify('calls_api_calls', '*');
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION calls_api_every_call_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('calls_api_calls', '*');
  RETURN NULL;
END $$;
CREATE TRIGGER calls_updated AFTER UPDATE ON calls REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_api_calls_changed();
CREATE TRIGGER calls_deleted AFTER DELETE ON calls REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_api_calls_changed();
CREATE TRIGGER calls_truncated AFTER TRUNCATE ON calls FOR EACH STATEMENT EXECUTE FUNCTION calls_api_every_call_changed();
CREATE TRIGGER messages_inserted AFTER INSERT ON messages REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_api_messages_changed();
CREATE TRIGGER messages_updated AFTER UPDATE ON messages REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_api_messages_changed();
CREATE TRIGGER messages_deleted AFTER DELETE ON messages REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_api_messages_changed();
CREATE TRIGGER messages_truncated AFTER TRUNCATE ON messages FOR EACH STATEMENT EXECUTE FUNCTION calls_api_every_call_changed();
CREATE TRIGGER agents_updated AFTER UPDATE ON agents REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_api_contacts_changed();
CREATE TRIGGER agents_deleted AFTER DELETE ON agents REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_api_contacts_changed();
CREATE TRIGGER agents_truncated AFTER TRUNCATE ON agents FOR EACH STATEMENT EXECUTE FUNCTION calls_api_every_call_changed();
CREATE TRIGGER customers_updated AFTER UPDATE ON customers REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_api_contacts_changed();
CREATE TRIGGER customers_deleted AFTER DELETE ON customers REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION calls_api_contacts_changed();
CREATE TRIGGER customers_truncated AFTER TRUNCATE ON customers FOR EACH STATEMENT EXECUTE FUNCTION calls_api_every_call_changed();
`,
  },
];
