/**
 * Ports: webhook endpoints and their delivery queue (issue 14). Deliveries are fanned out from
 * the event log by the worker; each is claimed under a lease so that several processes never
 * make the same attempt at once, and a crashed process's claims expire and are taken again.
 */
import type { CallEventType } from '../../contract/events.js';
import type { DeliveryStatus, WebhookDisabledReason } from '../../contract/webhooks.js';

export interface WebhookEndpointRecord {
  readonly accountId: string;
  /** `wh_…`, time first, so that id order is creation order. */
  readonly id: string;
  readonly url: string;
  /** [] means every type. */
  readonly events: readonly CallEventType[];
  readonly description: string;
  readonly enabled: boolean;
  readonly disabledReason: WebhookDisabledReason | null;
  readonly disabledAt: string | null;
  /** When the current run of failed attempts began; null while healthy. */
  readonly failingSince: string | null;
  /** The signing secret, sealed with SECRETS_KEY (src/integrations/secret-box.ts). */
  readonly secretSealed: string;
  /** The secret before the last rotation, still signed with until `previousSecretExpiresAt`. */
  readonly previousSecretSealed: string | null;
  readonly previousSecretExpiresAt: string | null;
  /** The event-log position up to which events have been fanned out to this endpoint. */
  readonly fanoutPosition: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An endpoint's secrets as stored, sealed with SECRETS_KEY (what a secrets-key rotation reads and writes). */
export type SealedEndpointSecrets = Pick<
  WebhookEndpointRecord,
  'accountId' | 'id' | 'secretSealed' | 'previousSecretSealed' | 'previousSecretExpiresAt'
>;

export interface WebhookEndpointRepository {
  insert(endpoint: WebhookEndpointRecord): Promise<void>;
  get(accountId: string, id: string): Promise<WebhookEndpointRecord | undefined>;
  /** The worker's read: these endpoints, of any account, in one read (an id not there is left out). */
  getByIds(ids: readonly string[]): Promise<WebhookEndpointRecord[]>;
  /** The account's endpoints in creation order, after the id `afterId`. */
  list(accountId: string, afterId: string | undefined, limit: number): Promise<WebhookEndpointRecord[]>;
  /** Writes every field but the ids and createdAt; false when it is gone. */
  update(endpoint: WebhookEndpointRecord): Promise<boolean>;
  /** Removes the endpoint and its deliveries. */
  delete(accountId: string, id: string): Promise<boolean>;
  /** Every enabled endpoint, of every account (the fan-out's read). */
  listEnabled(): Promise<WebhookEndpointRecord[]>;
  /** Every endpoint's sealed secrets, of every account, enabled or not (a secrets-key rotation reseals them). */
  listSealedSecrets(): Promise<SealedEndpointSecrets[]>;
  /**
   * Replaces the endpoint's sealed secrets when they are still `expected` (a rotation racing a
   * secret rotation through the API leaves the new secrets); false when they were not.
   */
  replaceSealedSecrets(expected: SealedEndpointSecrets, next: SealedEndpointSecrets): Promise<boolean>;
}

export interface NewDelivery {
  readonly id: string;
  readonly accountId: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
  /** '' for webhook.test. */
  readonly callId: string;
  readonly sequence: number;
  /** The event's position in the log; 0 for webhook.test (which is not in the log). */
  readonly eventPosition: number;
  /** The body to send when the event is not in the log (webhook.test); null: read it from the log. */
  readonly payload: string | null;
  readonly nextAttemptAt: string;
  readonly createdAt: string;
}

export interface DeliveryRecord extends NewDelivery {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly lastDurationMs: number | null;
  /** When the next attempt is due; '' unless pending. */
  readonly nextAttemptAt: string;
  readonly updatedAt: string;
}

/** One endpoint's share of a fan-out step: its new deliveries and how far the log was read for it. */
export interface FanOut {
  readonly endpointId: string;
  readonly advanceTo: number;
  readonly deliveries: readonly NewDelivery[];
}

export interface AttemptResult {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** When the next attempt is due (pending), else ''. */
  readonly nextAttemptAt: string;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly lastDurationMs: number | null;
  readonly updatedAt: string;
}

/** What an attempt means for its endpoint, written with the delivery's completion. */
export type EndpointChange =
  /** An attempt succeeded: the endpoint is healthy again. */
  | { readonly kind: 'healthy' }
  /** An attempt failed: a run of failures begins at `since` unless one already has. */
  | { readonly kind: 'failing'; readonly since: string }
  /** Disables the endpoint if it is enabled (a 410, or failing too long). */
  | { readonly kind: 'disable'; readonly reason: Exclude<WebhookDisabledReason, 'disabled'>; readonly at: string };

/** One attempt to record: the delivery's result, and what it changes of its endpoint (null: nothing). */
export interface Completion {
  readonly deliveryId: string;
  readonly endpointId: string;
  readonly endpoint: EndpointChange | null;
  readonly result: AttemptResult;
}

export interface DeliveryPage {
  readonly deliveries: DeliveryRecord[];
  readonly more: boolean;
}

export interface WebhookDeliveryQueue {
  /**
   * Inserts each endpoint's new deliveries and moves its fan-out position forward, in one
   * transaction; a delivery already there (another process fanned it out) is left as it is.
   */
  fanOut(steps: readonly FanOut[]): Promise<void>;
  /** Adds one delivery (webhook.test). */
  enqueue(delivery: NewDelivery): Promise<void>;
  /**
   * Claims up to `limit` due pending deliveries of enabled endpoints whose lease is free or has
   * expired, leasing them to `owner` until `leaseUntil`. A delivery is not due while an earlier
   * event of the same call is still pending for the same endpoint (per-call order).
   */
  claim(owner: string, now: string, leaseUntil: string, limit: number): Promise<DeliveryRecord[]>;
  /**
   * Records a turn's attempts in one transaction: each delivery's result, if `owner` still holds
   * its lease, and each endpoint change (whoever holds the lease: the receiver's answer stands;
   * one endpoint's changes applied in the order given), so that a delivery never reads as done
   * before its effect on the endpoint shows. Answers, per completion, whether its result was stored.
   */
  completeMany(owner: string, completions: readonly Completion[]): Promise<boolean[]>;
  /** Gives a claim back unattempted (shutdown). */
  release(id: string, owner: string): Promise<void>;
  list(
    accountId: string,
    endpointId: string,
    status: DeliveryStatus | undefined,
    beforeId: string | undefined,
    limit: number,
  ): Promise<DeliveryPage>;
  /** Puts the endpoint's failed deliveries created at or after `since` back in the queue, due `now`. */
  requeueFailed(accountId: string, endpointId: string, since: string, now: string): Promise<number>;
}
