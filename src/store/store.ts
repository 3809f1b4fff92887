/**
 * The storage interface the domain uses. One implementation per engine (`sqlite/`, `postgres/`);
 * no SQL lives outside this folder. Every tenant query takes the account id first.
 *
 * Methods that change a record under concurrency (`updateCall`, `appendMessage`,
 * `updateMessageStatus`) take a pure decision function from the domain: the store reads the
 * current row under a lock (a transaction on SQLite, `SELECT … FOR UPDATE` on PostgreSQL), asks
 * the domain what to change, and writes it — so ordering rules hold across processes without
 * read-modify-write races in JavaScript.
 */
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
} from '../domain/types.js';
import type { CallStatus, Channel, MessageStatus } from '../contract/vocabulary.js';
import type { MigrationProgress } from './migrations.js';

export interface Page {
  offset: number;
  limit: number;
}

export interface CallListQuery {
  accountId: string;
  statuses?: CallStatus[];
  channels?: Channel[];
  /** Inclusive lower bound on createdAt. */
  createdFrom?: string;
  /** Inclusive upper bound on createdAt. */
  createdTo?: string;
  agentId?: string;
  customerId?: string;
  /** Exact E.164 match on the customer's phone. */
  customerPhone?: string;
  /** Digits that must appear somewhere in the customer's phone (partial search). */
  customerPhoneDigits?: string;
  /** Full-text terms: every term must appear in the transcription or a message. */
  terms?: string[];
  /** Keyset position: only calls strictly after this (createdAt, id) in newest-first order. */
  after?: { createdAt: string; id: string };
  limit: number;
}

/** What `createCall` should do about the customer: reuse the first match, else create this one. */
export interface CustomerResolution {
  matchPhone: string;
  matchEmail: string;
  create: CustomerRecord;
}

export interface IdempotencyClaim {
  key: string;
  requestHash: string;
  /** Replays older than this ISO instant are treated as absent. */
  notBefore: string;
}

export type CreateCallResult =
  | { kind: 'created'; call: CallDetails }
  | { kind: 'replayed'; responseBody: string }
  | { kind: 'idempotency-mismatch' };

export type AppendMessageResult =
  | { kind: 'appended'; message: MessageRecord }
  | { kind: 'call-missing' }
  | { kind: 'sid-exists'; message: MessageRecord }
  | { kind: 'limit-reached' };

export type MessageStatusResult =
  | { kind: 'ok'; message: MessageRecord; changed: boolean }
  | { kind: 'missing' };

/** A message row as stored: the message plus where it belongs and its arrival order. */
export interface StoredMessage extends MessageRecord {
  accountId: string;
  callId: string;
  /** 1-based arrival order within the call; the call's messageCount is the highest seq. */
  seq: number;
}

/** Rows written as they are, in one transaction, by seeding and import (no per-row checks). */
export interface BulkRows {
  accounts?: Account[];
  apiKeys?: ApiKeyRecord[];
  agents?: AgentRecord[];
  skills?: SkillRecord[];
  customers?: CustomerRecord[];
  calls?: CallRecord[];
  messages?: StoredMessage[];
}

/** Outcome of `appendToOpenThread`. */
export type ThreadAppendResult =
  | { kind: 'appended'; callId: string; createdCall: boolean }
  /** A message with this sid is already in the account: nothing was written. */
  | { kind: 'duplicate'; callId: string }
  | { kind: 'limit-reached'; callId: string };
/** An account's retention period: its calls older than this many days are erased in the background. */
export interface RetentionPolicy {
  accountId: string;
  retentionDays: number;
}

