/**
 * The delivery worker, one per server process. Each turn it
 * 1. fans out: reads the event log after the lowest position any enabled endpoint has reached and
 *    queues a delivery per matching (endpoint, event), moving each endpoint's position forward in
 *    the same transaction — no write path changes, nothing committed is skipped;
 * 2. claims due deliveries under a lease (several processes never make the same attempt), reads
 *    their endpoints and event payloads (one read each for the batch), sends them, signed, and
 *    records the batch's outcomes in one transaction; the lease expires if this process dies, so
 *    another one retries.
 * Per call, only the earliest pending event of an endpoint is ever due, so a call's events reach
 * an endpoint in sequence order.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type {
  Completion,
  DeliveryRecord,
  EndpointChange,
  EventLogReader,
  FanOut,
  NewDelivery,
  StoredEvent,
  WebhookDeliveryQueue,
  WebhookEndpointRecord,
  WebhookEndpointRepository,
} from '../../domain/ports/index.js';
import {
  decideAfterAttempt,
  outcomeOf,
  type AttemptDecision,
  type AttemptOutcome,
  type DeliveryPolicy,
} from '../../domain/webhook-rules.js';
import { iso } from '../../domain/clock.js';
import type { SecretKeyring } from '../secret-box.js';
import { signatureHeader } from './signing.js';
import { secretOwner, timeOrderedId } from './service.js';
import type { SendResult, WebhookSender } from './sender.js';

export interface WorkerDeps {
  endpoints: WebhookEndpointRepository;
  queue: WebhookDeliveryQueue;
  events: EventLogReader;
  sender: WebhookSender;
}

export interface WorkerOptions {
  policy: DeliveryPolicy;
  /** Opens endpoint secrets (SECRETS_KEY and SECRETS_KEY_PREVIOUS). */
  keyring: SecretKeyring;
  /** How long the worker sleeps when a turn found nothing to do. */
  pollMs: number;
  /** The send timeout: a lease outlives an attempt by this plus a margin. */
  timeoutMs: number;
  /** Deliveries claimed per turn (sent concurrently: at most one per call and endpoint). */
  batchSize?: number;
  /** Events read from the log per turn. */
  fanOutBatch?: number;
  /** Told of a turn that failed (the store is down, say); the worker carries on. */
  onError?: (err: unknown) => void;
}

const LEASE_MARGIN_MS = 30_000;

export class WebhookWorker {
  /** This process's name on the leases it holds. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  /** Set by nudge() during a turn, so the sleep after it is skipped. */
  private nudged = false;

  constructor(
    private readonly deps: WorkerDeps,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops taking work, aborts attempts in flight (their claims are given back) and waits. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.wake?.();
    await this.loop;
    this.deps.sender.close();
  }

  /** Something may be due (an event was appended): look now rather than at the next poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let busy = false;
      this.nudged = false;
      try {
        busy = await this.turn();
      } catch (err) {
        this.options.onError?.(err);
      }
      if (!busy) await this.sleep(this.options.pollMs);
    }
  }

  /** Waits `ms`, or less when stopped. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted || this.nudged) {
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** One turn; true when it found work (the next turn then starts at once). */
  async turn(): Promise<boolean> {
    const fannedOut = await this.fanOut();
    const claimed = await this.deliverDue();
    return fannedOut || claimed;
  }

  private async fanOut(): Promise<boolean> {
    const endpoints = await this.deps.endpoints.listEnabled();
    if (endpoints.length === 0) return false;
    const from = Math.min(...endpoints.map((e) => e.fanoutPosition));
    const events = await this.deps.events.readAfter(from, this.options.fanOutBatch ?? 500);
    const last = events.at(-1);
    if (last === undefined) return false;
    const nowMs = Date.now();
    const steps: FanOut[] = [];
    for (const endpoint of endpoints) {
      if (endpoint.fanoutPosition >= last.position) continue;
      const deliveries = events
        .filter((e) => e.position > endpoint.fanoutPosition && matches(endpoint, e))
        .map((e) => newDelivery(endpoint, e, nowMs));
      steps.push({ endpointId: endpoint.id, advanceTo: last.position, deliveries });
    }
    await this.deps.queue.fanOut(steps);
    return true;
  }

  private async deliverDue(): Promise<boolean> {
    const nowMs = Date.now();
    const claimed = await this.deps.queue.claim(
      this.owner,
      iso(nowMs),
      iso(nowMs + this.options.timeoutMs + LEASE_MARGIN_MS),
      this.options.batchSize ?? 16,
    );
    if (claimed.length === 0) return false;
    const [endpoints, payloads] = await Promise.all([this.endpointsOf(claimed), this.payloadsOf(claimed)]);
    // Recorded together once every attempt is over (the next turn waits for them all anyway), in
    // the order they finished; a call's next event becomes due only then.
    const completions: Completion[] = [];
    const attempts = await Promise.allSettled(
      claimed.map(async (d) => {
        const completion = await this.attempt(d, endpoints.get(d.endpointId), payloads);
        if (completion !== undefined) completions.push(completion);
      }),
    );
    if (completions.length > 0) await this.deps.queue.completeMany(this.owner, completions);
    for (const a of attempts) if (a.status === 'rejected') throw a.reason;
    return true;
  }

  /** The claimed deliveries' endpoints (as they are now), by id; one read. */
  private async endpointsOf(claimed: readonly DeliveryRecord[]): Promise<Map<string, WebhookEndpointRecord>> {
    const endpoints = await this.deps.endpoints.getByIds(claimed.map((d) => d.endpointId));
    return new Map(endpoints.map((e) => [e.id, e]));
  }

