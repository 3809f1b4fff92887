/** Fields of the call object that are computed rather than stored (contract §4). */
import type { CallDetails, MessageRecord } from './types.js';
import { isTerminal } from './statuses.js';

const SPEAKER = { agent: 'Agent', customer: 'Customer', system: 'System' } as const;

/** The explicit transcription, else the messages one turn a line: `Agent: …` / `Customer: …`. */
export function deriveTranscription(explicit: string, messages: readonly MessageRecord[]): string {
  if (explicit !== '') return explicit;
  let text = '';
  for (const m of messages) {
    if (m.content === '') continue;
    text += (text === '' ? '' : '\n') + SPEAKER[m.sender] + ': ' + m.content;
  }
  return text;
}

/**
 * Talk time in whole seconds: endedAt − answeredAt, never below 0, 0 if never answered; while a
 * live call has no end yet, the time answered so far. A provider-reported figure wins.
 */
export function deriveDuration(call: Pick<CallDetails, 'durationSeconds' | 'answeredAt' | 'endedAt' | 'status'>, nowMs: number): number {
  if (call.durationSeconds !== null) return call.durationSeconds;
  if (call.answeredAt === null) return 0;
  const start = Date.parse(call.answeredAt);
  let end: number;
  if (call.endedAt !== null) end = Date.parse(call.endedAt);
  else if (isTerminal(call.status)) return 0;
  else end = nowMs;
  return Math.max(0, Math.floor((end - start) / 1000));
}
