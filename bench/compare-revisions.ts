/**
 * `npm run bench:compare -- --baseline DIR`: this checkout against another built checkout of the
 * project (for instance a `git worktree` of the last release), side by side in one run, so a
 * restructuring can be shown to cost nothing. Each side seeds its own SQLite database with its
 * own CLI, runs its own `dist/cli/main.js serve`, and the rounds alternate A, B, A, B… so load
 * from other work on the machine falls on both alike. Besides requests per second it reads each
 * server's CPU time from /proc: CPU milliseconds per 1,000 requests varies far less with the
 * machine's load than throughput does.
 *
 *   npm run build && (cd ../baseline && npx tsc -p tsconfig.build.json)
 *   npm run bench:compare -- --baseline ../baseline [--current DIR] [--name NAME] [--calls 20000] [--rounds 5] [--duration 5]
 *
 * `--current` is another built checkout to stand for "current" (default: this one), so any two
 * revisions can be compared. `--baseline-store URL` / `--current-store URL` put a side on another
 * (empty) database, e.g. `postgres://…`, so one revision can be compared across the two stores
 * side by side (default: a fresh SQLite file each). The CPU read is the server process's only:
 * PostgreSQL's own processes are not counted. Writes the medians and ratios to docs/NAME.md and a chart to
 * docs/NAME.svg (NAME: benchmarks-revisions unless `--name`).
 *
 * `--baseline-seeded FILE` / `--current-seeded FILE` put a side on a database `npm run bench`
 * already seeded (FILE: its `.bench/<store>-<calls>x<messages>.json`, which names the database and
 * its key) instead of seeding a fresh one — how both stores are compared at a million calls.
 */
import autocannon, { type RequestStep } from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuMs } from './process-cpu.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values: argv } = parseArgs({
  options: {
    baseline: { type: 'string' },
    calls: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    out: { type: 'string', default: join(ROOT, 'docs') },
    current: { type: 'string', default: ROOT },
    name: { type: 'string', default: 'benchmarks-revisions' },
    'baseline-store': { type: 'string' },
    'current-store': { type: 'string' },
    'baseline-seeded': { type: 'string' },
    'current-seeded': { type: 'string' },
  },
});
if (argv.baseline === undefined) {
  process.stderr.write('usage: npm run bench:compare -- --baseline DIR (a built checkout of another revision)\n');
  process.exit(2);
}
const opt = {
  baseline: resolve(argv.baseline),
  calls: Number(argv.calls),
  rounds: Number(argv.rounds),
  duration: Number(argv.duration),
  connections: Number(argv.connections),
  out: resolve(argv.out),
  current: resolve(argv.current),
  name: argv.name,
  baselineStore: argv['baseline-store'],
  currentStore: argv['current-store'],
  baselineSeeded: argv['baseline-seeded'],
  currentSeeded: argv['current-seeded'],
};
const log = (line: string) => process.stderr.write(`bench:compare: ${line}\n`);
const fmtCount = (n: number) => n.toLocaleString('en-US');

interface Side {
  label: string;
  /** The engine the side ran on, as the report names it. */
  store: string;
  dir: string;
  revision: string;
  child: ChildProcess;
  base: string;
  auth: string;
  ids: string[];
}

