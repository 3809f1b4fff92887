/**
 * `npm run bench -- --only conditional`: what a live-call poller costs. Three runs side by side on
 * one server, alternated round by round so background load hits all alike: the bare route (the
 * floor: the same bytes, no auth, no store), a plain Get Call (200 with the body), and Get Call
 * with If-None-Match naming the call's current ETag (304, no body). Calls from a store of 10,000
 * (full mode; --quick 2,000, --smoke 200).
 *
 * Writes .bench/conditional-get.json; in full mode also the block between the conditional-get
 * markers in docs/benchmarks.md (in its hand-written part, which full runs keep).
 */
import autocannon, { type RequestStep } from 'autocannon';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const START = '<!-- conditional-get:start -->';
const END = '<!-- conditional-get:end -->';
/** Calls polled (their ids and tags are read once, before the runs). */
const POLLED_CALLS = 500;

export interface ConditionalGetDeps<S extends { username: string; password: string }> {
  mode: 'full' | 'quick' | 'smoke';
  calls: number;
  messages: number;
  duration: number;
  connections: number;
  rounds: number;
  ensureSeeded(calls: number, messages: number): Promise<S>;
  startServer(name: string, seeded: S): Promise<{ base: string; auth: string; stop(): Promise<void> }>;
  log(line: string): void;
}

interface Run {
  label: string;
  /** Answers per second with the expected status (200, or 304 for the conditional run). */
  rps: number;
  p50: number;
  p99: number;
  /** Conditional run: answers that were a 200 after all (a live call's duration ticked over, so its tag moved). */
  changed: number;
  /** Answers with any other status, and socket errors. */
  unexpected: number;
}

type Kind = 'bare' | 'plain' | 'conditional';
const LABELS: Record<Kind, string> = {
  bare: 'bare route (floor)',
  plain: 'Get Call → 200',
  conditional: 'Get Call, If-None-Match → 304',
};

export async function conditionalGetPhase<S extends { username: string; password: string }>(deps: ConditionalGetDeps<S>): Promise<void> {
  const log = (line: string) => {
    deps.log(line);
  };
  const seeded = await deps.ensureSeeded(deps.calls, deps.messages);
  const server = await deps.startServer(`conditional-${String(deps.calls)}`, seeded);
  const loadAtStart = loadavg();
  try {
    const polled = await pollTargets(server.base, server.auth);
    log(`conditional GET: ${String(polled.length)} calls with their ETags`);
    if (polled.length === 0) throw new Error('the store has no calls');
    const first = polled[0];
    const body = await (await fetch(`${server.base}/api/v1/calls/${first.id}`, { headers: { authorization: server.auth } })).arrayBuffer();
    await fetch(`${server.base}/__bench/bare`, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream' } });

    const runs: Record<Kind, Run[]> = { bare: [], plain: [], conditional: [] };
    for (let round = 1; round <= deps.rounds; round++) {
      for (const kind of ['bare', 'plain', 'conditional'] as const) {
        const run = await measure(kind, server.base, server.auth, polled, deps);
        runs[kind].push(run);
        log(
          `${run.label} [round ${String(round)}/${String(deps.rounds)}]: ${run.rps.toFixed(0)}/s, p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms${run.changed > 0 ? `, ${run.changed.toFixed(0)}/s changed (200)` : ''}${run.unexpected > 0 ? ` — ${String(run.unexpected)} unexpected` : ''}`,
        );
      }
    }
    const medians = (['bare', 'plain', 'conditional'] as const).map((kind) => ({
      ...medianRun(runs[kind]),
      // The ratio to the plain Get Call of the same round, then the median: a shared machine's
      // load moves from round to round, and hits the three runs of one round alike.
      ratio: middle(runs[kind].map((run, i) => run.rps / (runs.plain[i]?.rps ?? NaN))),
    }));
    const unexpected = medians.reduce((n, run) => n + run.unexpected, 0);
    if (unexpected > 0) throw new Error(`${String(unexpected)} answers had an unexpected status`);
    const report = render(medians, deps, loadAtStart, loadavg(), Buffer.byteLength(Buffer.from(body)));
    process.stdout.write(`${report}\n`);
    mkdirSync(join(ROOT, '.bench'), { recursive: true });
    writeFileSync(join(ROOT, '.bench/conditional-get.json'), JSON.stringify({ medians, runs, loadAtStart }, null, 2));
    if (deps.mode === 'full') writeDocsBlock(report);
  } finally {
    await server.stop();
  }
}

/** The newest calls' ids, and the ETag each answers with now. */
async function pollTargets(base: string, auth: string): Promise<{ id: string; etag: string }[]> {
  const page = (await (await fetch(`${base}/api/v1/calls?limit=${String(POLLED_CALLS)}`, { headers: { authorization: auth } })).json()) as {
    id: string;
  }[];
  const targets: { id: string; etag: string }[] = [];
  for (const { id } of page) {
    const res = await fetch(`${base}/api/v1/calls/${id}`, { headers: { authorization: auth } });
    await res.arrayBuffer();
    targets.push({ id, etag: res.headers.get('etag') ?? '' });
  }
  return targets;
}

async function measure(
  kind: Kind,
  base: string,
  auth: string,
  polled: readonly { id: string; etag: string }[],
  deps: { duration: number; connections: number },
): Promise<Run> {
  const expected = kind === 'conditional' ? 304 : 200;
  const pick = () => polled[Math.floor(Math.random() * polled.length)] ?? { id: '', etag: '' };
  const requests: RequestStep[] = [
    {
      method: 'GET',
      setupRequest: (req) => {
        const target = pick();
        if (kind === 'bare') return { ...req, path: `/__bench/bare/${target.id}` };
        const headers = { ...req.headers, authorization: auth, ...(kind === 'conditional' && { 'if-none-match': target.etag }) };
        return { ...req, path: `/api/v1/calls/${target.id}`, headers };
      },
    },
  ];
  const latencies: number[] = [];
  let unexpected = 0;
  let changed = 0;
  const instance = autocannon({ url: base, connections: deps.connections, duration: deps.duration, requests, timeout: 30 });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status === expected) latencies.push(ms);
    else if (kind === 'conditional' && status === 200) changed++;
    else unexpected++;
  });
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return {
    label: LABELS[kind],
    rps: latencies.length / result.duration,
    p50: at(50),
    p99: at(99),
    changed: changed / result.duration,
    unexpected: unexpected + result.errors,
  };
}

