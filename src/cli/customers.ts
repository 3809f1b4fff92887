/**
 * `calls-api customers erase`: a data-subject request that arrives as a customer id, a phone
 * number or an email. Erases every matching customer of the account with all their calls, then
 * clears the traces inside the engine at once. Prints counts only, never the person's data.
 */
import type { Repositories } from '../domain/ports/index.js';
import { DataProtectionService } from '../domain/data-protection.js';
import { systemClock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';

export interface EraseRequest {
  accountId: string;
  customer?: string;
  phone?: string;
  email?: string;
}

/** What the command prints: counts, and whether the engine's cleanup finished now or waits for the server's next purge pass. */
export interface EraseResult {
  accountId: string;
  erased: { customers: number; calls: number; messages: number };
  cleanup: 'done' | 'pending';
}

/** Thrown for a request the command refuses (the CLI turns it into a usage error, exit 2). */
export class EraseRequestError extends Error {}

/** Which one of --customer, --phone, --email names the person (exactly one). */
export function eraseMatch(values: { customer?: unknown; phone?: unknown; email?: unknown }): {
  customerId?: string;
  phone?: string;
  email?: string;
} {
  const given = (['customer', 'phone', 'email'] as const).filter((k) => values[k] !== undefined);
  if (given.length !== 1) throw new EraseRequestError('customers erase needs exactly one of --customer ID, --phone E164, --email ADDRESS');
  const [key] = given;
  const value = values[key];
  if (typeof value !== 'string' || value.trim() === '') throw new EraseRequestError(`--${key} needs a value`);
  return key === 'customer' ? { customerId: value.trim() } : { [key]: value };
}

export async function eraseCustomers(store: Repositories, accountId: string, match: ReturnType<typeof eraseMatch>): Promise<EraseResult> {
  const service = new DataProtectionService(store, systemClock);
  let erased;
  try {
    erased = await service.eraseMatching(accountId, match);
  } catch (err) {
    // Bad input (a malformed phone or id) is the caller's to fix; the message names the option, not the value.
    if (err instanceof AppError) throw new EraseRequestError(err.message);
    throw err;
  }
  const compaction = await store.erasure.compactErased();
  return { accountId, erased, cleanup: compaction.done ? 'done' : 'pending' };
}
