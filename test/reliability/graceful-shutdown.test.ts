/**
 * Graceful shutdown: SIGTERM under load. Every request fully sent before the signal gets a 2xx;
 * later ones may be refused; the process exits 0 with its database closed cleanly.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { basic } from '../helpers/harness.js';
import { describeEachTestStore } from '../helpers/store-suites.js';
import { createAccountIn, startServerProcess } from '../helpers/server-process.js';
import { integrity, openRawDb } from '../helpers/raw-db.js';

interface Outcome {
  /** When the request was fully handed to the socket (ms, performance.now()). */
  sentAt: number;
  status?: number;
  error?: string;
}

function request(agent: http.Agent, port: number, method: string, path: string, auth: string, body?: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outcome: Outcome = { sentAt: Infinity };
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { authorization: auth, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve({ ...outcome, status: res.statusCode });
        });
        res.on('error', (err) => {
          resolve({ ...outcome, error: err.message });
        });
      },
    );
    req.on('finish', () => (outcome.sentAt = performance.now()));
    req.on('error', (err) => {
      resolve({ ...outcome, error: (err as NodeJS.ErrnoException).code ?? err.message });
    });
    req.end(payload);
  });
}

describeEachTestStore('graceful shutdown', (ts, kind) => {
  it('finishes every request sent before SIGTERM with a 2xx, then exits 0', { timeout: 60_000 }, async () => {
    const key = await createAccountIn(ts.url);
    const auth = basic(key);
    const server = await startServerProcess(ts.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const a = await request(agent, server.port, 'POST', '/api/v1/agents', auth, { name: 'Shut', agentType: 'AI' });
    assert.equal(a.status, 201);
    const agentRes = (await (await fetch(`${server.baseUrl}/api/v1/agents`, { headers: { authorization: auth } })).json()) as {
      id: string;
    }[];
    const skill = await fetch(`${server.baseUrl}/api/v1/skills`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Down' }),
    });
    const skillId = ((await skill.json()) as { id: string }).id;
    const agentId = agentRes[0].id;

    let stop = false;
    const outcomes: Outcome[] = [];
    const worker = async (w: number) => {
      let callId: string | undefined;
      while (!stop) {
        const o =
          callId === undefined || w % 3 === 0
            ? await request(agent, server.port, 'POST', '/api/v1/calls', auth, {
                agentId,
                skillId,
                channel: 'call',
                customerPhone: `+1415555${String(w).padStart(4, '0')}`,
              })
            : await request(agent, server.port, 'POST', `/api/v1/calls/${callId}/messages`, auth, {
                sender: 'agent',
                content: `load ${w}`,
              });
        outcomes.push(o);
        if (o.status === 200 && callId === undefined) {
          // Learn the id from a list read (the helper drops bodies to stay light).
          try {
            const list = (await (await fetch(`${server.baseUrl}/api/v1/calls?limit=1`, { headers: { authorization: auth } })).json()) as {
              id: string;
            }[];
            callId = list[0]?.id;
          } catch {
            break; // the server went away meanwhile
          }
        }
        if (o.error || (o.status !== undefined && o.status >= 500)) {
          if (performance.now() > signalAt) break; // refused after the signal: expected, stop this worker
        }
      }
    };
    let signalAt = Infinity;
    const load = Array.from({ length: 24 }, (_, w) => worker(w));
    // The signal comes once the load is flowing (on a busy machine that takes longer than on a quiet one).
    const loadDeadline = performance.now() + 20_000;
    await sleep(800);
    while (outcomes.length < 80 && performance.now() < loadDeadline) await sleep(50);
    signalAt = performance.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    stop = true;
    await Promise.all(load);
    agent.destroy();

    const before = outcomes.filter((o) => o.sentAt < signalAt);
    const failedBefore = before.filter((o) => o.status === undefined || o.status < 200 || o.status >= 300);
    const after = outcomes.filter((o) => o.sentAt >= signalAt);
    console.log(
      `# graceful shutdown [${kind}]: ${before.length} requests sent before SIGTERM, ${failedBefore.length} failed; ${after.length} sent after`,
    );
    assert.ok(before.length > 50, 'there was load when the signal came');
    assert.deepEqual(failedBefore, [], 'no request sent before SIGTERM failed');
    assert.deepEqual(exit, { code: 0, signal: null });

    const db = await openRawDb(ts.url);
    try {
      assert.deepEqual(await integrity(db), { callsWithoutCustomer: 0, messagesWithoutCall: 0, callsWithWrongMessageCount: 0 });
    } finally {
      await db.close();
    }
  });
});
