/**
 * Webhook endpoints and the single-statement part of the delivery queue, the same on both
 * engines. The engines add what differs: fan-out in one transaction and claiming under a lease
 * (sqlite/webhook-queue.ts, postgres/webhook-queue.ts).
 */
import type {
  DeliveryPage,
  DeliveryRecord,
  NewDelivery,
  WebhookEndpointRecord,
  WebhookEndpointRepository,
} from '../../domain/ports/index.js';
import type { Completion, SealedEndpointSecrets } from '../../domain/ports/webhooks.js';
import { CALL_EVENT_TYPES, type CallEventType } from '../../contract/events.js';
import { DELIVERY_STATUSES, WEBHOOK_DISABLED_REASONS, type DeliveryStatus } from '../../contract/webhooks.js';
import { inListStatements, sql, type Row, type Sql, type SqlRunner, type SqlValue } from './sql.js';
import { RowError, asFlag, asInteger, asIntegerOrNull, asJson, asMember, asText, asTextOrNull, vocabulary } from './rows.js';

const ENDPOINT_COLUMNS = `account_id AS "accountId", id, url, events, description, enabled, disabled_reason AS "disabledReason",
  disabled_at AS "disabledAt", failing_since AS "failingSince", secret_sealed AS "secretSealed",
  previous_secret_sealed AS "previousSecretSealed", previous_secret_expires_at AS "previousSecretExpiresAt",
  fanout_position AS "fanoutPosition", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** A delivery's columns, of the table aliased `prefix` (or unqualified: a RETURNING list). */
export function deliveryColumns(prefix = ''): string {
  const p = prefix === '' ? '' : `${prefix}.`;
  return `${p}id, ${p}account_id AS "accountId", ${p}endpoint_id AS "endpointId", ${p}event_id AS "eventId",
  ${p}event_type AS "eventType", ${p}call_id AS "callId", ${p}sequence, ${p}event_position AS "eventPosition", ${p}payload,
  ${p}status, ${p}attempts, ${p}next_attempt_at AS "nextAttemptAt", ${p}last_status AS "lastStatus", ${p}last_error AS "lastError",
  ${p}last_duration_ms AS "lastDurationMs", ${p}created_at AS "createdAt", ${p}updated_at AS "updatedAt"`;
}
const DELIVERY_COLUMNS = deliveryColumns('d');

export const INSERT_DELIVERY = sql(`INSERT INTO webhook_deliveries (id, account_id, endpoint_id, event_id, event_type, call_id, sequence,
  event_position, payload, status, attempts, next_attempt_at, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (endpoint_id, event_id) DO NOTHING`);
/** Moves the fan-out position forward only (two processes may fan out the same range). */
export const ADVANCE_FANOUT = sql('UPDATE webhook_endpoints SET fanout_position = ? WHERE id = ? AND fanout_position < ?');

export function deliveryParams(d: NewDelivery): SqlValue[] {
  return [
    d.id,
    d.accountId,
    d.endpointId,
    d.eventId,
    d.eventType,
    d.callId,
    d.sequence,
    d.eventPosition,
    d.payload,
    d.nextAttemptAt,
    d.createdAt,
    d.createdAt,
  ];
}

/**
 * The due deliveries a claim may take: pending, due, lease free or expired, endpoint enabled,
 * and no earlier event of the same call still pending for the same endpoint.
 */
export const DUE_DELIVERIES = `SELECT d.id FROM webhook_deliveries d
  JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
  WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?)
    AND (d.call_id = '' OR NOT EXISTS (SELECT 1 FROM webhook_deliveries p
      WHERE p.endpoint_id = d.endpoint_id AND p.call_id = d.call_id AND p.status = 'pending' AND p.event_position < d.event_position))
  ORDER BY d.next_attempt_at, d.event_position`;

const INSERT_ENDPOINT = sql(`INSERT INTO webhook_endpoints (account_id, id, url, events, description, enabled, disabled_reason, disabled_at,
  failing_since, secret_sealed, previous_secret_sealed, previous_secret_expires_at, fanout_position, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const ENDPOINT_BY_ID = sql(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE account_id = ? AND id = ?`);
const ENDPOINTS_BY_IDS = inListStatements((list) => `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id IN (${list})`);
const ENDPOINTS_OF_ACCOUNT = sql(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?`);
const ENABLED_ENDPOINTS = sql(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE enabled ORDER BY id`);
const SEALED_SECRETS = sql(`SELECT account_id AS "accountId", id, secret_sealed AS "secretSealed",
  previous_secret_sealed AS "previousSecretSealed", previous_secret_expires_at AS "previousSecretExpiresAt"
  FROM webhook_endpoints ORDER BY id`);
/** Compare-and-set on the sealed secrets ('' standing for NULL, which no sealed value or instant is). */
const RESEAL_SECRETS = sql(`UPDATE webhook_endpoints SET secret_sealed = ?, previous_secret_sealed = ?, previous_secret_expires_at = ?
  WHERE account_id = ? AND id = ? AND secret_sealed = ? AND COALESCE(previous_secret_sealed, '') = ?
    AND COALESCE(previous_secret_expires_at, '') = ?`);
const UPDATE_ENDPOINT = sql(`UPDATE webhook_endpoints SET url = ?, events = ?, description = ?, enabled = ?, disabled_reason = ?,
  disabled_at = ?, failing_since = ?, secret_sealed = ?, previous_secret_sealed = ?, previous_secret_expires_at = ?,
  fanout_position = ?, updated_at = ? WHERE account_id = ? AND id = ?`);
const DELETE_ENDPOINT = sql('DELETE FROM webhook_endpoints WHERE account_id = ? AND id = ?');
const DELETE_ENDPOINT_DELIVERIES = sql('DELETE FROM webhook_deliveries WHERE account_id = ? AND endpoint_id = ?');
const MARK_HEALTHY = sql('UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL');
const MARK_FAILING = sql('UPDATE webhook_endpoints SET failing_since = ? WHERE id = ? AND failing_since IS NULL');
const DISABLE = sql(
  'UPDATE webhook_endpoints SET enabled = ?, disabled_reason = ?, disabled_at = ?, updated_at = ? WHERE id = ? AND enabled',
);

const COMPLETE = sql(`UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?,
  last_duration_ms = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`);

/** One statement of a turn's completions; `completion`: the index of the completion it records (COMPLETE). */
export interface CompletionStep {
  readonly statement: Sql;
  readonly params: SqlValue[];
  readonly completion?: number;
}

/**
 * A turn's completions as the statements of one transaction: each delivery's result (stored only
 * while `owner` holds its lease) in delivery-id order, then the endpoint changes in endpoint-id
 * order (one endpoint's in the order given). Every process takes its row locks in that one order —
 * deliveries, then endpoints, as deleting an endpoint does — so no two transactions wait on each other.
 */
export function completionSteps(owner: string, completions: readonly Completion[]): CompletionStep[] {
  const order = completions.map((c, index) => ({ c, index }));
  const deliveries = [...order].sort((a, b) => compareIds(a.c.deliveryId, b.c.deliveryId));
  const endpoints = order.filter(({ c }) => c.endpoint !== null).sort((a, b) => compareIds(a.c.endpointId, b.c.endpointId));
  const steps: CompletionStep[] = deliveries.map(({ c, index }) => {
    const r = c.result;
    const params = [r.status, r.attempts, r.nextAttemptAt, r.lastStatus, r.lastError, r.lastDurationMs, r.updatedAt, c.deliveryId, owner];
    return { statement: COMPLETE, params, completion: index };
  });
  for (const { c } of endpoints) {
    const change = c.endpoint;
    if (change?.kind === 'healthy') steps.push({ statement: MARK_HEALTHY, params: [c.endpointId] });
    else if (change?.kind === 'failing') steps.push({ statement: MARK_FAILING, params: [change.since, c.endpointId] });
    else if (change?.kind === 'disable') {
      steps.push({ statement: DISABLE, params: [false, change.reason, change.at, change.at, c.endpointId] });
    }
  }
  return steps;
}

/** Ids compared as the databases' indexes order them (bytewise: the ids are ASCII). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RELEASE = sql('UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?');
const LIST_ALL = sql(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.account_id = ? AND d.endpoint_id = ? AND d.id < ?
  ORDER BY d.id DESC LIMIT ?`);
const LIST_BY_STATUS = sql(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.account_id = ? AND d.endpoint_id = ? AND d.id < ?
  AND d.status = ? ORDER BY d.id DESC LIMIT ?`);
const REQUEUE_FAILED = sql(`UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
  WHERE account_id = ? AND endpoint_id = ? AND status = 'failed' AND created_at >= ?`);

/** Above every delivery id (`dlv_` + hex): the first page's bound. */
const AFTER_EVERY_ID = 'dlv_~';

const EVENT_TYPES = vocabulary(CALL_EVENT_TYPES);
const DISABLED_REASONS = vocabulary(WEBHOOK_DISABLED_REASONS);
const STATUSES = vocabulary(DELIVERY_STATUSES);

/** A bigint column: PostgreSQL's driver answers int8 as a decimal string. */
export function asPosition(value: unknown, column: string): number {
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return asInteger(value, column);
}

function eventTypes(value: unknown): CallEventType[] {
  const parsed = asJson(value, 'events');
  if (!Array.isArray(parsed)) throw new RowError('events', 'a JSON array');
  return parsed.map((t) => asMember(t, 'events', EVENT_TYPES));
}

export function endpointFrom(row: Row): WebhookEndpointRecord {
  const reason = row.disabledReason;
  return {
    accountId: asText(row.accountId, 'accountId'),
    id: asText(row.id, 'id'),
    url: asText(row.url, 'url'),
    events: eventTypes(row.events),
    description: asText(row.description, 'description'),
    enabled: asFlag(row.enabled, 'enabled'),
    disabledReason: reason === null ? null : asMember(reason, 'disabledReason', DISABLED_REASONS),
    disabledAt: asTextOrNull(row.disabledAt, 'disabledAt'),
    failingSince: asTextOrNull(row.failingSince, 'failingSince'),
    secretSealed: asText(row.secretSealed, 'secretSealed'),
    previousSecretSealed: asTextOrNull(row.previousSecretSealed, 'previousSecretSealed'),
    previousSecretExpiresAt: asTextOrNull(row.previousSecretExpiresAt, 'previousSecretExpiresAt'),
    fanoutPosition: asPosition(row.fanoutPosition, 'fanoutPosition'),
    createdAt: asText(row.createdAt, 'createdAt'),
    updatedAt: asText(row.updatedAt, 'updatedAt'),
  };
}

export function deliveryFrom(row: Row): DeliveryRecord {
  return {
    id: asText(row.id, 'id'),
    accountId: asText(row.accountId, 'accountId'),
    endpointId: asText(row.endpointId, 'endpointId'),
    eventId: asText(row.eventId, 'eventId'),
    eventType: asText(row.eventType, 'eventType'),
    callId: asText(row.callId, 'callId'),
    sequence: asInteger(row.sequence, 'sequence'),
    eventPosition: asPosition(row.eventPosition, 'eventPosition'),
    payload: asTextOrNull(row.payload, 'payload'),
    status: asMember(row.status, 'status', STATUSES),
    attempts: asInteger(row.attempts, 'attempts'),
    nextAttemptAt: asText(row.nextAttemptAt, 'nextAttemptAt'),
    lastStatus: asIntegerOrNull(row.lastStatus, 'lastStatus'),
    lastError: asTextOrNull(row.lastError, 'lastError'),
    lastDurationMs: asIntegerOrNull(row.lastDurationMs, 'lastDurationMs'),
    createdAt: asText(row.createdAt, 'createdAt'),
    updatedAt: asText(row.updatedAt, 'updatedAt'),
  };
}

function endpointParams(e: WebhookEndpointRecord): SqlValue[] {
  return [
    e.url,
    JSON.stringify(e.events),
    e.description,
    e.enabled,
    e.disabledReason,
    e.disabledAt,
    e.failingSince,
    e.secretSealed,
    e.previousSecretSealed,
    e.previousSecretExpiresAt,
    e.fanoutPosition,
  ];
}

export class SqlWebhookEndpointRepository implements WebhookEndpointRepository {
  constructor(private readonly db: SqlRunner) {}

  async insert(e: WebhookEndpointRecord): Promise<void> {
    await this.db.run(INSERT_ENDPOINT, [e.accountId, e.id, ...endpointParams(e), e.createdAt, e.updatedAt]);
  }

  async get(accountId: string, id: string): Promise<WebhookEndpointRecord | undefined> {
    const row = await this.db.one(ENDPOINT_BY_ID, [accountId, id]);
    return row && endpointFrom(row);
  }

  async getByIds(ids: readonly string[]): Promise<WebhookEndpointRecord[]> {
    const endpoints: WebhookEndpointRecord[] = [];
    for (const { statement, params } of ENDPOINTS_BY_IDS([...new Set(ids)])) {
      for (const row of await this.db.all(statement, params)) endpoints.push(endpointFrom(row));
    }
    return endpoints;
  }

  async list(accountId: string, afterId: string | undefined, limit: number): Promise<WebhookEndpointRecord[]> {
    return (await this.db.all(ENDPOINTS_OF_ACCOUNT, [accountId, afterId ?? '', limit])).map(endpointFrom);
  }

  async update(e: WebhookEndpointRecord): Promise<boolean> {
    return (await this.db.run(UPDATE_ENDPOINT, [...endpointParams(e), e.updatedAt, e.accountId, e.id])) > 0;
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    await this.db.run(DELETE_ENDPOINT_DELIVERIES, [accountId, id]);
    return (await this.db.run(DELETE_ENDPOINT, [accountId, id])) > 0;
  }

  async listEnabled(): Promise<WebhookEndpointRecord[]> {
    return (await this.db.all(ENABLED_ENDPOINTS, [])).map(endpointFrom);
  }

  async listSealedSecrets(): Promise<SealedEndpointSecrets[]> {
    return (await this.db.all(SEALED_SECRETS, [])).map((row) => ({
      accountId: asText(row.accountId, 'accountId'),
      id: asText(row.id, 'id'),
      secretSealed: asText(row.secretSealed, 'secretSealed'),
      previousSecretSealed: asTextOrNull(row.previousSecretSealed, 'previousSecretSealed'),
      previousSecretExpiresAt: asTextOrNull(row.previousSecretExpiresAt, 'previousSecretExpiresAt'),
    }));
  }

  async replaceSealedSecrets(expected: SealedEndpointSecrets, next: SealedEndpointSecrets): Promise<boolean> {
    const params = [
      next.secretSealed,
      next.previousSecretSealed,
      next.previousSecretExpiresAt,
      expected.accountId,
      expected.id,
      expected.secretSealed,
      expected.previousSecretSealed ?? '',
      expected.previousSecretExpiresAt ?? '',
    ];
    return (await this.db.run(RESEAL_SECRETS, params)) > 0;
  }
}

/** The queue's single statements; each engine's queue adds fan-out and claiming. */
export abstract class SqlDeliveryQueueBase {
  constructor(protected readonly runner: SqlRunner) {}

  async enqueue(delivery: NewDelivery): Promise<void> {
    await this.runner.run(INSERT_DELIVERY, deliveryParams(delivery));
  }

  async release(id: string, owner: string): Promise<void> {
    await this.runner.run(RELEASE, [id, owner]);
  }

  async list(
    accountId: string,
    endpointId: string,
    status: DeliveryStatus | undefined,
    beforeId: string | undefined,
    limit: number,
  ): Promise<DeliveryPage> {
    const before = beforeId ?? AFTER_EVERY_ID;
    const rows =
      status === undefined
        ? await this.runner.all(LIST_ALL, [accountId, endpointId, before, limit + 1])
        : await this.runner.all(LIST_BY_STATUS, [accountId, endpointId, before, status, limit + 1]);
    const deliveries = rows.slice(0, limit).map(deliveryFrom);
    return { deliveries, more: rows.length > limit };
  }

  async requeueFailed(accountId: string, endpointId: string, since: string, now: string): Promise<number> {
    return this.runner.run(REQUEUE_FAILED, [now, now, accountId, endpointId, since]);
  }
}