const revisionOf = (dir: string) =>
  spawnSync('git', ['-C', dir, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).stdout.trim().slice(0, 90);

/** A database `npm run bench` seeded: where it is and the key of the account owning most calls. */
interface Seeded {
  url: string;
  calls: number;
  username: string;
  password: string;
}

async function start(
  label: string,
  dir: string,
  port: number,
  storeUrl: string | undefined,
  seededFile: string | undefined,
): Promise<Side> {
  const work = mkdtempSync(join(tmpdir(), `calls-api-compare-${label}-`));
  const seeded = seededFile === undefined ? undefined : (JSON.parse(readFileSync(seededFile, 'utf8')) as Seeded);
  const databaseUrl = seeded?.url ?? storeUrl ?? `sqlite:${join(work, 'calls.db')}`;
  const store = databaseUrl.startsWith('postgres') ? 'PostgreSQL' : 'SQLite';
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' };
  let key: { username: string; password: string };
  if (seeded) {
    log(`${label}: on ${store}, ${seeded.calls} calls seeded before (${seededFile ?? ''})`);
    key = seeded;
  } else {
    log(`${label}: seeding ${opt.calls} calls with ${dir}'s own CLI…`);
    const seed = spawnSync(
      process.execPath,
      [join(dir, 'dist/cli/main.js'), 'seed', '--calls', String(opt.calls), '--messages-per-call', '8'],
      {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
        encoding: 'utf8',
      },
    );
    if (seed.status !== 0) throw new Error(`${label}: seeding failed`);
    key = JSON.parse(seed.stdout.trim()) as { username: string; password: string };
  }
  const child = spawn(process.execPath, [join(dir, 'dist/cli/main.js'), 'serve'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.on('exit', () => {
    child.kill();
    rmSync(work, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      if (i > 1200) throw new Error(`${label}: server did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const auth = 'Basic ' + Buffer.from(`${key.username}:${key.password}`).toString('base64');
  const page = (await (await fetch(`${base}/api/v1/calls?limit=500`, { headers: { authorization: auth } })).json()) as { id: string }[];
  log(`${label}: serving on ${base} (${page.length} sample ids)`);
  return { label, store, dir, revision: revisionOf(dir), child, base, auth, ids: page.map((c) => c.id) };
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  cpuPerK: number;
}

const WORKLOADS: { name: string; requests: (side: Side) => RequestStep[] }[] = [
  {
    name: 'Get Call',
    requests: (s) => [
      { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/calls/${s.ids[Math.floor(Math.random() * s.ids.length)]}` }) },
    ],
  },
  { name: 'List status=completed (50)', requests: () => [{ method: 'GET', path: '/api/v1/calls?status=completed&limit=50' }] },
  {
    name: 'Append message',
    requests: (s) => [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/calls/${s.ids[Math.floor(Math.random() * s.ids.length)]}/messages`,
          body: JSON.stringify({ sender: 'agent', content: 'Thanks, your refund is on its way.' }),
        }),
      },
    ],
  },
];

async function run(side: Side, requests: RequestStep[]): Promise<Sample> {
  const pid = side.child.pid ?? 0;
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url: side.base,
    connections: opt.connections,
    duration: opt.duration,
    headers: { authorization: side.auth },
    requests,
  });
  const cpu = cpuMs(pid) - cpuBefore;
  const ok = Object.entries(result.statusCodeStats).reduce((sum, [code, { count }]) => (code.startsWith('2') ? sum + count : sum), 0);
  if (ok === 0 || result.non2xx > 0) throw new Error(`${side.label}: ${result.non2xx} non-2xx answers`);
  return { rps: ok / opt.duration, p50: result.latency.p50, p99: result.latency.p99, cpuPerK: (cpu / ok) * 1000 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const loadStart = loadavg();
const sides = [
  await start('baseline', opt.baseline, 3401, opt.baselineStore, opt.baselineSeeded),
  await start('current', opt.current, 3402, opt.currentStore, opt.currentSeeded),
];
const seededCalls = (file: string | undefined) =>
  file === undefined ? opt.calls : (JSON.parse(readFileSync(file, 'utf8')) as Seeded).calls;
const databases =
  opt.baselineSeeded === undefined && opt.currentSeeded === undefined
    ? `database of ${fmtCount(opt.calls)} calls × 8 messages seeded by its own CLI`
    : `database (baseline ${fmtCount(seededCalls(opt.baselineSeeded))} calls, current ${fmtCount(seededCalls(opt.currentSeeded))} calls, × 8 messages, seeded by \`npm run bench\` and reused)`;
const samples = new Map<string, Sample[]>();
for (let round = 1; round <= opt.rounds; round++) {
  for (const workload of WORKLOADS) {
    // Alternate which side goes first, so neither always runs on the warmer machine.
    const order = round % 2 === 1 ? sides : [...sides].reverse();
    for (const side of order) {
      const sample = await run(side, workload.requests(side));
      const key = `${workload.name}|${side.label}`;
      samples.set(key, [...(samples.get(key) ?? []), sample]);
      log(
        `round ${round}/${opt.rounds} ${workload.name} ${side.label}: ${Math.round(sample.rps)} req/s, p99 ${sample.p99} ms, ${sample.cpuPerK.toFixed(0)} CPU ms per 1,000`,
      );
    }
  }
}
const loadEnd = loadavg();

const rows = WORKLOADS.map((w) => {
  const of = (label: string) => {
    const xs = samples.get(`${w.name}|${label}`) ?? [];
    return {
      rps: median(xs.map((x) => x.rps)),
      p50: median(xs.map((x) => x.p50)),
      p99: median(xs.map((x) => x.p99)),
      cpuPerK: median(xs.map((x) => x.cpuPerK)),
    };
  };
  // Each round's pair ran back to back: the median of the per-round ratios cancels most of the
  // machine's drift, which a ratio of the two medians would not.
  const pairs = (samples.get(`${w.name}|baseline`) ?? []).map((b, i) => ({ b, c: (samples.get(`${w.name}|current`) ?? [])[i] }));
  const rpsRatio = median(pairs.map(({ b, c }) => c.rps / b.rps));
  const cpuRatio = median(pairs.map(({ b, c }) => c.cpuPerK / b.cpuPerK));
  return { name: w.name, baseline: of('baseline'), current: of('current'), rpsRatio, cpuRatio };
});

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const md = [
  '# Benchmarks: this revision against a baseline, side by side',
  '',
  `Generated by \`npm run bench:compare\` on ${new Date().toISOString().slice(0, 10)}. Both servers ran at once on this machine, each on its own`,
  `${databases}; rounds alternated (${opt.rounds} rounds × ${opt.duration} s per workload and side, ${opt.connections} connections); figures are medians.`,
  '',
  `- Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}.`,
  `- Baseline: \`${sides[0].revision}\` on ${sides[0].store}.`,
  `- Current: \`${sides[1].revision}\` on ${sides[1].store}.`,
  `- Load average (1/5/15 min) at start ${loadStart.map((l) => l.toFixed(2)).join(' / ')}, at end ${loadEnd.map((l) => l.toFixed(2)).join(' / ')}: the machine was shared, so read the CPU-per-request column first.`,
  ...(sides.some((side) => side.store === 'PostgreSQL')
    ? ["- CPU is the server process's only: PostgreSQL's own processes are not counted, so compare the stores by throughput."]
    : []),
  '',
  '| Workload | baseline req/s | current req/s | ratio | baseline p99 | current p99 | baseline CPU ms / 1,000 req | current CPU ms / 1,000 req | ratio |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${fmt(r.baseline.rps)} | ${fmt(r.current.rps)} | ${fmt(r.rpsRatio, 2)} × | ${fmt(r.baseline.p99, 1)} ms | ${fmt(r.current.p99, 1)} ms | ${fmt(r.baseline.cpuPerK)} | ${fmt(r.current.cpuPerK)} | ${fmt(r.cpuRatio, 2)} × |`,
  ),
  '',
  `Ratios are the medians of each round's current ÷ baseline (the pair ran back to back). A throughput ratio above 1 and a CPU ratio below 1 favour the current revision. Chart: [${opt.name}.svg](${opt.name}.svg).`,
  '',
].join('\n');

// A bar per workload: throughput ratio and CPU-per-request ratio, around the 1.0 line.
const barW = 60;
const height = 220;
const scale = (ratio: number) => Math.min(ratio, 2) * 80;
const bars = rows
  .map((r, i) => {
    const x = 60 + i * 200;
    const tp = r.rpsRatio;
    const cpu = r.cpuRatio;
    return [
      `<rect x="${x}" y="${height - 40 - scale(tp)}" width="${barW}" height="${scale(tp)}" fill="#3b82f6"/>`,
      `<text x="${x + barW / 2}" y="${height - 44 - scale(tp)}" text-anchor="middle">${tp.toFixed(2)}×</text>`,
      `<rect x="${x + barW + 10}" y="${height - 40 - scale(cpu)}" width="${barW}" height="${scale(cpu)}" fill="#f59e0b"/>`,
      `<text x="${x + barW * 1.5 + 10}" y="${height - 44 - scale(cpu)}" text-anchor="middle">${cpu.toFixed(2)}×</text>`,
      `<text x="${x + barW + 5}" y="${height - 20}" text-anchor="middle">${r.name.split(' (')[0]}</text>`,
    ].join('');
  })
  .join('');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${60 + rows.length * 200}" height="${height + 20}" font-family="sans-serif" font-size="12">
<text x="10" y="16" font-size="14">Current ÷ baseline (blue: throughput, higher is better; amber: CPU per request, lower is better)</text>
<line x1="40" x2="${40 + rows.length * 200}" y1="${height - 40 - 80}" y2="${height - 40 - 80}" stroke="#666" stroke-dasharray="4"/>
<text x="8" y="${height - 36 - 80}">1.0×</text>
${bars}
</svg>
`;
writeFileSync(join(opt.out, `${opt.name}.md`), md);
writeFileSync(join(opt.out, `${opt.name}.svg`), svg);
log(`wrote ${join(opt.out, `${opt.name}.md`)} and .svg`);
for (const side of sides) side.child.kill('SIGTERM');
process.exit(0);
