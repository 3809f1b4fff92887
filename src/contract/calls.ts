/**
 * The call and message shapes: the call object of Get Call (the seed), and the bodies and query of
 * the call endpoints. The HTTP layer validates and serializes with these schemas and the domain
 * takes its input and output types from them.
 */
import { Type, type Static } from 'typebox';
import { CALL_STATUSES, CHANNELS, DIRECTIONS, MESSAGE_STATUSES, SENDERS } from './vocabulary.js';
import { CustomField, DateTime, Email, Phone, ShortText, Uuid } from './common.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './limits.js';

export const MessageSchema = Type.Object(
  {
    sid: Type.String({
      description: 'Message id (Twilio SM…/MM…, or one the service makes in that shape)',
      examples: ['SM1234567890abcdef'],
    }),
    timestamp: Type.String({ format: 'date-time', description: 'ISO-8601 UTC', examples: ['2025-03-17T14:30:00Z'] }),
    sender: Type.Enum(SENDERS, { description: 'Who sent it', examples: ['agent'] }),
    content: Type.String({ examples: ['Hello, how can I assist you today?'] }),
    mediaUrl: Type.String({ description: '"" when the message has no media', examples: ['https://example.com/image.jpg'] }),
    status: Type.Enum(MESSAGE_STATUSES, { description: 'Delivery status; only moves forward', examples: ['delivered'] }),
  },
  { $id: 'Message', title: 'Message' },
);
/** A message as the API shows it (and as the domain keeps it). */
export type MessageView = Static<typeof MessageSchema>;

/** The call object: the 14 documented fields in the published order, then the extensions. */
export const CallSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Interaction ID', examples: ['123e4567-e89b-12d3-a456-426614174000'] }),
    status: Type.Enum(CALL_STATUSES, { description: 'Interaction status', examples: ['in-progress'] }),
    agentPhone: Type.String({ description: 'Agent phone number', examples: ['+1234567890'] }),
    agentEmail: Type.String({ description: 'Agent Email', examples: ['agent@example.com'] }),
    customerPhone: Type.String({ description: 'Customer phone number', examples: ['+1234567890'] }),
    customerEmail: Type.String({ description: 'Customer email', examples: ['john@example.com'] }),
    agentId: Type.String({ description: 'Agent ID', examples: ['123e4567-e89b-12d3-a456-426614174000'] }),
    customerId: Type.String({ description: 'Customer ID', examples: ['123e4567-e89b-12d3-a456-426614174000'] }),
    skillId: Type.String({ description: 'Skill ID', examples: ['123e4567-e89b-12d3-a456-426614174000'] }),
    customerName: Type.String({ description: 'Customer name', examples: ['John Doe'] }),
    transcription: Type.String({ description: 'Transcription', examples: ['Hello, how can I help you?'] }),
    recordingUrl: Type.String({ description: 'Recording URL', examples: ['https://example.com/recording.wav'] }),
    messages: Type.Array(Type.Ref('Message'), { description: 'conversation messages, oldest first' }),
    duration: Type.Number({ description: 'Session duration in seconds', examples: [7200] }),
    channel: Type.Enum(CHANNELS, { description: 'Extension: the interaction channel' }),
    direction: Type.Enum(DIRECTIONS, { description: 'Extension: inbound | outbound' }),
    note: Type.String({ description: 'Extension: free-text note' }),
    createdAt: Type.String({ format: 'date-time', description: 'Extension: ISO-8601 UTC' }),
    updatedAt: Type.String({ format: 'date-time', description: 'Extension: ISO-8601 UTC' }),
    startedAt: Type.String({ description: 'Extension: ISO-8601 UTC, "" while unknown' }),
    answeredAt: Type.String({ description: 'Extension: ISO-8601 UTC, "" while unknown' }),
    endedAt: Type.String({ description: 'Extension: ISO-8601 UTC, "" while unknown' }),
  },
  { $id: 'Call', title: 'Call' },
);
/** The call object as clients see it. (The schema refers to Message by id, so its items are typed here.) */
export type CallView = Omit<Static<typeof CallSchema>, 'messages'> & { messages: MessageView[] };

export const PersonOverrideSchema = Type.Object({
  firstName: Type.Optional(ShortText('First name', 200)),
  lastName: Type.Optional(ShortText('Last name', 200)),
  phoneNumber: Type.Optional(Phone('Phone number')),
  email: Type.Optional(Email('Email')),
  language: Type.Optional(ShortText('Language (e.g. en-US)', 35)),
  customFields: Type.Optional(Type.Array(CustomField, { maxItems: 100 })),
});
export type PersonOverride = Static<typeof PersonOverrideSchema>;

