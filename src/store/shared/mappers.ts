/**
 * One mapper per table: a row (from either engine, or a line of an import file) → the domain's
 * record, every field checked (rows.ts). Rows name their columns as the record names its fields
 * (the SELECTs alias them: columns.ts), so one mapper serves every source.
 */
import type {
  Account,
  AgentRecord,
  ApiKeyRecord,
  CallDetails,
  CallRecord,
  CustomerRecord,
  MessageRecord,
  SkillRecord,
  TwilioSettingsRecord,
} from '../../domain/types.js';
import type { CustomField } from '../../contract/common.js';
import type { StoredMessage, TableRows, ExportTable } from '../../domain/ports/index.js';
import { AGENT_TYPES, CALL_STATUSES, CHANNELS, DIRECTIONS, MESSAGE_STATUSES, SENDERS } from '../../contract/vocabulary.js';
import { customerDisplayName } from '../../domain/views.js';
import { isCells, type Row } from './sql.js';
import {
  RowError,
  asBytes,
  asFlag,
  asInteger,
  asIntegerOrNull,
  asJson,
  asMember,
  asText,
  asTextOrNull,
  isPlainObject,
  vocabulary,
} from './rows.js';

const CALL_STATUS = vocabulary(CALL_STATUSES);
const CHANNEL = vocabulary(CHANNELS);
const DIRECTION = vocabulary(DIRECTIONS);
const SENDER = vocabulary(SENDERS);
const MESSAGE_STATUS = vocabulary(MESSAGE_STATUSES);
const AGENT_TYPE = vocabulary(AGENT_TYPES);

export function accountFrom(r: Row): Account {
  return { id: asText(r.id, 'id'), name: asText(r.name, 'name'), createdAt: asText(r.createdAt, 'createdAt') };
}

export function apiKeyFrom(r: Row): ApiKeyRecord {
  return {
    id: asText(r.id, 'id'),
    accountId: asText(r.accountId, 'accountId'),
    secretHash: asBytes(r.secretHash, 'secretHash'),
    createdAt: asText(r.createdAt, 'createdAt'),
    revokedAt: asTextOrNull(r.revokedAt, 'revokedAt'),
  };
}

export function agentFrom(r: Row): AgentRecord {
  const settings = asJson(r.settings, 'settings');
  if (!isPlainObject(settings)) throw new RowError('settings', 'a JSON object');
  return {
    accountId: asText(r.accountId, 'accountId'),
    id: asText(r.id, 'id'),
    name: asText(r.name, 'name'),
    lastname: asText(r.lastname, 'lastname'),
    email: asText(r.email, 'email'),
    phone: asText(r.phone, 'phone'),
    agentType: asMember(r.agentType, 'agentType', AGENT_TYPE),
    language: asText(r.language, 'language'),
    settings,
    createdAt: asText(r.createdAt, 'createdAt'),
    updatedAt: asText(r.updatedAt, 'updatedAt'),
  };
}

export function skillFrom(r: Row): SkillRecord {
  return {
    accountId: asText(r.accountId, 'accountId'),
    id: asText(r.id, 'id'),
    name: asText(r.name, 'name'),
    description: asText(r.description, 'description'),
    language: asText(r.language, 'language'),
    active: asFlag(r.active, 'active'),
    createdAt: asText(r.createdAt, 'createdAt'),
    updatedAt: asText(r.updatedAt, 'updatedAt'),
  };
}

export function customerFrom(r: Row): CustomerRecord {
  return {
    accountId: asText(r.accountId, 'accountId'),
    id: asText(r.id, 'id'),
    name: asText(r.name, 'name'),
    firstName: asText(r.firstName, 'firstName'),
    lastName: asText(r.lastName, 'lastName'),
    phone: asText(r.phone, 'phone'),
    email: asText(r.email, 'email'),
    language: asText(r.language, 'language'),
    customFields: customFieldsFrom(asJson(r.customFields, 'customFields')),
    createdAt: asText(r.createdAt, 'createdAt'),
    updatedAt: asText(r.updatedAt, 'updatedAt'),
  };
}

function customFieldsFrom(value: unknown): CustomField[] {
  if (!isCells(value)) throw new RowError('customFields', 'a JSON array');
  return value.map((field, i): CustomField => {
    const at = `customFields[${i}]`;
    if (!isPlainObject(field)) throw new RowError(at, 'an object');
    const v = field.value;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      throw new RowError(`${at}.value`, 'a string, number or boolean');
    return { name: asText(field.name, `${at}.name`), value: v };
  });
}

/** Field by field (no object rest/spread): this runs for every call read. */
export function callFrom(r: Row): CallRecord {
  return {
    accountId: asText(r.accountId, 'accountId'),
    id: asText(r.id, 'id'),
    status: asMember(r.status, 'status', CALL_STATUS),
    channel: asMember(r.channel, 'channel', CHANNEL),
    direction: asMember(r.direction, 'direction', DIRECTION),
    agentId: asText(r.agentId, 'agentId'),
    skillId: asText(r.skillId, 'skillId'),
    customerId: asText(r.customerId, 'customerId'),
    agentPhoneOverride: asText(r.agentPhoneOverride, 'agentPhoneOverride'),
    agentEmailOverride: asText(r.agentEmailOverride, 'agentEmailOverride'),
    note: asText(r.note, 'note'),
    transcription: asText(r.transcription, 'transcription'),
    recordingUrl: asText(r.recordingUrl, 'recordingUrl'),
    createdAt: asText(r.createdAt, 'createdAt'),
    updatedAt: asText(r.updatedAt, 'updatedAt'),
    startedAt: asTextOrNull(r.startedAt, 'startedAt'),
    answeredAt: asTextOrNull(r.answeredAt, 'answeredAt'),
    endedAt: asTextOrNull(r.endedAt, 'endedAt'),
    durationSeconds: asIntegerOrNull(r.durationSeconds, 'durationSeconds'),
    providerCallSid: asTextOrNull(r.providerCallSid, 'providerCallSid'),
    messageCount: asInteger(r.messageCount, 'messageCount'),
  };
}

