/**
 * The event vocabulary and the event envelope (issue 14). One source for the feed, the live
 * stream and webhook deliveries: a delivery's body is the event JSON exactly as stored.
 */
import { Type, type Static } from 'typebox';

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
