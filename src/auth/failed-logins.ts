/**
 * Failed logins, counted per client address and per key id in one-minute windows shared by every
 * process on the database (or Redis). Past the limit, further *failed* attempts answer 429 instead
 * of 401 — valid credentials are never refused by it, so nobody sharing a proxy or NAT with an
 * attacker (or an attacker naming your key id) can lock a working key out. Counting per key id as
 * well catches guessing spread over many addresses. Each failure is counted in the shared store
 * (no lease: failures are rare, and exactness matters more); once a window is spent, this process
 * answers 429 from memory until it ends.
 */
import type { WindowCounters } from '../domain/ports/counters.js';
import { LeasedLimit } from './leased-limit.js';

export interface FailedLoginLimit {
  /** Records a failed attempt; answers the seconds until the caller may fail again without a 429, or 0. */
  recordFailure(address: string, keyId: string | undefined, now: number): Promise<number>;
}

export class FailedLoginLimiter implements FailedLoginLimit {
  private readonly limit: LeasedLimit | undefined;

  constructor(counters: WindowCounters, maxPerMinute: number) {
    this.limit = maxPerMinute === 0 ? undefined : new LeasedLimit(counters, 'failed-logins', maxPerMinute, 60_000, 1);
  }

  async recordFailure(address: string, keyId: string | undefined, now: number): Promise<number> {
    const limit = this.limit;
    if (limit === undefined) return 0;
    const counted = [limit.take(`address ${address}`, now)];
    if (keyId !== undefined) counted.push(limit.take(`key ${keyId}`, now));
    let wait = 0;
    for (const { current, resetAt } of await Promise.all(counted)) {
      if (current > limit.max) wait = Math.max(wait, 1, Math.ceil((resetAt - now) / 1000));
    }
    return wait;
  }
}
