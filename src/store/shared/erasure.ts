/**
 * The SQL of erasure that is the same on both engines: finding a person's customers, their
 * calls, idle customers, and the persisted record of pending cleanup. Each engine's erasure.ts
 * runs these inside its own transaction (with its own locking).
 */
import type { CustomerMatch } from '../../domain/ports/index.js';
import { sql, type Row, type Sql } from './sql.js';
import { asInteger, asText } from './rows.js';

const CUSTOMER_CONTACT_COLUMNS = 'id, phone, email';
/** One lookup per way of naming a customer, each served by an index (the rest are checked in memory). */
export const CUSTOMERS_MATCHING: Readonly<Record<keyof CustomerMatch, Sql>> = {
  customerId: sql(`SELECT ${CUSTOMER_CONTACT_COLUMNS} FROM customers WHERE account_id = ? AND id = ?`),
  phone: sql(`SELECT ${CUSTOMER_CONTACT_COLUMNS} FROM customers WHERE account_id = ? AND phone = ? ORDER BY created_at, id`),
  email: sql(`SELECT ${CUSTOMER_CONTACT_COLUMNS} FROM customers WHERE account_id = ? AND email = ? ORDER BY created_at, id`),
};
export const CUSTOMER_CONTACT = CUSTOMERS_MATCHING.customerId;
export const CUSTOMER_CALL_IDS = sql('SELECT id FROM calls WHERE account_id = ? AND customer_id = ? ORDER BY created_at, id');
export const DELETE_CUSTOMER = sql('DELETE FROM customers WHERE account_id = ? AND id = ?');
export const CALL_MESSAGE_COUNT = sql('SELECT CAST(count(*) AS INTEGER) AS "n" FROM messages WHERE account_id = ? AND call_id = ?');
/**
 * A chunk of the account's customers in id order, each with whether it is idle: created and
 * updated before the bound, and no call of its own left.
 */
export const IDLE_CUSTOMER_SCAN = sql(`SELECT cu.id, cu.phone, cu.email, CASE WHEN cu.created_at < ? AND cu.updated_at < ?
    AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.account_id = cu.account_id AND c.customer_id = cu.id) THEN 1 ELSE 0 END AS "idle"
  FROM customers cu WHERE cu.account_id = ? AND cu.id > ? ORDER BY cu.id LIMIT ?`);

/** Deletes an idle customer unless a call of its own arrived meanwhile. */
export const DELETE_IDLE_CUSTOMER = sql(`DELETE FROM customers AS cu WHERE cu.account_id = ? AND cu.id = ?
  AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.account_id = cu.account_id AND c.customer_id = cu.id)`);

export const MARK_CLEANUP = sql('INSERT INTO erasure_cleanup (erased_rows, urgent) VALUES (?, ?)');
export const PENDING_CLEANUP = sql(`SELECT CAST(count(*) AS INTEGER) AS "n", CAST(coalesce(sum(erased_rows), 0) AS INTEGER) AS "rows",
  CAST(coalesce(max(CASE WHEN urgent THEN 1 ELSE 0 END), 0) AS INTEGER) AS "urgent", CAST(coalesce(max(id), 0) AS INTEGER) AS "upTo"
  FROM erasure_cleanup`);
export const CLEAR_CLEANUP = sql('DELETE FROM erasure_cleanup WHERE id <= ?');

/** The persisted cleanup still to do. */
export interface PendingCleanup {
  /** Erasures waiting for it. */
  n: number;
  /** Rows they erased. */
  rows: number;
  /** Whether one of them erased a person (customer): cleaned up at the next pass whatever its size. */
  urgent: boolean;
  /** The highest pending id: the rows a finished cleanup clears (later erasures stay pending). */
  upTo: number;
}

export function pendingCleanupFrom(row: Row | undefined): PendingCleanup {
  if (!row) return { n: 0, rows: 0, urgent: false, upTo: 0 };
  return {
    n: asInteger(row.n, 'n'),
    rows: asInteger(row.rows, 'rows'),
    urgent: asInteger(row.urgent, 'urgent') === 1,
    upTo: asInteger(row.upTo, 'upTo'),
  };
}

/** A customer's id and the contact details a data-subject request may name it by. */
export interface CustomerContact {
  id: string;
  phone: string;
  email: string;
}

export function contactFrom(row: Row): CustomerContact {
  return { id: asText(row.id, 'id'), phone: asText(row.phone, 'phone'), email: asText(row.email, 'email') };
}

/** The lookup that serves a match (the first field given) and whether a found customer meets all of it. */
export function matchPlan(
  match: CustomerMatch,
): { by: keyof CustomerMatch; value: string; meets: (c: CustomerContact) => boolean } | undefined {
  const given = (['customerId', 'phone', 'email'] as const).filter((k) => match[k] !== undefined && match[k] !== '');
  if (given.length === 0) return undefined;
  const first = given[0];
  const field = { customerId: 'id', phone: 'phone', email: 'email' } as const;
  return {
    by: first,
    value: match[first] ?? '',
    meets: (c) => given.every((k) => c[field[k]] === match[k]),
  };
}

export const noErasure = () => ({ customers: 0, calls: 0, messages: 0 });
