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
} from '../domain/types.js';
import type { CallStatus, Channel, MessageStatus } from '../domain/statuses.js';

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

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending schema migrations (idempotent). */
  migrate(): Promise<void>;
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
}
