/**
 * Where a message goes: the checks of an append, and the open thread an inbound SMS / WhatsApp
 * message joins. Pure: each engine reads the rows under its lock and asks these functions.
 */
import type { CallRecord, MessageRecord } from './types.js';
import { isTerminal } from './statuses.js';

export type AppendPlan =
  | { kind: 'call-missing' }
  | { kind: 'sid-exists'; message: MessageRecord }
  | { kind: 'limit-reached' }
  /** Write the message with this sequence number; the call's messageCount becomes it. */
  | { kind: 'append'; seq: number };

/**
 * An append to a call as it stands: refused when the call is missing, when a message with the
 * same sid is on it already, or when it holds `maxMessages`; else the next sequence number.
 */
export function planMessageAppend(
  call: Pick<CallRecord, 'messageCount'> | undefined,
  sameSid: MessageRecord | undefined,
  maxMessages: number,
): AppendPlan {
  if (call === undefined) return { kind: 'call-missing' };
  if (sameSid !== undefined) return { kind: 'sid-exists', message: sameSid };
  if (call.messageCount >= maxMessages) return { kind: 'limit-reached' };
  return { kind: 'append', seq: call.messageCount + 1 };
}

/** A call of the customer on the channel, as the engine read it. */
export type ThreadCandidate = Pick<CallRecord, 'id' | 'status' | 'createdAt' | 'messageCount'>;

/**
 * The thread an inbound message joins: the customer's newest (createdAt, then id) call on the
 * channel that has not ended. Undefined: a new call starts the thread.
 */
export function chooseOpenThread<T extends ThreadCandidate>(candidates: readonly T[]): T | undefined {
  let newest: T | undefined;
  for (const c of candidates) {
    if (isTerminal(c.status)) continue;
    if (newest === undefined || c.createdAt > newest.createdAt || (c.createdAt === newest.createdAt && c.id > newest.id)) newest = c;
  }
  return newest;
}
