/**
 * Webhook endpoints of an account (the API's use cases): create, read, change, delete, rotate
 * the secret, list deliveries, recover failed ones, send a test event. Secrets are sealed with
 * SECRETS_KEY before they reach the store and answered only on create and rotate.
 */
import { randomBytes } from 'node:crypto';
import type {
  DeliveryRecord,
  EventLogReader,
  WebhookDeliveryQueue,
  WebhookEndpointRecord,
  WebhookEndpointRepository,
} from '../../domain/ports/index.js';
import type {
  CreateWebhookInput,
  DeliveryListQuery,
  DeliveryView,
  UpdateWebhookInput,
  WebhookListQuery,
  WebhookView,
  WebhookWithSecretView,
} from '../../contract/webhooks.js';
import { WEBHOOK_TEST_EVENT_TYPE } from '../../contract/events.js';
import { DEFAULT_PAGE_SIZE } from '../../contract/limits.js';
import { errors } from '../../domain/errors.js';
import { canonicalInstant, iso, type Clock } from '../../domain/clock.js';
import type { SecretKeyring } from '../secret-box.js';
import { newWebhookSecret } from './signing.js';
import { checkHost } from './address-guard.js';

/** How long deliveries are also signed with the secret a rotation replaced. */
export const PREVIOUS_SECRET_MS = 24 * 3_600_000;

export interface WebhookServiceDeps {
  endpoints: WebhookEndpointRepository;
  queue: WebhookDeliveryQueue;
  /** Where the log ends: a new (or re-enabled) endpoint gets the events after it. */
  events: Pick<EventLogReader, 'lastPosition'>;
}

export interface WebhookServiceOptions {
  /** Seals endpoint secrets (SECRETS_KEY; SECRETS_KEY_PREVIOUS still opens older ones). */
  keyring: SecretKeyring;
  allowPrivateNetworks: boolean;
}

/** `prefix` + 12 hex digits of milliseconds + 20 random hex: ids sort in creation order. */
export function timeOrderedId(prefix: string, nowMs: number): string {
  return prefix + nowMs.toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
}

const ENDPOINT_ID = /^wh_[0-9a-f]{32}$/;
const DELIVERY_ID = /^dlv_[0-9a-f]{32}$/;

/** The owner a sealed secret is bound to: copied to another endpoint's row, it does not open. */
export function secretOwner(accountId: string, endpointId: string): string {
  return `webhook:${accountId}:${endpointId}`;
}

export class WebhookService {
  constructor(
    private readonly deps: WebhookServiceDeps,
    private readonly clock: Clock,
    private readonly options: WebhookServiceOptions,
  ) {}

