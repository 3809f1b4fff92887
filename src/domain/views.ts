/**
 * The objects clients see: the call object of the contract (14 documented fields, then the
 * extension fields) and the agent / skill / customer objects.
 */
import type { AgentRecord, CallDetails, CustomerRecord, ReadonlyDeep, SkillRecord } from './types.js';
import type { CallView } from '../contract/calls.js';
import type { AgentView, CustomerView, SkillView } from '../contract/directory.js';
import { deriveDuration, deriveTranscription } from './derive.js';

/** The call object; read-only, as the record it comes from (the call cache shares both). */
export type ReadonlyCallView = ReadonlyDeep<CallView>;

export function toCallView(call: CallDetails, nowMs: number): ReadonlyCallView {
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
