/**
 * Data protection use cases: erase a call, redact its content, and the account retention
 * period with the background purge that enforces it. No HTTP, no SQL.
 */
import type { ErasureRepository, EventLog, RetentionRepository } from './ports/index.js';
import { AppError, errors } from './errors.js';
import { isUuid } from './ids.js';
import { iso, type Clock } from './clock.js';
import { toCallView, type ReadonlyCallView } from './views.js';
import type { RetentionSetting } from '../contract/account.js';
import { MAX_RETENTION_DAYS } from '../contract/limits.js';

const DAY_MS = 86_400_000;
/** How long the event log keeps an event unless told otherwise (EVENT_RETENTION_DAYS). */
export const DEFAULT_EVENT_RETENTION_DAYS = 30;

export class DataProtectionService {
  /** Something was erased or redacted since the store last compacted. */
  private erasedSinceCompaction = false;

  constructor(
    private readonly store: { erasure: ErasureRepository; retention: RetentionRepository; events: EventLog },
    private readonly clock: Clock,
    private readonly eventRetentionDays = DEFAULT_EVENT_RETENTION_DAYS,
  ) {}

  /** Erases the call, its messages and everything indexed from them. */
  async deleteCall(accountId: string, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.store.erasure.deleteCall(accountId, id.toLowerCase(), iso(this.clock())))) throw errors.callNotFound();
    this.erasedSinceCompaction = true;
  }

  /** Blanks transcription, recording URL and message contents and media; answers the bare call. */
  async redactCall(accountId: string, id: string): Promise<ReadonlyCallView> {
    if (!isUuid(id)) throw errors.callNotFound();
    const now = this.clock();
    const call = await this.store.erasure.redactCall(accountId, id.toLowerCase(), iso(now));
    if (!call) throw errors.callNotFound();
    this.erasedSinceCompaction = true;
    return toCallView(call, now);
  }

  async getRetention(accountId: string): Promise<RetentionSetting> {
    return { days: (await this.store.retention.getDays(accountId)) ?? null };
  }

  async setRetention(accountId: string, days: number | null): Promise<RetentionSetting> {
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)) {
      throw new AppError('VALIDATION_ERROR', `days must be an integer from 1 to ${MAX_RETENTION_DAYS}, or null`);
    }
    if (!(await this.store.retention.setDays(accountId, days))) throw new AppError('VALIDATION_ERROR', 'no such account');
    return { days };
  }

  /**
   * One purge pass: for every account with a retention period, erases its calls created before
   * now − period, `batchSize` at a time (one short transaction each), yielding between batches so
   * requests keep flowing; then, when anything was erased or redacted since the last pass, has the
   * store clear the traces left inside the engine. Events older than the event retention period
   * leave the log the same way, a batch at a time. Answers how many calls were erased.
   */
  async purgeExpired(batchSize: number): Promise<number> {
    const now = this.clock();
    const eventsBefore = iso(now - this.eventRetentionDays * DAY_MS);
    while ((await this.store.events.purgeBefore(eventsBefore, batchSize)) === batchSize) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    let erased = 0;
    for (const policy of await this.store.retention.listPolicies()) {
      const before = iso(now - policy.retentionDays * DAY_MS);
      for (;;) {
        const n = await this.store.erasure.purgeCallsCreatedBefore(policy.accountId, before, batchSize, iso(now));
        erased += n;
        if (n < batchSize) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (erased > 0 || this.erasedSinceCompaction) {
      this.erasedSinceCompaction = false;
      await this.store.erasure.compactErased();
    }
    return erased;
  }
}

/** Runs `purgeExpired` every `intervalMs` in the background; never keeps the process alive. */
export class RetentionPurger {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly service: DataProtectionService,
    private readonly options: { intervalMs: number; batchSize: number; onError: (err: unknown) => void; onPurged?: (n: number) => void },
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One pass now (skipped when a pass is still running). */
  runOnce(): Promise<void> {
    this.running ??= this.service
      .purgeExpired(this.options.batchSize)
      .then((n) => {
        if (n > 0) this.options.onPurged?.(n);
      }, this.options.onError)
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the timer and waits for a pass in progress, so the store can close after. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
