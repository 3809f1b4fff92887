/**
 * `npm run bench` — builds the service, seeds (or reuses) a benchmark database, starts the REAL
 * server as its own process and drives it with autocannon from this process, then writes
 * `docs/benchmarks.md`, `docs/benchmarks.json` and `docs/benchmarks.svg`.
 *
 *   npm run bench                              1 000 000 calls × 8 messages, SQLite (docs/)
 *   npm run bench -- --quick                   20 000 calls, short runs (writes .bench/quick/)
 *   npm run bench -- --quick --smoke           tiny data, 1 s runs, no timing asserted (.bench/smoke/)
 *   options: --store sqlite|postgres  --database-url URL (postgres: the server to create bench
 *            databases on)  --calls N  --small N  --messages M  --duration S  --connections C
 *            --rounds R  --out DIR  --no-build  --seed-only (prepare the databases and stop)
 *            --only get,lists,appends (run some phases; prints figures, writes no report)
 *            --only console (the console's first load at 100,000 calls: bench/console-load.ts)
 *   BENCH_SERVER_NODE_ARGS  node options for the server processes only (e.g. --cpu-prof)
 */
import autocannon, { type RequestStep, type Result } from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COMMON_WORD, RARE_WORDS } from '../src/seed/corpus.js';
import { renderMarkdown, renderSvg, type BenchReport, type Measure } from './report.js';
import { consoleLoadPhase } from './console-load.js';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, '.bench');
const CLI = join(ROOT, 'dist/cli/main.js');
/** `calls-api serve` plus the bare comparison route (the app itself has no benchmark routes). */
const BENCH_SERVER = join(ROOT, 'bench/serve.ts');
/** Pages followed per list walk before starting over with a fresh first page. */
const PAGE_DEPTH = 10;
/** The mixed phase appends at this share of the append phase's rate while Get Call is polled, */
const MIXED_APPEND_SHARE = 0.1;
/** …from this many connections. */
const MIXED_APPEND_CONNECTIONS = 8;

// ---------- options ----------

