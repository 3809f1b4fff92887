/**
 * SQLite's part of the webhook delivery queue: fan-out and a turn's completions each in one
 * IMMEDIATE transaction, and claiming in one UPDATE … RETURNING, which takes the write lock, so
 * two processes on one database file never lease the same delivery.
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
import { bindable, requireRow, settle, type SqliteDatabase } from './database.js';

const CLAIM = sql(`UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ?
  WHERE id IN (${DUE_DELIVERIES} LIMIT ?) RETURNING ${deliveryColumns()}`);

export class SqliteWebhookQueue extends SqlDeliveryQueueBase implements WebhookDeliveryQueue {
  constructor(private readonly database: SqliteDatabase) {
    super(database.runner);
  }

  fanOut(steps: readonly FanOut[]): Promise<void> {
    return settle(() => {
      const insert = this.database.statement(INSERT_DELIVERY);
      const advance = this.database.statement(ADVANCE_FANOUT);
      this.database.transaction(() => {
        for (const step of steps) {
          for (const d of step.deliveries) insert.run(...bindable(deliveryParams(d)));
          advance.run(step.advanceTo, step.endpointId, step.advanceTo);
        }
      });
    });
  }

  claim(owner: string, now: string, leaseUntil: string, limit: number): Promise<DeliveryRecord[]> {
    return settle(() =>
      this.database
        .statement(CLAIM)
        .all(owner, leaseUntil, now, now, limit)
        .map((r) => deliveryFrom(requireRow(r))),
    );
  }

  completeMany(owner: string, completions: readonly Completion[]): Promise<boolean[]> {
    return settle(() => {
      const stored = completions.map(() => false);
      if (completions.length === 0) return stored;
      const steps = completionSteps(owner, completions);
      this.database.transaction(() => {
        for (const step of steps) {
          const changes = this.database.statement(step.statement).run(...bindable(step.params)).changes;
          if (step.completion !== undefined) stored[step.completion] = changes > 0;
        }
      });
      return stored;
    });
  }
}
