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
  /** The worker's read: any account. */
  getById(id: string): Promise<WebhookEndpointRecord | undefined>;
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
  /** An attempt succeeded: the endpoint is healthy again. */
  markHealthy(id: string): Promise<void>;
  /** An attempt failed: a run of failures begins now unless one already has. */
  markFailing(id: string, since: string): Promise<void>;
  /** Disables an enabled endpoint (a 410, or failing too long). */
  disable(id: string, reason: WebhookDisabledReason, at: string): Promise<void>;
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
  /** Records an attempt, if `owner` still holds the lease; false when it does not. */
  complete(id: string, owner: string, result: AttemptResult): Promise<boolean>;
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
