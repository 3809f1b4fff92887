/**
 * The call cache: Get Call and list pages answered from memory between writes. Clients poll Get
 * Call for every live call every few seconds, and list pages show the same calls again, so each
 * call read is kept with the view derived from it and that view's JSON (the bytes Get Call sends)
 * until something changes it.
 *
 * - Keys: `accountId/callId`. At most CALL_CACHE_ENTRIES calls, the oldest entered leaving first.
 * - What invalidates: a write through this process that changed known calls only (an append, a
 *   call update, a message status) drops those calls, at once; any other write through this
 *   process (an agent, a customer, an erasure — anything that may show in many calls) drops
 *   every call before the next lookup.
 * - Another process's commit (the CLI, a second server on the same SQLite file) drops every call
 *   within FOREIGN_COMMIT_WINDOW_MS: the engine's signal for it costs a read lock, so it is read
 *   at most that often (and whenever this process wrote).
 * - An engine that cannot report changes (no CallChangeFeed: PostgreSQL for now) gets no cache:
 *   every lookup reads the database, and its calls are rendered afresh.
 * - Derived fields are computed per request: a live call's duration ticks over, and its entry is
 *   renewed then. Entries are read-only and shared between requests.
 */
import type { CallDetails } from './types.js';
import type { CallChangeFeed, CallListQuery, CallRepository } from './ports/index.js';
import { deriveDuration } from './derive.js';
import { toCallView, type ReadonlyCallView } from './views.js';

/** The contract's serializer of the call object (handed in by the HTTP layer at wiring). */
export type SerializeCall = (view: ReadonlyCallView) => string;

/** A call as served: its record, the view derived from it, and that view's JSON. */
export interface ServedCall {
  readonly record: CallDetails;
  readonly view: ReadonlyCallView;
  /** The view serialized with the contract's call schema: the body of Get Call, byte for byte. */
  readonly json: string;
  /** Length of `json` in UTF-8 bytes. */
  readonly bytes: number;
}

/** Calls kept (a few KiB each). */
const CALL_CACHE_ENTRIES = 5_000;
/** Calls remembered as listed once, waiting for a second read to enter the cache (keys only). */
const LISTED_ONCE_KEYS = 2_000;
/** How long another process's commit may go unseen, ms (SQLite data_version costs ~7 µs a read). */
const FOREIGN_COMMIT_WINDOW_MS = 1;

export class CallCache {
  private readonly entries = new Map<string, ServedCall>();
  /** Keys of calls read once for a list page (see rememberListed). */
  private readonly listedOnce = new Set<string>();
  private ownWrites = -1;
  private foreignCommits = -1;
  private foreignReadAt = -Infinity;
  /** Moves whenever entries are dropped: a read begun before must not enter what it read. */
  private generation = 0;

  constructor(
    private readonly calls: CallRepository,
    private readonly changes: CallChangeFeed | undefined,
    private readonly serialize: SerializeCall,
  ) {
    changes?.onCallChanged((accountId, callId) => {
      this.entries.delete(cacheKey(accountId, callId));
      this.generation++;
    });
  }

  /** The call as served now, or undefined when there is no such call. */
  async get(accountId: string, id: string, nowMs: number): Promise<ServedCall | undefined> {
    const key = cacheKey(accountId, id);
    if (this.fresh()) {
      const hit = this.entries.get(key);
      if (hit) return this.current(key, hit, nowMs);
    }
    const generation = this.generation;
    const record = await this.calls.get(accountId, id);
    if (!record) return undefined;
    const served = this.render(record, toCallView(record, nowMs));
    if (this.changes && generation === this.generation) this.remember(key, served);
    return served;
  }

  /** A page of `query.limit` calls (cached ones not read again), and whether more follow. */
  async list(query: CallListQuery, nowMs: number): Promise<{ calls: ServedCall[]; more: boolean }> {
    const cached = this.fresh();
    const generation = this.generation;
    const records = await this.calls.list(
      { ...query, limit: query.limit + 1 },
      cached ? (a, id) => this.entries.get(cacheKey(a, id))?.record : undefined,
    );
    const storing = this.changes !== undefined && generation === this.generation;
    const calls: ServedCall[] = [];
    records.forEach((record, i) => {
      const key = cacheKey(query.accountId, record.id);
      const entry = this.entries.get(key);
      const onPage = i < query.limit;
      if (entry?.record === record) {
        if (onPage) calls.push(this.current(key, entry, nowMs));
      } else if (onPage) {
        const served = this.render(record, toCallView(record, nowMs));
        if (storing) this.rememberListed(key, () => served);
        calls.push(served);
      } else if (storing) {
        // The look-ahead call that says another page follows: read, so counted as listed.
        this.rememberListed(key, () => this.render(record, toCallView(record, nowMs)));
      }
    });
    return { calls, more: records.length > query.limit };
  }

  private render(record: CallDetails, view: ReadonlyCallView): ServedCall {
    const json = this.serialize(view);
    return { record, view, json, bytes: Buffer.byteLength(json) };
  }

  /** Whether entries may be used (false: no cache); drops them all first when an unreported write happened. */
  private fresh(): boolean {
    const changes = this.changes;
    if (!changes) return false;
    const own = changes.ownWrites();
    const now = performance.now();
    let foreign = this.foreignCommits;
    if (own !== this.ownWrites || now - this.foreignReadAt >= FOREIGN_COMMIT_WINDOW_MS) {
      foreign = changes.foreignCommits();
      this.foreignReadAt = now;
    }
    if (own !== this.ownWrites || foreign !== this.foreignCommits) {
      this.entries.clear();
      this.generation++;
      this.ownWrites = own;
      this.foreignCommits = foreign;
    }
    return true;
  }

  /** The entry as of now: renewed when a live call's duration has ticked over. */
  private current(key: string, entry: ServedCall, nowMs: number): ServedCall {
    const duration = deriveDuration(entry.record, nowMs);
    if (entry.view.duration === duration) return entry;
    const renewed = this.render(entry.record, { ...entry.view, duration });
    this.entries.set(key, renewed);
    return renewed;
  }

  private remember(key: string, served: ServedCall): void {
    if (this.entries.size >= CALL_CACHE_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, served);
  }

  /**
   * A call read for a list page enters the cache only when it was read recently already: walks
   * over calls nobody reads twice (a random day, a one-off search) would otherwise push out the
   * calls that are polled, and churn memory, for nothing.
   */
  private rememberListed(key: string, served: () => ServedCall): void {
    if (this.listedOnce.delete(key)) {
      this.remember(key, served());
      return;
    }
    if (this.listedOnce.size >= LISTED_ONCE_KEYS) {
      const oldest = this.listedOnce.values().next();
      if (!oldest.done) this.listedOnce.delete(oldest.value);
    }
    this.listedOnce.add(key);
  }
}

function cacheKey(accountId: string, id: string): string {
  return `${accountId}/${id}`;
}