export const CreateCallBody = Type.Object(
  {
    agentId: Uuid('Agent handling the interaction'),
    channel: Type.Enum(CHANNELS, { description: 'Interaction channel' }),
    skillId: Uuid('Skill the interaction is routed by'),
    agentOverride: Type.Optional(PersonOverrideSchema),
    customerOverride: Type.Optional(PersonOverrideSchema),
    customerName: Type.Optional(ShortText('Customer name', 400)),
    customerPhone: Type.Optional(Phone('Customer phone number')),
    customerEmail: Type.Optional(Email('Customer email')),
    direction: Type.Optional(Type.Enum(DIRECTIONS, { description: 'Extension: defaults to outbound' })),
    note: Type.Optional(ShortText('Extension: free-text note', 10_000)),
  },
  { title: 'CreateInteractionInput' },
);
export type CreateCallInput = Static<typeof CreateCallBody>;

export const UpdateCallBody = Type.Object(
  {
    note: Type.Optional(ShortText('Free-text note', 10_000)),
    agentId: Type.Optional(Uuid('Reassign to this agent')),
    status: Type.Optional(Type.Enum(CALL_STATUSES, { description: 'New status; a late (backward) move is ignored' })),
    reopen: Type.Optional(Type.Boolean({ description: 'Extension: allow leaving a terminal status' })),
    transcription: Type.Optional(Type.String({ maxLength: 1_000_000, description: 'Explicit transcription' })),
    recordingUrl: Type.Optional(Type.String({ maxLength: 2048, description: 'Recording URL' })),
    startedAt: Type.Optional(DateTime('When the interaction started')),
    answeredAt: Type.Optional(DateTime('When it was answered (talk time starts)')),
    endedAt: Type.Optional(DateTime('When it ended')),
  },
  { title: 'UpdateInteractionInput' },
);
export type UpdateCallInput = Static<typeof UpdateCallBody>;

export const AppendMessageBody = Type.Object(
  {
    sender: Type.Enum(SENDERS, { description: 'agent | customer | system' }),
    content: Type.String({ maxLength: 65_536, description: 'Message text' }),
    sid: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'Provider message id; made when absent' }),
    ),
    timestamp: Type.Optional(DateTime('When the message was sent; now when absent')),
    mediaUrl: Type.Optional(Type.String({ maxLength: 2048 })),
    status: Type.Optional(Type.Enum(MESSAGE_STATUSES)),
  },
  { title: 'AppendMessageInput' },
);
export type AppendMessageInput = Static<typeof AppendMessageBody>;

export const MessageStatusBody = Type.Object({ status: Type.Enum(MESSAGE_STATUSES) }, { title: 'MessageStatusInput' });

export const MessageParams = Type.Object({
  id: Type.String({ description: 'The id of the call' }),
  sid: Type.String({ description: 'The sid of the message' }),
});

const StringList = (description: string) => Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20, description });

export const ListCallsQuery = Type.Object({
  status: Type.Optional(StringList('Status filter; repeat or comma-separate for several')),
  channel: Type.Optional(StringList('Channel filter; repeat or comma-separate for several')),
  hrs: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 876_000, description: 'Only calls created in the last N hours' })),
  dateRange: Type.Optional(Type.String({ maxLength: 200, description: 'JSON {"from": ISO, "to": ISO}' })),
  'dateRange[from]': Type.Optional(Type.String({ maxLength: 64, description: 'Created at or after (ISO-8601)' })),
  'dateRange[to]': Type.Optional(
    Type.String({ maxLength: 64, description: 'Created at or before (ISO-8601; a bare date means through that day)' }),
  ),
  sanitised: Type.Optional(Type.String({ maxLength: 10, description: 'Accepted for compatibility; no effect' })),
  agentId: Type.Optional(Type.String({ maxLength: 64, description: 'Extension: calls of this agent' })),
  customerId: Type.Optional(Type.String({ maxLength: 64, description: 'Extension: calls of this customer' })),
  customerPhone: Type.Optional(
    Type.String({
      maxLength: 32,
      description: 'Extension: a full E.164 number matches exactly; digits alone match anywhere in the number',
    }),
  ),
  q: Type.Optional(
    Type.String({ maxLength: 500, description: 'Extension: full-text search over transcription and messages (every word must appear)' }),
  ),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: `Page size (max ${MAX_PAGE_SIZE})` }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 500, description: "Opaque cursor from the previous page's Link header" })),
});
export type ListCallsQuery = Static<typeof ListCallsQuery>;

/**
 * The list filters as the domain takes them: the query with its two spellings of the date range
 * read into `dateFrom` / `dateTo` (and `sanitised`, which has no effect, left out).
 */
export type ListCallsInput = Omit<ListCallsQuery, 'dateRange' | 'dateRange[from]' | 'dateRange[to]' | 'sanitised'> & {
  dateFrom?: string;
  dateTo?: string;
};
