/**
 * The shared window counters under the leased limit: two connections to one database stand for
 * two processes. Leases of more than one unit never let more than the limit through between them,
 * and refuse at most (lease − 1) early.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachTestStore } from '../helpers/store-suites.js';
import { openStore } from '../../src/store/open.js';
import { LeasedLimit, defaultLease } from '../../src/auth/leased-limit.js';

describeEachTestStore('window counters', (ts) => {
  it('two processes leasing 10 at a time pass at most the limit of 1000 between them, and at most 9 fewer', async () => {
    const other = await openStore(ts.url);
    try {
      const max = 1000;
      assert.equal(defaultLease(max), 10);
      const limits = [new LeasedLimit(ts.store.counters, 'test', max, 60_000), new LeasedLimit(other.counters, 'test', max, 60_000)];
      const now = Date.now();
      let passed = 0;
      for (let i = 0; i < 1500; i++) {
        // Uneven use: the first "process" takes three requests for each one of the second.
        const { current } = await limits[i % 4 === 3 ? 1 : 0].take('key one', now);
        if (current <= max) passed++;
      }
      assert.ok(passed <= max && passed >= max - 9, `passed ${passed}`);
      // Another key has its own budget.
      assert.ok((await limits[1].take('key two', now)).current <= max);
    } finally {
      await other.close();
    }
  });

  it('starts a new window once the old one has ended', async () => {
    const limit = new LeasedLimit(ts.store.counters, 'renew', 2, 1000);
    const start = Date.now();
    const first = await Promise.all([limit.take('k', start), limit.take('k', start), limit.take('k', start)]);
    assert.deepEqual(
      first.map((d) => d.current <= 2),
      [true, true, false],
    );
    const later = await limit.take('k', first[0].resetAt + 1);
    assert.ok(later.current <= 2);
    assert.ok(later.resetAt > first[0].resetAt);
  });
});
