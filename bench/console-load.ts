/**
 * `npm run bench -- --only console`: the console's first load, measured in Debian's Chromium
 * against the real server over a store of 100,000 calls (full mode; --quick 20,000, --smoke 1,000).
 * Each cold run is a fresh browser context (empty cache, signed in, as a person opening the
 * console in a new tab); the figure is navigation start → the calls table's first rows on screen
 * (the page's own `console:calls-rows-visible` performance mark). Warm runs reload in the same
 * context (assets cached). Also the shipped JavaScript, raw and gzipped.
 *
 * Writes .bench/console-load.json; in full mode also the block between the console-load markers
 * in docs/benchmarks.md (in its hand-written part, which full runs keep).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { javascriptSize } from '../src/console/assets.js';
import { launchChromium } from '../test/helpers/console.js';

const ROOT = resolve(import.meta.dirname, '..');
const MARK = 'console:calls-rows-visible';
const COLD_RUNS = 7;
const WARM_RUNS = 5;
const START = '<!-- console-load:start -->';
const END = '<!-- console-load:end -->';

export interface ConsoleLoadDeps<S extends { username: string; password: string }> {
  mode: 'full' | 'quick' | 'smoke';
  calls: number;
  messages: number;
  build: boolean;
  ensureSeeded(calls: number, messages: number): Promise<S>;
  startServer(name: string, seeded: S): Promise<{ base: string; stop(): Promise<void> }>;
  log: (line: string) => void;
}

interface LoadSample {
  /** Navigation start → the first rows rendered (the page's mark). */
  rowsVisibleMs: number;
  /** The list request: sent → last byte, and its size. */
  listRequestMs: number;
  listBytes: number;
  /** Playwright's view: goto() called → a row visible. */
  wallMs: number;
  transferredBytes: number;
}

export async function consoleLoadPhase<S extends { username: string; password: string }>(deps: ConsoleLoadDeps<S>): Promise<void> {
  const { log } = deps;
  if (deps.build) {
    log('building the console (npm run build:console)…');
    const b = spawnSync('npm', ['run', 'build:console', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build:console failed');
  }
  const js = javascriptSize(join(ROOT, 'dist/console-ui'));
  log(`console JavaScript: ${js.files} file(s), ${(js.bytes / 1024).toFixed(1)} KiB, ${(js.gzipBytes / 1024).toFixed(1)} KiB gzipped`);
  const seeded = await deps.ensureSeeded(deps.calls, deps.messages);
  const server = await deps.startServer(`console-${deps.calls}`, seeded);
  const loadAtStart = loadavg();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const cold: LoadSample[] = [];
    const warm: LoadSample[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(
        ([keyId, secret]) => {
          sessionStorage.setItem('calls-api-console.credentials', JSON.stringify({ keyId, secret }));
        },
        [seeded.username, seeded.password] as const,
      );
      const page = await context.newPage();
      cold.push(await loadOnce(page, server.base));
      if (i < WARM_RUNS) warm.push(await loadOnce(page, server.base));
      await context.close();
      log(
        `run ${i + 1}/${COLD_RUNS}: cold ${cold[i].rowsVisibleMs.toFixed(0)} ms${warm[i] ? `, warm ${warm[i].rowsVisibleMs.toFixed(0)} ms` : ''}`,
      );
    }
    const result = {
      date: new Date().toISOString(),
      mode: deps.mode,
      calls: deps.calls,
      messagesPerCall: deps.messages,
      machine: {
        nproc: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        os: `${platform()} ${release()}`,
        node: process.version,
        chromium: browser.version(),
      },
      loadAverage: { start: loadAtStart.map(round2), end: loadavg().map(round2) },
      javascript: js,
      cold: summary(cold),
      warm: summary(warm),
      samples: { cold, warm },
    };
    mkdirSync(join(ROOT, '.bench'), { recursive: true });
    writeFileSync(join(ROOT, '.bench/console-load.json'), JSON.stringify(result, null, 2) + '\n');
    const block = renderBlock(result);
    log(
      `first load of the calls page to rows visible at ${deps.calls} calls: median ${result.cold.rowsVisibleMs.median.toFixed(0)} ms cold, ${result.warm.rowsVisibleMs.median.toFixed(0)} ms warm`,
    );
    if (deps.mode === 'full') writeBlock(join(ROOT, 'docs/benchmarks.md'), block);
    else process.stderr.write(block + '\n');
  } finally {
    await browser?.close();
    await server.stop();
  }
}

async function loadOnce(page: Page, base: string): Promise<LoadSample> {
  const started = Date.now();
  await page.goto(`${base}/console`, { waitUntil: 'commit' });
  await page.locator('tbody tr').first().waitFor({ timeout: 60_000 });
  const wallMs = Date.now() - started;
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK);
  const inPage = await page.evaluate((mark) => {
    const rows = performance.getEntriesByName(mark)[0].startTime;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const list = resources.find((r) => r.name.includes('/api/v1/calls?'));
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const transferred = resources.reduce((n, r) => n + r.transferSize, nav?.transferSize ?? 0);
    return { rows, listMs: list ? list.responseEnd - list.startTime : NaN, listBytes: list?.encodedBodySize ?? NaN, transferred };
  }, MARK);
  return {
    rowsVisibleMs: inPage.rows,
    listRequestMs: inPage.listMs,
    listBytes: inPage.listBytes,
    wallMs,
    transferredBytes: inPage.transferred,
  };
}

