/**
 * The per-key rate limit and the failed-login limit hold across processes: two server processes
 * on one database (and on one Redis, with REDIS_URL) accept no more of one key's requests between
 * them than one process would.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { basic } from '../helpers/harness.js';
import { describeEachTestStore } from '../helpers/store-suites.js';
import { createAccountIn, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 120;

async function statuses(servers: ServerProcess[], n: number, auth: string): Promise<number[]> {
  const out: number[] = [];
  // Ten at a time, spread over both processes.
  for (let i = 0; i < n; i += 10) {
    const batch = Array.from({ length: Math.min(10, n - i) }, async (_, j) => {
      const res = await fetch(`${servers[(i + j) % servers.length].baseUrl}/api/v1/agents`, { headers: { authorization: auth } });
      await res.arrayBuffer();
      return res.status;
    });
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

async function withTwoServers(url: string, env: Record<string, string>, body: (servers: ServerProcess[]) => Promise<void>) {
  const limits = { RATE_LIMIT_PER_MINUTE: String(LIMIT), AUTH_FAILURES_PER_MINUTE: '3', ...env };
  const servers = [await startServerProcess(url, limits, 60_000), await startServerProcess(url, limits, 60_000)];
  try {
    await body(servers);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function checkLimits(url: string, env: Record<string, string>): Promise<void> {
  const key = await createAccountIn(url);
  await withTwoServers(url, env, async (servers) => {
    const seen = await statuses(servers, 2 * LIMIT + 60, basic(key));
    const accepted = seen.filter((s) => s === 200).length;
    assert.equal(accepted, LIMIT, `accepted ${accepted} of one key's requests between two processes`);
    assert.deepEqual(new Set(seen), new Set([200, 429]));

    // Failed logins for one key id, alternating between the processes: the fourth is refused.
    const wrong = basic({ username: key.username, password: 'not-the-secret' });
    const failures: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${servers[i % 2].baseUrl}/api/v1/agents`, { headers: { authorization: wrong } });
      failures.push(res.status);
    }
    assert.deepEqual(failures, [401, 401, 401, 429]);
  });
}

describeEachTestStore('limits shared across processes', (ts, kind) => {
  it(
    `two processes on one ${kind} database accept ${LIMIT} of one key's requests a minute between them`,
    { timeout: 180_000 },
    async () => {
      await checkLimits(ts.url, {});
    },
  );

  if (kind === 'sqlite') {
    it(`two processes counting in Redis (REDIS_URL) accept ${LIMIT} between them`, { timeout: 180_000 }, async () => {
      await checkLimits(ts.url, { REDIS_URL });
    });
  }
});
