/** The API's objects, as /api/v1 answers them (see the OpenAPI document at /openapi.json). */

export interface Message {
  sid: string;
  timestamp: string;
  sender: string;
  content: string;
  mediaUrl: string;
  status: string;
}

export interface Call {
  id: string;
  status: string;
  agentPhone: string;
  agentEmail: string;
  customerPhone: string;
  customerEmail: string;
  agentId: string;
  customerId: string;
  skillId: string;
  customerName: string;
  transcription: string;
  recordingUrl: string;
  messages: Message[];
  duration: number;
  channel: string;
  direction: string;
  note: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string;
  answeredAt: string;
  endedAt: string;
}

export interface Agent {
  id: string;
  name: string;
  lastname: string;
  email: string;
  phone: string;
  agentType: string;
  language: string;
  createdAt: string;
  updatedAt: string;
}

export interface Skill {
  id: string;
  name: string;
  description: string;
  language: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Customer {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
  language: string;
  createdAt: string;
  updatedAt: string;
}

/** The statuses and channels the API accepts (src/domain/statuses.ts). */
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

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
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

export const CHANNELS = ['call', 'sms', 'whatsapp', 'email', 'webchat'] as const;

export const CHANNEL_LABELS: Record<string, string> = {
  call: 'Voice call',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  email: 'Email',
  webchat: 'Web chat',
};

/** The event types a webhook endpoint can subscribe to (src/contract/events.ts). */
export const EVENT_TYPES = [
  'call.created',
  'call.updated',
  'call.ended',
  'call.redacted',
  'call.deleted',
  'message.created',
  'message.updated',
] as const;

export interface Webhook {
  id: string;
  url: string;
  /** [] means every event type. */
  events: string[];
  description: string;
  enabled: boolean;
  disabledReason: 'disabled' | 'gone' | 'failing' | null;
  disabledAt: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer of create and rotate: the only times the signing secret is shown. */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  callId: string;
  sequence: number;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}
