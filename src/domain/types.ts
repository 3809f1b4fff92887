/**
 * The records the domain works with. Stores read and write these; the HTTP layer renders the
 * views built from them. Timestamps are ISO-8601 UTC strings with milliseconds
 * (`Date#toISOString()`), so that every store answers the same bytes.
 */
import type { AgentType, CallStatus, Channel, Direction } from '../contract/vocabulary.js';
import type { MessageView } from '../contract/calls.js';
import type { CustomField } from '../contract/common.js';

export interface Account {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  accountId: string;
  /** SHA-256 of the secret, raw 32 bytes. */
  secretHash: Buffer;
  createdAt: string;
  revokedAt: string | null;
}

export interface AgentRecord {
  accountId: string;
  id: string;
  name: string;
  lastname: string;
  email: string;
  phone: string;
  agentType: AgentType;
  language: string;
  /** Further agent settings, kept exactly as the client gave them. */
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface SkillRecord {
  accountId: string;
  id: string;
  name: string;
  description: string;
  language: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerRecord {
  accountId: string;
  id: string;
  /** Display name; when empty, first and last name joined. */
  name: string;
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
  language: string;
  customFields: CustomField[];
  createdAt: string;
  updatedAt: string;
}

/** A message as the domain keeps it: the API's message object. */
export type MessageRecord = MessageView;

/** The columns of a call that belong to the call itself. */
export interface CallRecord {
  accountId: string;
  id: string;
  status: CallStatus;
  channel: Channel;
  direction: Direction;
  agentId: string;
  skillId: string;
  customerId: string;
  /** From `agentOverride`; empty when the agent's own contact details apply. */
  agentPhoneOverride: string;
  agentEmailOverride: string;
  note: string;
  /** Transcription set explicitly; empty means "render it from the messages". */
  transcription: string;
  recordingUrl: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  /** Talk time reported by the provider (e.g. Twilio's CallDuration); wins over the derived one. */
  durationSeconds: number | null;
  /** The provider's id for this call (Twilio CallSid), when a provider reported it. */
  providerCallSid: string | null;
  /** How many messages the call holds; also the sequence number of the latest one. */
  messageCount: number;
}

/** T with every property read-only, all the way down. */
export type ReadonlyDeep<T> = T extends readonly (infer U)[]
  ? readonly ReadonlyDeep<U>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> }
    : T;

/**
 * A call as read for display: its own columns, the joined agent/customer details and messages.
 * Read-only all the way down: the call cache hands one record to many requests.
 */
export type CallDetails = ReadonlyDeep<
  CallRecord & {
    /** The agent's own contact details ('' when none); the view applies the call's override. */
    agentPhone: string;
    agentEmail: string;
    customerPhone: string;
    customerEmail: string;
    customerName: string;
    /** Oldest first (by timestamp, then arrival). */
    messages: MessageRecord[];
  }
>;

/** The columns a call update may change. */
export type CallChanges = Partial<
  Pick<
    CallRecord,
    | 'status'
    | 'agentId'
    | 'note'
    | 'transcription'
    | 'recordingUrl'
    | 'startedAt'
    | 'answeredAt'
    | 'endedAt'
    | 'durationSeconds'
    | 'providerCallSid'
    | 'updatedAt'
  >
>;

/** An account's Twilio credentials. The auth token is stored only encrypted (see integrations/secret-box). */
export interface TwilioSettingsRecord {
  accountId: string;
  /** Twilio's Account SID (`AC` + 32 hex): webhooks name the account by it. */
  twilioAccountSid: string;
  /** The auth token sealed with SECRETS_KEY (AES-256-GCM); never returned by the API. */
  authTokenSealed: string;
  createdAt: string;
  updatedAt: string;
}