/**
 * A call row with its agent's and customer's columns (LEFT JOINs: null when gone) and its
 * messages, in display order. Field by field, as callFrom.
 */
export function callDetailsFrom(r: Row, messages: readonly MessageRecord[]): CallDetails {
  return {
    accountId: asText(r.accountId, 'accountId'),
    id: asText(r.id, 'id'),
    status: asMember(r.status, 'status', CALL_STATUS),
    channel: asMember(r.channel, 'channel', CHANNEL),
    direction: asMember(r.direction, 'direction', DIRECTION),
    agentId: asText(r.agentId, 'agentId'),
    skillId: asText(r.skillId, 'skillId'),
    customerId: asText(r.customerId, 'customerId'),
    agentPhoneOverride: asText(r.agentPhoneOverride, 'agentPhoneOverride'),
    agentEmailOverride: asText(r.agentEmailOverride, 'agentEmailOverride'),
    note: asText(r.note, 'note'),
    transcription: asText(r.transcription, 'transcription'),
    recordingUrl: asText(r.recordingUrl, 'recordingUrl'),
    createdAt: asText(r.createdAt, 'createdAt'),
    updatedAt: asText(r.updatedAt, 'updatedAt'),
    startedAt: asTextOrNull(r.startedAt, 'startedAt'),
    answeredAt: asTextOrNull(r.answeredAt, 'answeredAt'),
    endedAt: asTextOrNull(r.endedAt, 'endedAt'),
    durationSeconds: asIntegerOrNull(r.durationSeconds, 'durationSeconds'),
    providerCallSid: asTextOrNull(r.providerCallSid, 'providerCallSid'),
    messageCount: asInteger(r.messageCount, 'messageCount'),
    agentPhone: asTextOrNull(r.agentPhone, 'agentPhone') ?? '',
    agentEmail: asTextOrNull(r.agentEmail, 'agentEmail') ?? '',
    customerPhone: asTextOrNull(r.customerPhone, 'customerPhone') ?? '',
    customerEmail: asTextOrNull(r.customerEmail, 'customerEmail') ?? '',
    customerName: customerDisplayName({
      name: asTextOrNull(r.cuName, 'cuName') ?? '',
      firstName: asTextOrNull(r.cuFirstName, 'cuFirstName') ?? '',
      lastName: asTextOrNull(r.cuLastName, 'cuLastName') ?? '',
    }),
    messages,
  };
}

export function messageFrom(r: Row): MessageRecord {
  return message(r.sid, r.timestamp, r.sender, r.content, r.mediaUrl, r.status);
}

/** A message from its six values in MessageRecord's order (rows read as arrays). */
export function message(
  sid: unknown,
  timestamp: unknown,
  sender: unknown,
  content: unknown,
  mediaUrl: unknown,
  status: unknown,
): MessageRecord {
  return {
    sid: asText(sid, 'sid'),
    timestamp: asText(timestamp, 'timestamp'),
    sender: asMember(sender, 'sender', SENDER),
    content: asText(content, 'content'),
    mediaUrl: asText(mediaUrl, 'mediaUrl'),
    status: asMember(status, 'status', MESSAGE_STATUS),
  };
}

export function storedMessageFrom(r: Row): StoredMessage {
  return {
    accountId: asText(r.accountId, 'accountId'),
    callId: asText(r.callId, 'callId'),
    seq: asInteger(r.seq, 'seq'),
    ...messageFrom(r),
  };
}

export function twilioSettingsFrom(r: Row): TwilioSettingsRecord {
  return {
    accountId: asText(r.accountId, 'accountId'),
    twilioAccountSid: asText(r.twilioAccountSid, 'twilioAccountSid'),
    authTokenSealed: asText(r.authTokenSealed, 'authTokenSealed'),
    createdAt: asText(r.createdAt, 'createdAt'),
    updatedAt: asText(r.updatedAt, 'updatedAt'),
  };
}

/** The mapper of each table bulk transfer reads and writes. */
export const TABLE_MAPPERS: { readonly [T in ExportTable]: (row: Row) => TableRows[T] } = {
  accounts: accountFrom,
  apiKeys: apiKeyFrom,
  agents: agentFrom,
  skills: skillFrom,
  customers: customerFrom,
  calls: callFrom,
  messages: storedMessageFrom,
};

/**
 * Messages read in arrival (seq) order, put in the order the API promises: by timestamp, then
 * seq. They almost always arrive in time order, so this is usually a check, not a sort (the
 * sort is stable, so equal timestamps keep seq order).
 */
export function inTimeOrder(messages: MessageRecord[]): MessageRecord[] {
  for (let i = 1; i < messages.length; i++) {
    if (messages[i].timestamp < messages[i - 1].timestamp)
      return messages.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  }
  return messages;
}
