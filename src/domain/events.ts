/**
 * What goes into the event log (issue 14): which event a change is, and its JSON. Pure; the
 * engines call these inside the transaction that makes the change, so the event and the change
 * commit together (the outbox).
 */
import type { CallEventType } from '../contract/events.js';
import type { CallStatus } from '../contract/vocabulary.js';
import type { CallDetails, MessageRecord } from './types.js';
import { isTerminal } from './statuses.js';
import { toCallView } from './views.js';
import { newEventId } from './ids.js';

/** An event about to be written: everything but its position and sequence, which the engine assigns. */
export interface NewEvent {
  readonly accountId: string;
  readonly callId: string;
  readonly type: CallEventType;
  /** ISO 8601: when the change happened. */
  readonly timestamp: string;
  /** The `data` member as JSON text. */
  readonly data: string;
}

/** A change of call fields: `call.ended` when it makes the call terminal, else `call.updated`. */
export function callChangeType(before: CallStatus, after: CallStatus): 'call.updated' | 'call.ended' {
  return !isTerminal(before) && isTerminal(after) ? 'call.ended' : 'call.updated';
}

/** A call event: `data` is the call as Get Call answers it at the moment of the change. */
export function callEvent(type: 'call.created' | 'call.updated' | 'call.ended' | 'call.redacted', call: CallDetails, at: string): NewEvent {
  return { accountId: call.accountId, callId: call.id, type, timestamp: at, data: JSON.stringify(toCallView(call, Date.parse(at))) };
}

/**
 * The events of a new call: `call.created`, and `call.ended` too when it is created terminal (a
 * provider's first report of a call can be its end) — a receiver waiting for the end gets one.
 */
export function createdEvents(call: CallDetails, at: string): NewEvent[] {
  const created = callEvent('call.created', call, at);
  return isTerminal(call.status) ? [created, { ...created, type: 'call.ended' }] : [created];
}

export function messageEvent(
  type: 'message.created' | 'message.updated',
  accountId: string,
  callId: string,
  m: MessageRecord,
  at: string,
): NewEvent {
  const message = { sid: m.sid, timestamp: m.timestamp, sender: m.sender, content: m.content, mediaUrl: m.mediaUrl, status: m.status };
  return { accountId, callId, type, timestamp: at, data: JSON.stringify({ callId, message }) };
}

/** `call.deleted` carries the id alone: nothing of an erased call survives in the log. */
export function deletedEvent(accountId: string, callId: string, at: string): NewEvent {
  return { accountId, callId, type: 'call.deleted', timestamp: at, data: erasedData(callId) };
}

/** The `data` of every event of an erased call: `{"id"}`. */
export function erasedData(callId: string): string {
  return JSON.stringify({ id: callId });
}

/** The stored row of an event: its id and its JSON exactly as delivered and signed. */
export function eventRecord(e: NewEvent, sequence: number): { id: string; payload: string } {
  const id = newEventId();
  return { id, payload: eventJson(id, e.type, e.timestamp, sequence, e.data) };
}

/** `{"id","type","timestamp","sequence","data"}` — the envelope's member order, fixed. */
export function eventJson(id: string, type: string, timestamp: string, sequence: number, data: string): string {
  return `{"id":${JSON.stringify(id)},"type":${JSON.stringify(type)},"timestamp":${JSON.stringify(timestamp)},"sequence":${sequence},"data":${data}}`;
}
