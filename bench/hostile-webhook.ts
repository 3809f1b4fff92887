/**
 * `npm run bench -- --only hostile-webhook`: what a hostile Twilio webhook costs the server — a
 * 1 MB form of 110,000 parameters, signed with a made-up signature — before and after the
 * webhook limits. "Before" is the same server with the limits lifted by its settings
 * (WEBHOOK_BODY_LIMIT 4 MB, WEBHOOK_MAX_PARAMS 1,000,000, no rate limit): it reads and parses the
 * whole form, then checks the signature, as the route did before the limits. Both servers run
 * side by side over one empty SQLite database and are measured in alternating rounds:
 *   - the hostile request's answer time (sent one at a time, a fresh connection each),
 *   - the server's CPU time per hostile request (/proc/<pid>/stat),
 *   - /healthz answer times while six hostile requests are in flight at once (the event-loop stall).
 *
 * Writes .bench/hostile-webhook.json; in full mode also the block between the hostile-webhook
 * markers in docs/benchmarks.md (in its hand-written part, which full runs keep).
 */
import { request } from 'node:http';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(import.meta.dirname, '..');
const START = '<!-- hostile-webhook:start -->';
const END = '<!-- hostile-webhook:end -->';
const PATH = '/webhooks/twilio/messaging/incoming';
const PARAMETERS = 110_000;
/** Hostile requests in flight at once while /healthz is polled (the reproduction). */
const BURST = 6;

export interface HostileServer {
  base: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface HostileWebhookDeps<S> {
  mode: 'full' | 'quick' | 'smoke';
  /** Starts the benchmark server (bench/serve.ts) over `seeded` with these extra environment variables. */
  startServer(name: string, seeded: S, env: Record<string, string>): Promise<HostileServer>;
  /** A database description for `startServer` naming this SQLite URL (empty; the server migrates it). */
  emptyDatabase(url: string): S;
  log: (line: string) => void;
}

/** The settings of the "before" server: every webhook limit lifted. */
const UNLIMITED = { WEBHOOK_BODY_LIMIT: String(4 << 20), WEBHOOK_MAX_PARAMS: '1000000', WEBHOOK_RATE_LIMIT_PER_MINUTE: '0' };

/** `AccountSid=AC…&p0=xx&p1=xx…`: about 1 MB, 110,001 parameters. */
export function hostileForm(): Buffer {
  const parts = ['AccountSid=AC' + 'f'.repeat(32)];
  for (let i = 0; i < PARAMETERS; i++) parts.push(`p${i}=xx`);
  return Buffer.from(parts.join('&'));
}

interface Answer {
  status: number;
  ms: number;
}

/** POSTs the form on a fresh connection; the time until the answer has been read. */
function sendHostile(base: string, body: Buffer): Promise<Answer> {
  return new Promise((done, fail) => {
    const started = performance.now();
    let answered = false;
    const req = request(
      base + PATH,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(body.length),
          'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          answered = true;
          done({ status: res.statusCode ?? 0, ms: performance.now() - started });
        });
      },
    );
    // A server that answers 413 at once may close before the whole body is written: not a failure.
    req.on('error', (err) => {
      if (!answered) fail(err);
    });
    req.end(body);
  });
}

/**
 * One /healthz on a fresh connection: its answer time. (A kept-alive connection can be closed by
 * the server's idle timer just as a stalled event loop gets to it; a new one each time cannot.)
 */
function healthzTime(base: string): Promise<number> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const req = request(`${base}/healthz`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => {
        done(performance.now() - started);
      });
    });
    req.on('error', fail);
    req.end();
  });
}

/** The process's CPU time (user + system) so far, in milliseconds. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are the 12th and 13th fields after the command name, in clock ticks (100 a second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Round {
  answers: Answer[];
  cpuMsPerRequest: number;
  /** /healthz answer times while BURST hostile requests were in flight. */
  healthzMs: number[];
  burstStatuses: number[];
}

async function measureRound(server: HostileServer, body: Buffer, sequential: number): Promise<Round> {
  const answers: Answer[] = [];
  const cpuBefore = cpuMs(server.pid);
  for (let i = 0; i < sequential; i++) answers.push(await sendHostile(server.base, body));
  const cpuMsPerRequest = (cpuMs(server.pid) - cpuBefore) / sequential;
  // The stall: six at once, /healthz polled until they are all answered.
  const healthzMs: number[] = [];
  const state = { inFlight: true };
  const burst = Promise.all(Array.from({ length: BURST }, () => sendHostile(server.base, body))).finally(() => {
    state.inFlight = false;
  });
  while (state.inFlight) {
    healthzMs.push(await healthzTime(server.base));
    await new Promise((r) => setTimeout(r, 5));
  }
  const burstStatuses = (await burst).map((a) => a.status);
  return { answers, cpuMsPerRequest, healthzMs, burstStatuses };
}

type Stats = { median: number; max: number };
function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}
const round2 = (x: number) => Math.round(x * 100) / 100;

function summary(rounds: Round[]) {
  return {
    statuses: [...new Set(rounds.flatMap((r) => [...r.answers.map((a) => a.status), ...r.burstStatuses]))],
    answerMs: stats(rounds.flatMap((r) => r.answers.map((a) => a.ms))),
    cpuMsPerRequest: stats(rounds.map((r) => r.cpuMsPerRequest)).median,
    healthzMs: stats(rounds.flatMap((r) => r.healthzMs)),
    healthzMaxPerRound: rounds.map((r) => round2(stats(r.healthzMs).max)),
  };
}

