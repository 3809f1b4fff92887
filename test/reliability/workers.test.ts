/**
 * `calls-api serve` with WORKERS=2 on a real port: both workers serve, a worker killed with
 * SIGKILL is replaced while the other keeps answering, and SIGTERM drains both and exits 0.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { basic } from '../helpers/harness.js';
import { describeEachTestStore } from '../helpers/store-suites.js';
import { createAccountIn, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/** One request on a connection of its own (a kept-alive socket could belong to a killed worker). */
function get(port: number, path: string, auth: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000, headers: { authorization: auth } }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', reject);
    req.on('timeout', () => {
      req.destroy(new Error(`no answer to GET ${path} within 10 s`));
    });
  });
}

/** The pid of the worker in `slot` once the primary has said it listens (waits up to 30 s). */
async function listeningPid(server: ServerProcess, slot: number, not?: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pids = [...server.stderr().matchAll(new RegExp(`worker ${slot} \\(pid (\\d+)\\) listening`, 'g'))].map((m) => Number(m[1]));
    const pid = pids.filter((p) => p !== not).pop();
    if (pid !== undefined) return pid;
    if (Date.now() > deadline) throw new Error(`worker ${slot} did not listen: ${server.stderr()}`);
    await sleep(25);
  }
}

async function allSucceed(port: number, auth: string, n: number): Promise<void> {
  const statuses = await Promise.all(Array.from({ length: n }, () => get(port, '/api/v1/agents', auth)));
  assert.deepEqual(
    statuses.filter((s) => s !== 200),
    [],
  );
}

describeEachTestStore('serve with workers', (ts) => {
  it('serves from two workers, replaces a killed worker, drains all on SIGTERM', { timeout: 120_000 }, async () => {
    const auth = basic(await createAccountIn(ts.url));
    const server = await startServerProcess(ts.url, { WORKERS: '2' }, 60_000);
    try {
      const first = await listeningPid(server, 1);
      const second = await listeningPid(server, 2);
      assert.notEqual(first, second);
      assert.notEqual(first, server.child.pid);
      await allSucceed(server.port, auth, 20);

      process.kill(first, 'SIGKILL');
      await allSucceed(server.port, auth, 20); // the second worker answers alone
      const replacement = await listeningPid(server, 1, first);
      assert.notEqual(replacement, first);

      process.kill(second, 'SIGKILL');
      await allSucceed(server.port, auth, 20); // now the replacement answers alone
      await listeningPid(server, 2, second);
      await allSucceed(server.port, auth, 20);
      assert.match(server.stderr(), /worker 1 \(pid \d+\) exited with signal SIGKILL; replacing it in \d+ ms/);
    } finally {
      await server.stop();
    }
    const exit = await server.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, server.stderr());
    assert.match(server.stderr(), /SIGTERM received, draining 2 workers/);
  });
});
