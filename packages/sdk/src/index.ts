/** @calls-api/sdk: a typed client of the calls-api HTTP API. */
export * from './client.js';
export type { CallEvent, CallEventType, StreamOptions } from './events.js';
export { verifyWebhook, WebhookVerificationError } from './webhooks.js';
export type { VerifyWebhookOptions, WebhookHeaders, WebhookVerificationFailure } from './webhooks.js';
export type { components, operations, paths } from './schema.js';
