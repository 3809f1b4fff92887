/**
 * Data protection use cases: erase a call, redact its content, erase a person (a customer with
 * all their calls), and the account retention period with the background purge that enforces
 * it. No HTTP, no SQL.
 */
import type { CompactionReport, CustomerMatch, ErasureCounts, ErasureRepository, EventLog, RetentionRepository } from './ports/index.js';
import { AppError, errors } from './errors.js';
import { isUuid } from './ids.js';
import { iso, type Clock } from './clock.js';
import { toCallView, type ReadonlyCallView } from './views.js';
import type { RetentionSetting } from '../contract/account.js';
import { MAX_RETENTION_DAYS } from '../contract/limits.js';
import { normalizeEmail, normalizePhone } from './contact.js';

const DAY_MS = 86_400_000;
/** How long the event log keeps an event unless told otherwise (EVENT_RETENTION_DAYS). */
export const DEFAULT_EVENT_RETENTION_DAYS = 30;

/** What one purge pass did: counts only. */
export interface PurgeReport {
  /** Calls erased because they were older than their account's retention period. */
  calls: number;
  /** Customers erased because they had no call left and no change within the period. */
  customers: number;
  /** The cleanup of erased traces inside the engine (any erasure's, not only this pass's). */
  compaction: CompactionReport;
}

/** Customers looked at per idle-customer batch (one short transaction each). */
const IDLE_SCAN_CHUNK = 1000;

export class DataProtectionService {
  constructor(
    private readonly store: { erasure: ErasureRepository; retention: RetentionRepository; events: EventLog },
    private readonly clock: Clock,
    private readonly eventRetentionDays = DEFAULT_EVENT_RETENTION_DAYS,
  ) {}

  /** Erases the call, its messages and everything indexed from them. */
  async deleteCall(accountId: string, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.store.erasure.deleteCall(accountId, id.toLowerCase(), iso(this.clock())))) throw errors.callNotFound();
  }

  /** Blanks transcription, recording URL and message contents and media; answers the bare call. */
  async redactCall(accountId: string, id: string): Promise<ReadonlyCallView> {
    if (!isUuid(id)) throw errors.callNotFound();
    const now = this.clock();
    const call = await this.store.erasure.redactCall(accountId, id.toLowerCase(), iso(now));
    if (!call) throw errors.callNotFound();
    return toCallView(call, now);
  }

  /** Erases the customer with every call of theirs (Delete Customer); 404 when the account has no such customer. */
  async eraseCustomer(accountId: string, id: string): Promise<ErasureCounts> {
    if (!isUuid(id)) throw errors.customerNotFound();
    const counts = await this.store.erasure.eraseCustomers(accountId, [id.toLowerCase()], iso(this.clock()));
    if (counts.customers === 0) throw errors.customerNotFound();
    return counts;
  }

  /**
   * A data-subject request: erases every customer of the account matching all the given fields
   * (an id, a phone number in any formatting, an email), with all their calls. Answers counts;
   * matching nothing is not an error (the person may have been erased already).
   */
  async eraseMatching(accountId: string, match: CustomerMatch): Promise<ErasureCounts> {
    const normalized: CustomerMatch = {};
    if (match.customerId !== undefined) {
      if (!isUuid(match.customerId)) throw errors.validation('customer must be a customer id (a UUID)');
      normalized.customerId = match.customerId.toLowerCase();
    }
    if (match.phone !== undefined) normalized.phone = normalizePhone(match.phone, 'phone');
    if (match.email !== undefined) normalized.email = normalizeEmail(match.email);
    if (Object.values(normalized).every((v) => v === '')) throw errors.validation('name the person: a customer id, a phone or an email');
    const ids = await this.store.erasure.findCustomers(accountId, normalized);
    return this.store.erasure.eraseCustomers(accountId, ids, iso(this.clock()));
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
   * now − period, `batchSize` at a time (one short transaction each), then its customers idle
   * since then (no call left, no change), yielding between batches so requests keep flowing;
   * then has the store clear the traces any erasure left inside the engine (pending cleanup is
   * persisted, so one left by a process that died is finished here too). Events older than the
   * event retention period leave the log the same way, a batch at a time.
   */
  async purge(batchSize: number): Promise<PurgeReport> {
    const now = this.clock();
    const eventsBefore = iso(now - this.eventRetentionDays * DAY_MS);
    while ((await this.store.events.purgeBefore(eventsBefore, batchSize)) === batchSize) {
      await yieldToRequests();
    }
    let calls = 0;
    let customers = 0;
    for (const policy of await this.store.retention.listPolicies()) {
      const before = iso(now - policy.retentionDays * DAY_MS);
      for (;;) {
        const n = await this.store.erasure.purgeCallsCreatedBefore(policy.accountId, before, batchSize, iso(now));
        calls += n;
        if (n < batchSize) break;
        await yieldToRequests();
      }
      let afterId: string | undefined = '';
      while (afterId !== undefined) {
        const batch = await this.store.erasure.purgeIdleCustomersBefore(policy.accountId, before, { afterId, limit: IDLE_SCAN_CHUNK });
        customers += batch.erased;
        afterId = batch.next;
        await yieldToRequests();
      }
    }
    return { calls, customers, compaction: await this.store.erasure.compactErased() };
  }
}

function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `purge` every `intervalMs` in the background; never keeps the process alive. */
export class RetentionPurger {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly service: DataProtectionService,
    private readonly options: {
      intervalMs: number;
      batchSize: number;
      onError: (err: unknown) => void;
      onPurged?: (report: PurgeReport) => void;
    },
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One pass now (skipped when a pass is still running). */
  runOnce(): Promise<void> {
    this.running ??= this.service
      .purge(this.options.batchSize)
      .then((report) => {
        if (report.calls > 0 || report.customers > 0 || report.compaction.steps.length > 0) this.options.onPurged?.(report);
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
