/**
 * `npx tsx bench/webhook-delivery.ts [--store-url URL] [--seconds S] [--rounds R]` — webhook figures for
 * docs/benchmarks.md, side by side in one run against the real server process:
 * - message appends per second with one subscribed endpoint against none (alternating rounds of
 *   closed-loop appends at fixed concurrency; medians of each and of the per-round ratios);
 * - commit-to-receiver latency at paced appends (200/s unless --rate): from the append's 201 at the client (its
 *   commit is before) to the delivery's arrival at a receiver on loopback; p50 and p99 (`--rate`);
 * - the backlog drain rate after an outage: the receiver answers 503 while `--backlog` messages are
 *   appended, then recovers; deliveries per second from its recovery to the last backlog arrival
 *   (the retry schedule is 1 s, so up to a second of that is the retry waiting its turn).
 * Prints progress on stderr, then the figures and the load average; writes nothing.
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAccountIn, startServerProcess } from '../test/helpers/server-process.js';
import { basic } from '../test/helpers/harness.js';
import { cpuMs } from './process-cpu.js';

const { values } = parseArgs({
  options: {
    'store-url': { type: 'string' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    rate: { type: 'string', default: '200' },
    backlog: { type: 'string', default: '2000' },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = 8;
/** Appends per second of the latency phase. */
const RATE = Number(values.rate);
/** Messages appended while the receiver is down. */
const BACKLOG = Number(values.backlog);
const progress = (line: string) => process.stderr.write(`[webhook bench] ${line}\n`);

const dir = mkdtempSync(join(tmpdir(), 'calls-api-bench-webhooks-'));
const url = values['store-url'] ?? `sqlite:${join(dir, 'bench.db')}`;

