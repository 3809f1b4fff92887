/**
 * Which customer a new call belongs to: the account's first customer (in creation order) with
 * the call's phone number, else the first with its email, else a new one. Pure: each engine reads
 * the candidates under its lock (customerLookups says which) and asks planCustomer.
 */
import type { CustomerRecord } from './types.js';

/** What a new call says about its customer: match these, else create this one. */
export interface CustomerResolution {
  matchPhone: string;
  matchEmail: string;
  create: CustomerRecord;
}

export type CustomerKey = 'phone' | 'email';

/** A lookup the engine makes: the account's first customer with this phone / email. */
export interface CustomerLookup {
  by: CustomerKey;
  value: string;
}

/** The first customer id each lookup found (absent: none, or not looked up). */
export type CustomerMatches = Partial<Record<CustomerKey, string>>;

/** The lookups that can match, in the order they decide (an empty value matches nothing). */
export function customerLookups(c: Pick<CustomerResolution, 'matchPhone' | 'matchEmail'>): CustomerLookup[] {
  const lookups: CustomerLookup[] = [];
  if (c.matchPhone !== '') lookups.push({ by: 'phone', value: c.matchPhone });
  if (c.matchEmail !== '') lookups.push({ by: 'email', value: c.matchEmail });
  return lookups;
}

/** The call's customer id, and the customer to create when none matched. */
export function planCustomer(c: CustomerResolution, found: CustomerMatches): { customerId: string; create?: CustomerRecord } {
  const existing = found.phone ?? found.email;
  return existing !== undefined ? { customerId: existing } : { customerId: c.create.id, create: c.create };
}
