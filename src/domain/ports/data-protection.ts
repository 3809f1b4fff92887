/** Ports: data protection — erasing and redacting calls, and each account's retention period. */
import type { CallDetails } from '../types.js';

export interface ErasureRepository {
  /**
   * Erases the call for good, in one transaction: its row, its messages, its full-text document
   * and the idempotency replays that answer with it; its earlier events keep only `{"id"}` as
   * data, and a `call.deleted` event (at `deletedAt`) joins them. False when there is no such call.
   */
  deleteCall(accountId: string, id: string, deletedAt: string): Promise<boolean>;
  /**
   * Blanks the call's transcription and recording URL and every message's content and media URL,
   * drops its full-text document, sets updatedAt; the bare record (status, times, agent,
   * customer, message sids and statuses) stays. The call's earlier events keep only `{"id"}` as
   * data, and a `call.redacted` event carries the redacted call. Answers the call afterwards, or undefined.
   */
  redactCall(accountId: string, id: string, updatedAt: string): Promise<CallDetails | undefined>;
  /**
   * Erases (as `deleteCall` does) up to `limit` of the account's calls created before `before`,
   * oldest first, in one transaction, with the account's idempotency replays older than `before`;
   * each erased call gets its `call.deleted` event at `erasedAt`. Answers how many calls went.
   */
  purgeCallsCreatedBefore(accountId: string, before: string, limit: number, erasedAt: string): Promise<number>;
  /**
   * Clears the traces erased data leaves inside the engine (SQLite: terms of deleted documents in
   * full-text index segments, old page images in the WAL). Costs about a rewrite of the full-text
   * index, so it is called only after something was erased. PostgreSQL: nothing to do.
   */
  compactErased(): Promise<void>;
}

/** An account's retention period: its calls older than this many days are erased in the background. */
export interface RetentionPolicy {
  accountId: string;
  retentionDays: number;
}

export interface RetentionRepository {
  /** Sets (a number of days) or clears (null) the account's period; false when no such account. */
  setDays(accountId: string, days: number | null): Promise<boolean>;
  /** The account's period in days: null when it keeps calls forever, undefined when no such account. */
  getDays(accountId: string): Promise<number | null | undefined>;
  /** Every account that has a retention period. */
  listPolicies(): Promise<RetentionPolicy[]>;
}