const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function medianRun(runs: readonly Run[]): Run {
  if (runs.length === 0) throw new Error('no runs');
  return {
    label: runs[0].label,
    rps: middle(runs.map((r) => r.rps)),
    p50: middle(runs.map((r) => r.p50)),
    p99: middle(runs.map((r) => r.p99)),
    changed: middle(runs.map((r) => r.changed)),
    unexpected: runs.reduce((n, r) => n + r.unexpected, 0),
  };
}

function render(
  medians: readonly (Run & { ratio: number })[],
  deps: { calls: number; messages: number; connections: number; rounds: number; duration: number },
  before: number[],
  after: number[],
  bodyBytes: number,
): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const lines = [
    `Measured by \`npm run bench -- --only conditional\` on ${new Date().toISOString().slice(0, 10)}: one server (SQLite, ${deps.calls.toLocaleString('en')} calls × ${String(deps.messages)} messages), ` +
      `${String(deps.connections)} connections, ${String(deps.rounds)} round(s) of ${String(deps.duration)} s per run, the three runs alternated; ` +
      `Get Call bodies of about ${(bodyBytes / 1024).toFixed(1)} KiB; on ${String(cpus().length)} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `${platform()} ${release()}, Node ${process.version}; load average ${load(before)} at start, ${load(after)} at the end (the machine was shared: compare the ratios, not the absolute figures).`,
    '',
    '| Run | req/s (median) | vs Get Call → 200 (median of the per-round ratios) | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|',
    ...medians.map((m) => `| ${m.label} | ${m.rps.toFixed(0)} | ${m.ratio.toFixed(2)}× | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} |`),
    '',
    `In the conditional run ${(medians[2]?.changed ?? 0).toFixed(0)} answers a second (median) were 200s, not counted above: calls still in ` +
      'progress, whose duration ticks over every second and moves their tag with it.',
  ];
  return lines.join('\n');
}

function writeDocsBlock(report: string): void {
  const path = join(ROOT, 'docs/benchmarks.md');
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  const block = `${START}\n${report}\n${END}`;
  const at = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    at >= 0 && end > at
      ? text.slice(0, at) + block + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n## Conditional Get Call (a live-call poller)\n\n${block}\n`;
  writeFileSync(path, next);
}
