/**
 * Port: calls. A change under concurrency takes a pure decision function from the domain: the
 * engine reads the current row under its lock (a transaction on SQLite, `SELECT … FOR UPDATE` on
 * PostgreSQL), asks the domain what to change, and writes it — so ordering rules hold across
 * processes without read-modify-write races in JavaScript. Every write runs in one engine
 * transaction (where an outbox row can later join it).
 */
import type { CallChanges, CallDetails, CallRecord } from '../types.js';
import type { CallStatus, Channel } from '../../contract/vocabulary.js';
import type { CustomerResolution } from '../customer-match.js';

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

export interface IdempotencyClaim {
  key: string;
  requestHash: string;
  /** Replays older than this ISO instant are treated as absent. */
  notBefore: string;
}

export type CreateCallResult =
  { kind: 'created'; call: CallDetails } | { kind: 'replayed'; responseBody: string } | { kind: 'idempotency-mismatch' };

/** Calls the caller holds already (the call cache): a list does not read them again. */
export type KnownCalls = (accountId: string, id: string) => CallDetails | undefined;

export interface CallRepository {
  /**
   * Creates the call (and its customer when none matches) in one transaction. With an
   * idempotency claim, a key seen before replays the stored answer (same body hash) or reports a
   * mismatch, and a new key stores `renderResponse(call)` as the answer to replay.
   */
  create(
    call: CallRecord,
    customer: CustomerResolution,
    idempotency: IdempotencyClaim | undefined,
    renderResponse: (call: CallDetails) => string,
  ): Promise<CreateCallResult>;
  /**
   * Creates the call (with `call.providerCallSid` set) and, when none matches, its customer —
   * unless a call with that provider sid exists already, whose id is answered instead. Atomic:
   * two first sightings of one provider call at once make one call.
   */
  createIfAbsent(call: CallRecord, customer: CustomerResolution): Promise<{ callId: string; created: boolean }>;
  get(accountId: string, id: string): Promise<CallDetails | undefined>;
  /**
   * Reads the call under a lock, asks `decide` what to change (undefined: nothing), writes it.
   * Answers the call as it stands afterwards, or undefined when there is no such call.
   */
  update(accountId: string, id: string, decide: (current: CallRecord) => CallChanges | undefined): Promise<CallDetails | undefined>;
  /** A page of calls, newest first; those `known` answers are taken from it rather than read. */
  list(query: CallListQuery, known?: KnownCalls): Promise<CallDetails[]>;
  /** The id of the call carrying this provider call id (Twilio CallSid). */
  findIdByProviderSid(accountId: string, providerCallSid: string): Promise<string | undefined>;
}