/** The tables `exportRows` reads, in the order `bulkInsert` takes them back (export/import). */
export const EXPORT_TABLES = ['accounts', 'apiKeys', 'agents', 'skills', 'customers', 'calls', 'messages'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export type ExportRow<T extends ExportTable> = NonNullable<BulkRows[T]>[number];

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Applies pending schema migrations (idempotent); answers the versions it applied. `onStep` hears
   * of each migration before it starts and after it is committed (one can take minutes at scale).
   */
  migrate(onStep?: MigrationProgress): Promise<number[]>;
  /** Every schema migration version recorded as applied, ascending. */
  schemaVersions(): Promise<number[]>;
  /** Cheap liveness check of the connection. */
  ping(): Promise<void>;
  close(): Promise<void>;

  // Accounts and API keys (keys are looked up by id alone: the id says which account).
  createAccount(account: Account): Promise<void>;
  getAccount(id: string): Promise<Account | undefined>;
  createApiKey(key: ApiKeyRecord): Promise<void>;
  findApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(accountId: string): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; false when no such key (or already revoked). */
  revokeApiKey(id: string, at: string): Promise<boolean>;

  createAgent(agent: AgentRecord): Promise<void>;
  getAgent(accountId: string, id: string): Promise<AgentRecord | undefined>;
  updateAgent(agent: AgentRecord): Promise<void>;
  listAgents(accountId: string, page: Page): Promise<AgentRecord[]>;

  createSkill(skill: SkillRecord): Promise<void>;
  getSkill(accountId: string, id: string): Promise<SkillRecord | undefined>;
  updateSkill(skill: SkillRecord): Promise<void>;
  listSkills(accountId: string, page: Page): Promise<SkillRecord[]>;

  createCustomer(customer: CustomerRecord): Promise<void>;
  getCustomer(accountId: string, id: string): Promise<CustomerRecord | undefined>;
  updateCustomer(customer: CustomerRecord): Promise<void>;
  listCustomers(accountId: string, page: Page, filter?: { phone?: string; email?: string }): Promise<CustomerRecord[]>;

  /**
   * Creates the call (and its customer when none matches) in one transaction. With an
   * idempotency claim, a key seen before replays the stored answer (same body hash) or reports a
   * mismatch, and a new key stores `renderResponse(call)` as the answer to replay.
   */
  createCall(
    call: CallRecord,
    customer: CustomerResolution,
    idempotency: IdempotencyClaim | undefined,
    renderResponse: (call: CallDetails) => string,
  ): Promise<CreateCallResult>;
  getCall(accountId: string, id: string): Promise<CallDetails | undefined>;
  /**
   * Reads the call under a lock, asks `decide` what to change (undefined: nothing), writes it.
   * Answers the call as it stands afterwards, or undefined when there is no such call.
   */
  updateCall(
    accountId: string,
    id: string,
    decide: (current: CallRecord) => CallChanges | undefined,
  ): Promise<CallDetails | undefined>;
  listCalls(query: CallListQuery): Promise<CallDetails[]>;

  /** Appends a message unless the call is missing, the sid is taken or the call is full. */
  appendMessage(
    accountId: string,
    callId: string,
    message: MessageRecord,
    options: { maxMessages: number; updatedAt: string },
  ): Promise<AppendMessageResult>;
  /**
   * Writes rows as given in one transaction (seeding, import). Calls must come with (or after)
   * their messages' batch so the full-text index covers both; callers keep batches to a few
   * thousand rows.
   */
  bulkInsert(rows: BulkRows): Promise<void>;
  /**
   * Every row of a table in primary-key order, `batchSize` rows at a time, read page by page by
   * key (export). Rows come exactly as `bulkInsert` takes them.
   */
  exportRows<T extends ExportTable>(table: T, batchSize: number): AsyncIterable<ExportRow<T>[]>;
  /**
   * Optional: tune the engine for a long series of `bulkInsert` calls (bigger cache, relaxed
   * syncing while loading) and undo it afterwards (`bulkLoadEnd` also compacts indexes and makes
   * everything durable). Seeding calls both; a store without them loads with its usual settings.
   */
  bulkLoadStart?(): Promise<void>;
  bulkLoadEnd?(): Promise<void>;

  /** Moves a message's status when `canMove(current, next)` allows it. */
  updateMessageStatus(
    accountId: string,
    callId: string,
    sid: string,
    status: MessageStatus,
    canMove: (from: MessageStatus, to: MessageStatus) => boolean,
    updatedAt: string,
  ): Promise<MessageStatusResult>;

  // ---- provider integrations (Twilio) ----

  getTwilioSettings(accountId: string): Promise<TwilioSettingsRecord | undefined>;
  /** The settings holding this Twilio Account SID, whichever account they belong to (webhooks name the account by it). */
  findTwilioSettingsByAccountSid(twilioAccountSid: string): Promise<TwilioSettingsRecord | undefined>;
  /** Inserts or replaces the account's settings; refuses a Twilio Account SID another account holds. */
  saveTwilioSettings(settings: TwilioSettingsRecord): Promise<'saved' | 'account-sid-taken'>;
  /** False when the account had none. */
  deleteTwilioSettings(accountId: string): Promise<boolean>;

  /** The account's oldest agent with this (E.164) phone number. */
  findAgentByPhone(accountId: string, phone: string): Promise<AgentRecord | undefined>;
  /** The id of the call carrying this provider call id (Twilio CallSid). */
  findCallIdByProviderSid(accountId: string, providerCallSid: string): Promise<string | undefined>;
  /**
   * Creates the call (with `call.providerCallSid` set) and, when none matches, its customer —
   * unless a call with that provider sid exists already, whose id is answered instead. Atomic:
   * two first sightings of one provider call at once make one call.
   */
  createCallIfAbsent(call: CallRecord, customer: CustomerResolution): Promise<{ callId: string; created: boolean }>;
  /**
   * Appends an inbound message to the customer's open thread on the call's channel (the newest
   * non-terminal call of that customer and channel), creating the customer and/or `newCall`
   * when there is none. Atomic, and a sid already present in the account writes nothing.
   */
  appendToOpenThread(
    newCall: CallRecord,
    customer: CustomerResolution,
    message: MessageRecord,
    options: { maxMessages: number; updatedAt: string },
  ): Promise<ThreadAppendResult>;
  /** A message by its sid anywhere in the account (provider sids are unique per account). */
  findMessageBySid(accountId: string, sid: string): Promise<{ callId: string; message: MessageRecord } | undefined>;
  // ---- data protection ----

  /**
   * Erases the call for good, in one transaction: its row, its messages, its full-text document
   * and the idempotency replays that answer with it. False when there is no such call.
   */
  deleteCall(accountId: string, id: string): Promise<boolean>;
  /**
   * Blanks the call's transcription and recording URL and every message's content and media URL,
   * drops its full-text document, sets updatedAt; the bare record (status, times, agent,
   * customer, message sids and statuses) stays. Answers the call afterwards, or undefined.
   */
  redactCall(accountId: string, id: string, updatedAt: string): Promise<CallDetails | undefined>;
  /** Sets (a number of days) or clears (null) the account's retention period; false when no such account. */
  setRetentionDays(accountId: string, days: number | null): Promise<boolean>;
  /** The account's retention period in days: null when it keeps calls forever, undefined when no such account. */
  getRetentionDays(accountId: string): Promise<number | null | undefined>;
  /** Every account that has a retention period. */
  listRetentionPolicies(): Promise<RetentionPolicy[]>;
  /**
   * Erases (as `deleteCall` does) up to `limit` of the account's calls created before `before`,
   * oldest first, in one transaction, with the account's idempotency replays older than `before`.
   * Answers how many calls went.
   */
  purgeCallsCreatedBefore(accountId: string, before: string, limit: number): Promise<number>;
  /**
   * Clears the traces erased data leaves inside the engine: on SQLite, terms of deleted documents
   * still sitting in full-text index segments and old page images in the WAL (merge the index,
   * checkpoint). Costs about a rewrite of the full-text index, so the background purge calls it
   * only after something was erased. PostgreSQL: nothing to do (autovacuum reclaims dead rows).
   */
  compactErased(): Promise<void>;
}
