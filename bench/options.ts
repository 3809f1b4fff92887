/**
 * The benchmark's command line (see bench/run.ts for the options) and what every part of the
 * harness shares: where it works, the chosen mode's preset, the phases asked for, log and fail.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '..');
export const WORK = join(ROOT, '.bench');
export const CLI = join(ROOT, 'dist/cli/main.js');
/** `calls-api serve` plus the bare comparison route (the app itself has no benchmark routes). */
export const BENCH_SERVER = join(ROOT, 'bench/serve.ts');
/** Pages followed per list walk before starting over with a fresh first page. */
export const PAGE_DEPTH = 10;
/** The mixed phase appends at this share of the append phase's rate while Get Call is polled, */
export const MIXED_APPEND_SHARE = 0.1;
/** …from this many connections. */
export const MIXED_APPEND_CONNECTIONS = 8;

export const { values: argv } = parseArgs({
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
export const PHASES = ['get', 'lists', 'appends'] as const;
/** Phases that run only when named in --only. */
export const OPTIONAL_PHASES = ['console', 'conditional', 'hostile-webhook'];
type Phase = (typeof PHASES)[number];
export const mode = argv.smoke ? 'smoke' : argv.quick ? 'quick' : 'full';
export const preset = {
  full: { calls: 1_000_000, small: 10_000, duration: 10, rounds: 3, samples: 4000, appendCalls: 2000, out: join(ROOT, 'docs') },
  quick: { calls: 20_000, small: 2_000, duration: 3, rounds: 1, samples: 1000, appendCalls: 300, out: join(WORK, 'quick') },
  smoke: { calls: 1_000, small: 200, duration: 1, rounds: 1, samples: 100, appendCalls: 20, out: join(WORK, 'smoke') },
}[mode];
const store = argv.store;
if (store !== 'sqlite' && store !== 'postgres') fail('--store must be sqlite or postgres');
export const opt = {
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
export const phases = new Set<string>(argv.only === undefined ? PHASES : argv.only.split(',').map((p) => p.trim()));
for (const p of phases)
  if (![...PHASES, ...OPTIONAL_PHASES].includes(p)) fail(`--only takes ${[...PHASES, ...OPTIONAL_PHASES].join(', ')}; not: ${p}`);
export const want = (phase: Phase) => phases.has(phase);
/** The report (docs/benchmarks.*) is written only by a run of every phase. */
export const complete = PHASES.every(want);

function num(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) fail(`not a positive number: ${raw}`);
  return n;
}

export function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

export const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
