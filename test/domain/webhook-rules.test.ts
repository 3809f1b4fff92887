import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  JITTER,
  MAX_RETRY_AFTER_MS,
  decideAfterAttempt,
  outcomeOf,
  parseDuration,
  parseRetryAfter,
  parseSchedule,
  retryDelay,
} from '../../src/domain/webhook-rules.js';

const NOW = Date.parse('2026-01-01T00:00:00.000Z');
const policy = { schedule: [1000, 60_000], disableAfterMs: 5 * 86_400_000 };

describe('webhook rules', () => {
  it('reads durations and schedules, refusing anything else by name', () => {
    assert.equal(parseDuration('200ms'), 200);
    assert.equal(parseDuration('5s'), 5000);
    assert.equal(parseDuration('30m'), 1_800_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('5d'), 432_000_000);
    assert.equal(parseDuration('5'), undefined);
    assert.equal(parseDuration('-1s'), undefined);
    assert.deepEqual(parseSchedule('5s,5m,30m,2h,5h,10h,10h'), [5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    assert.deepEqual(parseSchedule('200ms, 1s'), [200, 1000]);
    assert.throws(() => parseSchedule('5s,soon'), /WEBHOOK_RETRY_SCHEDULE.*"soon"/);
  });

  it('jitters each delay within its bounds and stops when the schedule is used up', () => {
    const schedule = [1000, 10_000];
    assert.equal(retryDelay(1, schedule, 0), 1000 * (1 - JITTER));
    assert.equal(retryDelay(1, schedule, 0.5), 1000);
    assert.ok((retryDelay(2, schedule, 0.999) ?? 0) <= 10_000 * (1 + JITTER));
    assert.equal(retryDelay(3, schedule, 0.5), undefined);
  });

  it('reads Retry-After as seconds or an HTTP date, bounded', () => {
    assert.equal(parseRetryAfter('3', NOW), 3000);
    assert.equal(parseRetryAfter(new Date(NOW + 7000).toUTCString(), NOW), 7000);
    assert.equal(parseRetryAfter(new Date(NOW - 7000).toUTCString(), NOW), 0);
    assert.equal(parseRetryAfter('999999999', NOW), MAX_RETRY_AFTER_MS);
    assert.equal(parseRetryAfter('soon', NOW), undefined);
    assert.equal(parseRetryAfter(undefined, NOW), undefined);
  });

  it('classifies answers: 2xx success, 410 gone, redirects and others failures, Retry-After on 429 and 503 only', () => {
    assert.deepEqual(outcomeOf(204, undefined, NOW), { kind: 'success', status: 204 });
    assert.deepEqual(outcomeOf(410, undefined, NOW), { kind: 'gone', status: 410 });
    assert.deepEqual(outcomeOf(302, undefined, NOW), { kind: 'failure', status: 302, error: 'redirect 302 (not followed)' });
    assert.deepEqual(outcomeOf(429, '2', NOW), { kind: 'failure', status: 429, error: 'HTTP 429', retryAfterMs: 2000 });
    assert.deepEqual(outcomeOf(503, '2', NOW), { kind: 'failure', status: 503, error: 'HTTP 503', retryAfterMs: 2000 });
    assert.deepEqual(outcomeOf(500, '2', NOW), { kind: 'failure', status: 500, error: 'HTTP 500' });
  });

  it('retries on the schedule (or Retry-After), fails when it is used up, and disables gone or long-failing endpoints', () => {
    const failure = { kind: 'failure', status: 500, error: 'HTTP 500' } as const;
    assert.deepEqual(decideAfterAttempt({ kind: 'success', status: 200 }, 1, NOW - 1000, NOW, policy, 0.5), {
      delivery: { status: 'succeeded', nextAttemptAt: null },
      endpoint: 'healthy',
    });
    assert.deepEqual(decideAfterAttempt(failure, 1, null, NOW, policy, 0.5), {
      delivery: { status: 'pending', nextAttemptAt: NOW + 1000 },
      endpoint: 'failing',
    });
    assert.deepEqual(decideAfterAttempt({ ...failure, retryAfterMs: 30_000 }, 1, null, NOW, policy, 0.5).delivery, {
      status: 'pending',
      nextAttemptAt: NOW + 30_000,
    });
    assert.deepEqual(decideAfterAttempt(failure, 3, NOW - 1000, NOW, policy, 0.5), {
      delivery: { status: 'failed', nextAttemptAt: null },
      endpoint: 'failing',
    });
    assert.equal(decideAfterAttempt(failure, 1, NOW - policy.disableAfterMs, NOW, policy, 0.5).endpoint, 'disable-failing');
    assert.deepEqual(decideAfterAttempt({ kind: 'gone', status: 410 }, 1, null, NOW, policy, 0.5), {
      delivery: { status: 'failed', nextAttemptAt: null },
      endpoint: 'disable-gone',
    });
  });
});
