/**
 * Failed logins, counted per client address and per key id in fixed one-minute windows. Past the
 * limit, further *failed* attempts answer 429 instead of 401 — valid credentials are never refused
 * by it, so nobody sharing a proxy or NAT with an attacker (or an attacker naming your key id) can
 * lock a working key out. Counting per key id as well catches guessing spread over many addresses.
 * In this process's memory.
 */

export interface FailedLoginLimit {
  /** Records a failed attempt; answers the seconds until the caller may fail again without a 429, or 0. */
  recordFailure(address: string, keyId: string | undefined, now: number): number;
}

export class FailedLoginLimiter implements FailedLoginLimit {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxPerMinute: number,
    private readonly maxEntries = 100_000,
  ) {}

  recordFailure(address: string, keyId: string | undefined, now: number): number {
    if (this.maxPerMinute === 0) return 0;
    let wait = this.count(`address ${address}`, now);
    if (keyId !== undefined) wait = Math.max(wait, this.count(`key ${keyId}`, now));
    return wait;
  }

  /** Counts one failure under `key`; the seconds left in its window when it is over the limit, else 0. */
  private count(key: string, now: number): number {
    let w = this.windows.get(key);
    if (w === undefined || w.resetAt <= now) {
      this.makeRoom(now);
      w = { count: 0, resetAt: now + 60_000 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > this.maxPerMinute ? Math.max(1, Math.ceil((w.resetAt - now) / 1000)) : 0;
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.maxEntries) return;
    for (const [key, value] of this.windows) if (value.resetAt <= now) this.windows.delete(key);
    if (this.windows.size >= this.maxEntries) this.windows.clear();
  }
}
