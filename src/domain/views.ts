/**
 * The objects clients see: the call object of the contract (14 documented fields, then the
 * extension fields) and the agent / skill / customer objects.
 */
import type { AgentRecord, CallDetails, CustomerRecord, SkillRecord } from './types.js';
import type { CallView } from '../contract/calls.js';
import type { AgentView, CustomerView, SkillView } from '../contract/directory.js';
import { deriveDuration, deriveTranscription } from './derive.js';

export function toCallView(call: CallDetails, nowMs: number): CallView {
  return {
    id: call.id,
    status: call.status,
    agentPhone: call.agentPhoneOverride !== '' ? call.agentPhoneOverride : call.agentPhone,
    agentEmail: call.agentEmailOverride !== '' ? call.agentEmailOverride : call.agentEmail,
    customerPhone: call.customerPhone,
    customerEmail: call.customerEmail,
    agentId: call.agentId,
    customerId: call.customerId,
    skillId: call.skillId,
    customerName: call.customerName,
    transcription: deriveTranscription(call.transcription, call.messages),
    recordingUrl: call.recordingUrl,
    messages: call.messages,
    duration: deriveDuration(call, nowMs),
    channel: call.channel,
    direction: call.direction,
    note: call.note,
    createdAt: call.createdAt,
    updatedAt: call.updatedAt,
    startedAt: call.startedAt ?? '',
    answeredAt: call.answeredAt ?? '',
    endedAt: call.endedAt ?? '',
  };
}

/**
 * Where a record keeps its view (see sharedCallView). A property of the record itself rather than
 * a WeakMap entry: the collector frees it with the record, while WeakMap entries of short-lived
 * records lingered until a full collection (a list page's worth of them per request).
 * Non-enumerable, so that no copy of the record carries it along.
 */
const VIEW = Symbol('call view');
type WithView = CallDetails & { [VIEW]?: CallView };

function keepView(call: CallDetails, view: CallView): CallView {
  Object.defineProperty(call, VIEW, { value: view, writable: true, configurable: true, enumerable: false });
  return view;
}

/**
 * toCallView for a record that may be shared: a store that caches records (SQLite) hands out the
 * same object until the call changes, so its view is derived once (the transcription is rebuilt
 * from the messages otherwise) and is the same object each time, which lets the HTTP layer keep
 * its serialized bytes too. A live call's view is renewed when its duration ticks over.
 * Shared views are read-only.
 */
export function sharedCallView(call: CallDetails, nowMs: number): CallView {
  const known = (call as WithView)[VIEW];
  if (known === undefined) return keepView(call, toCallView(call, nowMs));
  const duration = deriveDuration(call, nowMs);
  if (known.duration === duration) return known;
  return keepView(call, { ...known, duration });
}

export function customerDisplayName(c: Pick<CustomerRecord, 'name' | 'firstName' | 'lastName'>): string {
  if (c.name !== '') return c.name;
  return [c.firstName, c.lastName].filter((s) => s !== '').join(' ');
}

export function toAgentView(a: AgentRecord): AgentView {
  return {
    ...a.settings,
    id: a.id,
    name: a.name,
    lastname: a.lastname,
    email: a.email,
    phone: a.phone,
    agentType: a.agentType,
    language: a.language,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function toSkillView(s: SkillRecord): SkillView {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    language: s.language,
    active: s.active,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export function toCustomerView(c: CustomerRecord): CustomerView {
  return {
    id: c.id,
    name: customerDisplayName(c),
    firstName: c.firstName,
    lastName: c.lastName,
    phone: c.phone,
    email: c.email,
    language: c.language,
    customFields: c.customFields,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