  /** The claimed deliveries' event JSON from the log, by position; one read. */
  private async payloadsOf(claimed: readonly DeliveryRecord[]): Promise<Map<number, string>> {
    const payloads = new Map<number, string>();
    const positions = claimed.filter((d) => d.payload === null).map((d) => d.eventPosition);
    if (positions.length === 0) return payloads;
    for (const e of await this.deps.events.readPositions(positions)) payloads.set(e.position, e.payload);
    return payloads;
  }

  /** Makes one attempt; answers what to record (nothing: the endpoint is gone, or the claim was given back). */
  private async attempt(
    d: DeliveryRecord,
    endpoint: WebhookEndpointRecord | undefined,
    payloads: ReadonlyMap<number, string>,
  ): Promise<Completion | undefined> {
    if (endpoint === undefined) return undefined; // deleted meanwhile, its deliveries with it
    const body = d.payload ?? payloads.get(d.eventPosition);
    if (body === undefined) {
      return this.completion(d, endpoint, { kind: 'failure', status: null, error: 'the event is no longer in the log' }, 0, true);
    }
    const secrets = this.secretsOf(endpoint);
    if (secrets.length === 0) {
      return this.completion(d, endpoint, { kind: 'failure', status: null, error: 'the signing secret cannot be opened (SECRETS_KEY)' }, 0);
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const result: SendResult = await this.deps.sender.send({
      url: endpoint.url,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'calls-api-webhooks',
        'webhook-id': d.eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(secrets, d.eventId, timestamp, body),
      },
      signal: this.abort.signal,
    });
    if (result.kind === 'aborted') {
      await this.deps.queue.release(d.id, this.owner);
      return undefined;
    }
    const outcome: AttemptOutcome =
      result.kind === 'answered'
        ? outcomeOf(result.status, result.retryAfter, Date.now())
        : { kind: 'failure', status: null, error: result.error };
    return this.completion(d, endpoint, outcome, result.durationMs);
  }

  /**
   * What the attempt means for the endpoint and for the delivery, to be recorded with the batch
   * (the delivery's part only while this process still holds the lease). `final`: no retry can help.
   */
  private completion(
    d: DeliveryRecord,
    endpoint: WebhookEndpointRecord,
    outcome: AttemptOutcome,
    durationMs: number,
    final = false,
  ): Completion {
    const nowMs = Date.now();
    const attempts = d.attempts + 1;
    const failingSince = endpoint.failingSince === null ? null : Date.parse(endpoint.failingSince);
    const decision = decideAfterAttempt(outcome, attempts, failingSince, nowMs, this.options.policy, Math.random());
    const status = final ? 'failed' : decision.delivery.status;
    const next = status === 'pending' && decision.delivery.nextAttemptAt !== null ? iso(decision.delivery.nextAttemptAt) : '';
    const now = iso(nowMs);
    return {
      deliveryId: d.id,
      endpointId: endpoint.id,
      endpoint: endpointChange(decision.endpoint, endpoint, now),
      result: {
        status,
        attempts,
        nextAttemptAt: next,
        lastStatus: outcome.status,
        lastError: outcome.kind === 'failure' ? outcome.error : outcome.kind === 'gone' ? 'HTTP 410: endpoint disabled' : null,
        lastDurationMs: durationMs,
        updatedAt: now,
      },
    };
  }

  /** The current secret, and the previous one while it has not expired. */
  private secretsOf(endpoint: WebhookEndpointRecord): string[] {
    const keyring = this.options.keyring;
    const owner = secretOwner(endpoint.accountId, endpoint.id);
    const current = keyring.open(endpoint.secretSealed, owner);
    if (!('plaintext' in current)) return [];
    const secrets = [current.plaintext];
    const expires = endpoint.previousSecretExpiresAt;
    if (endpoint.previousSecretSealed !== null && expires !== null && Date.parse(expires) > Date.now()) {
      const previous = keyring.open(endpoint.previousSecretSealed, owner);
      if ('plaintext' in previous) secrets.push(previous.plaintext);
    }
    return secrets;
  }
}

/** The write an attempt's decision makes to its endpoint; null when there is none (healthy, and was). */
function endpointChange(change: AttemptDecision['endpoint'], endpoint: WebhookEndpointRecord, now: string): EndpointChange | null {
  switch (change) {
    case 'healthy':
      return endpoint.failingSince === null ? null : { kind: 'healthy' };
    case 'failing':
      return { kind: 'failing', since: now };
    case 'disable-gone':
      return { kind: 'disable', reason: 'gone', at: now };
    case 'disable-failing':
      return { kind: 'disable', reason: 'failing', at: now };
  }
}

function matches(endpoint: WebhookEndpointRecord, event: StoredEvent): boolean {
  return event.accountId === endpoint.accountId && (endpoint.events.length === 0 || endpoint.events.includes(event.type));
}

function newDelivery(endpoint: WebhookEndpointRecord, event: StoredEvent, nowMs: number): NewDelivery {
  return {
    id: timeOrderedId('dlv_', nowMs),
    accountId: endpoint.accountId,
    endpointId: endpoint.id,
    eventId: event.id,
    eventType: event.type,
    callId: event.callId,
    sequence: event.sequence,
    eventPosition: event.position,
    payload: null,
    nextAttemptAt: iso(nowMs),
    createdAt: iso(nowMs),
  };
}