const { values: argv } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    'database-url': { type: 'string' },
    calls: { type: 'string' },
    small: { type: 'string' },
    messages: { type: 'string', default: '8' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string' },
    out: { type: 'string' },
    quick: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const PHASES = ['get', 'lists', 'appends'] as const;
/** Phases that run only when named in --only. */
const OPTIONAL_PHASES = ['console'];
type Phase = (typeof PHASES)[number];
const mode = argv.smoke ? 'smoke' : argv.quick ? 'quick' : 'full';
const preset = {
  full: { calls: 1_000_000, small: 10_000, duration: 10, rounds: 3, samples: 4000, appendCalls: 2000, out: join(ROOT, 'docs') },
  quick: { calls: 20_000, small: 2_000, duration: 3, rounds: 1, samples: 1000, appendCalls: 300, out: join(WORK, 'quick') },
  smoke: { calls: 1_000, small: 200, duration: 1, rounds: 1, samples: 100, appendCalls: 20, out: join(WORK, 'smoke') },
}[mode];
const store = argv.store;
if (store !== 'sqlite' && store !== 'postgres') fail('--store must be sqlite or postgres');
const opt = {
  store,
  databaseUrl: argv['database-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  calls: num(argv.calls, preset.calls),
  small: num(argv.small, preset.small),
  messages: num(argv.messages, 8),
  duration: num(argv.duration, preset.duration),
  connections: num(argv.connections, 32),
  rounds: num(argv.rounds, preset.rounds),
  out: resolve(argv.out ?? preset.out),
  build: !argv['no-build'],
};
const phases = new Set<string>(argv.only === undefined ? PHASES : argv.only.split(',').map((p) => p.trim()));
for (const p of phases)
  if (![...PHASES, ...OPTIONAL_PHASES].includes(p)) fail(`--only takes ${[...PHASES, ...OPTIONAL_PHASES].join(', ')}; not: ${p}`);
const want = (phase: Phase) => phases.has(phase);
/** The report (docs/benchmarks.*) is written only by a run of every phase. */
const complete = PHASES.every(want);

function num(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) fail(`not a positive number: ${raw}`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

// ---------- seeded databases ----------

interface Seeded {
  url: string;
  calls: number;
  messages: number;
  accountId: string;
  username: string;
  password: string;
  seededAt: string;
  seedSeconds: number;
}

async function databaseUrlFor(calls: number, messages: number): Promise<string> {
  const name = `calls_bench_${calls}x${messages}`;
  if (opt.store === 'sqlite') return `sqlite:${join(WORK, `sqlite-${calls}x${messages}.db`)}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: opt.databaseUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(opt.databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(url: string): Promise<void> {
  if (opt.store === 'sqlite') {
    const path = url.slice('sqlite:'.length);
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    return;
  }
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: opt.databaseUrl });
  await admin.connect();
  try {
    const name = new URL(url).pathname.slice(1);
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

/** A database with `calls` calls, reused when a complete one of that size exists. */
async function ensureSeeded(calls: number, messages: number): Promise<Seeded> {
  mkdirSync(WORK, { recursive: true });
  const metaPath = join(WORK, `${opt.store}-${calls}x${messages}.json`);
  const url = await databaseUrlFor(calls, messages);
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Seeded;
    if (meta.calls === calls && meta.messages === messages && meta.url === url) {
      log(`reusing ${opt.store} database with ${calls} calls × ${messages} messages (seeded ${meta.seededAt})`);
      return meta;
    }
  }
  rmSync(metaPath, { force: true });
  await dropDatabase(url);
  log(`seeding ${calls} calls × ${messages} messages into ${opt.store} (progress below)…`);
  const started = Date.now();
  const seed = spawnSync(process.execPath, [CLI, 'seed', '--calls', String(calls), '--messages-per-call', String(messages)], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (seed.status !== 0) fail(`seeding failed (exit ${seed.status})`);
  const key = JSON.parse(seed.stdout.trim()) as { accountId: string; username: string; password: string };
  const meta: Seeded = { url, calls, messages, ...key, seededAt: new Date().toISOString(), seedSeconds: (Date.now() - started) / 1000 };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  return meta;
}

// ---------- the server process ----------

interface Server {
  name: string;
  base: string;
  process: ChildProcess;
  seeded: Seeded;
  auth: string;
  /** Peak resident set (VmHWM) in MiB, read from /proc. */
  peakRssMiB(): number | undefined;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function freePort(): Promise<number> {
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

async function startServer(name: string, seeded: Seeded): Promise<Server> {
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(server: Server, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(server.base + path, { ...init, headers: { authorization: server.auth, ...(init.headers as Record<string, string>) } });
}

/** Runs `fn` over `items` with `width` in flight. */
async function pool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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

interface Sample {
  ids: string[];
  phones: string[];
  agentId: string;
  skillId: string;
  /** The bytes Get Call answers for ids[0] (the bare route serves them). */
  body: Buffer;
  window: { from: number; to: number };
}

/** Random existing calls, found through the public API: the newest call before a random instant. */
async function sample(server: Server, count: number): Promise<Sample> {
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

// ---------- measuring ----------

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(
  label: string,
  base: string,
  options: {
    requests: RequestStep[];
    headers?: Record<string, string>;
    method?: string;
    connections?: number;
    duration?: number;
    rate?: number;
    quiet?: boolean;
  },
): Promise<Measure> {
  const connections = options.connections ?? opt.connections;
  const duration = options.duration ?? opt.duration;
  if (!options.quiet) process.stderr.write(`bench: ▶ ${label} (${duration} s, ${connections} connection${connections === 1 ? '' : 's'})… `);
  const latencies: number[] = [];
  const instance = autocannon({
    url: base,
    connections,
    duration,
    headers: options.headers,
    method: options.method,
    requests: options.requests,
    timeout: 30,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result: Result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const seconds = result.duration;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const m: Measure = {
    label,
    ok: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    errors: result.errors + result.timeouts,
    statusCodes,
    seconds,
  };
  process.stderr.write(
    `${options.quiet ? `bench:   ${label}: ` : ''}${Math.round(m.rps)} ok/s, p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms${nonOk(m)}\n`,
  );
  measured.push(m);
  return m;
}

/** Every run of this invocation: the smoke mode fails when any answered other than 2xx. */
const measured: Measure[] = [];

function nonOk(m: Measure): string {
  const bad = Object.entries(m.statusCodes).filter(([c]) => !c.startsWith('2'));
  return bad.length || m.errors ? ` — NOT OK: ${bad.map(([c, n]) => `${n}×${c}`).join(', ')}${m.errors ? ` ${m.errors} errors` : ''}` : '';
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/** Get Call on random ids; the bare route gets requests of the same shape (and the same client work). */
function getCallRequests(ids: string[], prefix = '/api/v1/calls/'): RequestStep[] {
  return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${prefix}${pick(ids)}` }) }];
}

