/** Identifiers the service makes itself (never database sequences, so data can be sharded). */
import { randomFillSync, randomUUID } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function newId(): string {
  return randomUUID();
}

export function isUuid(value: string): boolean {
  return value.length === 36 && UUID_RE.test(value);
}

// Random bytes for sids, drawn 4 KiB at a time: randomBytes(16) costs ~7 µs a call here (as much
// as the rest of an append's domain work); node batches randomUUID's bytes the same way.
const sidEntropy = Buffer.alloc(4096);
let sidOffset = sidEntropy.length;

/**
 * A message sid in Twilio's shape: `SM` + 32 lowercase hex characters — the creation time in
 * milliseconds (12 hex) then 80 random bits. Time first, so that the sids made here arrive in
 * order: each new one lands at the end of the sid index instead of on a random page of it (at
 * millions of messages, a random page per append was a page read and a page written per append).
 */
export function newMessageSid(): string {
  return 'SM' + timeOrderedHex();
}

/** An event id: `evt_` + the same time-first 32 hex characters (lands at the end of its index too). */
export function newEventId(): string {
  return 'evt_' + timeOrderedHex();
}

function timeOrderedHex(): string {
  if (sidOffset + 10 > sidEntropy.length) {
    randomFillSync(sidEntropy);
    sidOffset = 0;
  }
  const hex = sidEntropy.toString('hex', sidOffset, sidOffset + 10);
  sidOffset += 10;
  return Date.now().toString(16).padStart(12, '0') + hex;
}
