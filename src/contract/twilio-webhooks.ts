/**
 * The form bodies Twilio posts to the four webhooks, as route schemas: the parameters calls-api
 * reads, with their shapes. Twilio sends many more (every one takes part in the signature), so
 * other parameters are allowed, as text or repeated text.
 */
import { Type, type Static } from 'typebox';

/** Twilio's CallStatus values. */
export const TWILIO_CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'answered',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

/** Twilio's MessageStatus values (incoming and outgoing messages). */
export const TWILIO_MESSAGE_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'partially_delivered',
  'undelivered',
  'failed',
  'canceled',
  'read',
  'receiving',
  'received',
] as const;
export type TwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

/** Longest message text accepted from Twilio. */
export const MAX_TWILIO_TEXT = 100_000;

const OtherParameter = Type.Union([Type.String(), Type.Array(Type.String())]);
const form = <P extends Parameters<typeof Type.Object>[0]>(title: string, properties: P) =>
  Type.Object(properties, { title, additionalProperties: OtherParameter });

const AccountSid = Type.String({ minLength: 1, maxLength: 64, description: 'Names the calls-api account (its Twilio settings)' });
const CallSid = Type.String({ pattern: '^CA[0-9a-fA-F]{32}$', description: 'A Twilio CallSid (CA + 32 hex)' });
const MessageSid = Type.String({ pattern: '^[A-Z]{2}[0-9a-fA-F]{32}$', description: 'A Twilio message sid (SM/MM + 32 hex)' });
const WholeNumber = (description: string) => Type.String({ pattern: '^\\d{1,9}$', description });
const HttpUrl = (description: string) => Type.String({ maxLength: 2000, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://\\S+$', description });
const Address = (description: string) => Type.String({ maxLength: 256, description });

export const VoiceStatusForm = form('TwilioVoiceStatus', {
  AccountSid,
  CallSid,
  CallStatus: Type.Enum(TWILIO_CALL_STATUSES),
  CallDuration: Type.Optional(WholeNumber('Talk time in seconds, once the call has ended')),
  Timestamp: Type.Optional(Type.String({ maxLength: 64, description: 'When it happened (RFC 2822)' })),
  Direction: Type.Optional(Type.String({ maxLength: 64 })),
  From: Type.Optional(Address('Caller')),
  To: Type.Optional(Address('Called number')),
});
export type VoiceStatusForm = Static<typeof VoiceStatusForm>;

export const RecordingForm = form('TwilioRecordingStatus', {
  AccountSid,
  CallSid: Type.Optional(CallSid),
  RecordingStatus: Type.Optional(Type.String({ maxLength: 64 })),
  RecordingUrl: Type.Optional(HttpUrl('Where the recording can be fetched')),
});
export type RecordingForm = Static<typeof RecordingForm>;

export const IncomingMessageForm = form('TwilioIncomingMessage', {
  AccountSid,
  MessageSid,
  From: Type.String({ minLength: 1, maxLength: 256, description: 'The customer (E.164, or whatsapp:+…)' }),
  To: Type.Optional(Address('Our number (whatsapp:+… for WhatsApp)')),
  Body: Type.Optional(Type.String({ maxLength: MAX_TWILIO_TEXT })),
  NumMedia: Type.Optional(WholeNumber('How many media files came with it')),
  MediaUrl0: Type.Optional(HttpUrl('The first media file')),
});
export type IncomingMessageForm = Static<typeof IncomingMessageForm>;

export const MessageStatusForm = form('TwilioMessageStatus', {
  AccountSid,
  MessageSid,
  MessageStatus: Type.Enum(TWILIO_MESSAGE_STATUSES),
});
export type MessageStatusForm = Static<typeof MessageStatusForm>;

/** Where a callback URL points, beyond its path: `?callId=` ties it to a call made through the API. */
export const CallbackTargetQuery = Type.Object({
  callId: Type.Optional(Type.String({ maxLength: 64, description: 'Ties the callback to a call created through the API' })),
  sid: Type.Optional(Type.String({ maxLength: 64, description: 'Our sid of an outbound message (set by the service itself)' })),
});
export type CallbackTarget = Static<typeof CallbackTargetQuery>;
