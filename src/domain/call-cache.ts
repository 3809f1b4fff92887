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
 * - Another process's commit. SQLite (the CLI, a second server on the same file): drops every
 *   call within FOREIGN_COMMIT_WINDOW_MS — the engine's signal for it costs a read lock, so it is
 *   read at most that often (and whenever this process wrote). PostgreSQL: every write
 *   transaction notifies, on commit, the calls it changed (or `*` for a write that may show in
 *   many calls), and each process LISTENs on one connection of its own; a notification arrives
 *   within about a millisecond, so another process's write shows within 50 ms.
 * - No channel, no cache: while the engine cannot vouch that every change reaches it (PostgreSQL:
 *   the LISTEN connection not yet established, lost, or reconnecting) nothing is served from
 *   memory or kept, and once it is established again every call is dropped.
 * - An engine that cannot report changes at all (no CallChangeFeed) gets no cache: every lookup
 *   reads the database, and its calls are rendered afresh.
 * - Derived fields are computed per request: a live call's duration ticks over, and its entry is
 *   renewed then. Entries are read-only and shared between requests.
 */
import type { CallDetails } from './types.js';
import type { CallChangeFeed, CallListQuery, CallRepository } from './ports/index.js';
import { deriveDuration } from './derive.js';
import { toCallView, type ReadonlyCallView } from './views.js';
import { entityTag } from './entity-tag.js';

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
  /** The strong entity tag of `json` (the ETag of Get Call); computed once, when first asked for. */
  readonly etag: string;
}

/** A rendered call; its tag is worked out on first use and kept with the entry, so a cache hit costs nothing more. */
class RenderedCall implements ServedCall {
  private tag: string | undefined;
  constructor(
    readonly record: CallDetails,
    readonly view: ReadonlyCallView,
    readonly json: string,
    readonly bytes: number,
  ) {}

  get etag(): string {
    this.tag ??= entityTag(this.json);
    return this.tag;
  }
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
  private unreportedWrites = -1;
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
    if (this.changes?.usable() && generation === this.generation) this.remember(key, served);
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
    const storing = cached && generation === this.generation;
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
    return new RenderedCall(record, view, json, Buffer.byteLength(json));
  }

  /**
   * Whether entries may be used and kept (false: no cache, or the feed cannot vouch for them now);
   * drops them all first when an unreported write happened.
   */
  private fresh(): boolean {
    const changes = this.changes;
    if (!changes?.usable()) return false;
    const unreported = changes.unreportedWrites();
    const now = performance.now();
    let foreign = this.foreignCommits;
    if (unreported !== this.unreportedWrites || now - this.foreignReadAt >= FOREIGN_COMMIT_WINDOW_MS) {
      foreign = changes.foreignCommits();
      this.foreignReadAt = now;
    }
    if (unreported !== this.unreportedWrites || foreign !== this.foreignCommits) {
      this.entries.clear();
      this.generation++;
      this.unreportedWrites = unreported;
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
