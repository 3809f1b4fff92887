/**
 * The end of a benchmark run: a run of every phase writes `benchmarks.json`, `.svg` and `.md`
 * (keeping the hand-written notes of an existing `benchmarks.md`) and logs the targets met or
 * missed; a run of some phases (--only) writes nothing. The smoke mode fails when any run
 * answered other than 2xx.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown, renderSvg, type BenchReport } from './report.js';
import { MIXED_APPEND_CONNECTIONS, PAGE_DEPTH, fail, log, mode, opt } from './options.js';
import type { Seeded } from './databases.js';
import { measured, medianOf, nonOk } from './measure.js';
import type { AppendResults, GetCallRounds, ListResult } from './scenarios.js';

export interface RunFigures {
  startedAt: Date;
  loadAtStart: number[];
  smallDb: Seeded;
  largeDb: Seeded;
  responseBytes: number;
  getCall: GetCallRounds;
  lists: ListResult[];
  appends: AppendResults;
}

export function writeReport(run: RunFigures): void {
  const { appends, acknowledged, present, targets, pollsAlone, polls, steadyAppends, appendRate, peakRss, cpuPerAppend } = run.appends;
  const report: BenchReport = {
    mode,
    date: run.startedAt.toISOString(),
    machine: {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      os: `${platform()} ${release()}`,
      node: process.version,
      loadAverage: { start: run.loadAtStart, end: loadavg().map((x) => Math.round(x * 100) / 100) },
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
      large: { seconds: run.largeDb.seedSeconds, seededAt: run.largeDb.seededAt },
      small: { seconds: run.smallDb.seedSeconds, seededAt: run.smallDb.seededAt },
    },
    responseBytes: run.responseBytes,
    floor: medianOf(run.getCall.floor),
    getCallTwoWorkers: medianOf(run.getCall.getTwoWorkers),
    bare: medianOf(run.getCall.bare),
    getCall: medianOf(run.getCall.get),
    getCallSmall: medianOf(run.getCall.getSmall),
    lists: run.lists,
    appends: { ...appends, acknowledged, presentAfterKill: present, targetCalls: targets.length, cpuPerAppend },
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
}

/** The end of a run of some phases (--only): what it measured was printed as it went. */
export function partialRun(peakRssMiB: number | undefined): void {
  log(`peak RSS ${peakRssMiB?.toFixed(0)} MiB; not every phase ran (--only), so no report is written`);
}

/** The hand-written part of an existing benchmarks.md (after the marker) survives a re-run. */
function existingNotes(path: string): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf('<!-- notes -->');
  return at < 0 ? '' : text.slice(at);
}
