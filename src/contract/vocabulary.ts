/**
 * The closed vocabularies of the API: call statuses, channels, directions, message senders and
 * statuses, agent types. The schemas, the domain's rules and the stores all take them from here.
 */

export const CALL_STATUSES = [
  'queued',
  'ringing',
  'in-progress',
  'answer',
  'ongoing',
  'pending',
  'processing',
  'open',
  'stalled',
  'completed',
  'failed',
  'busy',
  'no-answer',
  'canceled',
  'voicemail',
  'close',
  'closed',
  'resolved',
  'expired',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read', 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const CHANNELS = ['call', 'sms', 'whatsapp', 'email', 'webchat'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SENDERS = ['agent', 'customer', 'system'] as const;
export type Sender = (typeof SENDERS)[number];

export const AGENT_TYPES = ['AI', 'human'] as const;
export type AgentType = (typeof AGENT_TYPES)[number];