export async function hostileWebhookPhase<S>(deps: HostileWebhookDeps<S>): Promise<void> {
  const { log } = deps;
  const rounds = deps.mode === 'full' ? 3 : 1;
  const sequential = deps.mode === 'smoke' ? 2 : 10;
  const dbPath = join(ROOT, '.bench/hostile-webhook.db');
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const db = deps.emptyDatabase(`sqlite:${dbPath}`);
  const body = hostileForm();
  log(
    `hostile webhook: ${(body.length / 1e6).toFixed(2)} MB, ${PARAMETERS + 1} parameters; ${rounds} round(s) of ${sequential} + a burst of ${BURST}`,
  );
  const loadAtStart = loadavg();
  const limited = await deps.startServer('hostile-limited', db, {});
  const unlimited = await deps.startServer('hostile-unlimited', db, UNLIMITED);
  const before: Round[] = [];
  const after: Round[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      // Alternating, so that whatever else loads the machine falls on both alike.
      before.push(await measureRound(unlimited, body, sequential));
      after.push(await measureRound(limited, body, sequential));
      log(
        `round ${i + 1}/${rounds}: answer median ${stats(before[i].answers.map((a) => a.ms)).median.toFixed(1)} ms before, ${stats(after[i].answers.map((a) => a.ms)).median.toFixed(1)} ms after; /healthz max ${stats(before[i].healthzMs).max.toFixed(0)} vs ${stats(after[i].healthzMs).max.toFixed(0)} ms`,
      );
    }
  } finally {
    await limited.stop();
    await unlimited.stop();
  }
  const result = {
    date: new Date().toISOString(),
    mode: deps.mode,
    request: { bytes: body.length, parameters: PARAMETERS + 1, sequentialPerRound: sequential, burst: BURST, rounds },
    machine: {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      os: `${platform()} ${release()}`,
      node: process.version,
    },
    loadAverage: { start: loadAtStart.map(round2), end: loadavg().map(round2) },
    before: summary(before),
    after: summary(after),
  };
  writeFileSync(join(ROOT, '.bench/hostile-webhook.json'), JSON.stringify(result, null, 2) + '\n');
  const block = renderBlock(result);
  if (deps.mode === 'full') writeBlock(join(ROOT, 'docs/benchmarks.md'), block);
  process.stderr.write(block + '\n');
}

const ms = (x: number) => (x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(0)}×` : '—');

function renderBlock(r: {
  date: string;
  request: { bytes: number; parameters: number; sequentialPerRound: number; burst: number; rounds: number };
  machine: { nproc: number; cpu: string; memoryGiB: number; os: string; node: string };
  loadAverage: { start: number[]; end: number[] };
  before: ReturnType<typeof summary>;
  after: ReturnType<typeof summary>;
}): string {
  const { before: b, after: a } = r;
  return [
    START,
    `Measured by \`npm run bench -- --only hostile-webhook\` on ${r.date.slice(0, 10)}: two servers side by side over one SQLite database, the same code, one with the webhook limits lifted (before) and one with the defaults (after: 64 KB, 256 parameters, 3,000 a minute per address), in ${r.request.rounds} alternating round(s) of ${r.request.sequentialPerRound} requests one at a time and a burst of ${r.request.burst} at once. The request: a ${(r.request.bytes / 1e6).toFixed(2)} MB form of ${r.request.parameters.toLocaleString('en-US')} parameters with a made-up signature. Machine: ${r.machine.nproc} CPUs (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, ${r.machine.os}, Node ${r.machine.node}; load average at start ${r.loadAverage.start.join(' / ')}, at end ${r.loadAverage.end.join(' / ')} (the machine is shared: ratios, not absolute times, are the figures to read).`,
    '',
    '| What | Before (limits lifted) | After (defaults) | Ratio |',
    '|---|---|---|---|',
    `| Answer | ${b.statuses.join(', ')} | ${a.statuses.join(', ')} | |`,
    `| Answer time, median (max) | ${ms(b.answerMs.median)} (${ms(b.answerMs.max)}) | ${ms(a.answerMs.median)} (${ms(a.answerMs.max)}) | ${ratio(b.answerMs.median, a.answerMs.median)} |`,
    `| Server CPU per request (median of rounds; /proc, 10 ms ticks) | ${ms(b.cpuMsPerRequest)} | ${ms(a.cpuMsPerRequest)} | ${ratio(b.cpuMsPerRequest, a.cpuMsPerRequest)} |`,
    `| \`/healthz\` while ${r.request.burst} are in flight: median (max) | ${ms(b.healthzMs.median)} (${ms(b.healthzMs.max)}) | ${ms(a.healthzMs.median)} (${ms(a.healthzMs.max)}) | ${ratio(b.healthzMs.max, a.healthzMs.max)} (max) |`,
    '',
    'After, the request is refused from its `Content-Length` before its body is read (413); sent without one (chunked), it is cut off at 64 KB. Before, the whole form was read and parsed before the signature was checked.',
    END,
  ].join('\n');
}

function writeBlock(path: string, block: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + block + text.slice(end + END.length)
      : `${text.replace(/\n*$/, '\n')}\n## Hostile webhooks: refused before they cost anything\n\n${block}\n`;
  writeFileSync(path, next);
}
