/**
 * PostgreSQL's part of the webhook delivery queue: fan-out and a turn's completions each in one
 * transaction, and claiming with `FOR UPDATE SKIP LOCKED`, so that processes claiming at once
 * each take different deliveries without waiting on one another.
 */
import type { Completion, DeliveryRecord, FanOut, WebhookDeliveryQueue } from '../../domain/ports/index.js';
import { sql } from '../shared/sql.js';
import {
  ADVANCE_FANOUT,
  DUE_DELIVERIES,
  INSERT_DELIVERY,
  SqlDeliveryQueueBase,
  completionSteps,
  deliveryColumns,
  deliveryFrom,
  deliveryParams,
} from '../shared/webhooks.js';
import type { PgDatabase } from './database.js';

const CLAIM = sql(`UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ?
  WHERE id IN (${DUE_DELIVERIES} LIMIT ? FOR UPDATE OF d SKIP LOCKED) RETURNING ${deliveryColumns()}`);

export class PostgresWebhookQueue extends SqlDeliveryQueueBase implements WebhookDeliveryQueue {
  constructor(private readonly database: PgDatabase) {
    super(database.runner);
  }

  async fanOut(steps: readonly FanOut[]): Promise<void> {
    if (steps.length === 0) return;
    await this.database.transaction(async (tx) => {
      for (const step of steps) {
        for (const d of step.deliveries) await this.database.run(tx, INSERT_DELIVERY, deliveryParams(d));
        await this.database.run(tx, ADVANCE_FANOUT, [step.advanceTo, step.endpointId, step.advanceTo]);
      }
    });
  }

  async claim(owner: string, now: string, leaseUntil: string, limit: number): Promise<DeliveryRecord[]> {
    return (await this.database.query(this.database.pool, CLAIM, [owner, leaseUntil, now, now, limit])).map(deliveryFrom);
  }

  async completeMany(owner: string, completions: readonly Completion[]): Promise<boolean[]> {
    const stored = completions.map(() => false);
    if (completions.length === 0) return stored;
    const steps = completionSteps(owner, completions);
    await this.database.transaction(async (tx) => {
      for (const step of steps) {
        const changes = await this.database.run(tx, step.statement, step.params);
        if (step.completion !== undefined) stored[step.completion] = changes > 0;
      }
    });
    return stored;
  }
}
