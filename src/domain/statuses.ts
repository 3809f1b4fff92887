/**
 * Interaction and message statuses, and the ordering rules that keep late updates
 * (telephony callbacks arrive twice, late and out of order) from moving a record backwards.
 */
import type { CallStatus, MessageStatus } from '../contract/vocabulary.js';

export const TERMINAL_CALL_STATUSES: ReadonlySet<CallStatus> = new Set<CallStatus>([
  'completed',
  'failed',
  'busy',
  'no-answer',
  'canceled',
  'voicemail',
  'closed',
  'close',
  'resolved',
  'expired',
]);

/** Statuses meaning the conversation is live (someone answered): they start the talk-time clock. */
export const ACTIVE_CALL_STATUSES: ReadonlySet<CallStatus> = new Set<CallStatus>([
  'in-progress',
  'answer',
  'ongoing',
  'processing',
  'open',
  'stalled',
]);

/**
 * Lifecycle stage of a status. A move to a lower stage is a late update and is ignored.
 * Moves inside the "waiting" and "live" stages are allowed (a thread goes open → stalled → open);
 * inside the terminal stage the first terminal status wins.
 */
export function callStatusStage(status: CallStatus): 0 | 1 | 2 | 3 {
  if (TERMINAL_CALL_STATUSES.has(status)) return 3;
  if (ACTIVE_CALL_STATUSES.has(status)) return 2;
  if (status === 'ringing') return 1;
  return 0; // queued, pending
}

export function isTerminal(status: CallStatus): boolean {
  return TERMINAL_CALL_STATUSES.has(status);
}

/**
 * Whether a call in `from` may move to `to`. `reopen` is a user's explicit wish to take a
 * finished call back into play; without it, a terminal call stays where it is.
 */
export function canMoveCallStatus(from: CallStatus, to: CallStatus, reopen = false): boolean {
  if (from === to) return false;
  const a = callStatusStage(from);
  const b = callStatusStage(to);
  if (a === 3) return reopen;
  if (reopen) return true;
  if (b > a) return true;
  return a === b;
}

const MESSAGE_STAGE: Record<MessageStatus, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  received: 3,
  read: 4,
};

/** A message status only moves forward: `read` after `delivered`, never `sent` after `delivered`. */
export function canMoveMessageStatus(from: MessageStatus, to: MessageStatus): boolean {
  return MESSAGE_STAGE[to] > MESSAGE_STAGE[from];
}
