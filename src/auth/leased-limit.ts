/**
 * A limit of `max` per fixed window, held across every process that shares the counters, with
 * the shared store asked once per `lease` requests rather than on each: a process takes `lease`
 * units of a key's budget at a time and hands them out from memory. Never more than `max` pass in
 * a window between all processes (each lease is counted before it is used, and a lease that would
 * pass `max` is cut to what is left); the price is that units leased by one process and not used
 * by it are not available to the others, so a key can be refused up to (processes − 1) × (lease − 1)
 * requests early — with the default lease, 1 % of the limit per other process.
 */
import type { WindowCounters } from '../domain/ports/counters.js';

export interface LimitDecision {
  /** Requests counted in the window so far, as far as this process knows (`max + 1`: refused). */
  current: number;
  /** When the window ends (epoch milliseconds). */
  resetAt: number;
}

interface KeyWindow {
  /** The shared window's end, as the store last said (0 until the first lease). */
  resetAt: number;
  /** Units leased and not yet handed out. */
  left: number;
  /** The shared count after this process's last lease. */
  shared: number;
  /** The shared budget is spent: refuse once `left` is, without asking the store. */
  spent: boolean;
  leasing?: Promise<void>;
}

/** The units a process leases at a time for a limit of `max`: 1 % of it, from 1 to 100. */
export function defaultLease(max: number): number {
  return Math.max(1, Math.min(100, Math.floor(max / 100)));
}

export class LeasedLimit {
  private readonly windows = new Map<string, KeyWindow>();

  constructor(
    private readonly counters: WindowCounters,
    /** Keeps one limit's counters apart from another's in the shared store. */
    private readonly name: string,
    readonly max: number,
    readonly windowMs: number,
    private readonly lease = defaultLease(max),
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one request of `key`: allowed while `current ≤ max`. */
  async take(key: string, now: number): Promise<LimitDecision> {
    let w = this.windows.get(key);
    if (w === undefined || (w.resetAt !== 0 && w.resetAt <= now && w.leasing === undefined)) {
      // What was left of an ended window is not carried over: the store starts a new one.
      this.makeRoom(now);
      w = { resetAt: 0, left: 0, shared: 0, spent: false };
      this.windows.set(key, w);
    }
    while (w.left === 0 && !w.spent) {
      w.leasing ??= this.leaseFor(key, w, now);
      await w.leasing;
    }
    if (w.left === 0) return { current: this.max + 1, resetAt: w.resetAt };
    w.left--;
    return { current: Math.min(this.max, w.shared - w.left), resetAt: w.resetAt };
  }

  private async leaseFor(key: string, w: KeyWindow, now: number): Promise<void> {
    try {
      const { count, resetAt } = await this.counters.hit(`${this.name} ${key}`, this.windowMs, this.lease, now);
      w.resetAt = resetAt;
      // The units of this lease still under the limit (others may have taken the rest).
      const granted = Math.max(0, Math.min(this.lease, this.max - (count - this.lease)));
      w.left += granted;
      w.shared = count;
      if (count >= this.max) w.spent = true;
    } finally {
      w.leasing = undefined;
    }
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    // Keys with a lease in flight go too: their awaiting requests hold their own reference.
    for (const [key, value] of this.windows) if (value.resetAt <= now) this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}
