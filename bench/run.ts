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
 *            --only conditional (Get Call 200 vs If-None-Match 304 vs the bare route: bench/conditional-get.ts)
 *            --only hostile-webhook (a 1 MB, 110,000-parameter webhook before and after the webhook
 *            limits: bench/hostile-webhook.ts)
 *   BENCH_SERVER_NODE_ARGS  node options for the server processes only (e.g. --cpu-prof)
 *
 * This file is the run's order; the parts live beside it: options.ts (the command line, presets),
 * databases.ts (seeding, migrating, warming), server-process.ts (the server under test, sampling),
 * measure.ts (autocannon runs, request shapes, medians), scenarios.ts (the phases),
 * write-report.ts (docs/benchmarks.*).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
// The command line is read (and checked) when bench/options.ts loads, before anything runs.
import { argv, complete, fail, log, mode, opt, phases, preset, want, OPTIONAL_PHASES, ROOT } from './options.js';
import { ensureSeeded, migrate, warmPageCache } from './databases.js';
import { freePort, sample, startServer } from './server-process.js';
import { appendPhase, getCallPhase, listPhase, logGetCallSummary, optionalPhases } from './scenarios.js';
import { partialRun, writeReport } from './write-report.js';

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
  await optionalPhases();
  if ([...phases].every((p) => OPTIONAL_PHASES.includes(p))) return;
  const smallDb = await ensureSeeded(opt.small, opt.messages);
  const largeDb = await ensureSeeded(opt.calls, opt.messages);
  migrate([smallDb, largeDb]);
  if (argv['seed-only']) return;
  if (opt.store === 'sqlite') await warmPageCache([smallDb, largeDb]);

  // Both servers stay up; rounds alternate between them so background noise hits both alike.
  const small = await startServer(`${opt.store}-${opt.small}`, smallDb);
  // The large database's server also runs the bare node:http floor (bench/bare-route.ts).
  const floorPort = await freePort();
  const large = await startServer(`${opt.store}-${opt.calls}`, largeDb, { BENCH_BARE_HTTP_PORT: String(floorPort) });
  const floorBase = `http://127.0.0.1:${floorPort}`;
  // The same database served by two workers (node:cluster), for Get Call at workers 1 vs 2.
  const twoWorkers = want('get') ? await startServer(`${opt.store}-${opt.calls}-2-workers`, largeDb, { WORKERS: '2' }) : undefined;
  try {
    log(`sampling random existing calls (${preset.samples} per database)…`);
    const smallSample = await sample(small, Math.min(preset.samples, opt.small));
    const largeSample = await sample(large, preset.samples);
    log(
      `${largeSample.ids.length} distinct ids, ${largeSample.phones.length} customer phones; Get Call body ${largeSample.body.length} bytes`,
    );

    const getCall = await getCallPhase({ small, large, twoWorkers, floorBase }, { small: smallSample, large: largeSample }, want('get'));
    await small.stop();
    await twoWorkers?.stop();
    if (want('get')) logGetCallSummary(getCall);

    const lists = await listPhase(large, largeSample, want('lists'));

    if (!want('appends')) {
      partialRun(large.peakRssMiB());
      return;
    }
    const appends = await appendPhase(large, largeSample, largeDb, preset.appendCalls);

    if (!complete) {
      partialRun(appends.peakRss);
      return;
    }
    writeReport({ startedAt, loadAtStart, smallDb, largeDb, responseBytes: largeSample.body.length, getCall, lists, appends });
  } finally {
    await small.stop();
    await large.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
