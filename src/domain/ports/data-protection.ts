/**
 * Ports: data protection — erasing and redacting calls, erasing customers (a person's data), the
 * cleanup erasure leaves inside the engine, and each account's retention period.
 */
import type { CallDetails } from '../types.js';

/** How a data-subject request names a person: a customer id, an (E.164) phone or an email. */
export interface CustomerMatch {
  customerId?: string;
  phone?: string;
  email?: string;
}

/** What an erasure removed: counts only, never the data. */
export interface ErasureCounts {
  customers: number;
  calls: number;
  messages: number;
}

/** What `compactErased` did: counts and step names only. */
export interface CompactionReport {
  /** Erasures whose cleanup was pending (persisted, so a crash does not lose it). */
  pending: number;
  /** The engine's steps, e.g. `full-text merged`, `wal truncated`, `vacuum calls`. */
  steps: string[];
  /** False when a step could not finish (another connection held the WAL); the cleanup stays pending. */
  done: boolean;
}

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
  /** The ids of every customer of the account matching all the given fields (none given: none). */
  findCustomers(accountId: string, match: CustomerMatch): Promise<string[]>;
  /**
   * Erases these customers (ids of the account; unknown ones are skipped) with every call of
   * theirs as `deleteCall` does, in one transaction that concurrent call creation and message
   * appends for them wait on, so none re-creates what it erased. Each erased call gets its
   * `call.deleted` event at `erasedAt`.
   */
  eraseCustomers(accountId: string, customerIds: readonly string[], erasedAt: string): Promise<ErasureCounts>;
  /**
   * Erases the account's customers with no calls and no change since `before` (created and
   * updated before it), looking at up to `scan` customers in id order after `afterId`. Answers
   * how many it erased and the id to continue after (undefined: the scan reached the end).
   */
  purgeIdleCustomersBefore(
    accountId: string,
    before: string,
    scan: { afterId: string; limit: number },
  ): Promise<{ erased: number; next: string | undefined }>;
  /**
   * Clears the traces erased data leaves inside the engine, when an erasure left its cleanup
   * pending (persisted with the erasure, so whichever process runs this finishes it). SQLite:
   * merges the full-text index (terms of deleted documents) and truncates the WAL (old page
   * images). PostgreSQL: VACUUM (ANALYZE) of the tables erased from, outside a transaction, once
   * enough rows (or a customer) were erased.
   */
  compactErased(): Promise<CompactionReport>;
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