type Stats = { median: number; min: number; max: number };
function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}
function summary(samples: LoadSample[]) {
  return {
    runs: samples.length,
    rowsVisibleMs: stats(samples.map((s) => s.rowsVisibleMs)),
    listRequestMs: stats(samples.map((s) => s.listRequestMs)),
    wallMs: stats(samples.map((s) => s.wallMs)),
    listBytes: stats(samples.map((s) => s.listBytes)).median,
    transferredBytes: stats(samples.map((s) => s.transferredBytes)).median,
  };
}
const round2 = (x: number) => Math.round(x * 100) / 100;
const ms = (s: Stats) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function renderBlock(r: {
  date: string;
  calls: number;
  messagesPerCall: number;
  machine: { nproc: number; cpu: string; memoryGiB: number; os: string; node: string; chromium: string };
  loadAverage: { start: number[]; end: number[] };
  javascript: { files: number; bytes: number; gzipBytes: number };
  cold: ReturnType<typeof summary>;
  warm: ReturnType<typeof summary>;
}): string {
  return [
    START,
    `Measured by \`npm run bench -- --only console\` on ${r.date.slice(0, 10)}: the real server (SQLite, ${r.calls.toLocaleString('en-US')} calls × ${r.messagesPerCall} messages) and Debian's Chromium ${r.machine.chromium} (headless) on this machine: ${r.machine.nproc} CPUs (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, ${r.machine.os}, Node ${r.machine.node}; load average at start ${r.loadAverage.start.join(' / ')}.`,
    '',
    '| What | Median (min–max) |',
    '|---|---|',
    `| First load of the calls page to rows visible, empty cache (${r.cold.runs} runs, each a fresh browser context) | ${ms(r.cold.rowsVisibleMs)} |`,
    `| … of which the list request (50 calls with their messages, ${kib(r.cold.listBytes)}) | ${ms(r.cold.listRequestMs)} |`,
    `| Same page reloaded with the assets cached (${r.warm.runs} runs) | ${ms(r.warm.rowsVisibleMs)} |`,
    `| Bytes over the wire for a cold load (HTML, JS, CSS, icon, agents and calls JSON) | ${kib(r.cold.transferredBytes)} |`,
    `| Shipped JavaScript (${r.javascript.files} file) | ${kib(r.javascript.bytes)}, **${kib(r.javascript.gzipBytes)} gzipped** (budget 150 KB) |`,
    '',
    "Rows visible is the page's own `console:calls-rows-visible` performance mark, set when the first page of calls has rendered, measured from navigation start.",
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
      : `${text.replace(/\n*$/, '\n')}\n## Console: first load of the calls page\n\n${block}\n`;
  writeFileSync(path, next);
}
