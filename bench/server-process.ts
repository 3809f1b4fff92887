/**
 * The server under test, as its own process (`bench/serve.ts` on a free port), and the few
 * client helpers the phases share: authenticated requests, a bounded pool, and sampling random
 * existing calls through the public API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_SERVER, WORK, fail, log, sleep } from './options.js';
import type { Seeded } from './databases.js';

export interface Server {
  name: string;
  base: string;
  process: ChildProcess;
  seeded: Seeded;
  auth: string;
  /** Peak resident set (VmHWM) in MiB, read from /proc. */
  peakRssMiB(): number | undefined;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => {
        done(port);
      });
    });
  });
}

export async function startServer(name: string, seeded: Seeded, extraEnv: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const logFile = openSync(join(WORK, `server-${name}.log`), 'a');
  // Node's own options for the server (e.g. --cpu-prof, which NODE_OPTIONS does not accept).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', BENCH_SERVER], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: seeded.url,
      LOG_LEVEL: 'warn',
      // The load generator is one client hammering one key: the per-key rate limit (a policy, not
      // a cost) is lifted so that it measures the service, not the 429 path.
      RATE_LIMIT_PER_MINUTE: process.env.RATE_LIMIT_PER_MINUTE ?? '0',
      ...extraEnv,
    },
    stdio: ['ignore', logFile, logFile],
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      done();
    }),
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) fail(`server ${name} exited during start (see .bench/server-${name}.log)`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) fail(`server ${name} did not start in 120 s`);
    await sleep(100);
  }
  log(`server ${name} (pid ${child.pid}) listening on ${base}`);
  return {
    name,
    base,
    process: child,
    seeded,
    auth: 'Basic ' + Buffer.from(`${seeded.username}:${seeded.password}`).toString('base64'),
    peakRssMiB() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
        return kib === undefined ? undefined : Number(kib) / 1024;
      } catch {
        return undefined;
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function api(server: Server, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(server.base + path, { ...init, headers: { authorization: server.auth, ...(init.headers as Record<string, string>) } });
}

/** Runs `fn` over `items` with `width` in flight. */
export async function pool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

export interface Sample {
  ids: string[];
  phones: string[];
  agentId: string;
  skillId: string;
  /** The bytes Get Call answers for ids[0] (the bare route serves them). */
  body: Buffer;
  window: { from: number; to: number };
}

/** Random existing calls, found through the public API: the newest call before a random instant. */
export async function sample(server: Server, count: number): Promise<Sample> {
  const to = Date.parse(server.seeded.seededAt);
  const from = to - 90 * 86_400_000;
  const instants = Array.from({ length: count }, () => new Date(from + Math.random() * (to - from)).toISOString());
  const found = await pool(instants, 16, async (at) => {
    const res = await api(server, `/api/v1/calls?limit=1&dateRange[to]=${encodeURIComponent(at)}`);
    if (!res.ok) fail(`sampling answered ${res.status}`);
    return ((await res.json()) as { id: string; customerPhone: string; agentId: string; skillId: string }[]).at(0);
  });
  const calls = found.filter((c) => c !== undefined);
  if (calls.length === 0) fail('the benchmark account has no calls');
  const ids = [...new Set(calls.map((c) => c.id))];
  const phones = [...new Set(calls.map((c) => c.customerPhone).filter((p) => p !== ''))];
  const res = await api(server, `/api/v1/calls/${ids[0]}`);
  const body = Buffer.from(await res.arrayBuffer());
  const put = await fetch(`${server.base}/__bench/bare`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body });
  if (put.status !== 204) fail(`PUT /__bench/bare answered ${put.status}: does the server run bench/serve.ts?`);
  return { ids, phones, agentId: calls[0].agentId, skillId: calls[0].skillId, body, window: { from, to } };
}
