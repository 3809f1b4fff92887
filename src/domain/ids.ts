/** Identifiers the service makes itself (never database sequences, so data can be sharded). */
import { randomBytes, randomUUID } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function newId(): string {
  return randomUUID();
}

export function isUuid(value: string): boolean {
  return value.length === 36 && UUID_RE.test(value);
}

/** A message sid in Twilio's shape: `SM` + 32 lowercase hex characters. */
export function newMessageSid(): string {
  return 'SM' + randomBytes(16).toString('hex');
}
