/**
 * The event vocabulary and the event envelope (issue 14). One source for the feed, the live
 * stream and webhook deliveries: a delivery's body is the event JSON exactly as stored.
 */
import { Type, type Static } from 'typebox';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './limits.js';

export const CALL_EVENT_TYPES = [
  'call.created',
  'call.updated',
  'call.ended',
  'call.redacted',
  'call.deleted',
  'message.created',
  'message.updated',
] as const;
export type CallEventType = (typeof CALL_EVENT_TYPES)[number];

/** Sent only by `POST /api/v1/webhooks/{id}/test`; never in the feed. */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

export const EventTypeSchema = Type.Union(
  CALL_EVENT_TYPES.map((t) => Type.Literal(t)),
  { description: 'What happened.' },
);

/** `{"id":"evt_…","type":…,"timestamp":ISO,"sequence":N,"data":{…}}` */
export const EventSchema = Type.Object(
  {
    id: Type.String({ description: 'Stable event id (`evt_…`); the `webhook-id` of every delivery of it.' }),
    type: EventTypeSchema,
    timestamp: Type.String({ description: 'When the change happened (ISO 8601, UTC).' }),
    sequence: Type.Integer({ minimum: 1, description: "Per call, strictly increasing over that call's events." }),
    data: Type.Record(Type.String(), Type.Unknown(), {
      description: 'call.*: the call as Get Call answers it at that moment; message.*: {callId, message}; call.deleted: {id} only.',
    }),
  },
  { $id: 'Event', additionalProperties: false },
);
export type CallEvent = Static<typeof EventSchema>;

/** `GET /api/v1/events`: the account's events, oldest first. */
export const ListEventsQuery = Type.Object({
  type: Type.Optional(
    Type.Array(Type.String({ maxLength: 200 }), {
      maxItems: 20,
      description: `Only events of these types (${CALL_EVENT_TYPES.join(', ')}); repeat or comma-separate for several`,
    }),
  ),
  callId: Type.Optional(Type.String({ maxLength: 64, description: "Only this call's events" })),
  after: Type.Optional(
    Type.String({
      maxLength: 64,
      description: "Only events after this event id (the last one seen; the next page's Link header carries it)",
    }),
  ),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: `Page size (max ${MAX_PAGE_SIZE})` }),
  ),
});
export type ListEventsQuery = Static<typeof ListEventsQuery>;

/** `GET /api/v1/events/stream`: follow the account's events as they happen. */
export const EventStreamQuery = Type.Object({
  callId: Type.Optional(Type.String({ maxLength: 64, description: "Only this call's events" })),
});
export type EventStreamQuery = Static<typeof EventStreamQuery>;
