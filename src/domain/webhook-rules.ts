/**
 * The rules of webhook delivery, pure: the retry schedule and its jitter, Retry-After, what an
 * answer means, and when an endpoint is disabled. The worker (src/integrations/webhooks) applies
 * them; tests check them without a network.
 */

const UNIT_MS = new Map([
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);

/** `200ms`, `5s`, `30m`, `2h`, `5d` → milliseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!m) return undefined;
  const unit = UNIT_MS.get(m[2]);
  const ms = Number(m[1]) * (unit === undefined ? Number.NaN : unit);
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** `5s,5m,30m` → [5000, 300000, 1800000]; throws naming the setting and the bad entry. */
export function parseSchedule(text: string, setting = 'WEBHOOK_RETRY_SCHEDULE'): number[] {
  const parts = text.split(',');
  const delays = parts.map((p) => {
    const ms = parseDuration(p);
    if (ms === undefined) throw new Error(`${setting} must be durations like 5s,5m,30m,2h (units ms, s, m, h, d), got "${p.trim()}"`);
    return ms;
  });
  if (delays.length === 0) throw new Error(`${setting} must name at least one duration`);
  return delays;
}

/** The share of a delay that jitter may add or take away, so that retries of many events spread out. */
export const JITTER = 0.2;

/**
 * The delay before the next attempt after `attemptsMade` failed ones, jittered by ±JITTER;
 * undefined when the schedule is used up (the delivery has failed). `random` is in [0, 1).
 */
export function retryDelay(attemptsMade: number, schedule: readonly number[], random: number): number | undefined {
  const base = schedule.at(attemptsMade - 1);
  if (attemptsMade < 1 || base === undefined) return undefined;
  return Math.max(0, Math.round(base * (1 - JITTER + 2 * JITTER * random)));
}

/** Longest Retry-After honoured: a receiver cannot park a delivery for longer than this. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** A Retry-After header (seconds, or an HTTP date) → milliseconds from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/** What an attempt's answer means. */
export type AttemptOutcome =
  | { kind: 'success'; status: number }
  /** 410: the receiver says the endpoint is gone for good. */
  | { kind: 'gone'; status: number }
  /** No usable answer, or one that is not 2xx. `retryAfterMs` only for 429 and 503. */
  | { kind: 'failure'; status: number | null; error: string; retryAfterMs?: number };

export function outcomeOf(status: number, retryAfter: string | undefined, nowMs: number): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'success', status };
  if (status === 410) return { kind: 'gone', status };
  const error = status >= 300 && status < 400 ? `redirect ${status} (not followed)` : `HTTP ${status}`;
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(retryAfter, nowMs) : undefined;
  return retryAfterMs === undefined ? { kind: 'failure', status, error } : { kind: 'failure', status, error, retryAfterMs };
}

export interface DeliveryPolicy {
  /** Delays between attempts (WEBHOOK_RETRY_SCHEDULE): attempts = schedule.length + 1. */
  schedule: readonly number[];
  /** An endpoint whose attempts all failed for this long is disabled (WEBHOOK_DISABLE_AFTER). */
  disableAfterMs: number;
}

/** What follows an attempt: for the delivery, and for its endpoint. */
export interface AttemptDecision {
  delivery: { status: 'succeeded' | 'pending' | 'failed'; nextAttemptAt: number | null };
  endpoint: 'healthy' | 'failing' | 'disable-gone' | 'disable-failing';
}

/**
 * Decides after attempt number `attemptsMade` (1 for the first). `failingSince` is when the
 * endpoint's current run of failures began (null when its last attempt succeeded).
 */
export function decideAfterAttempt(
  outcome: AttemptOutcome,
  attemptsMade: number,
  failingSince: number | null,
  nowMs: number,
  policy: DeliveryPolicy,
  random: number,
): AttemptDecision {
  if (outcome.kind === 'success') return { delivery: { status: 'succeeded', nextAttemptAt: null }, endpoint: 'healthy' };
  if (outcome.kind === 'gone') return { delivery: { status: 'failed', nextAttemptAt: null }, endpoint: 'disable-gone' };
  const since = failingSince ?? nowMs;
  const endpoint = nowMs - since >= policy.disableAfterMs ? 'disable-failing' : 'failing';
  const scheduled = retryDelay(attemptsMade, policy.schedule, random);
  if (scheduled === undefined) return { delivery: { status: 'failed', nextAttemptAt: null }, endpoint };
  const delay = outcome.retryAfterMs ?? scheduled;
  return { delivery: { status: 'pending', nextAttemptAt: nowMs + delay }, endpoint };
}