/**
 * A list query walked with its cursor: each connection fetches a first page, then follows the
 * `Link: rel="next"` header up to PAGE_DEPTH pages, then starts over with a fresh first page.
 */
function pagedRequests(firstPage: () => string, stats: { pages: number; walks: number }): RequestStep[] {
  const next = (ctx: Record<string, unknown>) => {
    const path = ctx.next as string | undefined;
    if (path !== undefined) return path;
    stats.walks++;
    return firstPage();
  };
  return Array.from({ length: PAGE_DEPTH }, (_, i) => ({
    method: 'GET',
    setupRequest: (req, ctx) => ({ ...req, path: i === 0 ? (stats.walks++, firstPage()) : next(ctx) }),
    onResponse: (_status, _body, ctx, headers) => {
      stats.pages++;
      const link = Object.entries(headers).find(([k]) => k.toLowerCase() === 'link')?.[1];
      ctx.next = link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
    },
  }));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The median of each figure over rounds. */
function medianOf(rounds: Measure[]): Measure {
  return {
    ...rounds[0],
    label: rounds[0].label.replace(/ \[round \d+\/\d+\]$/, ''),
    ok: median(rounds.map((r) => r.ok)),
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p90: median(rounds.map((r) => r.p90)),
    p99: median(rounds.map((r) => r.p99)),
    max: Math.max(...rounds.map((r) => r.max)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    rounds: rounds.map(({ rps, p50, p99 }) => ({ rps, p50, p99 })),
  };
}

// ---------- the run ----------

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  log(
    `mode ${mode}: ${opt.store}, ${opt.calls} calls (and ${opt.small}) × ${opt.messages} messages, ${opt.duration} s runs, ${opt.connections} connections, ${opt.rounds} round(s) → ${opt.out}`,
  );
  if (opt.build) {
    log('building (npm run build)…');
    const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) fail('build failed');
  }
  if (phases.has('console')) {
    const calls = argv.calls === undefined && mode === 'full' ? 100_000 : opt.calls;
    await consoleLoadPhase({ mode, calls, messages: opt.messages, build: opt.build, ensureSeeded, startServer, log });
    if (phases.size === 1) return;
  }
  const smallDb = await ensureSeeded(opt.small, opt.messages);
  const largeDb = await ensureSeeded(opt.calls, opt.messages);
  for (const db of [smallDb, largeDb]) {
    // A database seeded by an older version gets its schema migrations here, not in the
    // server's start (at a million calls a migration can take minutes).
    log(`applying schema migrations to the ${db.calls}-call database…`);
    const m = spawnSync(process.execPath, [CLI, 'migrate'], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (m.status !== 0) fail('migration failed');
  }
  if (argv['seed-only']) return;

  if (opt.store === 'sqlite') {
    // A server that has been running has its database in the OS page cache; a freshly seeded or
    // migrated file may not be. Read it once so every run starts from the same (warm) state.
    for (const db of [smallDb, largeDb]) {
      const path = db.url.slice('sqlite:'.length);
      log(`warming the OS page cache with ${path}…`);
      for (const suffix of ['', '-wal'])
        if (existsSync(path + suffix))
          await pipeline(
            createReadStream(path + suffix, { highWaterMark: 1 << 20 }),
            new Writable({
              write: (_c, _e, done) => {
                done();
              },
            }),
          );
    }
  }

  // Both servers stay up; rounds alternate between them so background noise hits both alike.
  const small = await startServer(`${opt.store}-${opt.small}`, smallDb);
  const large = await startServer(`${opt.store}-${opt.calls}`, largeDb);
  try {
    log(`sampling random existing calls (${preset.samples} per database)…`);
    const smallSample = await sample(small, Math.min(preset.samples, opt.small));
    const largeSample = await sample(large, preset.samples);
    log(
      `${largeSample.ids.length} distinct ids, ${largeSample.phones.length} customer phones; Get Call body ${largeSample.body.length} bytes`,
    );

    const bare: Measure[] = [];
    const get: Measure[] = [];
    const getSmall: Measure[] = [];
    for (let r = 1; want('get') && r <= opt.rounds; r++) {
      const tag = opt.rounds > 1 ? ` [round ${r}/${opt.rounds}]` : '';
      bare.push(
        await measure(`bare route${tag}`, large.base, {
          requests: getCallRequests(largeSample.ids, '/__bench/bare/'),
          headers: { authorization: large.auth },
        }),
      );
      get.push(
        await measure(`Get Call @ ${opt.calls}${tag}`, large.base, {
          requests: getCallRequests(largeSample.ids),
          headers: { authorization: large.auth },
        }),
      );
      getSmall.push(
        await measure(`Get Call @ ${opt.small}${tag}`, small.base, {
          requests: getCallRequests(smallSample.ids),
          headers: { authorization: small.auth },
        }),
      );
    }
    await small.stop();

    const day = 86_400_000;
    const { from, to } = largeSample.window;
    const lists: Record<string, () => string> = {
      'status=completed': () => '/api/v1/calls?status=completed',
      'dateRange (one day)': () => {
        const start = new Date(from + Math.floor(Math.random() * ((to - from) / day - 1)) * day);
        const end = new Date(start.getTime() + day - 1);
        return `/api/v1/calls?dateRange[from]=${start.toISOString()}&dateRange[to]=${end.toISOString()}`;
      },
      customerPhone: () => `/api/v1/calls?customerPhone=${encodeURIComponent(pick(largeSample.phones))}`,
      [`q rare word`]: () => `/api/v1/calls?q=${pick(RARE_WORDS)}`,
      [`q common word (${COMMON_WORD})`]: () => `/api/v1/calls?q=${COMMON_WORD}`,
    };
    const listResults: (Measure & { pagesPerWalk: number; single: Measure })[] = [];
    const listRounds = Math.min(opt.rounds, 3);
    for (const [name, firstPage] of Object.entries(want('lists') ? lists : {})) {
      const rounds: Measure[] = [];
      let pages = 0;
      let walks = 0;
      for (let r = 1; r <= listRounds; r++) {
        const stats = { pages: 0, walks: 0 };
        const tag = listRounds > 1 ? ` [round ${r}/${listRounds}]` : '';
        rounds.push(
          await measure(`List ${name}${tag}`, large.base, {
            requests: pagedRequests(firstPage, stats),
            headers: { authorization: large.auth },
          }),
        );
        pages += stats.pages;
        walks += stats.walks;
      }
      // The same walk from one connection: the service time of a page, without queueing.
      const alone = await measure(`List ${name}, 1 connection`, large.base, {
        requests: pagedRequests(firstPage, { pages: 0, walks: 0 }),
        headers: { authorization: large.auth },
        connections: 1,
        duration: Math.max(1, Math.round(opt.duration / 2)),
      });
      listResults.push({ ...medianOf(rounds), label: `List ${name}`, pagesPerWalk: walks ? pages / walks : 0, single: alone });
    }

    if (!want('appends')) {
      partialRun(large.peakRssMiB());
      return;
    }
    // Appends go to calls made for this run, so the seeded calls keep their size across runs.
    log(`creating ${preset.appendCalls} calls to append to…`);
    const targets = await pool(
      Array.from({ length: preset.appendCalls }, (_, i) => i),
      16,
      async (i) => {
        const res = await api(large, '/api/v1/calls', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            agentId: largeSample.agentId,
            skillId: largeSample.skillId,
            channel: 'whatsapp',
            customerPhone: largeSample.phones[i % largeSample.phones.length],
            note: 'bench append target',
          }),
        });
        if (!res.ok) fail(`creating a call answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { id: string }).id;
      },
    );
    const appendBody = JSON.stringify({
      sender: 'customer',
      content: 'Hello again, any news about my order? I am still waiting for the refund.',
    });
    const appends = await measure('Append message', large.base, {
      method: 'POST',
      headers: { authorization: large.auth, 'content-type': 'application/json' },
      requests: [
        { method: 'POST', body: appendBody, setupRequest: (req) => ({ ...req, path: `/api/v1/calls/${pick(targets)}/messages` }) },
      ],
    });
    // Polls while messages arrive, as in a contact center: clients poll the live calls (the ones
    // being appended to) while other connections append to them at a steady rate. A write drops
    // only the call it touches from the server's memory; the poll after it reads that call again.
    const appendRate = Math.max(1, Math.round(MIXED_APPEND_SHARE * appends.rps));
    const pollsAlone = await measure('Get Call on the live calls, no appends', large.base, {
      requests: getCallRequests(targets),
      headers: { authorization: large.auth },
    });
    log(`▶ Get Call while appending ${appendRate} messages/s (${opt.duration} s)…`);
    const [polls, steadyAppends] = await Promise.all([
      measure(`Get Call while appending ${appendRate}/s`, large.base, {
        requests: getCallRequests(targets),
        headers: { authorization: large.auth },
        quiet: true,
      }),
      measure(`Appends alongside (${appendRate}/s asked)`, large.base, {
        method: 'POST',
        headers: { authorization: large.auth, 'content-type': 'application/json' },
        requests: [
          { method: 'POST', body: appendBody, setupRequest: (req) => ({ ...req, path: `/api/v1/calls/${pick(targets)}/messages` }) },
        ],
        connections: MIXED_APPEND_CONNECTIONS,
        rate: appendRate,
        quiet: true,
      }),
    ]);
    const acknowledged = (appends.statusCodes['201'] ?? 0) + (steadyAppends.statusCodes['201'] ?? 0);
    const peakRss = large.peakRssMiB();

    // Durability: kill -9 the server right after the appends, restart, count what is there.
    log('kill -9 of the server, restart, counting the acknowledged messages…');
    await large.stop('SIGKILL');
    const again = await startServer(`${opt.store}-${opt.calls}-after-kill`, largeDb);
    let present = 0;
    try {
      const counts = await pool(
        targets,
        16,
        async (id) => ((await (await api(again, `/api/v1/calls/${id}`)).json()) as { messages: unknown[] }).messages.length,
      );
      present = counts.reduce((a, b) => a + b, 0);
    } finally {
      await again.stop();
    }
    log(`acknowledged ${acknowledged} appends (201), ${present} messages present after kill -9`);

    if (!complete) {
      partialRun(peakRss);
      return;
    }
    const report: BenchReport = {
      mode,
      date: startedAt.toISOString(),
      machine: {
        nproc: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        os: `${platform()} ${release()}`,
        node: process.version,
        loadAverage: { start: loadAtStart, end: loadavg().map((x) => Math.round(x * 100) / 100) },
      },
      store: opt.store,
      sizes: { calls: opt.calls, small: opt.small, messagesPerCall: opt.messages },
      settings: {
        duration: opt.duration,
        connections: opt.connections,
        rounds: opt.rounds,
        pageDepth: PAGE_DEPTH,
        synchronous: process.env.SQLITE_SYNCHRONOUS ?? 'NORMAL',
      },
      seeding: {
        large: { seconds: largeDb.seedSeconds, seededAt: largeDb.seededAt },
        small: { seconds: smallDb.seedSeconds, seededAt: smallDb.seededAt },
      },
      responseBytes: largeSample.body.length,
      bare: medianOf(bare),
      getCall: medianOf(get),
      getCallSmall: medianOf(getSmall),
      lists: listResults,
      appends: { ...appends, acknowledged, presentAfterKill: present, targetCalls: targets.length },
      mixed: { pollsAlone, polls, appends: steadyAppends, appendRate, appendConnections: MIXED_APPEND_CONNECTIONS },
      peakRssMiB: peakRss ?? NaN,
    };
    mkdirSync(opt.out, { recursive: true });
    writeFileSync(join(opt.out, 'benchmarks.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileSync(join(opt.out, 'benchmarks.svg'), renderSvg(report));
    writeFileSync(join(opt.out, 'benchmarks.md'), renderMarkdown(report, existingNotes(join(opt.out, 'benchmarks.md'))));
    log(`wrote ${join(opt.out, 'benchmarks.md')}, benchmarks.json and benchmarks.svg`);
    for (const line of renderMarkdown(report, '')
      .split('\n')
      .filter((l) => l.startsWith('| ') && /met|missed/.test(l)))
      log(line);
    const broken = measured.filter((m) => nonOk(m) !== '');
    if (mode === 'smoke' && broken.length > 0) fail(`smoke: ${broken.map((m) => m.label + nonOk(m)).join('; ')}`);
  } finally {
    await small.stop();
    await large.stop();
  }
}

/** The end of a run of some phases (--only): what it measured was printed as it went. */
function partialRun(peakRssMiB: number | undefined): void {
  log(`peak RSS ${peakRssMiB?.toFixed(0)} MiB; not every phase ran (--only), so no report is written`);
}

/** The hand-written part of an existing benchmarks.md (after the marker) survives a re-run. */
function existingNotes(path: string): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf('<!-- notes -->');
  return at < 0 ? '' : text.slice(at);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
