/**
 * The API's types, generated from its OpenAPI document by scripts/generate-sdk.ts (openapi-typescript).
 * Do not edit: run `npm run generate:sdk`.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness and store check (no auth)
         * @description Answers 200 when the process serves and its store answers; 503 while it shuts down or the store is unavailable.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Call
         * @description Returns the call: status, agent and customer, transcription, recording, messages and duration. The answer carries an `ETag`; with `If-None-Match` naming it, an unchanged call answers `304` with no body.
         */
        get: operations["getCall"];
        /**
         * Update Call
         * @description Updates note, agent, status (a backward move is ignored unless `reopen` is true), transcription, recording and lifecycle times.
         */
        put: operations["updateCall"];
        post?: never;
        /**
         * Delete Call
         * @description Erases the call for good: its record, its messages, its full-text index entry and any idempotency replay of its creation. Answers 204; a later GET is a 404.
         */
        delete: operations["deleteCall"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Calls
         * @description Calls newest first. The next page is announced by a `Link: <…>; rel="next"` header (and `X-Next-Cursor`), absent on the last page. The page carries an `ETag` (`If-None-Match` → `304` while it is unchanged).
         */
        get: operations["listCalls"];
        put?: never;
        /**
         * Create Call
         * @description Creates an interaction with status `queued`. The customer is found by phone, then email, else created. With an `Idempotency-Key` header the first answer is replayed for 24 h; the same key with another body is a 422.
         */
        post: operations["createCall"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Append Message
         * @description Appends a message to the call's thread. A sid already on the call is a 409.
         */
        post: operations["appendMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/messages/{sid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update Message Status
         * @description Moves the message status forward; a backward move is ignored and answers the unchanged message.
         */
        patch: operations["updateMessageStatus"];
        trace?: never;
    };
    "/api/v1/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Customer */
        get: operations["getCustomer"];
        /** Update Customer */
        put: operations["updateCustomer"];
        post?: never;
        /**
         * Delete Customer
         * @description Erases a person: the customer (name, phone, email, custom fields) and every call of theirs with its messages, transcription, recording URL, full-text index entries and idempotency replays, in one transaction. Calls being created or appended to for this customer at the same moment wait for it and then find nothing. Answers 204; a later GET of the customer or of any of their calls is a 404. docs/reliability.md says what remains and for how long.
         */
        delete: operations["deleteCustomer"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/redact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redact Call
         * @description Blanks the transcription, the recording URL and every message's content and media URL, and drops the call from full-text search. The bare record stays: status, times, duration, agent, customer, message sids and statuses.
         */
        post: operations["redactCall"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Retention Period */
        get: operations["getRetention"];
        /**
         * Set Retention Period
         * @description Sets how many days the account keeps its calls (null: forever). A background task erases older calls, in small batches, within a minute or so (RETENTION_INTERVAL_MS).
         */
        put: operations["setRetention"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Agents
         * @description Agents by page. The next page is announced by a `Link: <…>; rel="next"` header, absent on the last page.
         */
        get: operations["listAgents"];
        put?: never;
        /** Create Agent */
        post: operations["createAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Agent */
        get: operations["getAgent"];
        /** Update Agent */
        put: operations["updateAgent"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/skills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Skills
         * @description Skills by page. The next page is announced by a `Link: <…>; rel="next"` header, absent on the last page.
         */
        get: operations["listSkills"];
        put?: never;
        /** Create Skill */
        post: operations["createSkill"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/skills/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Skill */
        get: operations["getSkill"];
        /** Update Skill */
        put: operations["updateSkill"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Customers
         * @description Customers by page. The next page is announced by a `Link: <…>; rel="next"` header, absent on the last page.
         */
        get: operations["listCustomers"];
        put?: never;
        /** Create Customer */
        post: operations["createCustomer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/twilio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Twilio settings
         * @description Whether Twilio is configured and with which Account SID. The auth token is never answered.
         */
        get: operations["getTwilioSettings"];
        /**
         * Set Twilio settings
         * @description Stores the Twilio Account SID and auth token (encrypted with the server's SECRETS_KEY; 503 SECRETS_KEY_MISSING when it has none). An Account SID already configured for another account is a 409.
         */
        put: operations["setTwilioSettings"];
        post?: never;
        /**
         * Remove Twilio settings
         * @description Forgets the credentials; webhooks for this Twilio account are refused from then on.
         */
        delete: operations["deleteTwilioSettings"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Webhook Endpoints
         * @description In creation order; the next page is announced by `Link: <…>; rel="next"` (and `X-Next-Cursor`).
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Create Webhook Endpoint
         * @description Registers a URL to receive signed event deliveries (Standard Webhooks). The answer carries the signing `secret`, shown only here and on rotate. A URL resolving to a loopback, private, link-local, CGNAT, multicast or metadata address is a 400 WEBHOOK_URL_REFUSED naming why; 503 SECRETS_KEY_MISSING when the server has no SECRETS_KEY to seal the secret with.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Webhook Endpoint
         * @description The endpoint without its secret; a disabled one says why (`disabledReason`) and since when (`disabledAt`).
         */
        get: operations["getWebhook"];
        /**
         * Update Webhook Endpoint
         * @description Changes the fields given. `enabled: true` re-enables a disabled endpoint: events from then on are delivered (the feed has the ones in between).
         */
        put: operations["updateWebhook"];
        post?: never;
        /**
         * Delete Webhook Endpoint
         * @description Removes the endpoint and its pending and past deliveries.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/secret/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate Webhook Secret
         * @description Answers a new secret. For 24 hours deliveries carry two signatures, one with each secret, so receivers can switch without losing any.
         */
        post: operations["postWebhooksSecretRotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Webhook Deliveries
         * @description Newest first, cursor-paged (`Link: rel="next"`), optionally only `pending`, `succeeded` or `failed` ones.
         */
        get: operations["getWebhooksDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recover Failed Deliveries
         * @description Puts every failed delivery created at or after `since` back in the queue, with a fresh retry schedule.
         */
        post: operations["postWebhooksRecover"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send Test Event
         * @description Queues a `webhook.test` event (`data: {webhookId}`) for the endpoint, signed like any other delivery.
         */
        post: operations["postWebhooksTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Events
         * @description The account's events oldest first, kept EVENT_RETENTION_DAYS (30 by default). The next page is announced by a `Link: <…>; rel="next"` header, absent when there are no more events yet; a consumer catches up with `after` = the last id it saw. An `after` that names no event of the log (unknown, or purged) is a 400.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Event Stream
         * @description Server-Sent Events: each of the account's events as it happens (`id:` the event id, `event:` its type, `data:` the event JSON), a `: heartbeat` comment every EVENT_STREAM_HEARTBEAT_MS (15 s by default). `Last-Event-ID` resumes after that event (a 400 when the log has no such event); `callId` follows one call.
         */
        get: operations["getEventsStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/twilio/voice/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio voice status callback
         * @description Paste as the number's "Call status changes" URL (or a call's StatusCallback). Creates the call on first sight, then moves its status and lifecycle times.
         */
        post: operations["twilioVoiceStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/twilio/voice/recording": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio recording status callback
         * @description Use as recordingStatusCallback: a completed recording's URL becomes the call's recordingUrl.
         */
        post: operations["twilioRecordingStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/twilio/messaging/incoming": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio incoming message (SMS / WhatsApp)
         * @description Paste as the number's "A message comes in" URL: appends a customer message to the open thread, or opens one.
         */
        post: operations["twilioIncomingMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/twilio/messaging/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio message status callback
         * @description Moves the message's status forward (never back).
         */
        post: operations["twilioMessageStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Error */
        ErrorBody: {
            /** @example 404 */
            statusCode: number;
            /** @example Not Found */
            error: string;
            /**
             * @description Stable machine-readable error code (the catalogue: the README's Errors section)
             * @example CALL_NOT_FOUND
             * @enum {unknown}
             */
            code: "VALIDATION_ERROR" | "INVALID_JSON" | "UNKNOWN_AGENT" | "UNKNOWN_SKILL" | "UNKNOWN_CUSTOMER" | "INVALID_PHONE" | "INVALID_CURSOR" | "BAD_REQUEST" | "WEBHOOK_URL_REFUSED" | "UNAUTHORIZED" | "FORBIDDEN" | "INVALID_SIGNATURE" | "CALL_NOT_FOUND" | "MESSAGE_NOT_FOUND" | "AGENT_NOT_FOUND" | "SKILL_NOT_FOUND" | "CUSTOMER_NOT_FOUND" | "WEBHOOK_NOT_FOUND" | "ROUTE_NOT_FOUND" | "METHOD_NOT_ALLOWED" | "REQUEST_TIMEOUT" | "MESSAGE_SID_CONFLICT" | "IDEMPOTENCY_KEY_IN_USE" | "TWILIO_ACCOUNT_IN_USE" | "PROVIDER_SID_CONFLICT" | "TWILIO_NOT_CONFIGURED" | "PAYLOAD_TOO_LARGE" | "URI_TOO_LONG" | "UNSUPPORTED_MEDIA_TYPE" | "IDEMPOTENCY_KEY_REUSED" | "LIMIT_EXCEEDED" | "RATE_LIMITED" | "HEADERS_TOO_LARGE" | "INTERNAL_ERROR" | "STORE_UNAVAILABLE" | "SECRETS_KEY_MISSING" | "SHUTTING_DOWN";
            /** @example Call not found */
            message: string;
            /**
             * @description The answer's X-Request-Id: quote it when reporting a problem
             * @example 6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10
             */
            requestId: string;
        };
        /** Message */
        Message: {
            /**
             * @description Message id (Twilio SM…/MM…, or one the service makes in that shape)
             * @example SM1234567890abcdef
             */
            sid: string;
            /**
             * Format: date-time
             * @description ISO-8601 UTC
             * @example 2025-03-17T14:30:00Z
             */
            timestamp: string;
            /**
             * @description Who sent it
             * @example agent
             * @enum {unknown}
             */
            sender: "agent" | "customer" | "system";
            /** @example Hello, how can I assist you today? */
            content: string;
            /**
             * @description "" when the message has no media
             * @example https://example.com/image.jpg
             */
            mediaUrl: string;
            /**
             * @description Delivery status; only moves forward
             * @example delivered
             * @enum {unknown}
             */
            status: "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "read" | "received";
        };
        /** Call */
        Call: {
            /**
             * Format: uuid
             * @description Interaction ID
             * @example 123e4567-e89b-12d3-a456-426614174000
             */
            id: string;
            /**
             * @description Interaction status
             * @example in-progress
             * @enum {unknown}
             */
            status: "queued" | "ringing" | "in-progress" | "answer" | "ongoing" | "pending" | "processing" | "open" | "stalled" | "completed" | "failed" | "busy" | "no-answer" | "canceled" | "voicemail" | "close" | "closed" | "resolved" | "expired";
            /**
             * @description Agent phone number
             * @example +1234567890
             */
            agentPhone: string;
            /**
             * @description Agent Email
             * @example agent@example.com
             */
            agentEmail: string;
            /**
             * @description Customer phone number
             * @example +1234567890
             */
            customerPhone: string;
            /**
             * @description Customer email
             * @example john@example.com
             */
            customerEmail: string;
            /**
             * @description Agent ID
             * @example 123e4567-e89b-12d3-a456-426614174000
             */
            agentId: string;
            /**
             * @description Customer ID
             * @example 123e4567-e89b-12d3-a456-426614174000
             */
            customerId: string;
            /**
             * @description Skill ID
             * @example 123e4567-e89b-12d3-a456-426614174000
             */
            skillId: string;
            /**
             * @description Customer name
             * @example John Doe
             */
            customerName: string;
            /**
             * @description Transcription
             * @example Hello, how can I help you?
             */
            transcription: string;
            /**
             * @description Recording URL
             * @example https://example.com/recording.wav
             */
            recordingUrl: string;
            /** @description conversation messages, oldest first */
            messages: components["schemas"]["Message"][];
            /**
             * @description Session duration in seconds
             * @example 7200
             */
            duration: number;
            /**
             * @description Extension: the interaction channel
             * @enum {unknown}
             */
            channel: "call" | "sms" | "whatsapp" | "email" | "webchat";
            /**
             * @description Extension: inbound | outbound
             * @enum {unknown}
             */
            direction: "inbound" | "outbound";
            /** @description Extension: free-text note */
            note: string;
            /**
             * Format: date-time
             * @description Extension: ISO-8601 UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Extension: ISO-8601 UTC
             */
            updatedAt: string;
            /** @description Extension: ISO-8601 UTC, "" while unknown */
            startedAt: string;
            /** @description Extension: ISO-8601 UTC, "" while unknown */
            answeredAt: string;
            /** @description Extension: ISO-8601 UTC, "" while unknown */
            endedAt: string;
        };
        /** Agent */
        Agent: {
            /** Format: uuid */
            id: string;
            name: string;
            lastname: string;
            email: string;
            phone: string;
            /** @enum {unknown} */
            agentType: "AI" | "human";
            language: string;
            /**
             * Format: date-time
             * @description ISO-8601 UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO-8601 UTC
             */
            updatedAt: string;
        } & {
            [key: string]: unknown;
        };
        /** Skill */
        Skill: {
            /** Format: uuid */
            id: string;
            name: string;
            description: string;
            language: string;
            active: boolean;
            /**
             * Format: date-time
             * @description ISO-8601 UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO-8601 UTC
             */
            updatedAt: string;
        };
        /** Customer */
        Customer: {
            /** Format: uuid */
            id: string;
            name: string;
            firstName: string;
            lastName: string;
            phone: string;
            email: string;
            language: string;
            customFields: {
                /** @description Field name */
                name: string;
                value: string | number | boolean;
            }[];
            /**
             * Format: date-time
             * @description ISO-8601 UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO-8601 UTC
             */
            updatedAt: string;
        };
        /** TwilioSettings */
        TwilioSettings: {
            /** @description Whether Twilio credentials are stored for this account */
            configured: boolean;
            /**
             * @description The Twilio Account SID, "" when not configured
             * @example AC0123456789abcdef0123456789abcdef
             */
            accountSid: string;
            /** @description ISO-8601 UTC, "" when not configured */
            updatedAt: string;
        };
        /** Webhook */
        Webhook: {
            /** @description The endpoint id (`wh_…`) */
            id: string;
            url: string;
            /** @description Delivered event types; [] means all */
            events: ("call.created" | "call.updated" | "call.ended" | "call.redacted" | "call.deleted" | "message.created" | "message.updated")[];
            description: string;
            enabled: boolean;
            /** @description Why the endpoint is not enabled: `disabled` (by a client), `gone` (it answered 410), `failing` (every attempt failed for WEBHOOK_DISABLE_AFTER); null when enabled */
            disabledReason: ("disabled" | "gone" | "failing") | null;
            /** @description Since when it is disabled (ISO 8601), null when enabled */
            disabledAt: string | null;
            /** @description When the current run of failed attempts began, null when healthy */
            failingSince: string | null;
            createdAt: string;
            updatedAt: string;
        };
        /** WebhookWithSecret */
        WebhookWithSecret: {
            /** @description The endpoint id (`wh_…`) */
            id: string;
            url: string;
            /** @description Delivered event types; [] means all */
            events: ("call.created" | "call.updated" | "call.ended" | "call.redacted" | "call.deleted" | "message.created" | "message.updated")[];
            description: string;
            enabled: boolean;
            /** @description Why the endpoint is not enabled: `disabled` (by a client), `gone` (it answered 410), `failing` (every attempt failed for WEBHOOK_DISABLE_AFTER); null when enabled */
            disabledReason: ("disabled" | "gone" | "failing") | null;
            /** @description Since when it is disabled (ISO 8601), null when enabled */
            disabledAt: string | null;
            /** @description When the current run of failed attempts began, null when healthy */
            failingSince: string | null;
            createdAt: string;
            updatedAt: string;
            /** @description The signing secret (`whsec_` + base64 of 32 bytes). Answered on create and rotate only: keep it. */
            secret: string;
        };
        /** WebhookDelivery */
        WebhookDelivery: {
            /** @description The delivery id (`dlv_…`) */
            id: string;
            /** @description The event id: the `webhook-id` header of every attempt */
            eventId: string;
            eventType: string;
            /** @description The call the event is about; "" for webhook.test */
            callId: string;
            /** @description The event's per-call sequence; 0 for webhook.test */
            sequence: number;
            /**
             * @description pending: not yet delivered (retries scheduled); succeeded: a 2xx; failed: given up (recover resends it)
             * @enum {unknown}
             */
            status: "pending" | "succeeded" | "failed";
            /** @description Attempts made so far */
            attempts: number;
            /** @description HTTP status of the last attempt; null when none answered */
            lastStatus: number | null;
            /** @description Why the last attempt failed, null after a success */
            lastError: string | null;
            lastDurationMs: number | null;
            /** @description When the next attempt is due; null unless pending */
            nextAttemptAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        Event: {
            /** @description Stable event id (`evt_…`); the `webhook-id` of every delivery of it. */
            id: string;
            /** @description What happened. */
            type: "call.created" | "call.updated" | "call.ended" | "call.redacted" | "call.deleted" | "message.created" | "message.updated";
            /** @description When the change happened (ISO 8601, UTC). */
            timestamp: string;
            /** @description Per call, strictly increasing over that call's events. */
            sequence: number;
            /** @description call.*: the call as Get Call answers it at that moment; message.*: {callId, message}; call.deleted: {id} only. */
            data: {
                [key: string]: unknown;
            };
        };
        /** Health */
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        /** UpdateInteractionInput */
        UpdateInteractionInput: {
            /** @description Free-text note */
            note?: string;
            /**
             * Format: uuid
             * @description Reassign to this agent
             * @example 123e4567-e89b-12d3-a456-426614174000
             */
            agentId?: string;
            /**
             * @description New status; a late (backward) move is ignored
             * @enum {unknown}
             */
            status?: "queued" | "ringing" | "in-progress" | "answer" | "ongoing" | "pending" | "processing" | "open" | "stalled" | "completed" | "failed" | "busy" | "no-answer" | "canceled" | "voicemail" | "close" | "closed" | "resolved" | "expired";
            /** @description Extension: allow leaving a terminal status */
            reopen?: boolean;
            /** @description Explicit transcription */
            transcription?: string;
            /** @description Recording URL */
            recordingUrl?: string;
            /**
             * Format: date-time
             * @description When the interaction started
             */
            startedAt?: string;
            /**
             * Format: date-time
             * @description When it was answered (talk time starts)
             */
            answeredAt?: string;
            /**
             * Format: date-time
             * @description When it ended
             */
            endedAt?: string;
        };
        /** CreateInteractionInput */
        CreateInteractionInput: {
            /**
             * Format: uuid
             * @description Agent handling the interaction
             * @example 123e4567-e89b-12d3-a456-426614174000
             */
            agentId: string;
            /**
             * @description Interaction channel
             * @enum {unknown}
             */
            channel: "call" | "sms" | "whatsapp" | "email" | "webchat";
            /**
             * Format: uuid
             * @description Skill the interaction is routed by
             * @example 123e4567-e89b-12d3-a456-426614174000
             */
            skillId: string;
            agentOverride?: {
                /** @description First name */
                firstName?: string;
                /** @description Last name */
                lastName?: string;
                /** @description Phone number (E.164, e.g. +14155550123) */
                phoneNumber?: string;
                /**
                 * Format: email
                 * @description Email
                 */
                email?: string;
                /** @description Language (e.g. en-US) */
                language?: string;
                customFields?: {
                    /** @description Field name */
                    name: string;
                    value: string | number | boolean;
                }[];
            };
            customerOverride?: {
                /** @description First name */
                firstName?: string;
                /** @description Last name */
                lastName?: string;
                /** @description Phone number (E.164, e.g. +14155550123) */
                phoneNumber?: string;
                /**
                 * Format: email
                 * @description Email
                 */
                email?: string;
                /** @description Language (e.g. en-US) */
                language?: string;
                customFields?: {
                    /** @description Field name */
                    name: string;
                    value: string | number | boolean;
                }[];
            };
            /** @description Customer name */
            customerName?: string;
            /** @description Customer phone number (E.164, e.g. +14155550123) */
            customerPhone?: string;
            /**
             * Format: email
             * @description Customer email
             */
            customerEmail?: string;
            /**
             * @description Extension: defaults to outbound
             * @enum {unknown}
             */
            direction?: "inbound" | "outbound";
            /** @description Extension: free-text note */
            note?: string;
        };
        /** AppendMessageInput */
        AppendMessageInput: {
            /**
             * @description agent | customer | system
             * @enum {unknown}
             */
            sender: "agent" | "customer" | "system";
            /** @description Message text */
            content: string;
            /** @description Provider message id; made when absent */
            sid?: string;
            /**
             * Format: date-time
             * @description When the message was sent; now when absent
             */
            timestamp?: string;
            mediaUrl?: string;
            /** @enum {unknown} */
            status?: "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "read" | "received";
        };
        /** MessageStatusInput */
        MessageStatusInput: {
            /** @enum {unknown} */
            status: "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "read" | "received";
        };
        /** CustomerInput */
        CustomerInput: {
            /** @description Display name */
            name?: string;
            /** @description First name */
            firstName?: string;
            /** @description Last name */
            lastName?: string;
            /** @description Phone number (E.164, e.g. +14155550123) */
            phone?: string;
            /**
             * Format: email
             * @description Email
             */
            email?: string;
            /** @description Language */
            language?: string;
            customFields?: {
                /** @description Field name */
                name: string;
                value: string | number | boolean;
            }[];
        };
        /** Retention */
        Retention: {
            /**
             * @description Calls created more than this many days ago are erased in the background; null keeps them forever
             * @example 365
             */
            days: number | null;
        };
        /** AgentInput */
        AgentInput: {
            /** @description First name */
            name?: string;
            /** @description Last name */
            lastname?: string;
            /**
             * Format: email
             * @description Email
             */
            email?: string;
            /** @description Phone number (E.164, e.g. +14155550123) */
            phone?: string;
            /**
             * @description AI | human
             * @enum {unknown}
             */
            agentType?: "AI" | "human";
            /** @description Language (e.g. en-US) */
            language?: string;
        } & {
            [key: string]: unknown;
        };
        /** SkillInput */
        SkillInput: {
            /** @description Skill name */
            name?: string;
            /** @description Description */
            description?: string;
            /** @description Language */
            language?: string;
            active?: boolean;
        };
        /** TwilioSettingsInput */
        TwilioSettingsInput: {
            /** @description Twilio Account SID (AC + 32 hex) */
            accountSid: string;
            /** @description Twilio auth token; stored encrypted, never answered */
            authToken: string;
        };
        /** TwilioVoiceStatus */
        TwilioVoiceStatus: {
            /** @description Names the calls-api account (its Twilio settings) */
            AccountSid: string;
            /** @description A Twilio CallSid (CA + 32 hex) */
            CallSid: string;
            /** @enum {unknown} */
            CallStatus: "queued" | "initiated" | "ringing" | "in-progress" | "answered" | "completed" | "busy" | "failed" | "no-answer" | "canceled";
            /** @description Talk time in seconds, once the call has ended */
            CallDuration?: string;
            /** @description When it happened (RFC 2822) */
            Timestamp?: string;
            Direction?: string;
            /** @description Caller */
            From?: string;
            /** @description Called number */
            To?: string;
        } & {
            [key: string]: string | string[];
        };
        /** TwilioRecordingStatus */
        TwilioRecordingStatus: {
            /** @description Names the calls-api account (its Twilio settings) */
            AccountSid: string;
            /** @description A Twilio CallSid (CA + 32 hex) */
            CallSid?: string;
            RecordingStatus?: string;
            /** @description Where the recording can be fetched */
            RecordingUrl?: string;
        } & {
            [key: string]: string | string[];
        };
        /** TwilioIncomingMessage */
        TwilioIncomingMessage: {
            /** @description Names the calls-api account (its Twilio settings) */
            AccountSid: string;
            /** @description A Twilio message sid (SM/MM + 32 hex) */
            MessageSid: string;
            /** @description The customer (E.164, or whatsapp:+…) */
            From: string;
            /** @description Our number (whatsapp:+… for WhatsApp) */
            To?: string;
            Body?: string;
            /** @description How many media files came with it */
            NumMedia?: string;
            /** @description The first media file */
            MediaUrl0?: string;
        } & {
            [key: string]: string | string[];
        };
        /** TwilioMessageStatus */
        TwilioMessageStatus: {
            /** @description Names the calls-api account (its Twilio settings) */
            AccountSid: string;
            /** @description A Twilio message sid (SM/MM + 32 hex) */
            MessageSid: string;
            /** @enum {unknown} */
            MessageStatus: "accepted" | "scheduled" | "queued" | "sending" | "sent" | "delivered" | "partially_delivered" | "undelivered" | "failed" | "canceled" | "read" | "receiving" | "received";
        } & {
            [key: string]: string | string[];
        };
    };
    responses: {
        /** @description Bad Request; `code` is one of `VALIDATION_ERROR`, `INVALID_JSON`, `UNKNOWN_AGENT`, `UNKNOWN_SKILL`, `UNKNOWN_CUSTOMER`, `INVALID_PHONE`, `INVALID_CURSOR`, `BAD_REQUEST`, `WEBHOOK_URL_REFUSED` */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 400,
                 *       "error": "Bad Request",
                 *       "code": "VALIDATION_ERROR",
                 *       "message": "body.channel must be one of: call, sms, whatsapp, email, webchat",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "VALIDATION_ERROR" | "INVALID_JSON" | "UNKNOWN_AGENT" | "UNKNOWN_SKILL" | "UNKNOWN_CUSTOMER" | "INVALID_PHONE" | "INVALID_CURSOR" | "BAD_REQUEST" | "WEBHOOK_URL_REFUSED";
                };
            };
        };
        /** @description Conflict; `code` is one of `MESSAGE_SID_CONFLICT`, `IDEMPOTENCY_KEY_IN_USE`, `TWILIO_ACCOUNT_IN_USE`, `PROVIDER_SID_CONFLICT` */
        Conflict: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 409,
                 *       "error": "Conflict",
                 *       "code": "MESSAGE_SID_CONFLICT",
                 *       "message": "Conflict",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "MESSAGE_SID_CONFLICT" | "IDEMPOTENCY_KEY_IN_USE" | "TWILIO_ACCOUNT_IN_USE" | "PROVIDER_SID_CONFLICT";
                };
            };
        };
        /** @description Forbidden; `code` is one of `FORBIDDEN`, `INVALID_SIGNATURE` */
        Forbidden: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 403,
                 *       "error": "Forbidden",
                 *       "code": "FORBIDDEN",
                 *       "message": "Forbidden",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "FORBIDDEN" | "INVALID_SIGNATURE";
                };
            };
        };
        /** @description Internal Server Error; `code` is one of `INTERNAL_ERROR` */
        InternalServerError: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 500,
                 *       "error": "Internal Server Error",
                 *       "code": "INTERNAL_ERROR",
                 *       "message": "Internal server error",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "INTERNAL_ERROR";
                };
            };
        };
        /** @description Not Found; `code` is one of `CALL_NOT_FOUND`, `MESSAGE_NOT_FOUND`, `AGENT_NOT_FOUND`, `SKILL_NOT_FOUND`, `CUSTOMER_NOT_FOUND`, `WEBHOOK_NOT_FOUND`, `ROUTE_NOT_FOUND`, `TWILIO_NOT_CONFIGURED` */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 404,
                 *       "error": "Not Found",
                 *       "code": "CALL_NOT_FOUND",
                 *       "message": "Call not found",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "CALL_NOT_FOUND" | "MESSAGE_NOT_FOUND" | "AGENT_NOT_FOUND" | "SKILL_NOT_FOUND" | "CUSTOMER_NOT_FOUND" | "WEBHOOK_NOT_FOUND" | "ROUTE_NOT_FOUND" | "TWILIO_NOT_CONFIGURED";
                };
            };
        };
        /** @description Payload Too Large; `code` is one of `PAYLOAD_TOO_LARGE` */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 413,
                 *       "error": "Payload Too Large",
                 *       "code": "PAYLOAD_TOO_LARGE",
                 *       "message": "Payload Too Large",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "PAYLOAD_TOO_LARGE";
                };
            };
        };
        /** @description Request Header Fields Too Large; `code` is one of `HEADERS_TOO_LARGE` */
        RequestHeaderFieldsTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 431,
                 *       "error": "Request Header Fields Too Large",
                 *       "code": "HEADERS_TOO_LARGE",
                 *       "message": "Request Header Fields Too Large",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "HEADERS_TOO_LARGE";
                };
            };
        };
        /** @description Service Unavailable; `code` is one of `STORE_UNAVAILABLE`, `SECRETS_KEY_MISSING`, `SHUTTING_DOWN` */
        ServiceUnavailable: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 503,
                 *       "error": "Service Unavailable",
                 *       "code": "STORE_UNAVAILABLE",
                 *       "message": "The data store is unavailable; retry shortly",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "STORE_UNAVAILABLE" | "SECRETS_KEY_MISSING" | "SHUTTING_DOWN";
                };
            };
        };
        /** @description Too Many Requests; `code` is one of `RATE_LIMITED` */
        TooManyRequests: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Retry-After": components["headers"]["Retry-After"];
                "X-RateLimit-Limit": components["headers"]["X-RateLimit-Limit"];
                "X-RateLimit-Remaining": components["headers"]["X-RateLimit-Remaining"];
                "X-RateLimit-Reset": components["headers"]["X-RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 429,
                 *       "error": "Too Many Requests",
                 *       "code": "RATE_LIMITED",
                 *       "message": "Rate limit of 600 requests a minute exceeded; retry in 1 second",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "RATE_LIMITED";
                };
            };
        };
        /** @description Unauthorized; `code` is one of `UNAUTHORIZED` */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 401,
                 *       "error": "Unauthorized",
                 *       "code": "UNAUTHORIZED",
                 *       "message": "Missing or invalid credentials",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "UNAUTHORIZED";
                };
            };
        };
        /** @description Unprocessable Entity; `code` is one of `IDEMPOTENCY_KEY_REUSED`, `LIMIT_EXCEEDED` */
        UnprocessableEntity: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 422,
                 *       "error": "Unprocessable Entity",
                 *       "code": "IDEMPOTENCY_KEY_REUSED",
                 *       "message": "Unprocessable Entity",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "IDEMPOTENCY_KEY_REUSED" | "LIMIT_EXCEEDED";
                };
            };
        };
        /** @description Unsupported Media Type; `code` is one of `UNSUPPORTED_MEDIA_TYPE` */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 415,
                 *       "error": "Unsupported Media Type",
                 *       "code": "UNSUPPORTED_MEDIA_TYPE",
                 *       "message": "Unsupported Media Type",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "UNSUPPORTED_MEDIA_TYPE";
                };
            };
        };
        /** @description URI Too Long; `code` is one of `URI_TOO_LONG` */
        URITooLong: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "statusCode": 414,
                 *       "error": "URI Too Long",
                 *       "code": "URI_TOO_LONG",
                 *       "message": "URI Too Long",
                 *       "requestId": "6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorBody"] & {
                    /** @enum {unknown} */
                    code?: "URI_TOO_LONG";
                };
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description The request id (the one sent, else one the server made); error bodies repeat it */
        "X-Request-Id": string;
        /** @description The next page: `<url>; rel="next"`. Absent on the last page. */
        Link: string;
        /** @description The cursor of the next page (as in the Link header); absent on the last page */
        "X-Next-Cursor": string;
        /** @description `true` when the answer is the replay of an earlier request with this Idempotency-Key */
        "Idempotent-Replayed": "true";
        /** @description Strong entity tag of the representation; send it back in If-None-Match */
        ETag: string;
        /** @description Seconds to wait before retrying */
        "Retry-After": number;
        /** @description The authentication scheme */
        "WWW-Authenticate": string;
        /** @description Requests allowed per minute for this key */
        "X-RateLimit-Limit": number;
        /** @description Requests left in the current minute */
        "X-RateLimit-Remaining": number;
        /** @description Seconds until the window resets */
        "X-RateLimit-Reset": number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the Health */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            414: components["responses"]["URITooLong"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getCall: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier answer: a 304 with no body when it is still current */
                "If-None-Match"?: string;
            };
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the Call */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Call"];
                };
            };
            /** @description Not Modified: If-None-Match names the current ETag; no body */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateCall: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateInteractionInput"];
            };
        };
        responses: {
            /** @description OK: the Call */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Call"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteCall: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Erased */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listCalls: {
        parameters: {
            query?: {
                /** @description Status filter; repeat or comma-separate for several */
                status?: string[];
                /** @description Channel filter; repeat or comma-separate for several */
                channel?: string[];
                /** @description Only calls created in the last N hours */
                hrs?: number;
                /** @description JSON {"from": ISO, "to": ISO} */
                dateRange?: string;
                /** @description Created at or after (ISO-8601) */
                "dateRange[from]"?: string;
                /** @description Created at or before (ISO-8601; a bare date means through that day) */
                "dateRange[to]"?: string;
                /** @description Accepted for compatibility; no effect */
                sanitised?: string;
                /** @description Extension: calls of this agent */
                agentId?: string;
                /** @description Extension: calls of this customer */
                customerId?: string;
                /** @description Extension: a full E.164 number matches exactly; digits alone match anywhere in the number */
                customerPhone?: string;
                /** @description Extension: full-text search over transcription and messages (every word must appear) */
                q?: string;
                /** @description Page size (max 500) */
                limit?: number;
                /** @description Opaque cursor from the previous page's Link header */
                cursor?: string;
            };
            header?: {
                /** @description An ETag from an earlier answer: a 304 with no body when it is still current */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of Call objects */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Link: components["headers"]["Link"];
                    "X-Next-Cursor": components["headers"]["X-Next-Cursor"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Call"][];
                };
            };
            /** @description Not Modified: If-None-Match names the current ETag; no body */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createCall: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateInteractionInput"];
            };
        };
        responses: {
            /** @description OK: the Call */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Call"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    appendMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AppendMessageInput"];
            };
        };
        responses: {
            /** @description Created: the Message */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateMessageStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the call */
                id: string;
                /** @description The sid of the message */
                sid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MessageStatusInput"];
            };
        };
        responses: {
            /** @description OK: the Message */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getCustomer: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier answer: a 304 with no body when it is still current */
                "If-None-Match"?: string;
            };
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the Customer */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Not Modified: If-None-Match names the current ETag; no body */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateCustomer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomerInput"];
            };
        };
        responses: {
            /** @description OK: the Customer */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteCustomer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Erased */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    redactCall: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the Call */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Call"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getRetention: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the Retention */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Retention"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setRetention: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Retention"];
            };
        };
        responses: {
            /** @description OK: the Retention */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Retention"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAgents: {
        parameters: {
            query?: {
                /** @description 1-based page number */
                page?: number;
                /** @description Items per page (max 500) */
                limit?: number;
            };
            header?: {
                /** @description An ETag from an earlier answer: a 304 with no body when it is still current */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of Agent objects */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Link: components["headers"]["Link"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"][];
                };
            };
            /** @description Not Modified: If-None-Match names the current ETag; no body */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createAgent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentInput"];
            };
        };
        responses: {
            /** @description Created: the Agent */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAgent: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier answer: a 304 with no body when it is still current */
                "If-None-Match"?: string;
            };
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the Agent */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description Not Modified: If-None-Match names the current ETag; no body */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentInput"];
            };
        };
        responses: {
            /** @description OK: the Agent */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listSkills: {
        parameters: {
            query?: {
                /** @description 1-based page number */
                page?: number;
                /** @description Items per page (max 500) */
                limit?: number;
            };
            header?: {
                /** @description An ETag from an earlier answer: a 304 with no body when it is still current */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of Skill objects */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Link: components["headers"]["Link"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Skill"][];
                };
            };
            /** @description Not Modified: If-None-Match names the current ETag; no body */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createSkill: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SkillInput"];
            };
        };
        responses: {
            /** @description Created: the Skill */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Skill"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getSkill: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier answer: a 304 with no body when it is still current */
                "If-None-Match"?: string;
            };
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the Skill */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Skill"];
                };
            };
            /** @description Not Modified: If-None-Match names the current ETag; no body */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateSkill: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SkillInput"];
            };
        };
        responses: {
            /** @description OK: the Skill */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Skill"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listCustomers: {
        parameters: {
            query?: {
                /** @description 1-based page number */
                page?: number;
                /** @description Items per page (max 500) */
                limit?: number;
                /** @description Only the customer with this phone (E.164, e.g. +14155550123) */
                phone?: string;
                /** @description Only the customer with this email */
                email?: string;
            };
            header?: {
                /** @description An ETag from an earlier answer: a 304 with no body when it is still current */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of Customer objects */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Link: components["headers"]["Link"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"][];
                };
            };
            /** @description Not Modified: If-None-Match names the current ETag; no body */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createCustomer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomerInput"];
            };
        };
        responses: {
            /** @description Created: the Customer */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getTwilioSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the TwilioSettings */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TwilioSettings"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setTwilioSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TwilioSettingsInput"];
            };
        };
        responses: {
            /** @description OK: the TwilioSettings */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TwilioSettings"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteTwilioSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed (or there was nothing to remove) */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                limit?: number;
                /** @description From the previous page’s Link header */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of Webhook objects */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Where deliveries are POSTed: an http(s) URL. Loopback, private, link-local, CGNAT, multicast and metadata addresses are refused.
                     * @example https://crm.example.com/hooks/calls
                     */
                    url: string;
                    /** @description The event types delivered; empty or left out: all of them. */
                    events?: ("call.created" | "call.updated" | "call.ended" | "call.redacted" | "call.deleted" | "message.created" | "message.updated")[];
                    /** @description A note for people */
                    description?: string;
                    /** @default true */
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Created: the WebhookWithSecret */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the Webhook */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Where deliveries are POSTed: an http(s) URL. Loopback, private, link-local, CGNAT, multicast and metadata addresses are refused.
                     * @example https://crm.example.com/hooks/calls
                     */
                    url?: string;
                    /** @description The event types delivered; empty or left out: all of them. */
                    events?: ("call.created" | "call.updated" | "call.ended" | "call.redacted" | "call.deleted" | "message.created" | "message.updated")[];
                    /** @description A note for people */
                    description?: string;
                    /** @description true re-enables an endpoint that was disabled (by you, a 410 or failures) */
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description OK: the Webhook */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    postWebhooksSecretRotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the WebhookWithSecret */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWebhooksDeliveries: {
        parameters: {
            query?: {
                /** @description pending: not yet delivered (retries scheduled); succeeded: a 2xx; failed: given up (recover resends it) */
                status?: "pending" | "succeeded" | "failed";
                limit?: number;
                /** @description From the previous page’s Link header */
                cursor?: string;
            };
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of WebhookDelivery objects */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    postWebhooksRecover: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description Resend every failed delivery created at or after this instant
                     */
                    since: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Failed deliveries put back in the queue */
                        requeued: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    postWebhooksTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the record
                 * @example 123e4567-e89b-12d3-a456-426614174000
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveryId: string;
                        /** @description The `webhook-id` of the test delivery */
                        eventId: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description Only events of these types (call.created, call.updated, call.ended, call.redacted, call.deleted, message.created, message.updated); repeat or comma-separate for several */
                type?: string[];
                /** @description Only this call's events */
                callId?: string;
                /** @description Only events after this event id (the last one seen; the next page's Link header carries it) */
                after?: string;
                /** @description Page size (max 500) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of Event objects */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getEventsStream: {
        parameters: {
            query?: {
                /** @description Only this call's events */
                callId?: string;
            };
            header?: {
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/event-stream */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["URITooLong"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    twilioVoiceStatus: {
        parameters: {
            query?: {
                /** @description Ties the callback to a call created through the API */
                callId?: string;
                /** @description Our sid of an outbound message (set by the service itself) */
                sid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TwilioVoiceStatus"];
            };
        };
        responses: {
            /** @description An empty TwiML document: <Response/> */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    twilioRecordingStatus: {
        parameters: {
            query?: {
                /** @description Ties the callback to a call created through the API */
                callId?: string;
                /** @description Our sid of an outbound message (set by the service itself) */
                sid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TwilioRecordingStatus"];
            };
        };
        responses: {
            /** @description An empty TwiML document: <Response/> */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    twilioIncomingMessage: {
        parameters: {
            query?: {
                /** @description Ties the callback to a call created through the API */
                callId?: string;
                /** @description Our sid of an outbound message (set by the service itself) */
                sid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TwilioIncomingMessage"];
            };
        };
        responses: {
            /** @description An empty TwiML document: <Response/> */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    twilioMessageStatus: {
        parameters: {
            query?: {
                /** @description Ties the callback to a call created through the API */
                callId?: string;
                /** @description Our sid of an outbound message (set by the service itself) */
                sid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TwilioMessageStatus"];
            };
        };
        responses: {
            /** @description An empty TwiML document: <Response/> */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["URITooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