const arrivals = new Map<string, number>();
/** While true the receiver answers 503 (the outage of the drain phase). */
let receiverDown = false;
const receiver = createServer((req, res) => {
  if (receiverDown) {
    req.resume();
    res.writeHead(503).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = performance.now();
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data: { message?: { sid?: string } } };
    const sid = event.data.message?.sid;
    if (event.type === 'message.created' && sid !== undefined) arrivals.set(sid, at);
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const address = receiver.address();
if (address === null || typeof address === 'string') throw new Error('no receiver port');

const key = await createAccountIn(url, 'Webhook bench');
const server = await startServerProcess(
  url,
  {
    SECRETS_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    RATE_LIMIT_PER_MINUTE: '0',
    // Eight calls take every append: more than a call's default 10,000 messages on a quick machine.
    MAX_MESSAGES_PER_CALL: '1000000',
    LOG_LEVEL: 'error',
    // Retries every second, for long enough to outlast the outage of the drain phase.
    WEBHOOK_RETRY_SCHEDULE: Array.from({ length: 60 }, () => '1s').join(','),
  },
  60_000,
);
const headers = { authorization: basic(key), 'content-type': 'application/json' };
/** One API request that must succeed (a bench that went on after a refused DELETE measured several endpoints). */
const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(server.baseUrl + path, {
    method,
    // No content-type without a body: an empty JSON body is a 400.
    headers: body === undefined ? { authorization: headers.authorization } : headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${String(res.status)} ${text}`);
  return { status: res.status, json: (text === '' ? {} : JSON.parse(text)) as Partial<Record<string, string>> };
};

const agent = await api('POST', '/api/v1/agents', { name: 'Bench', phone: '+14155550100', email: 'b@example.com', agentType: 'AI' });
const skill = await api('POST', '/api/v1/skills', { name: 'Bench' });
const calls: string[] = [];
for (let i = 0; i < CONCURRENCY; i++) {
  const call = await api('POST', '/api/v1/calls', {
    agentId: agent.json.id,
    skillId: skill.json.id,
    channel: 'sms',
    customerPhone: '+14155550123',
  });
  calls.push(call.json.id ?? '');
}

let counter = 0;
async function append(callId: string): Promise<{ sid: string; answeredAt: number }> {
  const sid = `SM${(++counter).toString(16).padStart(32, '0')}`;
  const res = await fetch(`${server.baseUrl}/api/v1/calls/${callId}/messages`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ sid, sender: 'customer', content: 'bench message' }),
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`append: ${res.status}`);
  return { sid, answeredAt: performance.now() };
}

/** The server's CPU milliseconds per append, per phase (its worker's deliveries included). */
const cpuPerAppend: { none: number[]; one: number[] } = { none: [], one: [] };

/** Closed-loop appends for SECONDS at CONCURRENCY; appends per second. */
async function appendRate(phase: 'none' | 'one'): Promise<number> {
  const end = performance.now() + SECONDS * 1000;
  const serverPid = server.child.pid ?? 0;
  const cpuBefore = cpuMs(serverPid);
  let done = 0;
  await Promise.all(
    calls.map(async (callId) => {
      while (performance.now() < end) {
        await append(callId);
        done++;
      }
    }),
  );
  cpuPerAppend[phase].push((cpuMs(serverPid) - cpuBefore) / done);
  return done / SECONDS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;

const none: number[] = [];
const one: number[] = [];
let endpointId = '';
for (let r = 0; r < ROUNDS; r++) {
  progress(`appends round ${String(r + 1)} of ${String(ROUNDS)}: no endpoint, then one`);
  none.push(await appendRate('none'));
  const created = await api('POST', '/api/v1/webhooks', { url: `http://127.0.0.1:${address.port}/hooks` });
  endpointId = created.json.id ?? '';
  one.push(await appendRate('one'));
  // Let the backlog drain before the next round without an endpoint.
  await sleep(2000);
  await api('DELETE', `/api/v1/webhooks/${endpointId}`);
}

// Latency at a paced RATE appends/s.
progress(`latency: ${String(RATE * SECONDS)} appends paced at ${String(RATE)}/s`);
const created = await api('POST', '/api/v1/webhooks', { url: `http://127.0.0.1:${address.port}/hooks` });
endpointId = created.json.id ?? '';
arrivals.clear();
const answered = new Map<string, number>();
const total = RATE * SECONDS;
const started = performance.now();
const inFlight: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const due = started + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
  inFlight.push(
    append(calls[i % calls.length] ?? '').then((a) => {
      answered.set(a.sid, a.answeredAt);
    }),
  );
}
await Promise.all(inFlight);
const deadline = performance.now() + 30_000;
while (arrivals.size < answered.size && performance.now() < deadline) await sleep(50);
const latencies = [...answered].flatMap(([sid, at]) => {
  const arrived = arrivals.get(sid);
  return arrived === undefined ? [] : [arrived - at];
});

// Backlog drain: BACKLOG appends while the receiver answers 503, then it recovers.
progress(`drain: ${String(BACKLOG)} appends while the receiver is down`);
arrivals.clear();
receiverDown = true;
const backlog: string[] = [];
await Promise.all(
  calls.map(async (callId, i) => {
    for (let n = i; n < BACKLOG; n += calls.length) backlog.push((await append(callId)).sid);
  }),
);
await sleep(1500);
const recoveredAt = performance.now();
receiverDown = false;
const drainDeadline = recoveredAt + 120_000;
let drained = 0;
while (performance.now() < drainDeadline) {
  drained = backlog.filter((sid) => arrivals.has(sid)).length;
  if (drained === backlog.length) break;
  await sleep(25);
}
const lastArrival = Math.max(...backlog.map((sid) => arrivals.get(sid) ?? 0));
const drainSeconds = (lastArrival - recoveredAt) / 1000;
progress(`drain: ${String(drained)} of ${String(backlog.length)} delivered in ${drainSeconds.toFixed(2)} s`);

const ratios = one.map((v, i) => v / (none[i] ?? Number.NaN));
console.log(
  JSON.stringify(
    {
      store: url.startsWith('postgres') ? 'postgres' : 'sqlite',
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      appendsPerSecond: { noEndpoint: none.map(Math.round), oneEndpoint: one.map(Math.round) },
      medians: {
        noEndpoint: Math.round(median(none)),
        oneEndpoint: Math.round(median(one)),
        ratio: Math.round(median(ratios) * 100) / 100,
        serverCpuMsPerAppend: {
          noEndpoint: Math.round(median(cpuPerAppend.none) * 1000) / 1000,
          oneEndpoint: Math.round(median(cpuPerAppend.one) * 1000) / 1000,
        },
      },
      latency: {
        appendsPerSecond: RATE,
        delivered: latencies.length,
        of: answered.size,
        p50Ms: Math.round(percentile(latencies, 0.5)),
        p99Ms: Math.round(percentile(latencies, 0.99)),
      },
      drain: {
        backlog: backlog.length,
        delivered: drained,
        seconds: Math.round(drainSeconds * 100) / 100,
        deliveriesPerSecond: Math.round(drained / drainSeconds),
      },
    },
    null,
    2,
  ),
);

await server.stop();
receiver.close();
rmSync(dir, { recursive: true, force: true });