  async create(accountId: string, input: CreateWebhookInput): Promise<WebhookWithSecretView> {
    const url = await this.checkedUrl(input.url);
    this.requireKey();
    const nowMs = this.clock();
    const now = iso(nowMs);
    const id = timeOrderedId('wh_', nowMs);
    const secret = newWebhookSecret();
    const enabled = input.enabled ?? true;
    const record: WebhookEndpointRecord = {
      accountId,
      id,
      url,
      events: input.events ?? [],
      description: input.description ?? '',
      enabled,
      disabledReason: enabled ? null : 'disabled',
      disabledAt: enabled ? null : now,
      failingSince: null,
      secretSealed: this.seal(secret, secretOwner(accountId, id)),
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      fanoutPosition: await this.deps.events.lastPosition(),
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.endpoints.insert(record);
    return { ...toView(record), secret };
  }

  async get(accountId: string, id: string): Promise<WebhookView> {
    return toView(await this.found(accountId, id));
  }

  async list(accountId: string, query: WebhookListQuery): Promise<{ webhooks: WebhookView[]; nextCursor?: string }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.cursor !== undefined && !ENDPOINT_ID.test(query.cursor)) throw errors.invalidCursor();
    const rows = await this.deps.endpoints.list(accountId, query.cursor, limit + 1);
    const page = rows.slice(0, limit);
    const webhooks = page.map(toView);
    return rows.length > limit ? { webhooks, nextCursor: page.at(-1)?.id } : { webhooks };
  }

  async update(accountId: string, id: string, input: UpdateWebhookInput): Promise<WebhookView> {
    const current = await this.found(accountId, id);
    const url = input.url === undefined ? current.url : await this.checkedUrl(input.url);
    const now = iso(this.clock());
    let next: WebhookEndpointRecord = {
      ...current,
      url,
      events: input.events ?? current.events,
      description: input.description ?? current.description,
      updatedAt: now,
    };
    if (input.enabled === false && current.enabled) next = { ...next, enabled: false, disabledReason: 'disabled', disabledAt: now };
    if (input.enabled === true && !current.enabled) {
      // Re-enabled: deliveries resume with what happens from now on (the feed has the rest).
      const fanoutPosition = Math.max(current.fanoutPosition, await this.deps.events.lastPosition());
      next = { ...next, enabled: true, disabledReason: null, disabledAt: null, failingSince: null, fanoutPosition };
    }
    if (!(await this.deps.endpoints.update(next))) throw errors.webhookNotFound();
    return toView(next);
  }

  async delete(accountId: string, id: string): Promise<void> {
    if (!(await this.deps.endpoints.delete(accountId, id))) throw errors.webhookNotFound();
  }

  /** A new secret; the one it replaces still signs deliveries for PREVIOUS_SECRET_MS. */
  async rotateSecret(accountId: string, id: string): Promise<WebhookWithSecretView> {
    const current = await this.found(accountId, id);
    this.requireKey();
    const secret = newWebhookSecret();
    const next: WebhookEndpointRecord = {
      ...current,
      secretSealed: this.seal(secret, secretOwner(accountId, id)),
      previousSecretSealed: current.secretSealed,
      // The worker compares this with its own (real) time.
      previousSecretExpiresAt: iso(Date.now() + PREVIOUS_SECRET_MS),
      updatedAt: iso(this.clock()),
    };
    if (!(await this.deps.endpoints.update(next))) throw errors.webhookNotFound();
    return { ...toView(next), secret };
  }

  async deliveries(accountId: string, id: string, query: DeliveryListQuery): Promise<{ deliveries: DeliveryView[]; nextCursor?: string }> {
    await this.found(accountId, id);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.cursor !== undefined && !DELIVERY_ID.test(query.cursor)) throw errors.invalidCursor();
    const page = await this.deps.queue.list(accountId, id, query.status, query.cursor, limit);
    const deliveries = page.deliveries.map(deliveryView);
    return page.more ? { deliveries, nextCursor: page.deliveries.at(-1)?.id } : { deliveries };
  }

  async recover(accountId: string, id: string, since: string): Promise<number> {
    await this.found(accountId, id);
    const from = canonicalInstant(since);
    if (from === undefined) throw errors.validation('since must be an ISO 8601 date-time with a zone, e.g. 2025-03-17T14:30:00Z');
    return this.deps.queue.requeueFailed(accountId, id, from, iso(Date.now()));
  }

  /** Queues a `webhook.test` event for the endpoint (sent once it is enabled). Delivery times are the worker's real time. */
  async sendTest(accountId: string, id: string): Promise<{ deliveryId: string; eventId: string }> {
    const endpoint = await this.found(accountId, id);
    const nowMs = Date.now();
    const eventId = timeOrderedId('evt_', nowMs);
    const deliveryId = timeOrderedId('dlv_', nowMs);
    const payload = JSON.stringify({
      id: eventId,
      type: WEBHOOK_TEST_EVENT_TYPE,
      timestamp: iso(nowMs),
      sequence: 0,
      data: { webhookId: endpoint.id },
    });
    await this.deps.queue.enqueue({
      id: deliveryId,
      accountId,
      endpointId: endpoint.id,
      eventId,
      eventType: WEBHOOK_TEST_EVENT_TYPE,
      callId: '',
      sequence: 0,
      eventPosition: 0,
      payload,
      nextAttemptAt: iso(nowMs),
      createdAt: iso(nowMs),
    });
    return { deliveryId, eventId };
  }

  private async found(accountId: string, id: string): Promise<WebhookEndpointRecord> {
    const record = ENDPOINT_ID.test(id) ? await this.deps.endpoints.get(accountId, id) : undefined;
    if (!record) throw errors.webhookNotFound();
    return record;
  }

  /** Refuses (503) before any work when the server cannot seal a new secret. */
  private requireKey(): void {
    if (!this.options.keyring.canSeal) throw errors.secretsKeyMissing();
  }

  private seal(secret: string, owner: string): string {
    const sealed = this.options.keyring.seal(secret, owner);
    if (sealed === undefined) throw errors.secretsKeyMissing();
    return sealed;
  }

  /** An http(s) URL without credentials whose host is not a guarded address (400 naming why). */
  private async checkedUrl(raw: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw errors.validation('url must be an absolute http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw errors.validation('url must use http or https');
    if (url.username !== '' || url.password !== '') throw errors.validation('url must not contain credentials');
    if (!this.options.allowPrivateNetworks) {
      let refusal: string | undefined;
      try {
        refusal = await checkHost(url.hostname);
      } catch {
        throw errors.webhookUrlRefused(`the host ${url.hostname} does not resolve`);
      }
      if (refusal !== undefined) throw errors.webhookUrlRefused(refusal);
    }
    return url.toString();
  }
}

export function toView(r: WebhookEndpointRecord): WebhookView {
  return {
    id: r.id,
    url: r.url,
    events: [...r.events],
    description: r.description,
    enabled: r.enabled,
    disabledReason: r.disabledReason,
    disabledAt: r.disabledAt,
    failingSince: r.failingSince,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function deliveryView(d: DeliveryRecord): DeliveryView {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    callId: d.callId,
    sequence: d.sequence,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    lastDurationMs: d.lastDurationMs,
    nextAttemptAt: d.status === 'pending' && d.nextAttemptAt !== '' ? d.nextAttemptAt : null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}
