/**
 * Webhook endpoints and their deliveries (issue 14): the bodies the API takes and the shapes it
 * answers. The secret appears only in the answers of create and rotate.
 */
import { Type, type Static } from 'typebox';
import { CALL_EVENT_TYPES } from './events.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './limits.js';

/** Longest endpoint URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Type.Enum (a union built from a mapped array is typed `never` by Static). */
const EventTypeSchema = Type.Enum(CALL_EVENT_TYPES, { description: 'An event type' });

const Url = Type.String({
  minLength: 1,
  maxLength: MAX_WEBHOOK_URL_LENGTH,
  description:
    'Where deliveries are POSTed: an http(s) URL. Loopback, private, link-local, CGNAT, multicast and metadata addresses are refused.',
  examples: ['https://crm.example.com/hooks/calls'],
});
const Events = Type.Array(EventTypeSchema, {
  uniqueItems: true,
  maxItems: 32,
  description: 'The event types delivered; empty or left out: all of them.',
});
const Description = Type.String({ maxLength: 500, description: 'A note for people' });

export const CreateWebhookBody = Type.Object(
  {
    url: Url,
    events: Type.Optional(Events),
    description: Type.Optional(Description),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type CreateWebhookInput = Static<typeof CreateWebhookBody>;

/** PUT replaces what it names; anything left out keeps its value. */
export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(Url),
    events: Type.Optional(Events),
    description: Type.Optional(Description),
    enabled: Type.Optional(Type.Boolean({ description: 'true re-enables an endpoint that was disabled (by you, a 410 or failures)' })),
  },
  { additionalProperties: false },
);
export type UpdateWebhookInput = Static<typeof UpdateWebhookBody>;

export const WEBHOOK_DISABLED_REASONS = ['disabled', 'gone', 'failing'] as const;
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number];

export const WebhookSchema = Type.Object(
  {
    id: Type.String({ description: 'The endpoint id (`wh_…`)' }),
    url: Type.String(),
    events: Type.Array(EventTypeSchema, { description: 'Delivered event types; [] means all' }),
    description: Type.String(),
    enabled: Type.Boolean(),
    disabledReason: Type.Union([Type.Enum(WEBHOOK_DISABLED_REASONS), Type.Null()], {
      description:
        'Why the endpoint is not enabled: `disabled` (by a client), `gone` (it answered 410), `failing` (every attempt failed for WEBHOOK_DISABLE_AFTER); null when enabled',
    }),
    disabledAt: Type.Union([Type.String(), Type.Null()], { description: 'Since when it is disabled (ISO 8601), null when enabled' }),
    failingSince: Type.Union([Type.String(), Type.Null()], {
      description: 'When the current run of failed attempts began, null when healthy',
    }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Webhook', title: 'Webhook' },
);
export type WebhookView = Static<typeof WebhookSchema>;

export const WebhookWithSecretSchema = Type.Object(
  {
    ...WebhookSchema.properties,
    secret: Type.String({
      description: 'The signing secret (`whsec_` + base64 of 32 bytes). Answered on create and rotate only: keep it.',
    }),
  },
  { $id: 'WebhookWithSecret', title: 'WebhookWithSecret' },
);
export type WebhookWithSecretView = Static<typeof WebhookWithSecretSchema>;

export const WebhookListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'From the previous page’s Link header' })),
});
export type WebhookListQuery = Static<typeof WebhookListQuery>;

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
const DeliveryStatusSchema = Type.Enum(DELIVERY_STATUSES, {
  description: 'pending: not yet delivered (retries scheduled); succeeded: a 2xx; failed: given up (recover resends it)',
});

export const DeliveryListQuery = Type.Object({
  status: Type.Optional(DeliveryStatusSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'From the previous page’s Link header' })),
});
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;

export const DeliverySchema = Type.Object(
  {
    id: Type.String({ description: 'The delivery id (`dlv_…`)' }),
    eventId: Type.String({ description: 'The event id: the `webhook-id` header of every attempt' }),
    eventType: Type.String(),
    callId: Type.String({ description: 'The call the event is about; "" for webhook.test' }),
    sequence: Type.Integer({ description: "The event's per-call sequence; 0 for webhook.test" }),
    status: DeliveryStatusSchema,
    attempts: Type.Integer({ description: 'Attempts made so far' }),
    lastStatus: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status of the last attempt; null when none answered' }),
    lastError: Type.Union([Type.String(), Type.Null()], { description: 'Why the last attempt failed, null after a success' }),
    lastDurationMs: Type.Union([Type.Integer(), Type.Null()]),
    nextAttemptAt: Type.Union([Type.String(), Type.Null()], { description: 'When the next attempt is due; null unless pending' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'WebhookDelivery', title: 'WebhookDelivery' },
);
export type DeliveryView = Static<typeof DeliverySchema>;

export const RecoverBody = Type.Object(
  { since: Type.String({ format: 'date-time', description: 'Resend every failed delivery created at or after this instant' }) },
  { additionalProperties: false },
);
export type RecoverInput = Static<typeof RecoverBody>;

export const RecoverResult = Type.Object({ requeued: Type.Integer({ description: 'Failed deliveries put back in the queue' }) });

export const TestDeliveryResult = Type.Object({
  deliveryId: Type.String(),
  eventId: Type.String({ description: 'The `webhook-id` of the test delivery' }),
});
